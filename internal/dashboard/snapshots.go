package dashboard

import (
	"context"
	"sync"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// snapCache keeps the last two snapshots decoded, by generation: the
// latest, and the one before it while pages started before a new check
// finish. A committed generation never changes, so an entry never goes
// stale; a new check makes a new generation, which is decoded once, by
// the first page that asks. Decoding 100,000 campaigns takes a good part of a
// second: without this every page would.
type snapCache struct {
	src Source
	mu  sync.Mutex // held while loading, so one decode serves all waiters
	// held are the cached snapshots, most recently used first.
	held []*campaign.Snapshot
}

const snapsHeld = 2

func newSnapCache(src Source) *snapCache { return &snapCache{src: src} }

// get returns generation gen's snapshot; nil for gen 0.
func (c *snapCache) get(ctx context.Context, gen int64) (*campaign.Snapshot, error) {
	if gen <= 0 {
		return nil, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, s := range c.held {
		if s.Generation == gen {
			copy(c.held[1:i+1], c.held[:i])
			c.held[0] = s
			return s, nil
		}
	}
	s, err := c.src.Load(ctx, gen)
	if err != nil {
		return nil, err
	}
	c.held = append([]*campaign.Snapshot{s}, c.held...)
	if len(c.held) > snapsHeld {
		c.held = c.held[:snapsHeld]
	}
	return s, nil
}

// latest returns the newest snapshot, nil when none was committed.
func (d *Dashboard) latest(ctx context.Context) (*campaign.Snapshot, error) {
	gen, err := d.src.LatestGeneration(ctx)
	if err != nil {
		return nil, err
	}
	return d.snaps.get(ctx, gen)
}
