package cams

import (
	"fmt"
	"slices"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/cams/camsemu"
)

// TestCallersAreReusedAcrossChannels lists 30 channels at concurrency 4,
// twice: at most one caller per call slot is built, and a caller that
// served one channel serves the next with nothing of it left over.
// The channels share their campaign ids (the set assemble checks for ids
// listed twice is cleared between them), a third are listed with a
// filter (another shape), and every listing of both rounds is the
// emulator's campaigns exactly, the first round's compared after the
// second has reused the callers that decoded it.
func TestCallersAreReusedAcrossChannels(t *testing.T) {
	f := newFixture(t, camsemu.Options{MaxPageSize: 50}, Config{Concurrency: 4})
	var chs []campaign.Channel
	var want [][]campaign.Campaign
	for i := range 30 {
		space := fmt.Sprintf("cams-%02d", i)
		cs := makeCampaigns(space, "239001", 120+i)
		for j := range cs {
			cs[j].CampaignID = fmt.Sprintf("shared-%05d", j) // the same ids in every channel
		}
		f.emu.SetCampaigns(space, "239001", cs)
		ch := channel(space, "239001")
		if i%3 == 1 {
			ch.Filters.Status = "PAUSED"
			cs = slices.DeleteFunc(slices.Clone(cs), func(c campaign.Campaign) bool { return c.Status != "PAUSED" })
		}
		campaign.SortCampaigns(cs)
		chs, want = append(chs, ch), append(want, cs)
	}
	var rounds [][]campaign.Listing
	for round := range 2 { // the second round starts with the callers kept from the first
		ls, err := f.client.List(t.Context(), chs)
		if err != nil {
			t.Fatalf("round %d: List: %v", round, err)
		}
		rounds = append(rounds, ls)
	}
	for round, ls := range rounds {
		for i, l := range ls {
			if !l.Complete || l.Err != nil || !slices.Equal(l.Campaigns, want[i]) {
				t.Errorf("round %d, %s: Complete=%v, %d campaigns (want %d, the emulator's), Err=%v", round, l.Channel.ChannelID, l.Complete, len(l.Campaigns), len(want[i]), l.Err)
			}
		}
	}
	// New builds one caller and keeps it; takeAPI builds the others.
	if built := f.client.idle.built.Load(); built > 3 {
		t.Errorf("%d callers built besides New's for two listings at concurrency 4; want at most 3", built)
	}
}

// TestCallerAfterAFailedChannel lists, on one caller, a channel whose
// pages repeat a campaign (its listing fails), then a channel with the
// same ids: the second is complete, nothing of the first's check left in
// the caller's set.
func TestCallerAfterAFailedChannel(t *testing.T) {
	f := newFixture(t, camsemu.Options{MaxPageSize: 50}, Config{Concurrency: 1})
	var chs []campaign.Channel
	for _, space := range []string{"cams-a1", "cams-a2"} {
		cs := makeCampaigns(space, "239001", 200)
		for j := range cs {
			cs[j].CampaignID = fmt.Sprintf("shared-%05d", j)
		}
		f.emu.SetCampaigns(space, "239001", cs)
		chs = append(chs, channel(space, "239001"))
	}
	f.emu.DuplicateRow(chs[0].ChannelID, 2)
	ls, err := f.client.List(t.Context(), chs)
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	if ls[0].Complete || ls[0].Err == nil {
		t.Errorf("%s: Complete=%v, Err=%v; want it failed on the repeated campaign", chs[0].ChannelID, ls[0].Complete, ls[0].Err)
	}
	if !ls[1].Complete || len(ls[1].Campaigns) != 200 {
		t.Errorf("%s: Complete=%v, %d campaigns, Err=%v; want all 200", chs[1].ChannelID, ls[1].Complete, len(ls[1].Campaigns), ls[1].Err)
	}
}

// TestPutShedsWhatAPageDoesNotNeed puts back a caller grown by answers
// far larger than a page: its buffer, rows and full interner are dropped;
// a caller grown by pages of 50 rows keeps them.
func TestPutShedsWhatAPageDoesNotNeed(t *testing.T) {
	var p idleCallers
	big := &caller{pages: pageDecoder{rows: make([]wireRow, 0, keptRows+1), budgets: make([]int64, keptRows+1), in: make(interner)}}
	big.body.Grow(keptBody + 1)
	for i := range maxInterned {
		big.pages.in.of(fmt.Sprint(i))
	}
	small := &caller{pages: pageDecoder{rows: make([]wireRow, 0, 50), budgets: make([]int64, 50), in: interner{"ACTIVE": "ACTIVE"}}}
	small.body.Grow(16 << 10)
	p.put(big)
	p.put(small)
	if big.body.Cap() != 0 || big.pages.rows != nil || big.pages.budgets != nil || big.pages.in != nil {
		t.Errorf("kept %d bytes of buffer, %d rows, %d budgets, %d interned; want none", big.body.Cap(), cap(big.pages.rows), len(big.pages.budgets), len(big.pages.in))
	}
	if small.body.Cap() < 16<<10 || cap(small.pages.rows) != 50 || len(small.pages.in) != 1 {
		t.Errorf("a page's caller lost what it grew: %d bytes, %d rows, %d interned", small.body.Cap(), cap(small.pages.rows), len(small.pages.in))
	}
}
