package run

import (
	"runtime"
	"sync"
	"testing"
)

// TestOnePSharedByOverlappingListings: one P while any listing runs, the
// setting before restored when the last ends, whatever order they end in,
// and an end called twice undoes nothing more.
func TestOnePSharedByOverlappingListings(t *testing.T) {
	t.Setenv("GOMAXPROCS", "")
	before := runtime.GOMAXPROCS(0)
	if before < 2 {
		runtime.GOMAXPROCS(2)
		defer runtime.GOMAXPROCS(before)
	}
	want := runtime.GOMAXPROCS(0)
	var p oneP
	endA := p.begin()
	endB := p.begin()
	if got := runtime.GOMAXPROCS(0); got != 1 {
		t.Fatalf("GOMAXPROCS %d while listing, want 1", got)
	}
	endA()
	endA()
	if got := runtime.GOMAXPROCS(0); got != 1 {
		t.Fatalf("GOMAXPROCS %d with one listing still running, want 1", got)
	}
	endB()
	if got := runtime.GOMAXPROCS(0); got != want {
		t.Fatalf("GOMAXPROCS %d after the last listing, want %d back", got, want)
	}

	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() { p.begin()() })
	}
	wg.Wait()
	if got := runtime.GOMAXPROCS(0); got != want {
		t.Errorf("GOMAXPROCS %d after 16 overlapping listings, want %d back", got, want)
	}
}

// TestOnePLeavesTheOperatorsSetting: GOMAXPROCS in the environment is
// the operator's, and a listing does not change it.
func TestOnePLeavesTheOperatorsSetting(t *testing.T) {
	want := runtime.GOMAXPROCS(0)
	t.Setenv("GOMAXPROCS", "2")
	var p oneP
	end := p.begin()
	if got := runtime.GOMAXPROCS(0); got != want {
		t.Errorf("GOMAXPROCS %d while listing with GOMAXPROCS set, want %d", got, want)
	}
	end()
}
