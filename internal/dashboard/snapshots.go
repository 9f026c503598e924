package dashboard

import (
	"context"
	"sync"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// alertsFresh is how long the alerts read for one generation are reused:
// a new check (a new generation) reads them again at once; a digest,
// queued without a new generation, shows within this.
const alertsFresh = time.Minute

// alertCache keeps the store's alerts (the changes of each check, each
// day's digest) as read for the latest generation: reading them means
// reading every alert object, which for days of checks takes seconds,
// and every page shows some.
type alertCache struct {
	mu     sync.Mutex
	gen    int64
	read   time.Time
	alerts []*campaign.Alert
}

// alerts returns every committed alert, oldest first, read at most once
// per generation and alertsFresh.
func (d *Dashboard) alerts(ctx context.Context) ([]*campaign.Alert, error) {
	gen, err := d.src.LatestGeneration(ctx)
	if err != nil {
		return nil, err
	}
	c := &d.alertCache
	c.mu.Lock()
	defer c.mu.Unlock()
	now := d.now()
	if c.alerts != nil && c.gen == gen && now.Sub(c.read) < alertsFresh && !now.Before(c.read) {
		return c.alerts, nil
	}
	all, err := d.src.Alerts(ctx, time.Time{}, now.Add(24*time.Hour))
	if err != nil {
		return nil, err
	}
	if all == nil {
		all = []*campaign.Alert{}
	}
	c.gen, c.read, c.alerts = gen, now, all
	return all, nil
}

// snapCache keeps the last two snapshots decoded, by generation: the
// latest and the one a day back that the overview compares with. A
// committed generation never changes, so an entry never goes stale; a
// new check makes a new generation, which is decoded once, by the first
// page that asks. Decoding 100,000 campaigns takes a good part of a
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
