package e2e

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/notify/dingtalk/dingtalktest"
	"github.com/campaignwatch/campaignwatch/notify/slack/slacktest"
)

// The crash tests SIGKILL the binary while a gate holds one request of a
// run, at each step of the run, then run again: at once (which must not
// post what the dead run may still be posting, nor stay blocked by it for
// longer than a claim's 30 s) and after the dead run's claims expired
// (which must deliver what is pending). They keep the snapshots on the OSS
// fake, whose gate can hold a write of a given object.

// putOf matches a PUT of a stored object whose key (under the store's
// prefix) starts with prefix.
func putOf(prefix string) func(r *http.Request) bool {
	return func(r *http.Request) bool {
		return r.Method == http.MethodPut && strings.HasPrefix(r.URL.Path, "/"+bucket+"/watch/"+prefix)
	}
}

// killAt starts a check, waits until every rule has been reached, kills the
// check and clears the gates' rules.
func (w *World) killAt(rules ...*Rule) {
	w.t.Helper()
	w.killAtAfter(nil, func() bool {
		for _, r := range rules {
			if r.Applied() < max(r.Times, 1) {
				return false
			}
		}
		return true
	})
}

// waitClaims sleeps until every delivery claim in the store has expired:
// the guarantee is that a dead run blocks the next one for 30 s at most.
func (w *World) waitClaims() {
	w.t.Helper()
	var latest time.Time
	for _, k := range w.Keys("deliv/") {
		if !strings.Contains(k, "/claim-") {
			continue
		}
		var c struct {
			Expires time.Time `json:"expires"`
		}
		if err := json.Unmarshal(w.ReadObject(k), &c); err != nil {
			w.t.Fatalf("claim %s: %v", k, err)
		}
		if c.Expires.After(latest) {
			latest = c.Expires
		}
	}
	wait := time.Until(latest) + 500*time.Millisecond
	if wait > 31*time.Second {
		w.t.Fatalf("a claim blocks delivery for %s, more than 30 s", wait.Round(time.Second))
	}
	if wait > 0 {
		w.t.Logf("waiting %s for the dead run's claims to expire", wait.Round(100*time.Millisecond))
		time.Sleep(wait)
	}
}

