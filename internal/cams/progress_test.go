package cams

import (
	"context"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/cams/camsemu"
)

func TestListReportsProgress(t *testing.T) {
	var seen []Progress
	f := newFixture(t, camsemu.Options{MaxPageSize: 10}, Config{PageSize: 10, Concurrency: 2,
		Progress: func(p Progress) { seen = append(seen, p) }})
	f.emu.SetCampaigns("cams-a1", "239001", makeCampaigns("cams-a1", "239001", 25))
	f.emu.SetCampaigns("cams-b2", "239002", makeCampaigns("cams-b2", "239002", 7))
	if _, err := f.client.List(context.Background(), []campaign.Channel{channel("cams-a1", "239001"), channel("cams-b2", "239002")}); err != nil {
		t.Fatal(err)
	}
	if len(seen) == 0 {
		t.Fatal("the observer was never called")
	}
	first, last := seen[0], seen[len(seen)-1]
	if first.Channels != 2 || first.ChannelsDone != 0 || first.Campaigns != 0 {
		t.Errorf("first report %+v, want 0 of 2 channels and no campaigns", first)
	}
	if last.Channels != 2 || last.ChannelsDone != 2 || last.Campaigns != 32 || last.Calls != 4 {
		t.Errorf("last report %+v, want 2 of 2 channels, 32 campaigns, 4 calls", last)
	}
	for i := 1; i < len(seen); i++ {
		if seen[i].Campaigns < seen[i-1].Campaigns || seen[i].ChannelsDone < seen[i-1].ChannelsDone || seen[i].Calls < seen[i-1].Calls {
			t.Errorf("report %d went backwards: %+v after %+v", i, seen[i], seen[i-1])
		}
	}
	// 1 start + 4 pages + 2 channels.
	if len(seen) != 7 {
		t.Errorf("%d reports, want 7 (start, 4 pages, 2 channels)", len(seen))
	}
}

func TestNilProgressIsSafe(t *testing.T) {
	var pr *progress
	pr.add(1, 1, 1) // must not panic
	if newProgress(nil, 3) != nil {
		t.Error("newProgress(nil, ...) observes something")
	}
}
