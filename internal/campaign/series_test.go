package campaign

import (
	"fmt"
	"testing"
)

// TestSumChannelsIsTheDigestsArithmetic: the series counts each channel
// as the digest's tally does, for the configured channels and for one the
// configuration no longer names, in key order after them.
func TestSumChannelsIsTheDigestsArithmetic(t *testing.T) {
	a := ChannelID{CustSpaceID: "cams-a1", PageID: "239001"}
	b := ChannelID{CustSpaceID: "cams-b2", PageID: "239002"}
	z := ChannelID{CustSpaceID: "cams-0", PageID: "1"}
	var cs []Campaign
	for i, st := range []string{"AVAILABLE", "ACTIVE", "PAUSED", "DELETED", "AVAILABLE", "AVAILABLE"} {
		for _, ch := range []ChannelID{a, b, z} {
			cs = append(cs, Campaign{CustSpaceID: ch.CustSpaceID, PageID: ch.PageID, CampaignID: fmt.Sprint(100 + i), Status: st,
				Budget: int64(1000 * (i + 1)), BudgetType: []string{BudgetDaily, BudgetLifetime, BudgetDaily}[i%3]})
		}
	}
	SortCampaigns(cs)
	snap := &Snapshot{Channels: []ChannelState{{ChannelID: b, Name: "Brand B"}, {ChannelID: a, Name: "Brand A"}}, Campaigns: cs}
	got := SumChannels(snap)
	tallies := tallyByChannel(cs)
	want := []ChannelID{b, a, z}
	if len(got) != len(want) {
		t.Fatalf("%d channels, want %d: %+v", len(got), len(want), got)
	}
	for i, id := range want {
		tl := tallies[id]
		active := tl.status["AVAILABLE"] + tl.status["ACTIVE"]
		if g := got[i]; g.ChannelID != id || g.Campaigns != tl.campaigns || g.Active != active || g.DailyBudget != tl.daily || g.LifetimeBudget != tl.lifetime {
			t.Errorf("channel %d: %+v, want %s with the tally %+v", i, g, id, *tl)
		}
	}
	if got[0].Name != "Brand B" || got[0].DailyBudget != 1000+6000 || got[0].LifetimeBudget != 2000+5000 || got[0].Active != 4 {
		t.Errorf("Brand B: %+v", got[0])
	}
}
