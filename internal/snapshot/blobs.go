package snapshot

import (
	"context"
	"sync/atomic"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// blobs is the little a store needs from storage. Keys are relative to the
// store's root and use "/" as separator.
type blobs interface {
	// Get returns the object's bytes; an error of kind NotFound when it is
	// missing.
	Get(ctx context.Context, key string) ([]byte, error)
	// Create writes the object only if the key does not exist, atomically:
	// of two Creates of one key, exactly one succeeds and the other gets an
	// error of kind Conflict; a reader sees the whole object or none.
	Create(ctx context.Context, key string, data []byte) error
	// Put writes the object, replacing any. Only for keys that are never
	// written twice (they carry a random token).
	Put(ctx context.Context, key string, data []byte) error
	// List returns the keys that start with prefix, sorted.
	List(ctx context.Context, prefix string) ([]string, error)
	// Delete removes the object; a missing one is not an error.
	Delete(ctx context.Context, key string) error
	// Describe names the object for people: a path or an oss:// URL.
	Describe(key string) string
}

// stats counts a store's traffic with its storage since Open.
type stats struct {
	Reads        int64
	BytesRead    int64
	Writes       int64
	BytesWritten int64
	Lists        int64
	Deletes      int64
}

// counting wraps blobs and counts what goes through.
type counting struct {
	blobs
	reads, bytesRead, writes, bytesWritten, lists, deletes atomic.Int64
}

func (c *counting) Get(ctx context.Context, key string) ([]byte, error) {
	b, err := c.blobs.Get(ctx, key)
	c.reads.Add(1)
	c.bytesRead.Add(int64(len(b)))
	return b, storeError(err)
}

func (c *counting) Create(ctx context.Context, key string, data []byte) error {
	err := c.blobs.Create(ctx, key, data)
	c.writes.Add(1)
	if err == nil {
		c.bytesWritten.Add(int64(len(data)))
	}
	return storeError(err)
}

func (c *counting) Put(ctx context.Context, key string, data []byte) error {
	err := c.blobs.Put(ctx, key, data)
	c.writes.Add(1)
	if err == nil {
		c.bytesWritten.Add(int64(len(data)))
	}
	return storeError(err)
}

func (c *counting) List(ctx context.Context, prefix string) ([]string, error) {
	c.lists.Add(1)
	keys, err := c.blobs.List(ctx, prefix)
	return keys, storeError(err)
}

func (c *counting) Delete(ctx context.Context, key string) error {
	c.deletes.Add(1)
	return storeError(c.blobs.Delete(ctx, key))
}

func (c *counting) stats() stats {
	return stats{
		Reads: c.reads.Load(), BytesRead: c.bytesRead.Load(),
		Writes: c.writes.Load(), BytesWritten: c.bytesWritten.Load(),
		Lists: c.lists.Load(), Deletes: c.deletes.Load(),
	}
}

// storeError marks a failure of the storage as the store's
// (campaign.ErrStore), so that a failed run points at the bucket; a
// missing object or a lost create race is an answer, not a failure.
func storeError(err error) error {
	switch campaign.KindOf(err) {
	case "", campaign.NotFound, campaign.Conflict:
		return err
	}
	return campaign.StoreError(err)
}
