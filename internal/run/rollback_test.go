package run

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// TestRollbackThenCommitDeliversTheNewAlert follows the documented
// recovery ("move gen/N aside to roll back to N-1"): the next commit of
// generation N must be delivered, though the rolled-back generation N's
// delivery records say that its alert was (found in review: both alerts
// were "gN").
func TestRollbackThenCommitDeliversTheNewAlert(t *testing.T) {
	rig := newRig(t)
	r := rig.runner()
	check(t, r, false) // g1
	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign { cs[0].Budget = 7000; return cs })
	check(t, r, false) // g2, delivered
	dir := rig.store.Where()
	m := filepath.Join(dir, "gen", "00000000000000000002.json")
	if err := os.Rename(m, filepath.Join(t.TempDir(), "aside.json")); err != nil {
		t.Fatal(err)
	}
	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign { cs[1].Budget = 9900; return cs })
	rep := check(t, r, false) // commits a new g2 with both changes
	t.Logf("after rollback: gen %d, changes %d, notifications %+v", rep.Generation, len(rep.Changes), rep.Notifications)
	s, _ := rig.posted()
	for _, m := range s {
		if strings.Contains(m, "$99.00") {
			return
		}
	}
	t.Errorf("the winback change $40.00 → $99.00 was committed in the new generation 2 but never posted")
}
