package snapshot

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// What the history adds to one committing check at 100 channels x 1,000
// campaigns, measured piece by piece (docs/history.md, "Cost"):
//
//	go test ./internal/snapshot -run XXX -bench History -benchtime 20x
//
// SumChannels and the series' JSON are added to every commit; the
// compaction check (one listing, two manifest reads) to every Prune; a
// day's compaction (144 manifests read, one object written) once a day.

func benchSnapshot(channels, per int, at time.Time) *campaign.Snapshot {
	var cs []campaign.Campaign
	var states []campaign.ChannelState
	for ch := range channels {
		id := campaign.ChannelID{CustSpaceID: fmt.Sprintf("cams-%03d", ch), PageID: fmt.Sprintf("%d", 239000+ch)}
		states = append(states, campaign.ChannelState{ChannelID: id, Name: "Brand " + id.PageID, Total: per, Complete: true})
		for i := range per {
			cs = append(cs, campaign.Campaign{CustSpaceID: id.CustSpaceID, PageID: id.PageID, CampaignID: fmt.Sprintf("2385%04d%08d", ch, i),
				CampaignName: fmt.Sprintf("campaign-%d", i), Status: []string{"AVAILABLE", "PAUSED"}[i%2], Budget: int64(1000 + i), BudgetType: []string{"daily", "lifetime"}[i%3/2]})
		}
	}
	campaign.SortCampaigns(cs)
	return &campaign.Snapshot{Generation: 1, TakenAt: at, Channels: states, Campaigns: cs}
}

// BenchmarkHistorySeriesPerCommit: the series row of a commit, counted
// and encoded into the manifest.
func BenchmarkHistorySeriesPerCommit(b *testing.B) {
	snap := benchSnapshot(100, 1000, time.Now())
	b.ResetTimer()
	for range b.N {
		if _, err := json.Marshal(campaign.SumChannels(snap)); err != nil {
			b.Fatal(err)
		}
	}
}

// benchStore commits a day and a check of the next at 100 channels, 10
// changes a check, and returns the store and its generations.
func benchStore(b *testing.B) (*Store, []int64) {
	b.Helper()
	ctx := context.Background()
	at := time.Date(2026, 3, 1, 0, 5, 0, 0, time.UTC)
	s, err := Open(ctx, "file://"+b.TempDir(), Options{Now: func() time.Time { return at }})
	if err != nil {
		b.Fatal(err)
	}
	snap := benchSnapshot(100, 10, at)
	for g := int64(1); g <= 145; g++ {
		snap.Generation, snap.TakenAt = g, at.Add(time.Duration(g-1)*10*time.Minute)
		a := &campaign.Alert{Kind: campaign.AlertChanges, Generation: g, At: snap.TakenAt}
		for i := range 10 {
			c := snap.Campaigns[(int(g)*10+i)%len(snap.Campaigns)]
			a.Changes = append(a.Changes, campaign.Change{Type: campaign.BudgetChanged, CustSpaceID: c.CustSpaceID, PageID: c.PageID,
				CampaignID: c.CampaignID, CampaignName: c.CampaignName, Old: "1000", New: "1100", Budget: 1100, BudgetType: "daily"})
		}
		if err := s.Commit(ctx, snap, a); err != nil {
			b.Fatal(err)
		}
	}
	gens, err := s.generations(ctx)
	if err != nil {
		b.Fatal(err)
	}
	return s, gens
}

// BenchmarkHistoryCompactionCheck: what every Prune adds when no day
// ended since the last compaction.
func BenchmarkHistoryCompactionCheck(b *testing.B) {
	s, gens := benchStore(b)
	ctx := context.Background()
	if _, err := s.compactHistory(ctx, gens); err != nil { // the day before is compacted
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		if _, err := s.compactHistory(ctx, gens); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHistoryDailyCompaction: compacting a day of 144 checks, once a
// day.
func BenchmarkHistoryDailyCompaction(b *testing.B) {
	s, gens := benchStore(b)
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		keys, err := s.b.List(ctx, historyDir)
		if err != nil {
			b.Fatal(err)
		}
		for _, k := range keys {
			_ = s.b.Delete(ctx, k)
		}
		b.StartTimer()
		if through, err := s.compactHistory(ctx, gens); err != nil || through != 144 {
			b.Fatal(through, err)
		}
	}
}
