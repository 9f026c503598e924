package run

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// A silence on one channel and one receiver keeps that channel's change
// from that receiver only, counts it in the report, and records it on the
// alert when no receiver got it; after it ends, nothing it kept is sent.
func TestSilenceMutesOnlyWhatItMatches(t *testing.T) {
	rig := newRig(t)
	rig.clock()
	rig.routed(campaign.Route{}, campaign.Route{})
	rig.opt.Silences = rig.store
	check(t, rig.runner(), false)
	ctx := context.Background()
	sl := campaign.Silence{ID: "s1", StartsAt: rig.now, EndsAt: rig.now.Add(time.Hour), Comment: "restructuring",
		CreatedBy: "cli", Channels: []string{"cams-a1:239001"}, Receivers: []string{"slack"}}
	if err := rig.store.AddSilence(ctx, sl); err != nil {
		t.Fatal(err)
	}
	rig.now = rig.now.Add(10 * time.Minute)
	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign {
		cs[0].CampaignName = "spring-sale-2" // Brand A
		cs[2].CampaignName = "launch-2"      // the other channel
		return cs
	})
	rep := check(t, rig.runner(), false)
	s, d := rig.posted()
	if len(s) != 2 || strings.Contains(s[1], "spring-sale-2") || !strings.Contains(s[1], "launch-2") {
		t.Fatalf("slack got %q; want the other channel's change only", s)
	}
	if len(d) != 2 || !strings.Contains(d[1], "spring-sale-2") || !strings.Contains(d[1], "launch-2") {
		t.Fatalf("dingtalk (not silenced) got %q", d)
	}
	if got := delivery(t, rep, "slack"); got.Silenced != 1 {
		t.Fatalf("slack's delivery %+v, want silenced 1", got)
	}
	if got := delivery(t, rep, "dingtalk"); got.Silenced != 0 {
		t.Fatalf("dingtalk's delivery %+v, want silenced 0", got)
	}

	// Silence every receiver for Brand A: the change is kept from all and
	// recorded with the silence's id.
	all := campaign.Silence{ID: "s2", StartsAt: rig.now, EndsAt: rig.now.Add(time.Hour), Comment: "all of Brand A",
		CreatedBy: "dashboard", Channels: []string{"cams-a1:239001"}, Types: []string{"renamed"}}
	if err := rig.store.AddSilence(ctx, all); err != nil {
		t.Fatal(err)
	}
	rig.now = rig.now.Add(10 * time.Minute)
	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign { cs[0].CampaignName = "spring-sale-3"; return cs })
	rep = check(t, rig.runner(), false)
	if delivery(t, rep, "slack").Silenced != 1 || delivery(t, rep, "dingtalk").Silenced != 1 {
		t.Fatalf("deliveries %+v, want one silenced each", rep.Notifications)
	}
	if s2, d2 := rig.posted(); len(s2) != len(s) || len(d2) != len(d) {
		t.Fatalf("a change silenced for everyone was sent: slack %d→%d, dingtalk %d→%d", len(s), len(s2), len(d), len(d2))
	}
	alerts, err := rig.store.Alerts(ctx, time.Time{}, rig.now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	last := alerts[len(alerts)-1]
	if len(last.Silenced) != 1 || last.Changes[last.Silenced[0].Change].CampaignName != "spring-sale-3" ||
		strings.Join(last.Silenced[0].Silences, ",") != "s1,s2" {
		t.Fatalf("alert records silenced %+v, want spring-sale-3 by s1,s2", last.Silenced)
	}

	// After both end, nothing they kept is sent; a new change is.
	rig.now = rig.now.Add(2 * time.Hour)
	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign { cs[1].CampaignName = "winback-2"; return cs })
	check(t, rig.runner(), false)
	s3, _ := rig.posted()
	if len(s3) != len(s)+1 || strings.Contains(s3[len(s3)-1], "spring-sale-3") || !strings.Contains(s3[len(s3)-1], "winback-2") {
		t.Fatalf("after the silences ended slack got %q", s3[len(s):])
	}
}
