package camsemu

import (
	"syscall"
	"time"
)

// preciseSleep sleeps d (at most coarse) in the kernel, whose timers keep
// to tens of microseconds, blocking this goroutine's thread for that long.
func preciseSleep(d time.Duration) {
	ts := syscall.NsecToTimespec(int64(d))
	for syscall.Nanosleep(&ts, &ts) == syscall.EINTR {
		// Interrupted by a signal: sleep the rest.
	}
}
