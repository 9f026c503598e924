package retry_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/retry"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 7, 1, 0, 0, 0, time.UTC)
	tests := []struct {
		name, header string
		want         time.Duration
		ok           bool
	}{
		{"seconds", "30", 30 * time.Second, true},
		{"zero", "0", 0, true},
		{"padded", " 7 ", 7 * time.Second, true},
		{"an HTTP date", now.Add(45 * time.Second).Format(http.TimeFormat), 45 * time.Second, true},
		{"an RFC 850 date", now.Add(10 * time.Second).Format("Monday, 02-Jan-06 15:04:05 GMT"), 10 * time.Second, true},
		{"a date past", now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"a date years ahead", now.AddDate(5, 0, 0).Format(http.TimeFormat), 24 * time.Hour, true},
		{"huge seconds", "99999999999", 24 * time.Hour, true},
		{"missing", "", 0, false},
		{"negative", "-3", 0, false},
		{"fraction", "1.5", 0, false},
		{"garbage", "soon", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.header != "" {
				h.Set("Retry-After", tt.header)
			}
			got, ok := retry.RetryAfter(h, now)
			if got != tt.want || ok != tt.ok {
				t.Errorf("RetryAfter(%q) = %s, %v; want %s, %v", tt.header, got, ok, tt.want, tt.ok)
			}
		})
	}
}

// fakeClock sleeps by moving its time on.
type fakeClock struct {
	now    time.Time
	sleeps []time.Duration
}

func (c *fakeClock) Now() time.Time { return c.now }
func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	return ctx.Err()
}

func TestDo(t *testing.T) {
	errBusy := errors.New("busy")
	errBad := errors.New("bad")
	tests := []struct {
		name     string
		policy   retry.Policy
		deadline time.Duration // 0: none
		results  []error       // op's results in turn; the last repeats
		want     error         // errors.Is
		reason   retry.Reason  // 0: not an *Error
		attempts int
		sleeps   []time.Duration // nil: only counted by attempts-1
		asked    time.Duration
	}{
		{name: "success", results: []error{nil}, attempts: 1},
		{name: "retried then success", results: []error{errBusy, nil}, attempts: 2},
		{name: "permanent is not retried", results: []error{retry.Permanent(errBad)}, want: errBad, attempts: 1},
		{name: "exhausted", policy: retry.Policy{Attempts: 4}, results: []error{errBusy}, want: errBusy, reason: retry.Exhausted, attempts: 4},
		{name: "an asked wait replaces the backoff", results: []error{retry.After(errBusy, 7*time.Second), nil},
			attempts: 2, sleeps: []time.Duration{7 * time.Second}},
		{name: "an asked wait past the deadline is not started", deadline: 5 * time.Second,
			results: []error{retry.After(errBusy, 30*time.Second)}, want: errBusy, reason: retry.TooLong, attempts: 1, sleeps: []time.Duration{}, asked: 30 * time.Second},
		{name: "an asked wait past MaxWait is not started", policy: retry.Policy{MaxWait: time.Minute},
			results: []error{retry.After(errBusy, 2*time.Minute)}, want: errBusy, reason: retry.TooLong, attempts: 1, sleeps: []time.Duration{}, asked: 2 * time.Minute},
		{name: "a backoff past the deadline is not started", policy: retry.Policy{Initial: time.Hour, Max: time.Hour}, deadline: time.Minute,
			results: []error{errBusy}, want: errBusy, reason: retry.TooLong, attempts: 1, sleeps: []time.Duration{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := &fakeClock{now: time.Now()}
			p := tt.policy
			p.Now, p.Sleep = clock.Now, clock.Sleep
			ctx := context.Background()
			if tt.deadline > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithDeadline(ctx, clock.now.Add(tt.deadline))
				defer cancel()
			}
			calls := 0
			err := p.Do(ctx, func(_ context.Context, attempt int) error {
				calls++
				if attempt != calls {
					t.Errorf("attempt %d on call %d", attempt, calls)
				}
				return tt.results[min(calls, len(tt.results))-1]
			})
			if (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Fatalf("Do = %v, want %v", err, tt.want)
			}
			var re *retry.Error
			if got := errors.As(err, &re); got != (tt.reason != 0) || (got && re.Reason != tt.reason) {
				t.Errorf("Do = %#v, want reason %d", err, tt.reason)
			}
			if calls != tt.attempts {
				t.Errorf("%d calls, want %d", calls, tt.attempts)
			}
			if tt.sleeps != nil && (len(clock.sleeps) != len(tt.sleeps) || (len(tt.sleeps) > 0 && clock.sleeps[0] != tt.sleeps[0])) {
				t.Errorf("slept %v, want %v", clock.sleeps, tt.sleeps)
			}
			if tt.sleeps == nil && len(clock.sleeps) != calls-1 {
				t.Errorf("slept %v for %d calls", clock.sleeps, calls)
			}
			if d, ok := retry.AskedWait(err); ok != (tt.asked > 0) || d != tt.asked {
				t.Errorf("AskedWait = %s, %v; want %s", d, ok, tt.asked)
			}
		})
	}
}

