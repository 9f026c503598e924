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

// deadClaim leaves the newest alert pending for Slack and claimed by a run
// that died holding it (a claim nobody releases), as a run killed mid-post
// leaves it, expiring after expiresIn. It returns the alert's id.
func (r *rig) deadClaim(t *testing.T, budget int64, expiresIn time.Duration) string {
	t.Helper()
	r.src.set(func(cs []campaign.Campaign) []campaign.Campaign { cs[0].Budget = budget; return cs })
	r.slack.Enqueue(slacktest.ServerError, slacktest.ServerError, slacktest.ServerError)
	rep := check(t, r.runner(), false)
	if rep.Notifications[0].Error == "" {
		t.Fatalf("Slack was meant to fail: %+v", rep.Notifications)
	}
	pending, err := r.store.PendingFor(context.Background(), []string{"slack"})
	if err != nil || len(pending["slack"]) != 1 {
		t.Fatalf("pending for Slack: %v, %v; want the one alert", pending["slack"], err)
	}
	id := pending["slack"][0].ID
	if _, err := r.store.Claim(context.Background(), id, "slack", time.Now().Add(expiresIn-defaultClaimTTL), defaultClaimTTL); err != nil {
		t.Fatalf("the dead run's claim: %v", err)
	}
	return id
}

// lastBudgetLine returns the Slack messages' budget moves, oldest first.
func (r *rig) slackMoves() []string {
	var out []string
	for _, p := range r.slack.Payloads() {
		if i := strings.Index(string(p), "US$"); i >= 0 {
			line := string(p)[i:]
			if j := strings.IndexAny(line, `"(`); j > 0 {
				line = line[:j]
			}
			out = append(out, strings.TrimSpace(line))
		}
	}
	return out
}

func TestADeadRunsClaimDoesNotReorderAReceiversMessages(t *testing.T) {
	rig := newRig(t)
	check(t, rig.runner(), false)
	rig.deadClaim(t, 7000, 1500*time.Millisecond)

	// A newer change is committed while the dead run's claim is live: the
	// run waits the claim out, then delivers the older alert first.
	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign { cs[0].Budget = 8000; return cs })
	rep := check(t, rig.runner(), false)
	if d := rep.Notifications[0]; d.Error != "" || d.Messages != 2 || d.Pending != 0 {
		t.Fatalf("Slack's delivery: %+v, want both alerts, no error, nothing pending", d)
	}
	moves := rig.slackMoves()
	want := []string{"US$62.00 → US$70.00", "US$70.00 → US$80.00"}
	if len(moves) != 2 || !strings.HasPrefix(moves[0], want[0]) || !strings.HasPrefix(moves[1], want[1]) {
		t.Fatalf("Slack got the budget moves %q, want %q in that order", moves, want)
	}
	if _, d := rig.posted(); len(d) != 3 {
		t.Fatalf("DingTalk got %d messages, want 3 (baseline and both changes, in order)", len(d))
	}
}

func TestAClaimTheRunCannotWaitOutLeavesTheRestPendingInOrder(t *testing.T) {
	rig := newRig(t)
	check(t, rig.runner(), false)
	rig.deadClaim(t, 7000, defaultClaimTTL)

	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign { cs[0].Budget = 8000; return cs })
	// The run's deadline leaves no time to wait the claim out.
	ctx, cancel := context.WithTimeout(context.Background(), postMargin+time.Second)
	defer cancel()
	rep, err := rig.runner().Check(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if d := rep.Notifications[0]; d.Error != "" || d.Messages != 0 || d.Pending != 2 {
		t.Fatalf("Slack's delivery: %+v, want nothing posted and both alerts pending", d)
	}
	if d := rep.Notifications[1]; d.Messages != 1 {
		t.Fatalf("DingTalk's delivery: %+v, want the new change (no claim holds it back)", d)
	}
	if moves := rig.slackMoves(); len(moves) != 0 {
		t.Fatalf("Slack got %q past an alert another run holds", moves)
	}
}

// fakeClock is a run's clock whose sleeps pass at once, moving it on.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	slept  time.Duration
	sleeps int
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now, c.slept, c.sleeps = c.now.Add(d), c.slept+d, c.sleeps+1
	return ctx.Err()
}

// TestAClaimIsWaitedOutOnTheRunsClock: the wait for another run's claim
// polls by the run's own clock and sleep (Options.Now and Sleep), so a
// dead run's claim of a whole ttl is waited out without a real wait, in
// polls of at most claimPoll, and the alerts still arrive in order.
func TestAClaimIsWaitedOutOnTheRunsClock(t *testing.T) {
	rig := newRig(t)
	check(t, rig.runner(), false)
	rig.deadClaim(t, 7000, defaultClaimTTL)

	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign { cs[0].Budget = 8000; return cs })
	clk := &fakeClock{now: time.Now()}
	rig.opt.Now, rig.opt.Sleep = clk.Now, clk.Sleep
	rep := check(t, rig.runner(), false)
	if d := rep.Notifications[0]; d.Error != "" || d.Messages != 2 || d.Pending != 0 {
		t.Fatalf("Slack's delivery: %+v, want both alerts, no error, nothing pending", d)
	}
	if moves := rig.slackMoves(); len(moves) != 2 || !strings.HasPrefix(moves[0], "US$62.00 → US$70.00") {
		t.Fatalf("Slack got the budget moves %q, want the older first", moves)
	}
	if clk.slept < defaultClaimTTL-claimPoll || clk.sleeps < int(defaultClaimTTL/claimPoll)-1 {
		t.Fatalf("the run's clock slept %s in %d polls, want the claim's ttl (%s) in polls of %s", clk.slept, clk.sleeps, defaultClaimTTL, claimPoll)
	}
}
