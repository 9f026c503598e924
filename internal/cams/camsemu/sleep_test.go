package camsemu

import (
	"context"
	"testing"
	"time"
)

// TestSleepUntilIsNeverEarly: the answer never leaves before Latency has
// passed, whatever part of the wait the timer and the kernel each take.
func TestSleepUntilIsNeverEarly(t *testing.T) {
	for _, d := range []time.Duration{0, 300 * time.Microsecond, 1500 * time.Microsecond, 2200 * time.Microsecond, 20 * time.Millisecond} {
		at := time.Now().Add(d)
		if err := sleepUntil(context.Background(), at); err != nil {
			t.Fatalf("sleepUntil(+%s) = %v", d, err)
		}
		if now := time.Now(); now.Before(at) {
			t.Errorf("sleepUntil(+%s) returned %s early", d, at.Sub(now))
		}
	}
}

// TestSleepUntilStopsWithTheCall: a call given up by its client ends the
// wait with the context's error.
func TestSleepUntilStopsWithTheCall(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := sleepUntil(ctx, time.Now().Add(time.Hour)); err != context.Canceled {
		t.Fatalf("sleepUntil on a cancelled call = %v, want context.Canceled", err)
	}
}
