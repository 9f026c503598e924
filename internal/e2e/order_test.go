package e2e

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// The ordering test kills a check while it holds the claim of an alert for
// Slack (once while its post waits out a failing endpoint's 500s, once
// while the post is in flight), on both stores, then commits a newer
// message before the dead run's claim expires: a budget change, or the
// recovered notice after a failing one. The guarantee: Slack gets the two
// in the order of the checks that found them, and its last word is the
// latest. Each next check waits the dead claim out (30 s at most); they
// wait together.

// killModes are the two moments a run is killed holding a Slack claim.
var killModes = []struct {
	name string
	rule func(w *World) *Rule
}{
	{"while its post waits on a failing endpoint", func(w *World) *Rule {
		return w.SlkG.On(&Rule{Do: Answer, Status: http.StatusInternalServerError, ContentType: "text/plain", Body: "internal_error"})
	}},
	{"while its post is in flight", func(w *World) *Rule {
		return w.SlkG.On(&Rule{Do: Hold, Times: 1})
	}},
}

var stores = []struct {
	name string
	oss  bool
}{{"file", false}, {"oss", true}}

// slackOrder returns, oldest first, the Slack messages that contain one of
// marks, each as the first mark it contains.
func (w *World) slackOrder(marks ...string) []string {
	var out []string
	for _, p := range w.Slack.Payloads() {
		for _, m := range marks {
			if bytes.Contains(p, []byte(m)) {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// orderScenario is one kill and what must follow it.
type orderScenario struct {
	name string
	oss  bool
	// kill brings w to a run killed while it holds a Slack claim, and
	// then makes the newer change; the next check commits it.
	kill func(w *World)
	// first and last are what Slack must get, in that order.
	first, last string
}

func TestADeadRunsClaimKeepsTheOrder(t *testing.T) {
	t.Parallel()
	budgets := func(w *World, rule func(w *World) *Rule) {
		w.baseline()
		w.BudgetUp()
		w.killAtAfter(rule(w), func() bool { return true })
		w.Edit(chA, idSpring, func(c *campaign.Campaign) { c.Budget = 9900 })
	}
	health := func(w *World, rule func(w *World) *Rule) {
		w.baseline()
		refuse := camsRefuses(w)
		w.Check(1)
		w.Check(1)
		// The third failure queues the failing notice; the run is killed
		// while it posts it. The next check succeeds: it queues the
		// recovered notice.
		w.killAtAfter(rule(w), func() bool { return refuse.Applied() > 0 })
	}
	var scenarios []*orderScenario
	for _, st := range stores {
		for _, mode := range killModes {
			scenarios = append(scenarios,
				&orderScenario{name: "budget/" + st.name + "/" + mode.name, oss: st.oss,
					first: "US$62.00 → US$80.00", last: "US$80.00 → US$99.00",
					kill: func(w *World) { budgets(w, mode.rule) }},
				&orderScenario{name: "health/" + st.name + "/" + mode.name, oss: st.oss,
					first: checksFailing, last: checksRecovered,
					kill: func(w *World) { health(w, mode.rule) }})
		}
	}
	var worlds []*World
	var killed []*orderScenario
	for _, sc := range scenarios {
		t.Run(sc.name+"/killed", func(st *testing.T) {
			w := NewWorld(t, Options{OSS: sc.oss, NoDingTalk: true}) // lives until the parent ends
			defer w.as(st)()
			sc.kill(w)
			if got := w.slackOrder(sc.first, sc.last); len(got) != 0 {
				st.Fatalf("Slack got %q from the run that was killed", got)
			}
			worlds = append(worlds, w)
			killed = append(killed, sc)
		})
	}
	// The newer change is committed while each dead run's claim is live:
	// each check waits the claim out, then delivers both, in order.
	results := checkAll(t, worlds)
	for i, sc := range killed {
		t.Run(sc.name+"/the next run", func(st *testing.T) {
			w, r := worlds[i], results[i]
			defer w.as(st)()
			if r.Code != 0 || r.Report == nil {
				st.Fatalf("the check after the kill exited %d\n%s", r.Code, tail(r.Stderr, 3000))
			}
			if got := w.slackOrder(sc.first, sc.last); strings.Join(got, " | ") != sc.first+" | "+sc.last {
				st.Fatalf("Slack got %q, want %q then %q: its last word must be the latest", got, sc.first, sc.last)
			}
			w.Check(0)
			if got := w.slackOrder(sc.first, sc.last); len(got) != 2 {
				st.Errorf("a further check posted again: %q", got)
			}
		})
	}
}
