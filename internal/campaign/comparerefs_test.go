package campaign

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"testing"
)

// TestCompareRefsIsCompareAll compares a prev holding next's very
// campaigns (LoadToCompare's, after a check whose content did not change)
// both ways, the references only and the full merge, over random
// snapshots, references (of campaigns present and gone, at, below and
// past the threshold), thresholds and filters: the answers must be the
// same, and Compare must take the short way.
func TestCompareRefsIsCompareAll(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 29))
	chans := []ChannelID{chA, chB}
	for round := range 500 {
		next := &Snapshot{Channels: complete(chans...)}
		if r.IntN(4) == 0 {
			next.Channels[1].Complete = false
		}
		n := r.IntN(60)
		for i := range n {
			ch := chans[r.IntN(len(chans))]
			next.Campaigns = append(next.Campaigns, camp(ch, strconv.Itoa(1000+i), "c"+strconv.Itoa(i), "AVAILABLE", int64(r.IntN(5)*100), BudgetDaily))
		}
		SortCampaigns(next.Campaigns)
		refs := map[Key]int64{}
		for _, c := range next.Campaigns {
			if r.IntN(3) == 0 {
				refs[c.Key()] = c.Budget + int64(r.IntN(41)-20) // at, below or past the threshold
			}
		}
		for i := range r.IntN(3) { // references of campaigns gone
			refs[Key{CustSpaceID: chA.CustSpaceID, PageID: chA.PageID, CampaignID: strconv.Itoa(9000 + i)}] = 5
		}
		if len(refs) == 0 && r.IntN(2) == 0 {
			refs = nil
		}
		if len(next.Campaigns) > 0 && r.IntN(3) == 0 { // a campaign out of its filter, either side
			out := next.Campaigns[r.IntN(len(next.Campaigns))]
			out.Status = "PAUSED"
			next.Outside = []Campaign{out}
		}
		prev := &Snapshot{Channels: next.Channels, Campaigns: next.Campaigns, BudgetRefs: refs}
		if r.IntN(3) == 0 {
			prev.Outside = slices.Clone(next.Outside)
		}
		th := []Threshold{{}, {Percent: 10}, {Cents: 7}, {Percent: 5, Cents: 3}}[r.IntN(4)]
		if !sharesCampaigns(prev, next) {
			t.Fatalf("round %d: prev holds next's campaigns, but Compare would merge them all", round)
		}
		got, want := compareRefs(prev, next, th), compareAll(prev, next, th)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d (threshold %+v, refs %v):\nreferences only: %+v\nfull merge:      %+v", round, th, refs, got, want)
		}
	}
	// A copy of the same campaigns is compared in full.
	cs := []Campaign{camp(chA, "1", "a", "AVAILABLE", 100, BudgetDaily)}
	if sharesCampaigns(&Snapshot{Campaigns: slices.Clone(cs)}, &Snapshot{Campaigns: cs}) {
		t.Error("a copy of next's campaigns taken for next's own")
	}
}

// BenchmarkCompare100kUnchanged compares 100,000 campaigns with the
// previous snapshot of a check whose content did not change (prev holds
// next's campaigns, 1% of them with a budget reference), as the common
// check does; /merge is the full merge it took before.
func BenchmarkCompare100kUnchanged(b *testing.B) {
	next := &Snapshot{Channels: complete(chA, chB)}
	for i := range 100_000 {
		ch := []ChannelID{chA, chB}[i%2]
		next.Campaigns = append(next.Campaigns, camp(ch, strconv.Itoa(2339012345678901+i*17), "spring-sale-"+strconv.Itoa(i%100), "AVAILABLE", int64(500+i%2000*100), BudgetDaily))
	}
	SortCampaigns(next.Campaigns)
	refs := map[Key]int64{}
	for i := 0; i < len(next.Campaigns); i += 100 {
		refs[next.Campaigns[i].Key()] = next.Campaigns[i].Budget - 1
	}
	prev := &Snapshot{Channels: next.Channels, Campaigns: next.Campaigns, BudgetRefs: refs}
	for _, bc := range []struct {
		name    string
		compare func(prev, next *Snapshot, th Threshold) Comparison
	}{{"references", Compare}, {"merge", compareAll}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			var cmp Comparison
			for b.Loop() {
				cmp = bc.compare(prev, next, Threshold{Percent: 10})
			}
			if len(cmp.Changes) != 0 || len(cmp.Refs) != len(refs) {
				b.Fatalf("%d changes, %d references; want 0 and %d", len(cmp.Changes), len(cmp.Refs), len(refs))
			}
		})
	}
}
