package snapshot

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// BenchmarkHistoryAppend100k is what one committed check adds to the
// history, for 100,000 campaigns of which 1% changed budget: the series row
// (campaign.SumChannels over the snapshot) and the manifest that carries it
// with the alert's changes, the commit point the history is read from.
//
//	go test ./internal/snapshot -run '^$' -bench HistoryAppend -benchmem
func BenchmarkHistoryAppend100k(b *testing.B) {
	cs := fakeCampaigns(100_000, 7)
	snap := testSnapshot(2, time.Unix(1700000000, 0), cs)
	alert := &campaign.Alert{ID: "g2-token", Kind: campaign.AlertChanges, Generation: 2, At: snap.TakenAt, RunID: "run", Receivers: []string{"slack", "dingtalk"}}
	for i := 0; i < len(cs); i += 100 {
		c := cs[i]
		alert.Changes = append(alert.Changes, campaign.Change{Type: campaign.BudgetChanged, CustSpaceID: c.CustSpaceID, PageID: c.PageID,
			CampaignID: c.CampaignID, CampaignName: c.CampaignName, Old: strconv.FormatInt(c.Budget, 10), New: strconv.FormatInt(c.Budget*5/4, 10),
			Status: c.Status, Budget: c.Budget * 5 / 4, BudgetType: c.BudgetType})
	}
	var size int
	b.ReportAllocs()
	for b.Loop() {
		m := manifest{Schema: schemaVersion, Generation: 2, TakenAt: snap.TakenAt, CommittedAt: snap.TakenAt,
			Token: "token", Channels: snap.Channels, Data: dataKey(2, "token"), Campaigns: len(cs), Series: campaign.SumChannels(snap)}
		var err error
		if m.Alert, err = json.Marshal(alert); err != nil {
			b.Fatal(err)
		}
		mb, err := json.Marshal(m)
		if err != nil {
			b.Fatal(err)
		}
		size = len(mb)
	}
	b.ReportMetric(float64(size), "manifest-bytes")
}
