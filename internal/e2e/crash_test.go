package e2e

import (
	"encoding/json"
	"net/http"
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

// waitClaims sleeps until every delivery claim in the worlds' stores has
// expired: the guarantee is that a dead run blocks the next one for 30 s
// at most.
func waitClaims(t *testing.T, worlds ...*World) {
	t.Helper()
	var latest time.Time
	for _, w := range worlds {
		for _, k := range w.Keys("deliv/") {
			if !strings.Contains(k, "/claim-") {
				continue
			}
			var c struct {
				Expires time.Time `json:"expires"`
			}
			if err := json.Unmarshal(w.ReadObject(k), &c); err != nil {
				t.Fatalf("claim %s: %v", k, err)
			}
			if c.Expires.After(latest) {
				latest = c.Expires
			}
		}
	}
	wait := time.Until(latest) + 500*time.Millisecond
	if wait > 31*time.Second {
		t.Fatalf("a claim blocks delivery for %s, more than 30 s", wait.Round(time.Second))
	}
	if wait > 0 {
		t.Logf("waiting %s for the dead runs' claims to expire", wait.Round(100*time.Millisecond))
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
	// dead run held nor fails; once the claims expire, a run delivers. The
	// scenarios are killed and rerun one after another, then wait together
	// for the claims to expire (the one 30 s wait of the suite), then run
	// once more.
	t.Run("after the commit", func(t *testing.T) {
		t.Parallel()
		type scenario struct {
			name string
			// setup runs after the baseline and the change, before the
			// run to kill; it returns the rules to reach before the kill.
			setup func(w *World) []*Rule
			// wantSlack, wantDing: messages naming the change at the end.
			wantSlack, wantDing int
			w                   *World
		}
		scenarios := []*scenario{
			{name: "before any post", setup: func(w *World) []*Rule {
				return []*Rule{w.SlkG.On(&Rule{Do: Hold, Times: 1}), w.DngG.On(&Rule{Do: Hold, Times: 1})}
			}, wantSlack: 1, wantDing: 1},
			{name: "between posts", setup: func(w *World) []*Rule {
				return []*Rule{w.SlkG.On(&Rule{Do: Hold, Skip: 1, Times: 1}), w.DngG.On(&Rule{Do: Hold, Skip: 1, Times: 1})}
			}, wantSlack: 1, wantDing: 1},
			// The documented exception: Slack's post lands, its answer
			// never reaches the run, so it is posted once more.
			{name: "after a post landed, before it was recorded", setup: func(w *World) []*Rule {
				return []*Rule{w.SlkG.On(&Rule{Do: HoldAnswer, Times: 1})}
			}, wantSlack: 2, wantDing: 1},
			{name: "after the posts were recorded, before the alert was marked done", setup: func(w *World) []*Rule {
				return []*Rule{w.OSSG.On(&Rule{Do: Hold, Times: 2, Match: putOf("done/g2-")})}
			}, wantSlack: 1, wantDing: 1},
		}
		for _, sc := range scenarios {
			t.Run(sc.name+"/killed, then run at once", func(st *testing.T) {
				w := NewWorld(t, Options{OSS: true}) // lives until the parent ends
				sc.w = w
				defer w.as(st)()
				if sc.name == "between posts" {
					// Two alerts pending per receiver: the baseline's
					// note, which both refused, then the change.
					w.Slack.Enqueue(slacktest.RateLimited(120))
					w.Ding.Enqueue(dingtalktest.Throttled)
					w.Check(1)
				} else {
					w.baseline()
				}
				w.BudgetUp()
				rules := sc.setup(w)
				if sc.name == "after a post landed, before it was recorded" {
					// Kill only once DingTalk's delivery is recorded, so
					// that Slack alone is caught between post and record.
					w.killAtAfter(rules[0], func() bool { return len(w.Keys("done/g2-")) == 1 })
				} else {
					w.killAt(rules...)
				}
				before := w.SlackCount(idSpring) + w.DingCount(idSpring)
				r := w.Check(0)
				if r.Report.Generation != 2 || len(r.Report.Changes) != 0 {
					st.Errorf("the run right after the kill: generation %d, changes %+v; want generation 2, nothing new", r.Report.Generation, r.Report.Changes)
				}
				if after := w.SlackCount(idSpring) + w.DingCount(idSpring); after != before {
					st.Errorf("the run right after the kill posted the change %d more times while the dead run's claims were live", after-before)
				}
			})
		}
		var worlds []*World
		for _, sc := range scenarios {
			if sc.w != nil {
				worlds = append(worlds, sc.w)
			}
		}
		waitClaims(t, worlds...)
		for _, sc := range scenarios {
			t.Run(sc.name+"/after the claims expired", func(st *testing.T) {
				w := sc.w
				if w == nil {
					st.Skip("the kill did not happen")
				}
				defer w.as(st)()
				w.Check(0)
				w.WantCounts(idSpring, sc.wantSlack, sc.wantDing)
				if done := w.Keys("done/g2-"); len(done) != 2 {
					st.Errorf("after the repair, the alert is recorded done for %d receivers, want 2: %v", len(done), done)
				}
				// And nothing more, ever.
				w.Check(0)
				w.WantCounts(idSpring, sc.wantSlack, sc.wantDing)
			})
		}
	})
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
