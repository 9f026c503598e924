package run

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// slowLoad delays the snapshot's read until gate is closed: an OSS GET
// that is slow (an SDK retry after a 503, a large snapshot) while the
// listing runs.
type slowLoad struct {
	campaign.Store
	gate chan struct{}
}

func (s *slowLoad) Latest(ctx context.Context) (*campaign.Snapshot, error) {
	<-s.gate
	return s.Store.Latest(ctx)
}

func (s *slowLoad) Load(ctx context.Context, gen int64) (*campaign.Snapshot, error) {
	<-s.gate
	return s.Store.Load(ctx, gen)
}

// TestAListingIsNeverDiffedAgainstANewerSnapshot: run A lists (old budget)
// while its snapshot read is still in flight; run B lists after the change
// and commits g2. A must not diff its older listing against g2 (that would
// announce a false $70.00 → $62.00, and the next run $62.00 → $70.00
// again): found in review.
func TestAListingIsNeverDiffedAgainstANewerSnapshot(t *testing.T) {
	rig := newRig(t)
	check(t, rig.runner(), false) // g1: spring-sale at $62.00

	old := &source{campaigns: slices.Clone(rig.src.campaigns)} // what A's pages saw
	gate := make(chan struct{})
	optA := rig.opt
	optA.Source = old
	optA.Store = &slowLoad{Store: rig.store, gate: gate}
	optA.Incidents = nil // as before: the wrapper kept no incident log
	done := make(chan *campaign.Report)
	go func() {
		rep, err := New(optA).Check(context.Background(), false)
		if err != nil {
			t.Error(err)
		}
		done <- rep
	}()

	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign { cs[0].Budget = 7000; return cs })
	repB := check(t, rig.runner(), false) // B: lists after the change, commits g2
	close(gate)
	repA := <-done
	repC := check(t, rig.runner(), false)
	t.Logf("B: gen %d superseded=%v changes %+v", repB.Generation, repB.Superseded, repB.Changes)
	t.Logf("A: gen %d superseded=%v changes %+v", repA.Generation, repA.Superseded, repA.Changes)
	t.Logf("C: gen %d superseded=%v changes %+v", repC.Generation, repC.Superseded, repC.Changes)
	s, _ := rig.posted()
	n := 0
	for _, m := range s {
		if strings.Contains(m, "US$62.00 → US$70.00") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the change $62.00 → $70.00 was announced %d times to slack, want once", n)
	}
	for _, m := range s {
		if strings.Contains(m, "$70.00 → $62.00") {
			t.Errorf("a false reversal was announced: %s", m)
		}
	}
}
