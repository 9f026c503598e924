package snapshot

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// BenchmarkManifest1000 decodes the manifest of a generation whose alert
// holds 1,000 changes (a 1% change of 100,000 campaigns), as the delivery
// and Prune read it.
func BenchmarkManifest1000(b *testing.B) {
	at := newClock().now()
	token := newToken()
	a := &campaign.Alert{ID: genAlertID(1, token), Kind: campaign.AlertChanges, Generation: 1, At: at, Receivers: receivers[:1]}
	for i := range 1000 {
		a.Changes = append(a.Changes, campaign.Change{Type: campaign.BudgetChanged, CustSpaceID: "cams-perf", PageID: fmt.Sprint(300000 + i%100),
			CampaignID: fmt.Sprint(1000000 + i), CampaignName: fmt.Sprintf("campaign %d of a long autumn season promotion", i),
			Old: "62.00", New: "80.00", Budget: 8000, BudgetType: campaign.BudgetDaily})
	}
	alert, err := json.Marshal(a)
	if err != nil {
		b.Fatal(err)
	}
	raw, err := json.Marshal(manifest{Schema: schemaVersion, Generation: 1, TakenAt: at, CommittedAt: at,
		Token: token, Data: dataKey(1, token), Campaigns: 100000, Alert: alert})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, _, err := decodeManifest(raw, 1); err != nil {
			b.Fatal(err)
		}
	}
}
