package snapshot

import (
	"bytes"
	"sync"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// A check that commits reads its new manifest twice: for the alert it
// delivers, then for the prune's check that the latest generation is
// readable; with 1,000 changes in its alert a manifest takes 5-8 ms to
// decode (BenchmarkManifest1000). The store keeps the last two manifests
// it decoded with the bytes they were decoded from, and a manifest read
// again with the same bytes is not decoded again. The bytes are compared,
// not only the key: a generation rolled back (its manifest moved aside)
// and committed anew has the same key and other bytes. The cache stays
// small, since a warm Function Compute instance keeps it between runs
// in 128 MB: two manifests of at most 1 MiB (some 4,500 changes), a few
// MiB decoded.
const (
	recentManifests     = 2
	recentManifestBytes = 1 << 20 // larger manifests are decoded every time
)

// decodedCache holds the recently decoded manifests. Callers must not
// modify what it returns. It is safe for concurrent use.
type decodedCache struct {
	mu      sync.Mutex
	entries []decodedEntry // oldest first
}

type decodedEntry struct {
	gen int64
	raw []byte
	m   *manifest
	a   *campaign.Alert
}

// get returns what raw, generation gen's manifest, decoded to, if it is
// one of the recent ones.
func (c *decodedCache) get(gen int64, raw []byte) (*manifest, *campaign.Alert, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range c.entries {
		if e.gen == gen && bytes.Equal(e.raw, raw) {
			return e.m, e.a, true
		}
	}
	return nil, nil, false
}

// put keeps generation gen's manifest, decoded from raw.
func (c *decodedCache) put(gen int64, raw []byte, m *manifest, a *campaign.Alert) {
	if len(raw) > recentManifestBytes {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, e := range c.entries {
		if e.gen == gen {
			c.entries = append(c.entries[:i], c.entries[i+1:]...)
			break
		}
	}
	if len(c.entries) == recentManifests {
		c.entries = c.entries[1:]
	}
	c.entries = append(c.entries, decodedEntry{gen: gen, raw: raw, m: m, a: a})
}
