package snapshot

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// fileBlobs keeps objects as files under root. Create writes a temporary
// file in the target's directory, syncs it, and hard-links it to the final
// name: link(2) fails with EEXIST when the name exists, atomically, on
// local filesystems and NFS alike, and readers never see a partial file.
type fileBlobs struct {
	root string
}

// newFileBlobs opens the store under dir without writing anything (a dry
// run writes nothing at all): a missing directory is made by the first
// write. It refuses at once a dir that is a file, or that lies under one.
func newFileBlobs(dir string) (*fileBlobs, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, campaign.Errorf(campaign.Invalid, "snapshot location: directory %q: %v", dir, err)
	}
	// The directory, or else its nearest existing parent, must be a
	// directory.
	for p := abs; ; p = filepath.Dir(p) {
		fi, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) && p != filepath.Dir(p) {
			continue
		}
		if err == nil && !fi.IsDir() {
			err = errors.New("not a directory")
		}
		if err != nil {
			return nil, campaign.Errorf(campaign.Invalid, "snapshot location: cannot use directory %s: %s: %v; check the snapshot location's path", abs, p, err)
		}
		break
	}
	return &fileBlobs{root: abs}, nil
}

func (f *fileBlobs) path(key string) string { return filepath.Join(f.root, filepath.FromSlash(key)) }

func (f *fileBlobs) Describe(key string) string { return f.path(key) }

func (f *fileBlobs) Get(ctx context.Context, key string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, campaign.Wrap(campaign.Unavailable, err, "reading "+f.path(key))
	}
	b, err := os.ReadFile(f.path(key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, campaign.Errorf(campaign.NotFound, "%s does not exist", f.path(key))
	}
	if err != nil {
		return nil, campaign.Wrap(campaign.Unavailable, err, "reading snapshot store")
	}
	return b, nil
}

func (f *fileBlobs) Create(ctx context.Context, key string, data []byte) error {
	return f.write(ctx, key, data, func(tmp, dst string) error {
		err := os.Link(tmp, dst)
		if errors.Is(err, fs.ErrExist) {
			return campaign.Errorf(campaign.Conflict, "%s exists already: %w", dst, campaign.ErrConflict)
		}
		return err
	})
}

func (f *fileBlobs) Put(ctx context.Context, key string, data []byte) error {
	return f.write(ctx, key, data, os.Rename)
}

// write puts data in a synced temporary file next to key's file, then lets
// publish move it into place, then syncs the directory. A directory removed
// by a concurrent Delete between MkdirAll and the write is made again.
func (f *fileBlobs) write(ctx context.Context, key string, data []byte, publish func(tmp, dst string) error) error {
	if err := ctx.Err(); err != nil {
		return campaign.Wrap(campaign.Unavailable, err, "writing "+f.path(key))
	}
	dst := f.path(key)
	dir := filepath.Dir(dst)
	var err error
	for range 3 {
		if err = f.writeOnce(dir, dst, data, publish); !errors.Is(err, fs.ErrNotExist) {
			break
		}
	}
	if err != nil && campaign.KindOf(err) != campaign.Conflict {
		return campaign.Wrap(campaign.Unavailable, err, "writing "+dst)
	}
	return err
}

func (f *fileBlobs) writeOnce(dir, dst string, data []byte, publish func(tmp, dst string) error) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := publish(tmp.Name(), dst); err != nil {
		return err
	}
	return syncDir(dir)
}

// syncDir makes a new directory entry durable; filesystems that cannot
// sync a directory are let be.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, syscall.ENOTSUP) {
		return err
	}
	return nil
}

func (f *fileBlobs) List(ctx context.Context, prefix string) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, campaign.Wrap(campaign.Unavailable, err, "listing "+f.path(prefix))
	}
	base := ""
	if i := strings.LastIndexByte(prefix, '/'); i >= 0 {
		base = prefix[:i+1]
	}
	var keys []string
	err := filepath.WalkDir(f.path(base), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // a directory removed while walking, or never made
			}
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		rel, err := filepath.Rel(f.root, p)
		if err != nil {
			return err
		}
		if key := filepath.ToSlash(rel); strings.HasPrefix(key, prefix) {
			keys = append(keys, key)
		}
		return nil
	})
	if err != nil {
		return nil, campaign.Wrap(campaign.Unavailable, err, "listing snapshot store")
	}
	slices.Sort(keys)
	return keys, nil
}

// Delete removes the file, then its directories up to root as they empty.
func (f *fileBlobs) Delete(ctx context.Context, key string) error {
	if err := ctx.Err(); err != nil {
		return campaign.Wrap(campaign.Unavailable, err, "deleting "+f.path(key))
	}
	p := f.path(key)
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return campaign.Wrap(campaign.Unavailable, err, "deleting from snapshot store")
	}
	for dir := filepath.Dir(p); dir != f.root && strings.HasPrefix(dir, f.root); dir = filepath.Dir(dir) {
		if os.Remove(dir) != nil {
			break // not empty (or gone): leave it
		}
	}
	return nil
}
