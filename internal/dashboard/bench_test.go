package dashboard_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/dashboard"
	"github.com/campaignwatch/campaignwatch/internal/snapshot"
	"github.com/campaignwatch/campaignwatch/notify/catalog"
)

// Scale of the benchmark: the latest snapshot holds benchCampaigns
// campaigns over benchChannels channels, after a year of daily checks of
// benchChanges changes each and a digest a day.
const (
	benchCampaigns = 100_000
	benchChannels  = 100
	benchDays      = 365
	benchChanges   = 10
)

// benchStore lays down the year in a file:// store through the store's
// own Commit and Prune, as the checks write them (the history and the
// daily series are recorded with each commit). The year's older snapshots
// are small (a store keeps only days of them); the last two have every
// campaign.
func benchStore(b *testing.B) (*snapshot.Store, []campaign.Channel, time.Time) {
	b.Helper()
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	clock := now.AddDate(0, 0, -benchDays)
	store, err := snapshot.Open(ctx, "file://"+b.TempDir(), snapshot.Options{Now: func() time.Time { return clock }, HistoryDays: 400})
	if err != nil {
		b.Fatal(err)
	}
	var channels []campaign.Channel
	for i := range benchChannels {
		channels = append(channels, campaign.Channel{ChannelID: campaign.ChannelID{CustSpaceID: fmt.Sprintf("cams-%03d", i), PageID: fmt.Sprintf("%06d", 239000+i)}, Name: fmt.Sprintf("Brand %03d", i)})
	}
	all := benchCampaignsOf(channels, benchCampaigns)
	small := all[:0:0]
	for i := 0; i < len(all); i += benchCampaigns / 100 {
		small = append(small, all[i])
	}
	for day := 1; day <= benchDays; day++ {
		clock = now.AddDate(0, 0, day-benchDays)
		cs := small
		if day >= benchDays-1 {
			cs = all
		}
		snap := &campaign.Snapshot{Generation: int64(day), TakenAt: clock, Campaigns: cs}
		for _, ch := range channels {
			snap.Channels = append(snap.Channels, campaign.ChannelState{ChannelID: ch.ChannelID, Name: ch.Name, Complete: true})
		}
		var changes []campaign.Change
		for k := range benchChanges {
			c := all[(day*benchChanges+k)*7919%len(all)]
			changes = append(changes, campaign.Change{Type: campaign.BudgetChanged, CustSpaceID: c.CustSpaceID, PageID: c.PageID,
				CampaignID: c.CampaignID, CampaignName: c.CampaignName, Old: fmt.Sprint(c.Budget - 500), New: fmt.Sprint(c.Budget), BudgetType: c.BudgetType})
		}
		alert := &campaign.Alert{Kind: campaign.AlertChanges, Generation: int64(day), At: clock, RunID: fmt.Sprint(day), Changes: changes}
		if err := store.Commit(ctx, snap, alert); err != nil {
			b.Fatal(err)
		}
		// As a check does after its commit: old generations go, and the
		// days that are over are folded into the history's day objects.
		if err := store.Prune(ctx, clock, 8*24*time.Hour); err != nil {
			b.Fatal(err)
		}
	}
	return store, channels, now
}

func benchCampaignsOf(channels []campaign.Channel, n int) []campaign.Campaign {
	out := make([]campaign.Campaign, 0, n)
	per := n / len(channels)
	for _, ch := range channels {
		for i := range per {
			status := "AVAILABLE"
			if i%4 == 3 {
				status = "PAUSED"
			}
			out = append(out, campaign.Campaign{CustSpaceID: ch.CustSpaceID, PageID: ch.PageID, CampaignID: fmt.Sprintf("23%08d", i),
				CampaignName: fmt.Sprintf("campaign-%s-%d", ch.Name, i), Status: status, Budget: int64(1000 + (i*37)%90000),
				BudgetType: campaign.BudgetDaily, AdAccountID: "act_" + ch.PageID, CreateTime: int64(1.7e12) + int64(i)*60000})
		}
	}
	campaign.SortCampaigns(out)
	return out
}

// BenchmarkPages renders every page with 100,000 campaigns in the latest
// snapshot and a year of history: the server's time of one page, from
// the request to the last byte of HTML, the decoded snapshot kept (warm).
// "overview-cold" is the first page after a new check, which decodes the
// new snapshot.
func BenchmarkPages(b *testing.B) {
	store, channels, now := benchStore(b)
	opt := dashboard.Options{Source: store, Channels: channels, Now: func() time.Time { return now }}
	d, err := dashboard.New(opt)
	if err != nil {
		b.Fatal(err)
	}
	en := catalog.For("en")
	ctx := context.Background()
	k := channels[42].ChannelID
	for _, p := range []struct {
		name, path string
		query      map[string]string
	}{
		{"overview", "/ui/", nil},
		{"campaigns", "/ui/campaigns", nil},
		{"campaigns-search", "/ui/campaigns", map[string]string{"q": "campaign-brand 042-99"}},
		{"campaigns-by-name-page-500", "/ui/campaigns", map[string]string{"sort": "name", "page": "500"}},
		{"campaigns-channel-status", "/ui/campaigns", map[string]string{"channel": k.String(), "status": "PAUSED"}},
		{"campaign", "/ui/campaigns/" + k.CustSpaceID + "/" + k.PageID + "/2300000042", nil},
		{"changes", "/ui/changes", nil},
		{"changes-year", "/ui/changes", map[string]string{"since": "365d"}},
		{"changes-year-one-campaign", "/ui/changes", map[string]string{"since": "365d", "campaignId": "2300000042"}},
		{"silences", "/ui/silences", nil},
	} {
		b.Run(p.name, func(b *testing.B) {
			// Warm: the snapshots decoded, the alerts read.
			page := d.Serve(ctx, dashboard.Request{Path: p.path, Query: p.query, Lang: en})
			for b.Loop() {
				if r := d.Serve(ctx, dashboard.Request{Path: p.path, Query: p.query, Lang: en}); r.Status != http.StatusOK {
					b.Fatalf("%s: %d\n%s", p.path, r.Status, r.Body)
				}
			}
			b.ReportMetric(float64(len(page.Body))/1024, "KiB/page")
		})
	}
	b.Run("overview-cold", func(b *testing.B) {
		for b.Loop() {
			cold, _ := dashboard.New(opt)
			if r := cold.Serve(ctx, dashboard.Request{Path: "/ui/", Lang: en}); r.Status != http.StatusOK {
				b.Fatalf("%d", r.Status)
			}
		}
	})
}
