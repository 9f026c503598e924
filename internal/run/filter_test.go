package run

import (
	"context"
	"fmt"
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

func TestAChannelWhoseFiltersChangedIsWatchedAfreshWithOneNote(t *testing.T) {
	for _, status := range []string{"PAUSED", "active"} {
		t.Run(status, func(t *testing.T) {
			rig := newRig(t)
			check(t, rig.runner(), false)
			rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign { cs[2].Budget = 600000; return cs })

			rig.opt.Channels[0].Filters.Status = status // Brand A lists none of its two campaigns now
			rep := check(t, rig.runner(), false)
			if got, want := changeList(rep), "budget_changed:233101:500000→600000"; got != want {
				t.Fatalf("changes %s, want only Brand B's budget (no removal in Brand A)", got)
			}
			s, d := rig.posted()
			for name, texts := range map[string][]string{"Slack": s, "DingTalk": d} {
				last := texts[len(texts)-1]
				if len(texts) != 2 || !strings.Contains(last, "filters were changed") || !strings.Contains(last, "0 campaigns now") ||
					strings.Contains(last, "Removed") || !strings.Contains(last, "US$6,000.00") {
					t.Errorf("%s got %d messages, the last:\n%s\nwant one with the note on Brand A and Brand B's change", name, len(texts), last)
				}
			}
			snap, _ := rig.store.Latest(context.Background())
			if f := snap.Channels[0].Filters; f == nil || f.Status != status {
				t.Fatalf("the snapshot records Brand A's filters as %+v", f)
			}
			if rep := check(t, rig.runner(), false); len(rep.Changes) != 0 {
				t.Fatalf("the next check found %s", changeList(rep))
			}
			if s, _ := rig.posted(); len(s) != 2 {
				t.Fatalf("the note was sent again: Slack has %d messages", len(s))
			}
		})
	}
}

// glitchOnce lists a channel as empty, once, as an API that answers a
// complete-looking empty listing by mistake.
type glitchOnce struct {
	*source
	channel campaign.ChannelID
	done    bool
}

func (g *glitchOnce) List(ctx context.Context, chs []campaign.Channel) ([]campaign.Listing, error) {
	out, err := g.source.List(ctx, chs)
	for i := range out {
		if !g.done && out[i].Channel.ChannelID == g.channel && out[i].Channel.Filters == (campaign.Filters{}) {
			out[i].Campaigns, out[i].Total, g.done = nil, 0, true
		}
	}
	return out, err
}

func TestADropOfMoreThanHalfIsListedAgainBeforeItIsAnnounced(t *testing.T) {
	rig := newRig(t)
	check(t, rig.runner(), false)

	g := &glitchOnce{source: rig.src, channel: rig.opt.Channels[0].ChannelID}
	rig.opt.Source = g
	rep, err := rig.runner().Check(context.Background(), false)
	if err == nil || campaign.KindOf(err) != campaign.Unavailable || !strings.Contains(err.Error(), "listed again it has 2") {
		t.Fatalf("err = %v, want the drop refused by the second listing", err)
	}
	if rep != nil && len(rep.Changes) != 0 {
		t.Fatalf("changes reported: %s", changeList(rep))
	}
	if s, _ := rig.posted(); len(s) != 1 {
		t.Fatalf("Slack got %d messages, want the baseline note only", len(s))
	}

	// A real drop says the same twice: it is announced.
	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign { return cs[2:] })
	if got, want := changeList(check(t, rig.runner(), false)), "removed:233001:→,removed:233002:→"; got != want {
		t.Fatalf("changes %s, want %s", got, want)
	}
}

func TestAMassPauseOnAStatusFilteredChannelRemovesNothing(t *testing.T) {
	rig := newRig(t)
	rig.statusFiltered()
	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign {
		for i := range maxConfirmations + 5 {
			cs = append(cs, campaign.Campaign{CustSpaceID: "cams-a1", PageID: "239001", CampaignID: fmt.Sprintf("2340%02d", i),
				CampaignName: "bulk", Status: "AVAILABLE", Budget: 100, BudgetType: "daily"})
		}
		return cs
	})
	check(t, rig.runner(), false)
	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign {
		for i := range cs {
			if cs[i].CustSpaceID == "cams-a1" {
				cs[i].Status = "PAUSED"
			}
		}
		return cs
	})
	rep := check(t, rig.runner(), false)
	if n := len(rep.Changes); n != maxConfirmations+7 || strings.Contains(changeList(rep), "removed") {
		t.Fatalf("pausing all %d campaigns: %d changes (%s), want a status change each and no removal", maxConfirmations+7, n, changeList(rep))
	}
}
