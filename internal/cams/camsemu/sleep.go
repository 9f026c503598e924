package camsemu

import (
	"context"
	"time"
)

// timerSleep waits d with a Go timer, or until ctx ends (with its error).
func timerSleep(ctx context.Context, d time.Duration) error {
	if d > 0 {
		timer := time.NewTimer(d)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-ctx.Done():
		}
	}
	return ctx.Err()
}
