package snapshot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

func TestPruneKeepsWhatTheDigestNeeds(t *testing.T) {
	ctx := context.Background()
	const keep = 8 * 24 * time.Hour
	for _, be := range backends() {
		t.Run(be.name, func(t *testing.T) {
			clk := newClock()
			s, r := be.open(t, clk.now)
			start := clk.now()
			cs := fakeCampaigns(20, 5)
			const gens = 48 // every 6 hours for 12 days
			for g := int64(1); g <= gens; g++ {
				at := start.Add(time.Duration(g-1) * 6 * time.Hour)
				var a *campaign.Alert
				if g%4 == 0 {
					a = &campaign.Alert{Kind: campaign.AlertChanges, Generation: g, At: at, Receivers: receivers[:1]}
				}
				if err := s.Commit(ctx, testSnapshot(g, at, cs), a); err != nil {
					t.Fatal(err)
				}
				if a != nil {
					c, err := s.Claim(ctx, a.ID, receivers[0], at, time.Minute)
					if err != nil {
						t.Fatal(err)
					}
					if err := s.Ack(ctx, c, 0, 1); err != nil {
						t.Fatal(err)
					}
				}
				if g%4 == 1 {
					day := at.Format("2006-01-02")
					if err := s.Enqueue(ctx, &campaign.Alert{ID: "digest-" + day, Kind: campaign.AlertDigest, At: at, Receivers: receivers[:1]}); err != nil {
						t.Fatal(err)
					}
				}
			}
			// Leftovers of runs that lost the race for generation 40, and
			// of one still committing generation 49.
			r.set(dataKey(40, "00000000000000aa"), []byte("lost"))
			r.set(outboxKey(40, "00000000000000aa"), []byte("lost"))
			r.set(dataKey(gens+1, "00000000000000bb"), []byte("in flight"))

			now := start.Add(time.Duration(gens-1) * 6 * time.Hour)
			clk.add(now.Sub(start))
			cutoff := now.Add(-keep)
			if err := s.Prune(ctx, now, keep); err != nil {
				t.Fatal(err)
			}

			// Generation g was taken at start+(g-1)*6h; the newest at or
			// before the cutoff is the first kept.
			first := int64(cutoff.Sub(start)/(6*time.Hour)) + 1
			var want []string
			for g := first; g <= gens; g++ {
				want = append(want, genKey(g))
			}
			if got := r.keys(genDir); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("manifests kept:\n got %v\nwant %v", got, want)
			}
			if got := len(r.keys(dataDir)); got != len(want)+1 {
				t.Fatalf("%d data objects kept, want %d (one per generation, and the one in flight)", got, len(want)+1)
			}
			if _, ok := r.get(dataKey(gens+1, "00000000000000bb")); !ok {
				t.Fatal("prune deleted the data object of a commit in flight")
			}
			if _, ok := r.get(dataKey(40, "00000000000000aa")); ok {
				t.Fatal("prune kept the data object of a lost race")
			}
			for _, k := range r.keys(outboxDir) {
				if g, _, _ := parseTokenKey(k, outboxDir, ""); g < first || g == 40 && k == outboxKey(40, "00000000000000aa") {
					t.Fatalf("prune kept outbox mark %s", k)
				}
			}
			for _, k := range append(r.keys(delivDir), r.keys(doneDir)...) {
				seg, _, _ := strings.Cut(k[strings.IndexByte(k, '/')+1:], "/")
				if g, err := strconv.ParseInt(strings.TrimPrefix(seg, "g"), 10, 64); err == nil && g < first {
					t.Fatalf("prune kept delivery record %s of a pruned generation", k)
				}
			}
			for _, k := range r.keys(alertDir) {
				id, _ := alertIDOf(k)
				day, _ := time.Parse("2006-01-02", id[len("digest-"):])
				if day.Add(24 * time.Hour).Before(cutoff) {
					t.Fatalf("prune kept digest %s, older than the cutoff %v", id, cutoff)
				}
			}
			for _, at := range []time.Time{cutoff, now.Add(-24 * time.Hour), now} {
				if snap, err := s.AsOf(ctx, at); err != nil || snap == nil {
					t.Fatalf("AsOf(%v) after prune: %v, %v; want a snapshot", at, snap, err)
				}
			}
			if latest, err := s.Latest(ctx); err != nil || latest.Generation != gens {
				t.Fatalf("Latest after prune: %v, %v", latest, err)
			}
			pending, err := pendingOf(s, ctx, receivers[0])
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range pending { // the generations' alerts were delivered; digests were not
				if a.Kind != campaign.AlertDigest || a.At.Before(cutoff.Add(-24*time.Hour)) {
					t.Fatalf("pending after prune: %s at %v", a.ID, a.At)
				}
			}
		})
	}
}

// getsByKey counts the reads of each object.
type getsByKey struct {
	blobs
	mu sync.Mutex
	n  map[string]int
}

func (g *getsByKey) Get(ctx context.Context, key string) ([]byte, error) {
	g.mu.Lock()
	g.n[key]++
	g.mu.Unlock()
	return g.blobs.Get(ctx, key)
}

// TestPruneReadsEachManifestOnce: Prune reads and decodes a manifest once,
// however many of its steps look at it (the latest's check, the
// history's compaction, the cutoff's search, the data objects and outbox
// marks): a manifest holds its generation's alert, 1,000 changes after
// a large check.
func TestPruneReadsEachManifestOnce(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	s, _ := backends()[0].open(t, clk.now)
	start := clk.now()
	cs := fakeCampaigns(20, 5)
	const gens = 12 // every 6 hours for 3 days
	for g := int64(1); g <= gens; g++ {
		at := start.Add(time.Duration(g-1) * 6 * time.Hour)
		a := &campaign.Alert{Kind: campaign.AlertChanges, Generation: g, At: at, Receivers: receivers[:1]}
		if err := s.Commit(ctx, testSnapshot(g, at, cs), a); err != nil {
			t.Fatal(err)
		}
	}
	reads := &getsByKey{blobs: s.b.blobs, n: map[string]int{}}
	s.b.blobs = reads
	now := start.Add((gens - 1) * 6 * time.Hour)
	if err := s.Prune(ctx, now, 24*time.Hour); err != nil {
		t.Fatal(err)
	}
	manifests := 0
	for key, n := range reads.n {
		if strings.HasPrefix(key, genDir) {
			manifests++
			if n > 1 {
				t.Errorf("Prune read %s %d times", key, n)
			}
		}
	}
	if manifests == 0 {
		t.Fatal("Prune read no manifest: the test does not test")
	}
	// Outside Prune, nothing is kept: a later read reads the store.
	if _, _, err := s.manifest(ctx, gens); err != nil {
		t.Fatal(err)
	}
	if n := reads.n[genKey(gens)]; n != 2 {
		t.Errorf("the latest manifest was read %d times, Prune and a read after it: want 2", n)
	}
}
