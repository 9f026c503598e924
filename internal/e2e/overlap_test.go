package e2e

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// TestOverlap: ten checks started together against one store announce each
// change to each receiver exactly once between them, on file:// and on the
// OSS fake.
func TestOverlap(t *testing.T) {
	t.Parallel()
	for _, store := range []struct {
		name string
		oss  bool
	}{{"file", false}, {"oss", true}} {
		t.Run(store.name, func(t *testing.T) {
			t.Parallel()
			w := NewWorld(t, Options{OSS: store.oss})
			// Ten baselines at once: one commits, one note per receiver.
			results := w.together(10)
			baselines, superseded := 0, 0
			for _, r := range results {
				if r.Report.Baseline && !r.Report.Superseded {
					baselines++
				}
				if r.Report.Superseded {
					superseded++
				}
			}
			if w.SlackCount("") != 1 || w.DingCount("") != 1 {
				t.Errorf("ten baselines at once: Slack has %d notes, DingTalk %d; want 1 each", w.SlackCount(""), w.DingCount(""))
			}
			t.Logf("ten baselines: %d committed, %d superseded", baselines, superseded)

			// Ten checks of one round of changes at once.
			w.BudgetUp()
			w.Edit(chA, idNew, func(c *campaign.Campaign) { c.Status = "PAUSED" })
			w.Remove(chB, idGone)
			results = w.together(10)
			found := 0
			for _, r := range results {
				if r.Report.ChangeOf(idSpring) != nil && !r.Report.Superseded {
					found++
				}
			}
			if found != 1 {
				t.Errorf("%d of the ten checks committed the change, want 1", found)
			}
			for _, id := range []string{idSpring, idNew, idGone} {
				w.WantCounts(id, 1, 1)
			}
			gens := w.Keys("gen/")
			if len(gens) != 2 {
				t.Errorf("the store has generations %v, want two", gens)
			}
		})
	}
}

// together starts n checks at once, waits for them all and fails the test
// unless each exits 0 with a report.
func (w *World) together(n int) []Result {
	w.t.Helper()
	// A barrier: every check's first page is held until all n have asked
	// for it, so that all of them list before any commits.
	barrier := w.CAMS.On(&Rule{Do: Hold, Times: n, Match: func(r *http.Request) bool {
		q := r.URL.Query()
		return q.Get("CustSpaceId") == channelA.CustSpaceID && strings.Contains(q.Get("Page"), `"Index":1,`)
	}})
	procs := make([]*Proc, n)
	for i := range procs {
		procs[i] = w.Start(nil, "check", "--json")
	}
	deadline := time.Now().Add(time.Minute)
	for barrier.Applied() < n && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if got := barrier.Applied(); got < n {
		w.t.Errorf("only %d of %d checks reached the listing within a minute", got, n)
	}
	barrier.Release()
	out := make([]Result, n)
	for i, p := range procs {
		out[i] = p.Wait(w.t)
		if out[i].Code != 0 || out[i].Report == nil {
			w.t.Errorf("check %d of %d at once: exit %d\n%s", i+1, n, out[i].Code, tail(out[i].Stderr, 2000))
		}
	}
	if w.t.Failed() {
		w.t.FailNow()
	}
	return out
}
