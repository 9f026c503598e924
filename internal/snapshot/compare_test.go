package snapshot

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// TestLoadToCompareSkipsTheSameCampaigns: a check whose listing has the
// content hash the previous generation was committed with gets that
// generation without its data object being read, holding the listing's
// own campaigns and the rest from the manifest; a listing with anything
// changed, or a generation committed before the hash was kept, gets the
// stored campaigns, packed.
func TestLoadToCompareSkipsTheSameCampaigns(t *testing.T) {
	ctx := context.Background()
	onEachBackend(t, func(t *testing.T, s *Store, r raw, clk *clock) {
		cs := fakeCampaigns(40, 3)
		first := commitFirst(t, s, clk, cs, map[campaign.Key]int64{cs[0].Key(): 100})
		if first.ContentHash != campaign.ContentHash(cs) {
			t.Fatalf("Commit kept %q as the content hash, want the campaigns'", first.ContentHash)
		}
		reads := &getsByKey{blobs: s.b.blobs, n: map[string]int{}}
		s.b.blobs = reads
		dataRead := func() int {
			n := 0
			for key, k := range reads.n {
				if strings.HasPrefix(key, dataDir) {
					n += k
				}
			}
			return n
		}

		same := testSnapshot(2, clk.now(), fakeCampaigns(40, 3))
		same.ContentHash = campaign.ContentHash(same.Campaigns)
		prev, err := s.LoadToCompare(ctx, 1, same)
		if err != nil {
			t.Fatal(err)
		}
		if dataRead() != 0 {
			t.Fatal("the data object was read for a listing with the same campaigns")
		}
		if prev.Rows != nil || len(prev.Campaigns) != len(same.Campaigns) || &prev.Campaigns[0] != &same.Campaigns[0] {
			t.Fatal("the snapshot does not hold the listing's own campaigns")
		}
		if prev.Generation != 1 || !prev.TakenAt.Equal(first.TakenAt) || prev.ContentHash != first.ContentHash ||
			len(prev.Incidents) != 2 || prev.BudgetRefs[cs[0].Key()] != 100 || len(prev.Channels) != len(first.Channels) {
			t.Fatalf("the manifest's part is missing: %+v", prev)
		}

		changed := testSnapshot(2, clk.now(), fakeCampaigns(40, 3))
		changed.Campaigns[7].Budget++
		changed.ContentHash = campaign.ContentHash(changed.Campaigns)
		if prev, err = s.LoadToCompare(ctx, 1, changed); err != nil || prev.Rows == nil || prev.Len() != 40 {
			t.Fatalf("a changed listing got %+v, %v; want the stored campaigns, packed", prev, err)
		}
		if dataRead() != 1 {
			t.Fatalf("the data object was read %d times for a changed listing, want once", dataRead())
		}
		if n := reads.n[genKey(1)]; n != 2 {
			t.Fatalf("the manifest was read %d times for two comparisons, want once each", n)
		}

		// A manifest written before the content hash was kept.
		b, _ := r.get(genKey(1))
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		delete(m, "contentHash")
		b, _ = json.Marshal(m)
		r.set(genKey(1), b)
		if prev, err = s.LoadToCompare(ctx, 1, same); err != nil || prev.Rows == nil || prev.ContentHash != "" {
			t.Fatalf("a generation without a content hash got %+v, %v; want the stored campaigns, packed", prev, err)
		}
	})
}

// TestCommittedHashIsTheCampaigns: the hash a generation is committed
// with is that of the campaigns it holds, as they are loaded back.
func TestCommittedHashIsTheCampaigns(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	s, _ := backends()[0].open(t, clk.now)
	snap := testSnapshot(1, clk.now().Add(time.Hour), fakeCampaigns(25, 9))
	if err := s.Commit(ctx, snap, nil); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got.ContentHash == "" || got.ContentHash != campaign.ContentHash(got.Campaigns) {
		t.Fatalf("generation 1 is committed with hash %q; its campaigns' is %q", got.ContentHash, campaign.ContentHash(got.Campaigns))
	}
}

