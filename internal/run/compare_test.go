package run

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/snapshot"
)

// comparing records what the store gave each check to compare with.
type comparing struct {
	campaign.Store
	packed []bool // per LoadToCompare: whether the stored campaigns were read
}

func (c *comparing) LoadToCompare(ctx context.Context, gen int64, next *campaign.Snapshot) (*campaign.Snapshot, error) {
	prev, err := c.Store.LoadToCompare(ctx, gen, next)
	if err == nil {
		c.packed = append(c.packed, prev.Rows != nil)
	}
	return prev, err
}

// TestUnchangedCheckReadsNoCampaigns: a check that lists what the latest
// generation holds compares with it without reading its campaigns (the
// content hashes match), and reports and sends nothing, as before; a
// check with a change reads them and reports it; the generation it
// commits carries the hash of its campaigns.
func TestUnchangedCheckReadsNoCampaigns(t *testing.T) {
	rig := newRig(t)
	store := &comparing{Store: rig.opt.Store}
	rig.opt.Store = store
	r := rig.runner()
	check(t, r, false) // baseline
	rep := check(t, r, false)
	if len(rep.Changes) != 0 || rep.Generation != 1 {
		t.Fatalf("unchanged check: %+v", rep)
	}
	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign {
		cs[0].Budget += 5000
		return cs
	})
	rep = check(t, r, false)
	if len(rep.Changes) != 1 || rep.Changes[0].Type != campaign.BudgetChanged || rep.Generation != 2 {
		t.Fatalf("changed check: %+v", rep)
	}
	rep = check(t, r, false)
	if len(rep.Changes) != 0 || rep.Generation != 2 {
		t.Fatalf("unchanged check after the change: %+v", rep)
	}
	if want := []bool{false, true, false}; len(store.packed) != 3 || store.packed[0] != want[0] || store.packed[1] != want[1] || store.packed[2] != want[2] {
		t.Fatalf("stored campaigns read per check: %v, want %v (only the changed check reads them)", store.packed, want)
	}
	if s, d := rig.posted(); len(s) != 2 || len(d) != 2 {
		t.Fatalf("%d slack and %d dingtalk messages, want 2 each (the baseline and the change)", len(s), len(d))
	}
	latest, err := rig.store.Load(context.Background(), 2)
	if err != nil {
		t.Fatal(err)
	}
	if latest.ContentHash != campaign.ContentHash(latest.Campaigns) {
		t.Fatal("generation 2 was committed with a hash that is not its campaigns'")
	}
}

// readAheadStore notes each read ahead in steps.
type readAheadStore struct {
	*snapshot.Store
	steps *[]string
}

func (s readAheadStore) ReadAhead(ctx context.Context, gen int64) context.Context {
	*s.steps = append(*s.steps, fmt.Sprintf("read ahead %d", gen))
	return s.Store.ReadAhead(ctx, gen)
}

// steppedSource notes each listing in steps.
type steppedSource struct {
	campaign.Source
	steps *[]string
}

func (s steppedSource) List(ctx context.Context, chs []campaign.Channel) ([]campaign.Listing, error) {
	*s.steps = append(*s.steps, "list")
	return s.Source.List(ctx, chs)
}

// TestCheckReadsAheadWhileListing: a check starts reading the manifest of
// the generation it builds on before it lists (none on an empty store),
// and tells what it told before.
func TestCheckReadsAheadWhileListing(t *testing.T) {
	rig := newRig(t)
	var steps []string
	rig.opt.Store = readAheadStore{Store: rig.store, steps: &steps}
	rig.opt.Source = steppedSource{Source: rig.src, steps: &steps}
	r := rig.runner()
	check(t, r, false) // baseline
	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign {
		cs[1].Budget += 1000
		return cs
	})
	rep := check(t, r, false)
	if len(rep.Changes) != 1 || rep.Generation != 2 {
		t.Fatalf("changed check: %+v", rep)
	}
	if want := []string{"list", "read ahead 1", "list"}; !slices.Equal(steps, want) {
		t.Fatalf("steps %q, want %q", steps, want)
	}
}

