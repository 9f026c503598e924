package snapshot

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// TestManifestDecodedOnceForTheSameBytes: a manifest read again with the
// same bytes is not decoded again (the commit's delivery, then its
// prune); a generation rolled back and committed anew, same key and other
// bytes, is decoded afresh.
func TestManifestDecodedOnceForTheSameBytes(t *testing.T) {
	ctx := context.Background()
	onEachBackend(t, func(t *testing.T, s *Store, r raw, clk *clock) {
		a := &campaign.Alert{Kind: campaign.AlertChanges, Generation: 1, At: clk.now(), Receivers: receivers[:1]}
		if err := s.Commit(ctx, testSnapshot(1, clk.now(), fakeCampaigns(5, 1)), a); err != nil {
			t.Fatal(err)
		}
		m1, a1, err := s.manifest(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		m2, a2, err := s.manifest(ctx, 1)
		if err != nil || m2 != m1 || a2 != a1 {
			t.Fatalf("the same bytes were decoded again (%v)", err)
		}
		// Rolled back and committed anew: the operator moved the
		// manifest aside, and another run committed generation 1.
		b, _ := r.get(genKey(1))
		var raw map[string]any
		if err := json.Unmarshal(b, &raw); err != nil {
			t.Fatal(err)
		}
		raw["campaigns"] = 5.0
		raw["committedAt"] = clk.now().Add(1).Format("2006-01-02T15:04:05.999999999Z07:00")
		b, _ = json.Marshal(raw)
		r.set(genKey(1), b)
		m3, _, err := s.manifest(ctx, 1)
		if err != nil || m3 == m1 || !m3.CommittedAt.Equal(clk.now().Add(1)) {
			t.Fatalf("a manifest with other bytes was served from what the old ones decoded to (%v)", err)
		}
	})
}

// TestLoadedSnapshotsDoNotShareTheDecodedManifest: what a loaded snapshot
// holds of its manifest is its own, so that changing it cannot change
// what the next load of that generation returns.
func TestLoadedSnapshotsDoNotShareTheDecodedManifest(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	s, _ := backends()[0].open(t, clk.now)
	snap := testSnapshot(1, clk.now(), fakeCampaigns(5, 1))
	snap.Outside = []campaign.Campaign{{CustSpaceID: "cams-a1", PageID: "239001", CampaignID: "gone", Status: "PAUSED"}}
	if err := s.Commit(ctx, snap, nil); err != nil {
		t.Fatal(err)
	}
	first, err := s.Latest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	first.Channels[0].Name, first.Outside[0].Status = "changed", "changed"
	again, err := s.Latest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if again.Channels[0].Name == "changed" || again.Outside[0].Status == "changed" {
		t.Fatal("a change to one loaded snapshot showed in the next load")
	}
}
