package cams

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// TestCeilingHoldsAtTheServer simulates workers that take every slot the
// moment it frees, whose calls reach the server up to 300 ms after they
// were let go and end up to 200 ms after that, and counts the arrivals in
// every sliding window: never more than the ceiling, and throughput near
// what the latencies allow.
//
// Why the ceiling holds at the server: a call arrives some time after the
// client lets it go and before its answer comes back, and under load that
// delay varies by tens or hundreds of milliseconds, so counting the moments
// calls are let go (a token bucket, a log of start times) lets more than n
// arrive within one window. Counting each call until per after it ended
// does not: of any n+1 calls, the last one let go, k, arrives after it was
// let go; every other one, j, arrived before it ended, and j ended at
// least per before k was let go; so the n+1 arrivals span at least per.
func TestCeilingHoldsAtTheServer(t *testing.T) {
	for _, qps := range []float64{0.5, 1, 2.5, 10, 400} {
		c := newCeiling(qps)
		rng := rand.New(rand.NewPCG(1, uint64(qps*10)))
		start := time.Unix(0, 0)
		const (
			workers  = 8
			span     = 20 * time.Second
			step     = time.Millisecond
			maxDelay = 300 * time.Millisecond
			maxRest  = 200 * time.Millisecond
		)
		ends := slices.Repeat([]time.Duration{-1}, workers) // -1: idle
		var arrivals []time.Duration
		for now := time.Duration(0); now < span; now += step {
			for w, e := range ends {
				if e >= 0 && e <= now {
					c.end(start.Add(now))
					ends[w] = -1
				}
			}
			for w, e := range ends {
				if e >= 0 {
					continue
				}
				if ok, _ := c.try(start.Add(now)); ok {
					delay := time.Duration(rng.Int64N(int64(maxDelay)))
					arrivals = append(arrivals, now+delay)
					ends[w] = now + delay + step + time.Duration(rng.Int64N(int64(maxRest)))
				}
			}
		}
		slices.Sort(arrivals)
		most, lo := 0, 0
		for hi := range arrivals {
			for arrivals[hi]-arrivals[lo] >= c.per {
				lo++
			}
			most = max(most, hi-lo+1)
		}
		if most > c.n {
			t.Errorf("qps %g: %d calls arrived within %s; want at most %d", qps, most, c.per, c.n)
		}
		// Each slot serves a call at least once per (per + the longest
		// delay and rest), each worker once per (delay and rest).
		cycle := c.per + maxDelay + maxRest + 2*step
		want := min(float64(c.n)*span.Seconds()/cycle.Seconds(), workers*span.Seconds()/(maxDelay+maxRest+2*step).Seconds())
		if got := float64(len(arrivals)); got < want*0.95 {
			t.Errorf("qps %g: %d calls in %s; want at least %.0f", qps, len(arrivals), span, want*0.95)
		}
	}
}

func TestCeilingWaitGivesUpBeforeTheDeadline(t *testing.T) {
	c := newCeiling(1)
	ended, err := c.wait(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	ended()
	ended() // a second call changes nothing
	if c.inFlight != 0 || len(c.frees) != 1 {
		t.Fatalf("after one call ended: %d in flight, %d slots freeing; want 0 and 1", c.inFlight, len(c.frees))
	}
	ctx, cancel := context.WithDeadline(t.Context(), time.Now().Add(time.Hour))
	defer cancel()
	c.frees[0] = time.Now().Add(2 * time.Hour) // the slot frees after the deadline
	if _, err := c.wait(ctx); err == nil {
		t.Error("wait succeeded; want an error: the slot frees after the deadline")
	}
	ctx, cancel = context.WithCancel(t.Context())
	cancel()
	c.frees[0] = time.Now().Add(time.Minute)
	if _, err := c.wait(ctx); err == nil {
		t.Error("wait succeeded on an ended context")
	}
}
