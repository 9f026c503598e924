package snapshot

import (
	"context"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// What a check reads of the generation it builds on, to compare its
// listing with: the manifest, read ahead while it lists, and the
// campaigns only when their content changed.

// LoadToCompare is LoadPacked, unless generation gen was committed with
// next's ContentHash: then its campaigns are next's, and only its
// manifest (and its guardrail record) is read, not its data object. In
// the common check, where nothing changed, that is most of what reading
// the previous snapshot cost: at 100,000 campaigns a 0.7 MB object
// decompressed into 6 MB and decoded, some 40-50 ms. A data object
// damaged meanwhile is then found by the first check that needs it (or
// the prune's check of the latest), not by this one, which does not.
func (s *Store) LoadToCompare(ctx context.Context, gen int64, next *campaign.Snapshot) (*campaign.Snapshot, error) {
	m, _, err := s.manifest(ctx, gen)
	if err != nil {
		return nil, err
	}
	if !sameContent(m, next) {
		return s.loadOf(ctx, m, decodePacked) // the manifest is read once either way
	}
	snap := &campaign.Snapshot{Generation: gen, Campaigns: next.Campaigns}
	return snap, s.describe(ctx, snap, m)
}

// Unchanged reports whether generation gen was committed with next's
// content (its ContentHash and campaign count): then LoadToCompare(gen,
// next) reads none of its campaigns. It reads the manifest as
// LoadToCompare does, once for both, and ahead when ctx carries
// ReadAhead's read. A manifest that cannot be read reads as changed:
// LoadToCompare then tries again, and says why it cannot.
func (s *Store) Unchanged(ctx context.Context, gen int64, next *campaign.Snapshot) bool {
	m, _, err := s.manifest(ctx, gen)
	return err == nil && sameContent(m, next)
}

// sameContent reports whether m was committed with next's campaigns.
func sameContent(m *manifest, next *campaign.Snapshot) bool {
	return next != nil && m.ContentHash != "" && m.ContentHash == next.ContentHash && m.Campaigns == len(next.Campaigns)
}

// ReadAhead starts reading generation gen's manifest and its record in
// the incident log in a goroutine of its own, and returns the context for
// the LoadToCompare(gen) to come: that call waits for the read, and reads
// and decodes neither again. A check reads ahead while it lists, so that
// what it compares with besides the campaigns (the manifest carries the
// alert of the last commit, a decode of 5-10 ms with 1,000 changes; the
// record is a request to the store) is read during the listing instead of
// after its last page, where every millisecond is wall time. Both are
// created once and never changed, so reading them seconds sooner reads
// the same. A read that fails keeps nothing: LoadToCompare reads again
// and reports why.
func (s *Store) ReadAhead(ctx context.Context, gen int64) context.Context {
	done := make(chan struct{})
	memo := newManifests()
	memo.reading = map[int64]chan struct{}{gen: done}
	go func() {
		defer close(done)
		m, a, err := s.manifest(ctx, gen)
		if err != nil {
			return
		}
		memo.put(gen, m, a)
		if open, err := s.guardrails(ctx, m); err == nil {
			memo.putOpen(gen, open)
		}
	}()
	return context.WithValue(ctx, manifestsKey{}, memo)
}