// TestReadAheadReadsTheManifestOnce: a manifest read ahead, while a check
// lists, is what LoadToCompare then compares with, without reading it
// again; a read ahead that failed leaves LoadToCompare to read the
// manifest itself and to say why it cannot, as it does without one.
func TestReadAheadReadsTheManifestOnce(t *testing.T) {
	ctx := context.Background()
	onEachBackend(t, func(t *testing.T, s *Store, r raw, clk *clock) {
		first := commitFirst(t, s, clk, fakeCampaigns(30, 2), nil)
		reads := &getsByKey{blobs: s.b.blobs, n: map[string]int{}}
		s.b.blobs = reads

		same := testSnapshot(2, clk.now(), fakeCampaigns(30, 2))
		same.ContentHash = campaign.ContentHash(same.Campaigns)
		prev, err := s.LoadToCompare(s.ReadAhead(ctx, 1), 1, same)
		if err != nil {
			t.Fatal(err)
		}
		if n := reads.n[genKey(1)]; n != 1 {
			t.Fatalf("the manifest was read %d times, want once (ahead)", n)
		}
		if reads.n[guardrailsKeyOf(t, r, 1)] != 1 {
			t.Fatalf("the guardrail record was read %d times, want once (ahead)", reads.n[guardrailsKeyOf(t, r, 1)])
		}
		if prev.Generation != 1 || prev.ContentHash != first.ContentHash || len(prev.Incidents) != 2 || &prev.Campaigns[0] != &same.Campaigns[0] {
			t.Fatalf("compared with %+v, want generation 1 holding the listing's campaigns and its incidents", prev)
		}

		// Gone by the time it is read ahead, and put back before the
		// comparison: LoadToCompare reads it itself.
		b, _ := r.get(genKey(1))
		r.del(genKey(1))
		ahead := s.ReadAhead(ctx, 1)
		if _, err := s.LoadToCompare(ahead, 1, same); campaign.KindOf(err) != campaign.NotFound {
			t.Fatalf("LoadToCompare of a missing manifest read ahead = %v, want NotFound", err)
		}
		r.set(genKey(1), b)
		if prev, err = s.LoadToCompare(ahead, 1, same); err != nil || prev.Generation != 1 {
			t.Fatalf("LoadToCompare after a failed read ahead = %+v, %v; want generation 1 read again", prev, err)
		}

		// Damaged: the comparison says which object and how to recover.
		r.set(genKey(1), []byte(`{"generation":`))
		if _, err := s.LoadToCompare(s.ReadAhead(ctx, 1), 1, same); campaign.KindOf(err) != campaign.Invalid || !strings.Contains(err.Error(), genKey(1)) {
			t.Fatalf("LoadToCompare of a damaged manifest read ahead = %v, want Invalid naming %s", err, genKey(1))
		}
	})
}

// TestUnchangedAnswersAsLoadToCompare: Unchanged says true exactly when
// LoadToCompare then gives the listing's own campaigns, reads nothing
// LoadToCompare does not (the manifest once between them, ahead when read
// ahead), and says false for a manifest it cannot read.
func TestUnchangedAnswersAsLoadToCompare(t *testing.T) {
	ctx := context.Background()
	onEachBackend(t, func(t *testing.T, s *Store, r raw, clk *clock) {
		commitFirst(t, s, clk, fakeCampaigns(30, 2), nil)
		reads := &getsByKey{blobs: s.b.blobs, n: map[string]int{}}
		s.b.blobs = reads

		same := testSnapshot(2, clk.now(), fakeCampaigns(30, 2))
		same.ContentHash = campaign.ContentHash(same.Campaigns)
		changed := testSnapshot(2, clk.now(), fakeCampaigns(30, 2))
		changed.Campaigns[3].Budget++
		changed.ContentHash = campaign.ContentHash(changed.Campaigns)
		fewer := testSnapshot(2, clk.now(), fakeCampaigns(29, 2))
		fewer.ContentHash = campaign.ContentHash(fewer.Campaigns)
		for _, tc := range []struct {
			name string
			next *campaign.Snapshot
			want bool
		}{{"same", same, true}, {"a budget changed", changed, false}, {"one fewer", fewer, false}} {
			clear(reads.n)
			ahead := s.ReadAhead(ctx, 1)
			got := s.Unchanged(ahead, 1, tc.next)
			prev, err := s.LoadToCompare(ahead, 1, tc.next)
			if err != nil {
				t.Fatal(err)
			}
			if shares := len(prev.Campaigns) > 0 && &prev.Campaigns[0] == &tc.next.Campaigns[0]; got != tc.want || shares != tc.want {
				t.Fatalf("%s: Unchanged %v, LoadToCompare shares the listing's campaigns %v; want %v", tc.name, got, shares, tc.want)
			}
			if n := reads.n[genKey(1)]; n != 1 {
				t.Fatalf("%s: the manifest was read %d times, want once", tc.name, n)
			}
		}
		r.del(genKey(1))
		if s.Unchanged(ctx, 1, same) {
			t.Fatal("Unchanged with the manifest missing: true, want false")
		}
	})
}

// commitFirst commits generation 1 holding cs, with two guardrail
// incidents open and the budget references given.
func commitFirst(t *testing.T, s *Store, clk *clock, cs []campaign.Campaign, refs map[campaign.Key]int64) *campaign.Snapshot {
	t.Helper()
	first := testSnapshot(1, clk.now(), cs)
	first.Incidents = openIncidents(clk.now())
	first.BudgetRefs = refs
	if err := s.Commit(context.Background(), first, nil); err != nil {
		t.Fatal(err)
	}
	return first
}

// guardrailsKeyOf is the key of generation gen's record in the incident
// log, as its manifest names it.
func guardrailsKeyOf(t *testing.T, r raw, gen int64) string {
	t.Helper()
	b, ok := r.get(genKey(gen))
	if !ok {
		t.Fatalf("no manifest %s", genKey(gen))
	}
	var m manifest
	if err := json.Unmarshal(b, &m); err != nil || m.GuardrailIncidents == "" {
		t.Fatalf("manifest %s names no guardrail record: %v", genKey(gen), err)
	}
	return m.GuardrailIncidents
}
