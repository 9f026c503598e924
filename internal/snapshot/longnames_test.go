package snapshot

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// longNamesCampaigns are the names that wedged a store (issue 11, defect
// 1): one name of 4,097 bytes, one of 10,000 characters, and 200 names of
// 300 bytes that share a 292-byte prefix, as a naming convention in
// Chinese does (three bytes a character), among ordinary campaigns.
func longNamesCampaigns() []campaign.Campaign {
	prefix := strings.Repeat("春季促销", 25) // 300 bytes
	cs := fakeCampaigns(40, 11)
	cs[3].CampaignName = strings.Repeat("L", 4097)
	cs[7].CampaignName = strings.Repeat("名", 10_000)
	for i := range 200 {
		cs = append(cs, campaign.Campaign{
			CustSpaceID: "cams-long", PageID: "777", CampaignID: fmt.Sprint(900000 + i),
			CampaignName: prefix[:292] + fmt.Sprintf("-%07d", i+1), Status: "AVAILABLE",
			Budget: int64(100 * i), BudgetType: campaign.BudgetDaily, AdAccountID: "acct-long",
			CreateTime: 1735689600000 + int64(i),
		})
	}
	campaign.SortCampaigns(cs)
	return cs
}

func roundTrip(t *testing.T, snap *campaign.Snapshot) {
	t.Helper()
	b, err := encodeSnapshot(snap)
	if err != nil {
		t.Fatalf("encoding: %v", err)
	}
	got, err := decodeSnapshot(b)
	if err != nil {
		t.Fatalf("a snapshot the encoder wrote cannot be read: %v", err)
	}
	got.TakenAt = snap.TakenAt
	if !reflect.DeepEqual(got.Campaigns, snap.Campaigns) || !reflect.DeepEqual(got.Channels, snap.Channels) {
		t.Fatalf("round trip differs")
	}
}

// TestLongNamesRoundTrip: the two reproductions of the defect. Whatever
// the encoder writes, the decoder reads.
func TestLongNamesRoundTrip(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	t.Run("one name of 4097 bytes", func(t *testing.T) {
		cs := fakeCampaigns(3, 1)
		cs[1].CampaignName = strings.Repeat("L", 4097)
		roundTrip(t, testSnapshot(1, at, cs))
	})
	t.Run("200 names sharing a 300-byte prefix", func(t *testing.T) {
		prefix := strings.Repeat("p", 300)
		var cs []campaign.Campaign
		for i := range 200 {
			cs = append(cs, campaign.Campaign{CustSpaceID: "cams-a", PageID: "101", CampaignID: fmt.Sprint(i + 1),
				CampaignName: prefix[:292] + fmt.Sprintf("-%07d", i+1)})
		}
		roundTrip(t, testSnapshot(1, at, cs))
	})
	t.Run("long CJK names with a shared prefix and a 10,000-character name", func(t *testing.T) {
		roundTrip(t, testSnapshot(1, at, longNamesCampaigns()))
	})
}

// TestReadsStoresWrittenBeforeTheFix: testdata/v1-long-names.snap was
// written by the format-1 encoder of the build that had the defect (before
// this fix), from longNamesCampaigns. A store that build wrote must stay
// readable: nothing a user has is lost.
func TestReadsStoresWrittenBeforeTheFix(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "v1-long-names.snap"))
	if err != nil {
		t.Fatal(err)
	}
	if b[len(dataMagic)] != 1 {
		t.Fatalf("the golden object is format %d, want 1", b[len(dataMagic)])
	}
	got, err := decodeSnapshot(b)
	if err != nil {
		t.Fatalf("a snapshot written before the fix cannot be read: %v", err)
	}
	want := testSnapshot(5, time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), longNamesCampaigns())
	got.TakenAt = want.TakenAt
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("the format-1 object decodes to a different snapshot")
	}
}
