//go:build !linux

package camsemu

import (
	"context"
	"time"
)

// SleepUntil returns at t, or when ctx ends (with its error), with a Go
// timer, which can end up to about a millisecond late.
func SleepUntil(ctx context.Context, t time.Time) error {
	return timerSleep(ctx, time.Until(t))
}
