package camsemu

import (
	"context"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// SleepUntil returns at t, within tens of microseconds, or when ctx ends
// (with its error). It is how the emulator waits for an answer's time;
// the perf harness's bare server (its floor) waits the same way. It waits on a kernel timer (timerfd) through the
// runtime's network poller, so that neither a thread nor a P is held
// while it waits: a Go timer fires up to about a millisecond late (the
// poller waits in whole milliseconds), and a nanosleep in the thread
// holds the P, which, with two P's and a handful of calls ending at once,
// left no P to read the next call that arrived.
func SleepUntil(ctx context.Context, t time.Time) error {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err()
	}
	fd, err := unix.TimerfdCreate(unix.CLOCK_MONOTONIC, unix.TFD_NONBLOCK|unix.TFD_CLOEXEC)
	if err != nil {
		return timerSleep(ctx, d)
	}
	f := os.NewFile(uintptr(fd), "timerfd")
	defer f.Close()
	spec := unix.ItimerSpec{Value: unix.NsecToTimespec(int64(d))}
	if err := unix.TimerfdSettime(fd, 0, &spec, nil); err != nil {
		return timerSleep(ctx, time.Until(t))
	}
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-ctx.Done():
			_ = f.SetReadDeadline(time.Now()) // ends the Read below
		case <-done:
		}
	}()
	var buf [8]byte
	if _, err := f.Read(buf[:]); err != nil && ctx.Err() == nil {
		return timerSleep(ctx, time.Until(t))
	}
	return ctx.Err()
}
