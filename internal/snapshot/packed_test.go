package snapshot

import (
	"context"
	"maps"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// TestLoadPackedReadsWhatLoadReads: a snapshot loaded packed yields, in
// order and as often as it is read, exactly the campaigns Load returns,
// string ids, numeric ids and names of any script alike, and Compare
// finds the same changes from it.
func TestLoadPackedReadsWhatLoadReads(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, "file://"+t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	cs := fakeCampaigns(3000, 5)
	cs = append(cs,
		campaign.Campaign{CustSpaceID: "zz", PageID: "1001", CampaignID: "007", CampaignName: "春季促销 🎉", Status: "PAUSED", Budget: -5},
		campaign.Campaign{CustSpaceID: "zz", PageID: "1001", CampaignID: "9223372036854775808", CampaignName: "", CreateTime: -1},
		campaign.Campaign{CustSpaceID: "zz", PageID: "1001", CampaignID: "abc", CampaignName: "x", AdAccountID: "act_9"})
	campaign.SortCampaigns(cs)
	at := time.Date(2026, 12, 7, 4, 0, 0, 0, time.UTC)
	if err := s.Commit(ctx, testSnapshot(1, at, cs), nil); err != nil {
		t.Fatal(err)
	}
	whole, err := s.Load(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.LoadPacked(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if p.Campaigns != nil || p.Rows == nil || p.Len() != len(cs) {
		t.Fatalf("packed: %d Campaigns, Rows %v, Len %d; want none, rows, %d", len(p.Campaigns), p.Rows != nil, p.Len(), len(cs))
	}
	for range 2 {
		if got := slices.Collect(p.All()); !slices.Equal(got, whole.Campaigns) || !slices.Equal(got, cs) {
			t.Fatalf("packed rows differ from Load's campaigns")
		}
	}
	// Each channel's count, from the packed rows' channels without
	// reading them, is what counting Load's campaigns one by one gives.
	counted := map[campaign.ChannelID]int{}
	for _, c := range cs {
		counted[campaign.ChannelID{CustSpaceID: c.CustSpaceID, PageID: c.PageID}]++
	}
	if got, gotWhole := p.CountByChannel(), whole.CountByChannel(); !maps.Equal(got, counted) || !maps.Equal(gotWhole, counted) {
		t.Fatalf("CountByChannel: packed %v, loaded %v; want %v", got, gotWhole, counted)
	}
	n := 0
	for range p.All() {
		if n++; n == 10 {
			break
		}
	}
	next := testSnapshot(2, at.Add(time.Hour), slices.Clone(cs))
	next.Campaigns = slices.Delete(next.Campaigns, 100, 110) // removed
	next.Campaigns[5].Budget += 700                          // budget changed
	next.Campaigns[7].Status = "PAUSED"                      // status changed
	next.Campaigns[len(next.Campaigns)-1].CampaignName = "y" // renamed
	extra := next.Campaigns[0]
	extra.CampaignID = strconv.Itoa(1 << 40)
	next.Campaigns = append(next.Campaigns, extra) // added
	campaign.SortCampaigns(next.Campaigns)
	got, want := campaign.Compare(p, next, campaign.Threshold{}), campaign.Compare(whole, next, campaign.Threshold{})
	if len(want.Changes) != 14 || !reflect.DeepEqual(got, want) {
		t.Fatalf("Compare from packed rows: %d changes, from Load: %d (want 14)\n got %+v\nwant %+v", len(got.Changes), len(want.Changes), got, want)
	}
}

// TestPackedHoldsAThird: the point of packing, checked on the live heap:
// 100,000 campaigns loaded packed hold less than half of what the same
// snapshot holds decoded into a []Campaign (about 6 MB against 18 MB).
func TestPackedHoldsAThird(t *testing.T) {
	data, err := encodeSnapshot(testSnapshot(1, time.Unix(1700000000, 0), fakeCampaigns(100_000, 7)))
	if err != nil {
		t.Fatal(err)
	}
	held := func(decode func([]byte) (*campaign.Snapshot, error)) uint64 {
		var m0, m1 runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m0)
		s, err := decode(data)
		if err != nil {
			t.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&m1)
		runtime.KeepAlive(s)
		return m1.HeapAlloc - m0.HeapAlloc
	}
	packed, whole := held(decodePacked), held(decodeSnapshot)
	t.Logf("100,000 campaigns held: packed %d KiB, decoded %d KiB", packed>>10, whole>>10)
	if packed*2 > whole {
		t.Errorf("packed rows hold %d KiB, decoded campaigns %d KiB: want less than half", packed>>10, whole>>10)
	}
}
