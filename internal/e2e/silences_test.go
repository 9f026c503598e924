package e2e

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// TestSilenceOnTheBinary: a silence made with `silence add` for one
// channel and one receiver keeps that channel's change from that receiver
// only (the report counts it), a silence of every receiver for one
// campaign's changes is recorded in the history with its id, and nothing
// kept back is sent after the silences are expired.
func TestSilenceOnTheBinary(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{})
	w.Check(0)
	add := func(args ...string) string {
		t.Helper()
		r := w.Run(append([]string{"silence", "add", "--for", "1h", "--comment", "restructuring"}, args...)...)
		if r.Code != 0 {
			t.Fatalf("silence add %v exited %d:\n%s", args, r.Code, r.Stderr)
		}
		return strings.TrimSpace(r.Stdout)
	}
	chSilence := add("--channel", "Brand A", "--receiver", "slack")
	w.BudgetUp()                                                                // Brand A
	w.Edit(chB, idFlash, func(c *campaign.Campaign) { c.Status = "AVAILABLE" }) // Brand B
	g := guardsOf(t, w.Check(0))
	w.WantCounts(idSpring, 0, 1)
	w.WantCounts(idFlash, 1, 1)
	for _, n := range g.Notifications {
		if want := map[string]int{"slack": 1, "dingtalk": 0}[n.Receiver]; n.Silenced != want {
			t.Errorf("report line of %s: silenced %d, want %d", n.Receiver, n.Silenced, want)
		}
	}
	campSilence := add("--campaign", idNew, "--type", "status_changed")
	w.Edit(chA, idNew, func(c *campaign.Campaign) { c.Status = "PAUSED" })
	w.Check(0)
	w.WantCounts(idNew, 0, 0)
	r := w.Run("history", "--json", "--campaign", idNew)
	var h struct {
		Changes []struct {
			Type     string   `json:"type"`
			Silenced []string `json:"silenced"`
		} `json:"changes"`
	}
	if err := json.Unmarshal([]byte(r.Stdout), &h); err != nil || len(h.Changes) != 1 {
		t.Fatalf("history --json: %v\n%s\n%s", err, r.Stdout, r.Stderr)
	}
	if got := strings.Join(h.Changes[0].Silenced, ","); !strings.Contains(got, campSilence) || !strings.Contains(got, chSilence) {
		t.Fatalf("the history records silenced %q, want both %s and %s", got, chSilence, campSilence)
	}
	for _, id := range []string{chSilence, campSilence} {
		if r := w.Run("silence", "expire", id); r.Code != 0 {
			t.Fatalf("silence expire: %d %s", r.Code, r.Stderr)
		}
	}
	w.Check(0)
	w.WantCounts(idSpring, 0, 1)
	w.WantCounts(idNew, 0, 0)
	w.Edit(chA, idSpring, func(c *campaign.Campaign) { c.Budget = 9900 })
	w.Check(0)
	w.WantCounts(idSpring, 1, 2)
}
