//go:build !linux

package camsemu

import "time"

// preciseSleep sleeps d with a Go timer, which can end up to about a
// millisecond late.
func preciseSleep(d time.Duration) { time.Sleep(d) }
