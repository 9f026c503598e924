package camsemu

import (
	"context"
	"testing"
	"time"
)

// TestSleepUntilIsNeverEarly: the answer never leaves before Latency has
// passed, for waits shorter and longer than the poller's millisecond.
func TestSleepUntilIsNeverEarly(t *testing.T) {
	for _, d := range []time.Duration{0, 300 * time.Microsecond, 1500 * time.Microsecond, 2200 * time.Microsecond, 20 * time.Millisecond} {
		at := time.Now().Add(d)
		if err := SleepUntil(context.Background(), at); err != nil {
			t.Fatalf("SleepUntil(+%s) = %v", d, err)
		}
		if now := time.Now(); now.Before(at) {
			t.Errorf("SleepUntil(+%s) returned %s early", d, at.Sub(now))
		}
	}
}

// TestSleepUntilStopsWithTheCall: a call given up by its client ends the
// wait with the context's error.
func TestSleepUntilStopsWithTheCall(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := SleepUntil(ctx, time.Now().Add(time.Hour)); err != context.Canceled {
		t.Fatalf("SleepUntil on a cancelled call = %v, want context.Canceled", err)
	}
}

// TestSleepUntilStopsWhenTheCallIsGivenUp: a call given up while the
// emulator waits ends the wait then, with the context's error.
func TestSleepUntilStopsWhenTheCallIsGivenUp(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(10*time.Millisecond, cancel)
	if err := SleepUntil(ctx, time.Now().Add(time.Hour)); err != context.Canceled {
		t.Fatalf("SleepUntil on a call given up while waiting = %v, want context.Canceled", err)
	}
}
