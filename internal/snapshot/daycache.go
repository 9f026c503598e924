package snapshot

import (
	"sync"
)

// A day object is created once under a key that names its date and
// generations and is never written again (only deleted when its day
// leaves the history), so what was decoded from it stays true. The store
// keeps the decoded day objects it read, up to dayCacheBytes of their
// encoded size, the oldest read going first: a query over a campaign's
// whole year (the dashboard's campaign page) reads a day object per day,
// and decoding them all on every page cost a quarter of a second.
const dayCacheBytes = 16 << 20

// dayCache holds decoded day objects by key. Callers must not modify a
// record it returns. It is safe for concurrent use.
type dayCache struct {
	mu    sync.Mutex
	recs  map[string]*dayRecord
	sizes map[string]int
	order []string // keys, oldest first
	bytes int
}

func (c *dayCache) get(key string) (*dayRecord, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.recs[key]
	return r, ok
}

// put keeps rec, size bytes encoded, evicting the oldest past the budget.
func (c *dayCache) put(key string, rec *dayRecord, size int) {
	if size > dayCacheBytes/4 {
		return // one day this large would push out most others
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.recs == nil {
		c.recs, c.sizes = map[string]*dayRecord{}, map[string]int{}
	}
	if _, ok := c.recs[key]; ok {
		return
	}
	c.recs[key], c.sizes[key] = rec, size
	c.order = append(c.order, key)
	c.bytes += size
	for c.bytes > dayCacheBytes && len(c.order) > 0 {
		old := c.order[0]
		c.order = c.order[1:]
		c.bytes -= c.sizes[old]
		delete(c.recs, old)
		delete(c.sizes, old)
	}
}

// forget drops key (its object was deleted).
func (c *dayCache) forget(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if size, ok := c.sizes[key]; ok {
		c.bytes -= size
		delete(c.recs, key)
		delete(c.sizes, key)
		for i, k := range c.order {
			if k == key {
				c.order = append(c.order[:i], c.order[i+1:]...)
				break
			}
		}
	}
}
