package main

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestIdealWall: small cases computed by hand, and the harness's runs.
func TestIdealWall(t *testing.T) {
	const ms = time.Millisecond
	hundred := slices.Repeat([]int{20}, 100) // 100,000 campaigns in 100 channels, 50 a page
	for _, tc := range []struct {
		name    string
		pages   []int
		latency time.Duration
		s       settings
		want    time.Duration
	}{
		{"one call", []int{1}, 20 * ms, settings{concurrency: 4, qps: 10}, 20 * ms},
		{"an empty channel still takes a call", []int{0}, 20 * ms, settings{concurrency: 4, qps: 10}, 20 * ms},
		// Page 1 first, then the other 4 in parallel.
		{"first page, then the rest at once", []int{5}, 20 * ms, settings{concurrency: 4, qps: 100}, 40 * ms},
		{"first page, then the rest 4 at a time", []int{6}, 20 * ms, settings{concurrency: 4, qps: 100}, 60 * ms},
		{"more channels than slots", []int{1, 1, 1}, 20 * ms, settings{concurrency: 2, qps: 100}, 40 * ms},
		{"channels listed at once", []int{2, 2, 1}, 20 * ms, settings{concurrency: 3, qps: 100}, 40 * ms},
		// Two slots: first pages first (a, b; then c and a's second
		// page), then b's second page.
		{"first pages first", []int{2, 2, 1}, 20 * ms, settings{concurrency: 2, qps: 100}, 60 * ms},
		// One call a second: starts at 0, 1 and 2 s.
		{"the rate", []int{1, 1, 1}, 20 * ms, settings{concurrency: 8, qps: 1}, 2020 * ms},
		// A fractional rate above 1 counts as the whole number below.
		{"the rate, fractional", []int{1, 1, 1}, 20 * ms, settings{concurrency: 8, qps: 1.9}, 2020 * ms},
		// Below 1: one call per 1/qps seconds.
		{"the rate below one", []int{1, 1}, 20 * ms, settings{concurrency: 8, qps: 0.5}, 2020 * ms},
		// Two calls in any second: page 1 at 0, page 2 at 0.1 s, page 3 at 1 s.
		{"the rate and the first page", []int{3}, 100 * ms, settings{concurrency: 4, qps: 2}, 1100 * ms},
		// 2,000 calls, 8 at a time, 8 starting every 20 ms: exactly 400 a
		// second, the rate allows it.
		{"100,000 campaigns at concurrency 8", hundred, 20 * ms, settings{concurrency: 8, qps: 400}, 5000 * ms},
		// 400 calls in 25 rounds of 16 (0.5 s), then the rate's second
		// runs out; the fifth second's 400 start at 4 s and end at 4.5 s.
		{"100,000 campaigns at concurrency 16", hundred, 20 * ms, settings{concurrency: 16, qps: 400}, 4500 * ms},
		// The product's defaults: 10 calls a second, 4 at a time (rounds
		// at 0, 20 and 40 ms); the 200th second's last ends at 199.06 s.
		{"100,000 campaigns at the defaults", hundred, 20 * ms, settings{concurrency: 4, qps: 10}, 199060 * ms},
		// 200 pages a channel: 20,000 calls; 8 at a time exactly 400 a
		// second; 16 at a time, 50 seconds of 400 calls in half a second.
		{"1,000,000 campaigns at concurrency 8", slices.Repeat([]int{200}, 100), 20 * ms, settings{concurrency: 8, qps: 400}, 50 * time.Second},
		{"1,000,000 campaigns at concurrency 16", slices.Repeat([]int{200}, 100), 20 * ms, settings{concurrency: 16, qps: 400}, 49500 * ms},
	} {
		if got := idealWall(tc.pages, tc.latency, tc.s); got != tc.want {
			t.Errorf("%s: idealWall(%v, %v, %+v) = %v, want %v", tc.name, tc.pages, tc.latency, tc.s, got, tc.want)
		}
		// Reached by a schedule that lists at most CAMS_CONCURRENCY
		// channels at once too.
		if got := schedule(tc.pages, tc.latency, tc.s, tc.s.concurrency); got != tc.want {
			t.Errorf("%s: with at most %d channels listed at once, the schedule ends at %v, not at the ideal %v", tc.name, tc.s.concurrency, got, tc.want)
		}
	}
}