// TestBackoffHasJitterWithinItsBounds: the waits grow, stay within ±50%
// of Initial × Multiplier^n, never pass Max (plus its jitter), and are not
// all alike.
func TestBackoffHasJitterWithinItsBounds(t *testing.T) {
	clock := &fakeClock{now: time.Now()}
	p := retry.Policy{Attempts: 8, Initial: 100 * time.Millisecond, Max: time.Second, Multiplier: 2, Now: clock.Now, Sleep: clock.Sleep}
	seen := map[time.Duration]bool{}
	for range 20 {
		clock.sleeps = nil
		_ = p.Do(context.Background(), func(context.Context, int) error { return errors.New("x") })
		for i, d := range clock.sleeps {
			base := min(100*time.Millisecond<<i, time.Second)
			if d < base/2 || d > base*3/2 {
				t.Fatalf("wait %d = %s, want within ±50%% of %s", i+1, d, base)
			}
			seen[d] = true
		}
	}
	if len(seen) < 10 {
		t.Errorf("only %d distinct waits in 140: no jitter", len(seen))
	}
}

// TestStoppedDuringAWait: a context cancelled during a wait stops at once.
func TestStoppedDuringAWait(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	p := retry.Policy{Sleep: func(ctx context.Context, d time.Duration) error { cancel(); return ctx.Err() }}
	err := p.Do(ctx, func(context.Context, int) error { return errors.New("x") })
	var re *retry.Error
	if !errors.As(err, &re) || re.Reason != retry.Stopped || !errors.Is(re.Cause, context.Canceled) {
		t.Fatalf("Do = %#v, want Stopped by the cancel", err)
	}
}

// TestFits: a wait fits when it leaves Reserve of the deadline; without a
// deadline, when it is within MaxWait (any, without one); never on a done
// context.
func TestFits(t *testing.T) {
	// The context's deadline is on the real clock (it cancels itself when
	// that passes), so the policy's clock stands still at the real now.
	now := time.Now()
	p := retry.Policy{Now: func() time.Time { return now }, Reserve: 30 * time.Second, MaxWait: time.Minute}
	ctx, cancel := context.WithDeadline(context.Background(), now.Add(2*time.Minute))
	defer cancel()
	for _, tc := range []struct {
		d    time.Duration
		want bool
	}{{0, true}, {90 * time.Second, true}, {90*time.Second + 1, false}, {time.Hour, false}} {
		if got := p.Fits(ctx, tc.d); got != tc.want {
			t.Errorf("a deadline 2m away, Reserve 30s: Fits(%s) = %v, want %v", tc.d, got, tc.want)
		}
	}
	bg := context.Background()
	if !p.Fits(bg, time.Minute) || p.Fits(bg, time.Minute+1) {
		t.Errorf("no deadline: want waits up to MaxWait (1m) to fit, and no longer")
	}
	if !(retry.Policy{}).Fits(bg, 24*time.Hour) {
		t.Errorf("no deadline, no MaxWait: want any wait to fit")
	}
	done, stop := context.WithCancel(bg)
	stop()
	if p.Fits(done, 0) {
		t.Errorf("a done context: want nothing to fit")
	}
}
