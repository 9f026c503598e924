package camsemu

import (
	"context"
	"time"
)

// coarse is how early sleepUntil ends its timer and hands the rest of a
// wait to preciseSleep. A Go timer fires up to about a millisecond late
// (the runtime polls with millisecond timeouts): 0.5 ms on average for
// the 19-20 ms waits of a 20 ms latency, which alone made every call
// 2-3% slower than the latency the emulator was asked for.
const coarse = 1500 * time.Microsecond

// sleepUntil returns at t, within about 0.1 ms, or when ctx ends (with
// its error).
func sleepUntil(ctx context.Context, t time.Time) error {
	if d := time.Until(t) - coarse; d > 0 {
		timer := time.NewTimer(d)
		select {
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		}
	}
	if d := time.Until(t); d > 0 {
		preciseSleep(d)
	}
	return ctx.Err()
}