// TestGatherSealedAsUnsealed: listings sealed by their Source give the
// snapshot the campaigns and content hash that unsealed ones give (sorted
// and hashed after the listing), whatever the channels' order; a channel
// listed twice, or one listing not sealed, takes the way that sorts.
func TestGatherSealedAsUnsealed(t *testing.T) {
	listing := func(space, page string, ids ...string) campaign.Listing {
		l := campaign.Listing{Channel: campaign.Channel{ChannelID: campaign.ChannelID{CustSpaceID: space, PageID: page}}, Complete: true}
		for i, id := range ids {
			l.Campaigns = append(l.Campaigns, campaign.Campaign{CustSpaceID: space, PageID: page, CampaignID: id, CampaignName: "n" + id, Budget: int64(10 * i)})
		}
		return l
	}
	fresh := func() []campaign.Listing { // the configuration's order, not the key's
		return []campaign.Listing{listing("cams-b2", "7", "x2", "x1"), listing("cams-a1", "9"), listing("cams-a1", "3", "y3", "y1", "y2")}
	}
	wantCs, wantHash := gather(nil, fresh())
	if !slices.IsSortedFunc(wantCs, func(a, b campaign.Campaign) int { return campaign.CompareKeys(a.Key(), b.Key()) }) || len(wantCs) != 5 {
		t.Fatalf("unsealed: %v", wantCs)
	}
	if wantHash != campaign.ContentHash(wantCs) {
		t.Fatal("unsealed: the hash is not the campaigns'")
	}
	sealed := fresh()
	for i := range sealed {
		sealed[i].Seal()
	}
	cs, h := gather(nil, sealed)
	if h != wantHash || !slices.Equal(cs, wantCs) {
		t.Fatalf("sealed: %v %s, want %v %s", cs, h, wantCs, wantHash)
	}

	twice := append(fresh(), listing("cams-a1", "3", "y4"))
	for i := range twice {
		twice[i].Seal()
	}
	cs, h = gather(nil, twice)
	if h != campaign.ContentHash(cs) || len(cs) != 6 || !slices.IsSortedFunc(cs, func(a, b campaign.Campaign) int { return campaign.CompareKeys(a.Key(), b.Key()) }) {
		t.Fatalf("a channel listed twice: %v %s", cs, h)
	}
	some := fresh()
	some[0].Seal()
	if cs, h = gather(nil, some); h != wantHash || !slices.Equal(cs, wantCs) {
		t.Fatalf("one listing sealed: %v %s, want %v %s", cs, h, wantCs, wantHash)
	}
}

// TestAnUnchangedCheckForcesOneCollection: a check of forcedGCFrom
// campaigns or more forces a collection before build and one after it,
// except when the listing's content is the one committed: then no
// previous snapshot is read and nothing is encoded, and the second is left
// out.
func TestAnUnchangedCheckForcesOneCollection(t *testing.T) {
	rig := newRig(t)
	many := make([]campaign.Campaign, forcedGCFrom)
	for i := range many {
		many[i] = campaign.Campaign{CustSpaceID: "cams-a1", PageID: "239001", CampaignID: fmt.Sprint(500000 + i),
			CampaignName: fmt.Sprint("campaign ", i), Status: "PAUSED", Budget: 1000, BudgetType: "daily"}
	}
	rig.src.set(func([]campaign.Campaign) []campaign.Campaign { return many })
	r := rig.runner()
	forced := func() uint32 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		check(t, r, false)
		runtime.ReadMemStats(&after)
		return after.NumForcedGC - before.NumForcedGC
	}
	if n := forced(); n != 2 {
		t.Fatalf("the baseline forced %d collections, want 2", n)
	}
	if n := forced(); n != 1 {
		t.Fatalf("the unchanged check forced %d collections, want 1", n)
	}
	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign {
		cs[7].Budget += 500
		return cs
	})
	if n := forced(); n != 2 {
		t.Fatalf("the check with a change forced %d collections, want 2", n)
	}
}