// TestIdealAtTenThousand: 100 channels of 2 pages, 8 at a time, is 25
// rounds of 20 ms when channels listed at once are not limited (the
// ideal); with at most 8 listed, each channel holds its place for its two
// pages, and the last 4 channels leave 4 slots empty twice: 26 rounds.
func TestIdealAtTenThousand(t *testing.T) {
	pages := slices.Repeat([]int{2}, 100)
	s := settings{concurrency: 8, qps: 400}
	if got := idealWall(pages, 20*time.Millisecond, s); got != 500*time.Millisecond {
		t.Errorf("ideal %v, want 500ms", got)
	}
	if got := schedule(pages, 20*time.Millisecond, s, 8); got != 520*time.Millisecond {
		t.Errorf("with at most 8 channels listed at once: %v, want 520ms", got)
	}
}

// TestIdealIsNeverBelowTheBounds: the simulated ideal is never below the
// bounds the harness took one at a time before, where they bind a client
// that keeps the contract: the calls in flight (ceil(calls / concurrency)
// rounds), the rate (the last call starts no sooner than
// (ceil(calls / n) - 1) windows in), and a channel of two pages or more
// (its first page, then the others: two calls' time). The deepest
// channel's pages one after another is no bound: they may go in parallel
// once the first is back.
func TestIdealIsNeverBelowTheBounds(t *testing.T) {
	lat := 20 * time.Millisecond
	for _, pages := range [][]int{
		slices.Repeat([]int{20}, 100), slices.Repeat([]int{200}, 100), {1000}, {3, 1, 7, 2, 50, 1, 1, 9},
		slices.Repeat([]int{1}, 33), {40, 2, 2, 2, 2, 2, 2, 2, 2, 2},
	} {
		for _, s := range []settings{{8, 400, 50}, {16, 400, 50}, {4, 10, 50}, {1, 1000, 50}, {64, 50, 50}, {3, 2.5, 50}} {
			got := idealWall(pages, lat, s)
			calls, deep := 0, 0
			for _, p := range pages {
				calls += p
				deep = max(deep, p)
			}
			n, per := windowOf(s.qps)
			inFlight := time.Duration(math.Ceil(float64(calls)/float64(s.concurrency))) * lat
			rate := time.Duration((calls+n-1)/n-1)*per + lat
			chain := lat
			if deep > 1 {
				chain = 2 * lat
			}
			if got < inFlight || got < rate || got < chain {
				t.Errorf("%d channels, %+v: ideal %v below a bound: calls in flight %v, the rate %v, a channel's first page then the rest %v",
					len(pages), s, got, inFlight, rate, chain)
			}
		}
	}
}

// TestIdealIsTheBestSchedule compares idealWall with the best of every
// schedule of small cases, found by trying them all: calls of one tick
// (the latency), n calls within any w ticks (the rate's second), at most
// c calls in flight, a channel's first page before its others. The ideal
// is the best schedule when channels listed at once are not limited, and
// never above the best when at most c are (the contract's rule, which
// idealWall leaves out to stay a lower bound).
func TestIdealIsTheBestSchedule(t *testing.T) {
	cases, above := 0, 0
	for _, pages := range [][]int{
		{1}, {2}, {4}, {1, 1, 1}, {2, 2, 1}, {3, 1, 1}, {4, 2}, {2, 2, 2}, {3, 3, 1}, {4, 1, 1, 1}, {2, 1, 2, 1}, {3, 2, 2}, {4, 4}, {1, 4, 1, 3},
	} {
		for c := 1; c <= 3; c++ {
			for _, w := range []int{1, 2, 4} { // ticks a second, the latency exact
				for n := 1; n <= 4; n++ {
					latency := time.Second / time.Duration(w)
					got := idealWall(pages, latency, settings{concurrency: c, qps: float64(n)})
					free := bestSchedule{pages: pages, c: c, listed: len(pages), n: n, w: w, memo: map[string]int{}}
					best := time.Duration(free.ticks(make([]int, len(pages)), make([]int, w))) * latency
					if got != best {
						t.Errorf("pages %v, concurrency %d, %d calls per %d ticks: idealWall %v, the best schedule %v", pages, c, n, w, got, best)
					}
					kept := bestSchedule{pages: pages, c: c, listed: c, n: n, w: w, memo: map[string]int{}}
					bestKept := time.Duration(kept.ticks(make([]int, len(pages)), make([]int, w))) * latency
					if got > bestKept {
						t.Errorf("pages %v, concurrency %d, %d calls per %d ticks: idealWall %v, above the best schedule with at most %d channels listed at once, %v", pages, c, n, w, got, c, bestKept)
					}
					if got < bestKept {
						above++
					}
					cases++
				}
			}
		}
	}
	t.Logf("%d cases; in %d the best schedule listing at most c channels at once takes longer than the ideal", cases, above)
}

