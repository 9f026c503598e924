package cams

import (
	"fmt"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/cams/camsemu"
)

// TestCallersAreReusedAcrossChannels lists 30 channels at concurrency 4:
// at most one caller per call slot is built, and a caller that served one
// channel serves the next with nothing of it left over: channels with the
// same campaign ids (the set assemble checks for ids listed twice is
// cleared between them) and other shapes (filters) all list complete and
// exactly.
func TestCallersAreReusedAcrossChannels(t *testing.T) {
	f := newFixture(t, camsemu.Options{MaxPageSize: 50}, Config{Concurrency: 4})
	var chs []channelWant
	for i := range 30 {
		space := fmt.Sprintf("cams-%02d", i)
		cs := makeCampaigns(space, "239001", 120+i)
		for j := range cs {
			cs[j].CampaignID = fmt.Sprintf("shared-%05d", j) // the same ids in every channel
		}
		f.emu.SetCampaigns(space, "239001", cs)
		ch := channel(space, "239001")
		want := len(cs)
		if i%3 == 1 {
			ch.Filters.Status = "PAUSED"
			want = (len(cs) + 2) / 3
		}
		chs = append(chs, channelWant{ch, want})
	}
	for round := range 2 { // the second round starts with the callers kept from the first
		ls, err := f.client.List(t.Context(), channelsOf(chs))
		if err != nil {
			t.Fatalf("round %d: List: %v", round, err)
		}
		for i, l := range ls {
			if !l.Complete || len(l.Campaigns) != chs[i].want || l.Err != nil {
				t.Fatalf("round %d, %s: Complete=%v, %d campaigns (want %d), Err=%v", round, l.Channel.ChannelID, l.Complete, len(l.Campaigns), chs[i].want, l.Err)
			}
			for _, c := range l.Campaigns {
				if c.CustSpaceID != l.Channel.CustSpaceID || (l.Channel.Filters.Status != "" && c.Status != l.Channel.Filters.Status) {
					t.Fatalf("round %d, %s: campaign %+v is not the channel's", round, l.Channel.ChannelID, c)
				}
			}
		}
	}
	if built := f.client.idle.built.Load(); built > 4 {
		t.Errorf("%d callers built for two listings at concurrency 4; want at most 4", built)
	}
}

type channelWant struct {
	ch   campaign.Channel
	want int
}

func channelsOf(cw []channelWant) []campaign.Channel {
	out := make([]campaign.Channel, len(cw))
	for i, c := range cw {
		out[i] = c.ch
	}
	return out
}
