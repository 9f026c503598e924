package main

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// idealWall is the least time any client that keeps the product's
// contract can list channels of the given page counts in, every call
// taking exactly latency. The rules:
//
//   - at most CAMS_CONCURRENCY calls are in flight;
//   - a channel's first page comes first (its Total says how many pages
//     follow); its other pages may then go in parallel (the client does
//     so when call slots are free);
//   - no more than floor(CAMS_QPS) calls start within any one second (below
//     1, one call per 1/CAMS_QPS seconds), counted as the server counts
//     arrivals: the calls of a window span a second.
//
// The contract also lists at most CAMS_CONCURRENCY channels at once. The
// ideal leaves that rule out, so that it is the end of a schedule proven
// best, and so a true lower bound: the greedy schedule simulated (start
// calls whenever a slot and the rate allow, first pages before other
// pages, of the largest channels first) is optimal without it, by
// exchange: swapping a waiting first page with another page started
// earlier keeps every start time, so the slots and the rate, and only
// makes pages ready sooner; so does swapping a small channel's first page
// with a larger one's. With the rule, the best schedule is a harder
// search and the greedy one not always best (TestIdealIsTheBestSchedule
// tries every schedule of small cases). At 100,000 and 1,000,000
// campaigns in 100 channels the greedy schedule that keeps the rule
// (schedule with listed = CAMS_CONCURRENCY) ends at the same time, so
// there a client that keeps the whole contract can reach the ideal; at
// 10,000 (2 pages a channel) it ends 20 ms later, at 520 ms (a channel's
// two pages hold its place for two calls), which the harness prints.
func idealWall(pages []int, latency time.Duration, s settings) time.Duration {
	return schedule(pages, latency, s, len(pages))
}

// schedule is the end of the greedy schedule of idealWall with at most
// listed channels listed at once: whenever a call may start, it starts the
// first page of the next channel, largest first, while fewer than listed
// channels are being listed; else a page of the channel being listed with
// the fewest pages left, which frees its place soonest.
func schedule(pages []int, latency time.Duration, s settings, listed int) time.Duration {
	n, per := windowOf(s.qps)
	chans := make([]chanState, len(pages))
	left := 0 // calls not yet ended
	for i, p := range pages {
		chans[i].pages = max(p, 1) // an empty channel still takes a call
		left += chans[i].pages
	}
	slices.SortStableFunc(chans, func(a, b chanState) int { return cmp.Compare(b.pages, a.pages) })
	var (
		now      time.Duration
		ends     []flight        // calls in flight, by end (all take latency)
		starts   []time.Duration // every call's start, in order
		listing  []int           // indexes of the channels being listed
		nextChan int
		end      time.Duration
	)
	for {
		// Calls that ended by now.
		for len(ends) > 0 && ends[0].at <= now {
			c := &chans[ends[0].ch]
			c.done++
			if c.done == c.pages {
				listing = slices.DeleteFunc(listing, func(i int) bool { return i == ends[0].ch })
			}
			end = max(end, ends[0].at)
			ends = ends[1:]
			left--
		}
		// Start what may start now.
		for len(ends) < s.concurrency && (len(starts) < n || starts[len(starts)-n]+per <= now) {
			ch := -1
			if len(listing) < listed && nextChan < len(chans) {
				ch = nextChan
				listing = append(listing, ch)
				nextChan++
			} else {
				ch = fewestLeft(chans, listing)
			}
			if ch < 0 {
				break
			}
			chans[ch].started++
			starts = append(starts, now)
			ends = append(ends, flight{ch: ch, at: now + latency})
		}
		if left == 0 {
			return end
		}
		// The next moment anything can change: a call ends, or the rate's
		// window lets another start.
		next := time.Duration(math.MaxInt64)
		if len(ends) > 0 {
			next = ends[0].at
		}
		if len(starts) >= n && starts[len(starts)-n]+per > now {
			next = min(next, starts[len(starts)-n]+per)
		}
		now = next
	}
}

// chanState is a channel in the simulation: its pages, how many started,
// how many ended.
type chanState struct{ pages, started, done int }

// flight is a call in flight: its channel and when it ends.
type flight struct {
	ch int
	at time.Duration
}

// fewestLeft is the channel being listed that has a page ready to start
// (its first page ended, a page not yet started) and the fewest pages left
// to start; -1 when none has.
func fewestLeft(chans []chanState, listing []int) int {
	best := -1
	for _, i := range listing {
		c := chans[i]
		if c.done == 0 || c.started == c.pages {
			continue
		}
		if best < 0 || c.pages-c.started < chans[best].pages-chans[best].started {
			best = i
		}
	}
	return best
}

// windowOf is the rate limit of CAMS_QPS=qps as the client's ceiling has
// it: n calls within per.
func windowOf(qps float64) (n int, per time.Duration) {
	if qps < 1 {
		return 1, time.Duration(float64(time.Second) / qps)
	}
	return int(qps), time.Second
}

// formulaWall is the ideal as the harness computed it before idealWall:
// the largest of three bounds taken one at a time (calls in flight, the
// rate, the deepest channel's pages one after another). It is printed
// beside idealWall for comparison with earlier measurements.
func formulaWall(pages []int, latency time.Duration, s settings) time.Duration {
	calls, depth := 0, 0
	for _, p := range pages {
		calls += max(p, 1)
		depth = max(depth, p)
	}
	if calls == 0 {
		return 0
	}
	inFlight := math.Ceil(float64(calls)/float64(s.concurrency)) * latency.Seconds()
	rate := math.Ceil(float64(calls)/s.qps) - 1 + latency.Seconds()
	deep := float64(depth) * latency.Seconds()
	return time.Duration(math.Round(max(inFlight, rate, deep)*1e6)) * time.Microsecond
}
