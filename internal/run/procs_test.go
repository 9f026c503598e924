package run

import (
	"runtime"
	"runtime/debug"
	"sync"
	"testing"
)

// TestOnePSharedByOverlappingListings: one P while any listing runs, the
// setting before restored when the last ends, whatever order they end in,
// and an end called twice undoes nothing more.
func TestOnePSharedByOverlappingListings(t *testing.T) {
	testOneP(t, &held{set: onePWhileListing.set, value: onePWhileListing.value, env: onePWhileListing.env})
}

// TestNoGCWhileBuildingIsShared: the same for the collector's pacing.
func TestNoGCWhileBuildingIsShared(t *testing.T) {
	p := &held{set: noGCWhileBuilding.set, value: noGCWhileBuilding.value}
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	endA, endB := p.begin(), p.begin()
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Fatalf("GC percent %d while building, want -1 (off)", got)
	}
	endA()
	endA()
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Fatalf("GC percent %d with one build still running, want -1", got)
	}
	endB()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GC percent %d after the last build, want 100 back", got)
	}
}

func testOneP(t *testing.T, p *held) {
	t.Setenv("GOMAXPROCS", "")
	before := runtime.GOMAXPROCS(0)
	if before < 2 {
		runtime.GOMAXPROCS(2)
		defer runtime.GOMAXPROCS(before)
	}
	want := runtime.GOMAXPROCS(0)
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
	p := &held{set: onePWhileListing.set, value: onePWhileListing.value, env: onePWhileListing.env}
	end := p.begin()
	if got := runtime.GOMAXPROCS(0); got != want {
		t.Errorf("GOMAXPROCS %d while listing with GOMAXPROCS set, want %d", got, want)
	}
	end()
}
