// Package retry is campaignwatch's one retry policy for the calls it makes
// to other services (the chat services, CAMS, OSS): exponential backoff
// with jitter (github.com/cenkalti/backoff/v5), a wait the service asks for
// (Retry-After, a throttling code) taking the backoff's place, and every
// wait bounded by the caller's deadline: a wait that would pass it is not
// started, and the caller learns how long it was, so that a caller with
// more time (a run, above a post's claim) may wait it out itself.
//
// What is worth another attempt is the caller's to say, service by
// service (each service's reply reader classifies its own codes): an
// attempt returns nil, Permanent(err) (never retried), After(err, d) (retry
// after d, which the service asked for) or any other error (retry after
// the backoff).
package retry

import (
	"context"
	"errors"
	"time"

	"github.com/cenkalti/backoff/v5"
)

// Policy is how one dependency retries. The zero value of a field takes
// the default given with it.
type Policy struct {
	// Attempts bounds the tries, the first included (default 3).
	Attempts int
	// Initial and Max bound the backoff between tries (defaults 500 ms
	// and 10 s); each wait is randomised by ±50% (jitter) and grows by
	// Multiplier (default 1.5).
	Initial, Max time.Duration
	Multiplier   float64
	// MaxWait bounds one wait when the context has no deadline (default:
	// no bound). With a deadline, the deadline bounds it.
	MaxWait time.Duration
	// Reserve is what a wait must leave of the context's deadline (default
	// 0: a wait may end at the deadline), for what the caller does after
	// it: a run keeps time to post and record under a fresh claim.
	Reserve time.Duration
	// Now and Sleep are the clock (defaults time.Now and a timer that
	// ends early when ctx is done, returning ctx's error).
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
	// OnRetry, when set, is told of each retry before its wait.
	OnRetry func(attempt int, wait time.Duration, err error)
}

// Reason says why Do stopped retrying.
type Reason int

const (
	// Exhausted: the last of Policy.Attempts failed.
	Exhausted Reason = iota + 1
	// TooLong: the next wait would pass the deadline (or Policy.MaxWait).
	TooLong
	// Stopped: the context ended during a wait.
	Stopped
)

// Error is what Do returns when retrying stopped on a failure worth
// retrying. Its text is the last attempt's error; callers say the rest.
type Error struct {
	// Err is the last attempt's error.
	Err error
	// Attempts is how many tries were made.
	Attempts int
	Reason   Reason
	// Wait is the wait not taken (TooLong) or cut short (Stopped), and
	// Asked says the service asked for it (After) rather than the backoff.
	Wait  time.Duration
	Asked bool
	// Cause is the context's error when Reason is Stopped.
	Cause error
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// AskedWait returns the wait a service asked for that the call could not
// take within its deadline (an *Error of reason TooLong whose wait was
// asked for), anywhere in err's chain.
func AskedWait(err error) (time.Duration, bool) {
	var e *Error
	if errors.As(err, &e) && e.Reason == TooLong && e.Asked {
		return e.Wait, true
	}
	return 0, false
}

type permanent struct{ err error }

func (p *permanent) Error() string { return p.err.Error() }
func (p *permanent) Unwrap() error { return p.err }

// Permanent marks err as not worth another attempt: Do returns err itself.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanent{err}
}

type after struct {
	err  error
	wait time.Duration
}

func (a *after) Error() string { return a.err.Error() }
func (a *after) Unwrap() error { return a.err }

// After marks err as worth another attempt after at least d, which the
// service asked for; d <= 0 means the usual backoff.
func After(err error, d time.Duration) error {
	if err == nil {
		return nil
	}
	return &after{err, d}
}

// Do calls op until it returns nil or a Permanent error (returned
// unwrapped), or until retrying stops: then it returns an *Error. op gets
// the attempt's number, from 1.
func (p Policy) Do(ctx context.Context, op func(ctx context.Context, attempt int) error) error {
	p = p.withDefaults()
	bo := p.backoff()
	for attempt := 1; ; attempt++ {
		err := op(ctx, attempt)
		if err == nil {
			return nil
		}
		var perm *permanent
		if errors.As(err, &perm) {
			return perm.err
		}
		wait, asked := bo.NextBackOff(), false
		var a *after
		if errors.As(err, &a) {
			err = a.err
			if a.wait > 0 {
				wait, asked = a.wait, true
			}
		}
		if attempt >= p.Attempts {
			return &Error{Err: err, Attempts: attempt, Reason: Exhausted}
		}
		if !p.fits(ctx, wait) {
			return &Error{Err: err, Attempts: attempt, Reason: TooLong, Wait: wait, Asked: asked}
		}
		if p.OnRetry != nil {
			p.OnRetry(attempt, wait, err)
		}
		if serr := p.Sleep(ctx, wait); serr != nil {
			return &Error{Err: err, Attempts: attempt, Reason: Stopped, Wait: wait, Asked: asked, Cause: serr}
		}
	}
}

// Backoff is the wait after failed attempt n (from 1), jitter included:
// for a caller whose loop is not Do's (the OSS SDK's retryer).
func (p Policy) Backoff(n int) time.Duration {
	bo := p.withDefaults().backoff()
	d := bo.NextBackOff()
	for range n - 1 {
		d = bo.NextBackOff()
	}
	return d
}

func (p Policy) backoff() *backoff.ExponentialBackOff {
	bo := &backoff.ExponentialBackOff{
		InitialInterval:     p.Initial,
		RandomizationFactor: 0.5,
		Multiplier:          p.Multiplier,
		MaxInterval:         p.Max,
	}
	bo.Reset()
	return bo
}

// Fits says whether waiting d leaves ctx time: Reserve before its
// deadline when it has one, else within MaxWait (any d when MaxWait is 0).
// A done ctx fits nothing. It is the one answer to "does this wait fit"
// for every caller, Do's own waits included.
func (p Policy) Fits(ctx context.Context, d time.Duration) bool { return p.withDefaults().fits(ctx, d) }

func (p Policy) fits(ctx context.Context, d time.Duration) bool {
	if ctx.Err() != nil {
		return false
	}
	if dl, ok := ctx.Deadline(); ok {
		return !p.Now().Add(d + p.Reserve).After(dl)
	}
	return p.MaxWait <= 0 || d <= p.MaxWait
}

func (p Policy) withDefaults() Policy {
	if p.Attempts <= 0 {
		p.Attempts = 3
	}
	if p.Initial <= 0 {
		p.Initial = 500 * time.Millisecond
	}
	if p.Max <= 0 {
		p.Max = 10 * time.Second
	}
	if p.Multiplier < 1 {
		p.Multiplier = 1.5
	}
	if p.Now == nil {
		p.Now = time.Now
	}
	if p.Sleep == nil {
		p.Sleep = Sleep
	}
	return p
}

// Sleep waits d, or until ctx is done: then it returns ctx's error.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
