package e2e

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/notify/dingtalk/dingtalktest"
	"github.com/campaignwatch/campaignwatch/notify/slack/slacktest"
)

// The crash tests SIGKILL the binary while a gate holds one request of a
// run, at each step of the run, then run again at once: the next run must
// not post what the dead run may still be posting, so it waits the dead
// run's claims out (a claim's 30 s at most), then delivers what is
// pending, each message once (but the one documented exception). They keep
// the snapshots on the OSS fake, whose gate can hold a write of a given
// object.

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

// checkAll runs `check --json` in each world at once and returns the
// results in the worlds' order: runs that wait out a dead run's claim
// (30 s at most) wait together.
func checkAll(t *testing.T, worlds []*World) []Result {
	t.Helper()
	procs := make([]*Proc, len(worlds))
	for i, w := range worlds {
		procs[i] = w.Start(nil, "check", "--json")
	}
	out := make([]Result, len(worlds))
	for i, p := range procs {
		out[i] = p.Wait(t)
	}
	return out
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

	// After the commit point: the next run, at once, waits the dead run's
	// claims out, then delivers. The scenarios are killed one after
	// another, then their next runs wait together (the one 30 s wait of
	// the test).
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
		var killed []*scenario
		var worlds []*World
		for _, sc := range scenarios {
			t.Run(sc.name+"/killed", func(st *testing.T) {
				w := NewWorld(t, Options{OSS: true}) // lives until the parent ends
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
				sc.w = w
				killed = append(killed, sc)
				worlds = append(worlds, w)
			})
		}
		results := checkAll(t, worlds)
		for i, sc := range killed {
			t.Run(sc.name+"/the next run", func(st *testing.T) {
				w, r := sc.w, results[i]
				defer w.as(st)()
				if r.Code != 0 || r.Report == nil {
					st.Fatalf("the run after the kill exited %d\n%s", r.Code, tail(r.Stderr, 3000))
				}
				if r.Report.Generation != 2 || len(r.Report.Changes) != 0 {
					st.Errorf("the run after the kill: generation %d, changes %+v; want generation 2, nothing new", r.Report.Generation, r.Report.Changes)
				}
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
			for _, g := range []*Gate{w.CAMS, w.OSSG, w.SlkG, w.DngG, w.FeiG, w.WcmG, w.HookG} {
				if g != nil {
					g.Clear()
				}
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
