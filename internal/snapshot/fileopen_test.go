package snapshot

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// TestOpenFileWritesNothing: opening a file:// store and reading it (all a
// dry run does) leaves a missing directory missing; the first write makes
// it.
func TestOpenFileWritesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "store")
	ctx := context.Background()
	s, err := Open(ctx, "file://"+dir, Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if snap, err := s.Latest(ctx); err != nil || snap != nil {
		t.Errorf("Latest of a store never written = %v, %v; want nil, nil", snap, err)
	}
	if _, err := pendingOf(s, ctx, "slack"); err != nil {
		t.Errorf("Pending: %v", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("after Open and reads, stat %s = %v; want it not to exist", dir, err)
	}
	snap := &campaign.Snapshot{Generation: 1, TakenAt: time.Unix(1700000000, 0).UTC()}
	if err := s.Commit(ctx, snap, nil); err != nil {
		t.Fatalf("Commit: %v", err)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Errorf("after a commit, stat %s = %v; want a directory", dir, err)
	}
}

// TestOpenFileRefusesAFile: a SNAPSHOT_URL naming a file, or a directory
// under a file, is refused at Open as before, though nothing is created.
func TestOpenFileRefusesAFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(f, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{f, filepath.Join(f, "sub", "store")} {
		_, err := Open(context.Background(), "file://"+dir, Options{})
		if campaign.KindOf(err) != campaign.Invalid {
			t.Errorf("Open(file://%s) = %v; want an Invalid error about the snapshot location", dir, err)
		}
	}
}