// bestSchedule finds the fewest ticks a listing can take by trying every
// schedule: calls start on whole ticks (any schedule can be moved so, each
// start to the last moment at or before it that a call ended or the rate's
// window moved, without breaking a rule) and end one tick later.
type bestSchedule struct {
	pages  []int
	c      int // calls in flight
	listed int // channels listed at once
	n, w   int // calls within any w ticks
	memo   map[string]int
}

// ticks is the fewest ticks from now to the end, given the pages each
// channel has started (all of them ended: a call takes one tick) and the
// calls started in each of the last w ticks (recent[w-1] the last one).
func (b *bestSchedule) ticks(started, recent []int) int {
	left := false
	for i, p := range b.pages {
		left = left || started[i] < max(p, 1)
	}
	if !left {
		return 0
	}
	key := make([]byte, 0, len(started)+len(recent)) // every count is below 256
	for _, v := range slices.Concat(started, recent) {
		key = append(key, byte(v))
	}
	if v, ok := b.memo[string(key)]; ok {
		return v
	}
	listing := 0
	for i, p := range b.pages {
		if started[i] > 0 && started[i] < max(p, 1) {
			listing++
		}
	}
	window := b.n
	for _, r := range recent[1:] {
		window -= r
	}
	best := math.MaxInt
	next := slices.Clone(started)
	var try func(i, calls, listing int)
	try = func(i, calls, listing int) {
		if i == len(b.pages) {
			if calls == 0 && window == b.n {
				return // idle with the rate's window empty: nothing to wait for
			}
			now := append(slices.Clone(recent[1:]), calls)
			if rest := b.ticks(next, now); rest < math.MaxInt {
				best = min(best, 1+rest)
			}
			return
		}
		p := max(b.pages[i], 1)
		switch {
		case started[i] == 0: // its first page, or not yet
			try(i+1, calls, listing)
			if calls < min(b.c, window) && listing < b.listed {
				next[i] = 1
				try(i+1, calls+1, listing+1)
				next[i] = 0
			}
		default: // any number of its pages left
			for k := 0; k <= p-started[i] && calls+k <= min(b.c, window); k++ {
				next[i] = started[i] + k
				try(i+1, calls+k, listing)
			}
			next[i] = started[i]
		}
	}
	try(0, 0, listing)
	b.memo[string(key)] = best
	return best
}

// TestFormulaWall keeps the formula the earlier measurements were taken
// against, printed beside the ideal.
func TestFormulaWall(t *testing.T) {
	hundred := slices.Repeat([]int{20}, 100)
	got := []string{}
	for _, s := range []settings{{8, 400, 50}, {16, 400, 50}, {4, 10, 50}} {
		got = append(got, formulaWall(hundred, 20*time.Millisecond, s).String())
	}
	if want := "5s 4.02s 3m19.02s"; strings.Join(got, " ") != want {
		t.Errorf("formulaWall at concurrency 8, 16 and the defaults = %v, want %s", got, want)
	}
}
