package run

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify/slack/slacktest"
)

// sleeps records the waits the delivery step takes, without taking them.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeps) got() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// TestAnAskedWaitIsWaitedOutWithinTheRun: Slack's Retry-After: 30 is
// longer than a post's claim holds; the run waits it out (with the claim
// released) when its deadline allows, and Slack gets the change in this
// run, once. A run whose deadline is too close leaves it pending, says
// why, and the next run delivers it.
func TestAnAskedWaitIsWaitedOutWithinTheRun(t *testing.T) {
	for _, tc := range []struct {
		name     string
		deadline time.Duration // 0: none, as a check from the command line
		waited   bool
	}{
		{"no deadline", 0, true},
		{"a deadline ten minutes away", 10 * time.Minute, true},
		{"a deadline too close", 50 * time.Second, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rig := newRig(t)
			var s sleeps
			rig.opt.Sleep = s.sleep
			r := rig.runner()
			check(t, r, false)

			rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign { cs[0].Budget = 7000; return cs })
			rig.slack.Enqueue(slacktest.RateLimited(30))
			ctx := context.Background()
			if tc.deadline > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tc.deadline)
				defer cancel()
			}
			rep, err := r.Check(ctx, false)
			if err != nil {
				t.Fatal(err)
			}
			d := delivery(t, rep, "slack")
			slackTexts, _ := rig.posted()
			if !tc.waited {
				if d.Error == "" || d.Messages != 0 || !strings.Contains(d.Error, "not waited out: waiting 30s would leave this run less than 30s before its deadline") {
					t.Fatalf("slack: %+v, want the change left pending, saying why", d)
				}
				if len(s.got()) != 0 || len(slackTexts) != 1 {
					t.Fatalf("waited %v and Slack has %d messages; want no wait and only the baseline", s.got(), len(slackTexts))
				}
				rep = check(t, r, false)
				d = delivery(t, rep, "slack")
				slackTexts, _ = rig.posted()
			} else if got := s.got(); len(got) != 1 || got[0] != 30*time.Second {
				t.Fatalf("the run waited %v, want 30s once", got)
			}
			if d.Error != "" || d.Messages != 1 {
				t.Fatalf("slack: %+v, want the change delivered", d)
			}
			if len(slackTexts) != 2 || !strings.Contains(slackTexts[1], "US$62.00 → US$70.00") {
				t.Fatalf("Slack has %q, want the baseline then the change once", slackTexts)
			}
		})
	}
}

// TestAskedWaitsAreBounded: a service that asks to wait every time gets
// at most maxAskedWaits waits from one run; the message stays pending.
func TestAskedWaitsAreBounded(t *testing.T) {
	rig := newRig(t)
	var s sleeps
	rig.opt.Sleep = s.sleep
	r := rig.runner()
	check(t, r, false)
	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign { cs[0].Budget = 7000; return cs })
	for range maxAskedWaits + 1 {
		rig.slack.Enqueue(slacktest.RateLimited(25))
	}
	rep := check(t, r, false)
	if d := delivery(t, rep, "slack"); d.Messages != 0 || !strings.Contains(d.Error, "already waited 3 times") {
		t.Fatalf("slack: %+v, want pending after 3 waits", d)
	}
	if got := s.got(); len(got) != maxAskedWaits {
		t.Fatalf("waited %v, want %d waits", got, maxAskedWaits)
	}
}
