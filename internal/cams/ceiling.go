package cams

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// ceiling holds API calls to at most n in any window of per, as the
// server measures them: by when each call arrives there.
//
// A call counts from the moment it is let go until per after it ended: a
// call is let go only while fewer than n calls are in flight or ended less
// than per ago, whatever the network's delays (TestCeilingHoldsAtTheServer
// says why that holds at the server). Each of the n slots serves one call
// per per plus the call's latency.
//
// That latency is the price of holding at the server, and it is the least
// one: the answer is the first moment the client knows a call arrived.
// Counting starts instead, with or without a margin (a token bucket such
// as golang.org/x/time/rate, a log of start times), would let each window
// begin a latency sooner (2% of a second at 20 ms a call), but holds only
// while every call arrives within the margin of being let go, which
// nothing bounds: under load that delay is tens to hundreds of
// milliseconds, and a token bucket also lets a full bucket and its refill
// arrive within one second.
type ceiling struct {
	n   int
	per time.Duration

	mu       sync.Mutex
	inFlight int
	frees    []time.Time   // when the slots of ended calls free, in order
	ended    chan struct{} // closed and replaced when a call ends
}

// newCeiling returns the ceiling for CAMS_QPS=qps: floor(qps) calls a
// second, or one call per 1/qps seconds below 1.
func newCeiling(qps float64) *ceiling {
	c := &ceiling{n: int(qps), per: time.Second, ended: make(chan struct{})}
	if qps < 1 {
		c.n, c.per = 1, time.Duration(float64(time.Second)/qps)
	}
	return c
}

// try lets a call go at now when a slot is free, and else says how long
// until one frees (-1: when a call in flight ends).
func (c *ceiling) try(now time.Time) (ok bool, wait time.Duration) {
	i := 0
	for i < len(c.frees) && !c.frees[i].After(now) {
		i++
	}
	c.frees = c.frees[i:]
	if c.inFlight+len(c.frees) < c.n {
		c.inFlight++
		return true, 0
	}
	if len(c.frees) == 0 {
		return false, -1
	}
	return false, c.frees[0].Sub(now)
}

// end records that a call let go has ended (answered or failed) at now.
func (c *ceiling) end(now time.Time) {
	c.inFlight--
	c.frees = append(c.frees, now.Add(c.per))
}

// wait blocks until a call may go, and returns the func to call once it
// has ended (calling it again does nothing). It fails at once when the
// next free slot would come after ctx's deadline, and when ctx ends.
func (c *ceiling) wait(ctx context.Context) (ended func(), err error) {
	for {
		c.mu.Lock()
		now := time.Now()
		ok, wait := c.try(now)
		changed := c.ended
		c.mu.Unlock()
		if ok {
			var once sync.Once
			return func() { once.Do(c.release) }, nil
		}
		if dl, has := ctx.Deadline(); has && wait >= 0 && now.Add(wait).After(dl) {
			return nil, fmt.Errorf("the next call may start in %s, after the deadline", wait.Round(time.Millisecond))
		}
		if err := sleep(ctx, wait, changed); err != nil {
			return nil, err
		}
	}
}

// sleep waits d (forever when negative), or until changed is closed or
// ctx ends.
func sleep(ctx context.Context, d time.Duration, changed <-chan struct{}) error {
	var timer <-chan time.Time
	if d >= 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		timer = t.C
	}
	select {
	case <-timer:
		return nil
	case <-changed:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// release ends a call now and wakes the waiters.
func (c *ceiling) release() {
	c.mu.Lock()
	c.end(time.Now())
	close(c.ended)
	c.ended = make(chan struct{})
	c.mu.Unlock()
}
