package run

import (
	"context"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// statusFiltered makes Brand A watch its AVAILABLE campaigns only.
func (r *rig) statusFiltered() {
	r.opt.Channels[0].Filters.Status = "AVAILABLE"
}

func changeList(rep *campaign.Report) string {
	var out []string
	for _, c := range rep.Changes {
		out = append(out, string(c.Type)+":"+c.CampaignID+":"+c.Old+"→"+c.New)
	}
	return strings.Join(out, ",")
}

func TestAPauseOnAStatusFilteredChannelIsAStatusChangeNotARemoval(t *testing.T) {
	rig := newRig(t)
	rig.statusFiltered()
	check(t, rig.runner(), false)

	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign { cs[0].Status = "PAUSED"; return cs })
	rep := check(t, rig.runner(), false)
	if got, want := changeList(rep), "status_changed:233001:AVAILABLE→PAUSED"; got != want {
		t.Fatalf("pausing a campaign of a channel that watches AVAILABLE ones: changes %s, want %s", got, want)
	}
	s, _ := rig.posted()
	if last := s[len(s)-1]; !strings.Contains(last, "active → paused") || strings.Contains(last, "removed") {
		t.Fatalf("Slack's message does not say the campaign was paused:\n%s", last)
	}
	snap, err := rig.store.Latest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Outside) != 1 || snap.Outside[0].CampaignID != "233001" || snap.Outside[0].Status != "PAUSED" {
		t.Fatalf("the snapshot's Outside = %+v, want the paused campaign", snap.Outside)
	}
	for _, c := range snap.Campaigns {
		if c.CampaignID == "233001" {
			t.Fatal("the paused campaign is still watched")
		}
	}
	if rep := check(t, rig.runner(), false); len(rep.Changes) != 0 {
		t.Fatalf("the next check found %s", changeList(rep))
	}

	// While it is outside, a new budget is no one's business; when it is
	// resumed, it comes back as a status change (and its budget's move).
	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign { cs[0].Budget = 9000; return cs })
	if rep := check(t, rig.runner(), false); len(rep.Changes) != 0 {
		t.Fatalf("a change outside the filter was announced: %s", changeList(rep))
	}
	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign { cs[0].Status = "AVAILABLE"; return cs })
	rep = check(t, rig.runner(), false)
	if got, want := changeList(rep), "budget_changed:233001:6200→9000,status_changed:233001:PAUSED→AVAILABLE"; got != want {
		t.Fatalf("resuming it: changes %s, want %s (not added)", got, want)
	}
	if snap, _ := rig.store.Latest(context.Background()); len(snap.Outside) != 0 {
		t.Fatalf("the resumed campaign is still outside: %+v", snap.Outside)
	}

	// A campaign deleted for good is still removed.
	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign { return cs[1:] })
	if got, want := changeList(check(t, rig.runner(), false)), "removed:233001:→"; got != want {
		t.Fatalf("deleting it: changes %s, want %s", got, want)
	}
}