// TestCrash kills the binary at each step of a check.
func TestCrash(t *testing.T) {
	t.Parallel()

	// Before the commit point nothing is announced or committed: the next
	// run does the whole job, each receiver gets the change exactly once.
	for _, tc := range []struct {
		name   string
		prefix string
	}{
		{"after listing, before the snapshot is written", "data/"},
		{"after the snapshot is written, before the commit", "gen/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := NewWorld(t, Options{OSS: true})
			w.baseline()
			w.BudgetUp()
			w.killAt(w.OSSG.On(&Rule{Do: Hold, Match: putOf(tc.prefix)}))
			if n := w.SlackCount(idSpring) + w.DingCount(idSpring); n != 0 {
				t.Fatalf("a run killed before its commit posted %d messages", n)
			}
			r := w.Check(0)
			if r.Report.ChangeOf(idSpring) == nil || r.Report.Generation != 2 {
				t.Errorf("the next run: generation %d, changes %+v; want the change in generation 2", r.Report.Generation, r.Report.Changes)
			}
			w.WantCounts(idSpring, 1, 1)
			w.Check(0)
			w.WantCounts(idSpring, 1, 1)
		})
	}

	// After the commit point: the next run at once neither posts what the
	// dead run held nor fails; once the claims expire, a run delivers.
	for _, tc := range []struct {
		name string
		// setup runs after the baseline and the change, before the run to
		// kill; it returns the rules to reach before the kill.
		setup func(w *World) []*Rule
		// wantSlack, wantDing: messages naming the change at the end.
		wantSlack, wantDing int
		// wantDone: the alert is recorded as delivered to both in the end.
		wantDone bool
	}{
		{"after the commit, before any post", func(w *World) []*Rule {
			return []*Rule{w.SlkG.On(&Rule{Do: Hold, Times: 1}), w.DngG.On(&Rule{Do: Hold, Times: 1})}
		}, 1, 1, true},
		{"between posts", func(w *World) []*Rule {
			return []*Rule{w.SlkG.On(&Rule{Do: Hold, Skip: 1, Times: 1}), w.DngG.On(&Rule{Do: Hold, Skip: 1, Times: 1})}
		}, 1, 1, true},
		{"after a post landed, before it was recorded", func(w *World) []*Rule {
			// DingTalk's post lands and is recorded; Slack's lands but
			// its answer never reaches the run.
			return []*Rule{w.SlkG.On(&Rule{Do: HoldAnswer, Times: 1})}
		}, 2, 1, true},
		{"after the posts were recorded, before the alert was marked done", func(w *World) []*Rule {
			return []*Rule{w.OSSG.On(&Rule{Do: Hold, Times: 2, Match: putOf("done/g2/")})}
		}, 1, 1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := NewWorld(t, Options{OSS: true})
			if tc.name == "between posts" {
				// Two alerts pending per receiver: the baseline's note,
				// which both refused, then the change.
				w.Slack.Enqueue(slacktest.RateLimited(120))
				w.Ding.Enqueue(dingtalktest.Throttled)
				w.Check(1)
			} else {
				w.baseline()
			}
			w.BudgetUp()
			rules := tc.setup(w)
			if tc.name == "after a post landed, before it was recorded" {
				// Kill only once DingTalk's delivery is recorded, so that
				// Slack alone is caught between its post and its record.
				w.killAtAfter(rules[0], func() bool { return len(w.Keys("done/g2/")) == 1 })
			} else {
				w.killAt(rules...)
			}
			before := w.SlackCount(idSpring) + w.DingCount(idSpring)
			if os.Getenv("E2E_DEBUG") != "" {
				t.Logf("after the kill: %v\n%v", w.Keys("deliv/"), w.Keys("done/"))
			}

			// At once: the dead run's claims are live; nothing is posted
			// twice and the run succeeds.
			r := w.Check(0)
			if r.Report.Generation != 2 || len(r.Report.Changes) != 0 {
				t.Errorf("the run right after the kill: generation %d, changes %+v; want generation 2, nothing new", r.Report.Generation, r.Report.Changes)
			}
			if after := w.SlackCount(idSpring) + w.DingCount(idSpring); after != before {
				t.Errorf("the run right after the kill posted the change %d more times while the dead run's claims were live", after-before)
			}

			w.waitClaims()
			r = w.Check(0)
			if os.Getenv("E2E_DEBUG") != "" {
				t.Logf("repair run:\n%s", r.Stderr)
			}
			w.WantCounts(idSpring, tc.wantSlack, tc.wantDing)
			if tc.wantDone {
				if done := w.Keys("done/g2/"); len(done) != 2 {
					t.Errorf("after the repair, the alert is recorded done for %d receivers, want 2: %v", len(done), done)
				}
			}
			// And nothing more, ever.
			w.Check(0)
			w.WantCounts(idSpring, tc.wantSlack, tc.wantDing)
		})
	}
}

// killAtAfter starts a check, waits until rule (if any) applied to a
// request and ready() holds, then kills it and clears every gate's rules.
func (w *World) killAtAfter(rule *Rule, ready func() bool) {
	w.t.Helper()
	p := w.Start(nil, "check", "--json")
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		reached := rule == nil || rule.Applied() > 0
		if reached && ready() {
			p.Kill()
			for _, g := range []*Gate{w.CAMS, w.OSSG, w.SlkG, w.DngG} {
				g.Clear()
			}
			return
		}
		select {
		case <-p.done:
			w.t.Fatalf("the check ended before reaching the step to kill it at: exit %d\n%s", p.res.Code, tail(p.res.Stderr, 3000))
		default:
		}
		time.Sleep(20 * time.Millisecond)
	}
	w.t.Fatalf("the check did not reach the step to kill it at within a minute\n%s", tail(p.Stderr(), 3000))
}
