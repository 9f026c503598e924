package campaign

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"testing"
)

var (
	chA = ChannelID{CustSpaceID: "cams-a1", PageID: "239001"}
	chB = ChannelID{CustSpaceID: "cams-b2", PageID: "239002"}
)

func camp(ch ChannelID, id, name, status string, budget int64, bt string) Campaign {
	return Campaign{CustSpaceID: ch.CustSpaceID, PageID: ch.PageID, CampaignID: id, CampaignName: name,
		Status: status, Budget: budget, BudgetType: bt, AdAccountID: "act_1", CreateTime: 1735689600000}
}

func snap(channels []ChannelState, cs ...Campaign) *Snapshot {
	cs = slices.Clone(cs)
	SortCampaigns(cs)
	return &Snapshot{Generation: 1, Channels: channels, Campaigns: cs}
}

func complete(ids ...ChannelID) []ChannelState {
	var out []ChannelState
	for _, id := range ids {
		out = append(out, ChannelState{ChannelID: id, Complete: true})
	}
	return out
}

// brief renders changes compactly for comparison: "type id old->new".
func brief(cs []Change) []string {
	var out []string
	for _, c := range cs {
		out = append(out, fmt.Sprintf("%s %s/%s %s->%s", c.Type, c.PageID, c.CampaignID, c.Old, c.New))
	}
	return out
}

func TestDiff(t *testing.T) {
	base := camp(chA, "101", "spring-sale", "AVAILABLE", 6200, BudgetDaily)
	other := camp(chA, "102", "summer", "PAUSED", 1000, BudgetLifetime)
	inB := camp(chB, "101", "same id, other channel", "AVAILABLE", 500, BudgetDaily)
	with := func(c Campaign, f func(*Campaign)) Campaign { f(&c); return c }
	incompleteA := []ChannelState{{ChannelID: chA, Complete: false}, {ChannelID: chB, Complete: true}}

	tests := []struct {
		name       string
		prev, next *Snapshot
		th         Threshold
		want       []string
	}{
		{"baseline: no previous snapshot", nil, snap(complete(chA), base), Threshold{}, nil},
		{"nothing changed", snap(complete(chA), base, other), snap(complete(chA), base, other), Threshold{}, nil},
		{"added", snap(complete(chA), base), snap(complete(chA), base, other), Threshold{}, []string{"added 239001/102 ->"}},
		{"removed from a complete listing", snap(complete(chA), base, other), snap(complete(chA), base), Threshold{}, []string{"removed 239001/102 ->"}},
		{"not removed from an incomplete listing", snap(incompleteA, base, other), snap(incompleteA, base), Threshold{}, nil},
		{"not removed from a channel no longer watched", snap(complete(chA, chB), base, inB), snap(complete(chA), base), Threshold{}, nil},
		{"added even in an incomplete listing", snap(incompleteA, base), snap(incompleteA, base, other), Threshold{}, []string{"added 239001/102 ->"}},
		{"budget", snap(complete(chA), base), snap(complete(chA), with(base, func(c *Campaign) { c.Budget = 8000 })), Threshold{}, []string{"budget_changed 239001/101 6200->8000"}},
		{"status", snap(complete(chA), base), snap(complete(chA), with(base, func(c *Campaign) { c.Status = "PAUSED" })), Threshold{}, []string{"status_changed 239001/101 AVAILABLE->PAUSED"}},
		{"budget type", snap(complete(chA), base), snap(complete(chA), with(base, func(c *Campaign) { c.BudgetType = BudgetLifetime })), Threshold{}, []string{"budget_type_changed 239001/101 daily->lifetime"}},
		{"renamed", snap(complete(chA), base), snap(complete(chA), with(base, func(c *Campaign) { c.CampaignName = "spring-sale-v2" })), Threshold{}, []string{"renamed 239001/101 spring-sale->spring-sale-v2"}},
		{"every field at once, in ChangeTypes order", snap(complete(chA), base), snap(complete(chA), with(base, func(c *Campaign) {
			c.Budget, c.Status, c.BudgetType, c.CampaignName = 1, "PAUSED", BudgetLifetime, "x"
		})), Threshold{}, []string{
			"budget_changed 239001/101 6200->1", "status_changed 239001/101 AVAILABLE->PAUSED",
			"budget_type_changed 239001/101 daily->lifetime", "renamed 239001/101 spring-sale->x",
		}},
		{"ad account and create time are not changes", snap(complete(chA), base), snap(complete(chA), with(base, func(c *Campaign) { c.AdAccountID, c.CreateTime = "act_2", 1 })), Threshold{}, nil},
		{"one campaign id in two channels is two campaigns", snap(complete(chA, chB), base), snap(complete(chA, chB), base, inB), Threshold{}, []string{"added 239002/101 ->"}},
		{"key order across channels", snap(complete(chA, chB), inB, other), snap(complete(chA, chB), base), Threshold{}, []string{
			"added 239001/101 ->", "removed 239001/102 ->", "removed 239002/101 ->",
		}},
		{"below the threshold, other fields still reported", snap(complete(chA), base), snap(complete(chA), with(base, func(c *Campaign) { c.Budget, c.Status = 6201, "PAUSED" })), Threshold{Cents: 50}, []string{"status_changed 239001/101 AVAILABLE->PAUSED"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var prevCopy *Snapshot
			if tc.prev != nil {
				prevCopy = &Snapshot{Campaigns: slices.Clone(tc.prev.Campaigns)}
			}
			got := diff(tc.prev, tc.next, tc.th)
			if !reflect.DeepEqual(brief(got), tc.want) {
				t.Fatalf("got  %q\nwant %q", brief(got), tc.want)
			}
			if tc.prev != nil && !reflect.DeepEqual(prevCopy.Campaigns, tc.prev.Campaigns) {
				t.Fatal("Diff modified prev")
			}
		})
	}
}

func TestDiffChangeCarriesContext(t *testing.T) {
	old := camp(chA, "101", "spring-sale", "AVAILABLE", 6200, BudgetDaily)
	cur := old
	cur.Status = "PAUSED"
	got := diff(snap(complete(chA), old), snap(complete(chA), cur), Threshold{})
	want := []Change{{Type: StatusChanged, CustSpaceID: "cams-a1", PageID: "239001", CampaignID: "101", CampaignName: "spring-sale",
		Old: "AVAILABLE", New: "PAUSED", Status: "PAUSED", Budget: 6200, BudgetType: BudgetDaily}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	removed := diff(snap(complete(chA), old), snap(complete(chA)), Threshold{})
	if len(removed) != 1 || removed[0].Status != "AVAILABLE" || removed[0].Budget != 6200 || removed[0].Old != "" || removed[0].New != "" {
		t.Fatalf("removed change should describe the campaign before: %+v", removed)
	}
	if removed[0].Channel() != chA {
		t.Fatalf("Channel() = %v, want %v", removed[0].Channel(), chA)
	}
}

func TestThresholdPasses(t *testing.T) {
	pct10, cents50 := Threshold{Percent: 10}, Threshold{Cents: 50}
	tests := []struct {
		name     string
		th       Threshold
		old, new int64
		want     bool
	}{
		{"zero threshold, any move", Threshold{}, 100, 101, true},
		{"no move never passes", Threshold{}, 100, 100, false},
		{"10%: exactly 10% up", pct10, 1000, 1100, true},
		{"10%: just under", pct10, 1000, 1099, false},
		{"10%: exactly 10% down", pct10, 1000, 900, true},
		{"10%: just under, down", pct10, 1000, 901, false},
		{"10%: from zero", pct10, 0, 1, true},
		{"10%: to zero", pct10, 1000, 0, true},
		{"10%: fractional edge", Threshold{Percent: 12.5}, 800, 900, true},
		{"10%: fractional just under", Threshold{Percent: 12.5}, 800, 899, false},
		{"50 cents: exactly", cents50, 6200, 6250, true},
		{"50 cents: 49", cents50, 6200, 6249, false},
		{"50 cents: down", cents50, 6200, 6150, true},
		{"negative budgets use magnitude", pct10, -1000, -1100, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.th.Passes(tc.old, tc.new); got != tc.want {
				t.Fatalf("%+v.Passes(%d, %d) = %v, want %v", tc.th, tc.old, tc.new, got, tc.want)
			}
		})
	}
}

func TestDiffAppliesThreshold(t *testing.T) {
	old := camp(chA, "1", "a", "AVAILABLE", 1000, BudgetDaily)
	tests := []struct {
		name string
		th   Threshold
		new  int64
		want int
	}{
		{"relative, at the edge", Threshold{Percent: 10}, 1100, 1},
		{"relative, below", Threshold{Percent: 10}, 1099, 0},
		{"absolute, at the edge", Threshold{Cents: 50}, 1050, 1},
		{"absolute, below", Threshold{Cents: 50}, 1049, 0},
		{"every change", Threshold{}, 1001, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			th := tc.th
			cur := old
			cur.Budget = tc.new
			if got := diff(snap(complete(chA), old), snap(complete(chA), cur), th); len(got) != tc.want {
				t.Fatalf("got %q, want %d change(s)", brief(got), tc.want)
			}
		})
	}
}

// FuzzDiff builds two snapshots from the fuzzer's bytes and checks what
// Diff promises: sorted output, the right change for every difference,
// removed only from complete listings, nothing from identical snapshots,
// inputs untouched.
func FuzzDiff(f *testing.F) {
	f.Fuzz(func(t *testing.T, a, b []byte, pct uint8, cents uint16, completeMask uint8) {
		th := Threshold{Percent: float64(pct), Cents: int64(cents)}
		prev, next := fuzzSnapshot(a, 7), fuzzSnapshot(b, completeMask)
		prevCopy, nextCopy := slices.Clone(prev.Campaigns), slices.Clone(next.Campaigns)
		got := diff(prev, next, th)
		if !reflect.DeepEqual(prev.Campaigns, prevCopy) || !reflect.DeepEqual(next.Campaigns, nextCopy) {
			t.Fatal("Diff modified its input")
		}
		if diff(nil, next, th) != nil {
			t.Fatal("baseline produced changes")
		}
		if same := diff(next, next, th); len(same) != 0 {
			t.Fatalf("identical snapshots produced %q", brief(same))
		}
		want := expectedChanges(prev, next, th)
		if !reflect.DeepEqual(brief(got), brief(want)) {
			t.Fatalf("got  %q\nwant %q", brief(got), brief(want))
		}
	})
}

// fuzzSnapshot turns each 2 bytes into a campaign on one of 3 channels, id
// 0-7, with fields drawn from the bits; channel i is complete when bit i
// of mask is set.
func fuzzSnapshot(data []byte, mask uint8) *Snapshot {
	chans := []ChannelID{chA, chB, {CustSpaceID: "cams-a1", PageID: "239003"}}
	seen := map[Key]bool{}
	s := &Snapshot{}
	for i, ch := range chans {
		s.Channels = append(s.Channels, ChannelState{ChannelID: ch, Complete: mask&(1<<i) != 0})
	}
	for i := 0; i+1 < len(data); i += 2 {
		x, y := data[i], data[i+1]
		c := camp(chans[int(x%3)], strconv.Itoa(int(x>>2)&7), []string{"a", "b"}[y&1],
			[]string{"AVAILABLE", "PAUSED"}[y>>1&1], int64(y>>2)*37, []string{BudgetDaily, BudgetLifetime}[x>>5&1])
		if !seen[c.Key()] {
			seen[c.Key()] = true
			s.Campaigns = append(s.Campaigns, c)
		}
	}
	SortCampaigns(s.Campaigns)
	return s
}

// expectedChanges is Diff's specification, written the slow, obvious way.
func expectedChanges(prev, next *Snapshot, th Threshold) []Change {
	byKey := func(cs []Campaign) map[Key]Campaign {
		m := map[Key]Campaign{}
		for _, c := range cs {
			m[c.Key()] = c
		}
		return m
	}
	p, n := byKey(prev.Campaigns), byKey(next.Campaigns)
	complete := map[ChannelID]bool{}
	for _, ch := range next.Channels {
		complete[ch.ChannelID] = ch.Complete
	}
	var keys []Key
	for k := range p {
		keys = append(keys, k)
	}
	for k := range n {
		if _, ok := p[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, CompareKeys)
	var out []Change
	for _, k := range keys {
		o, inP := p[k]
		c, inN := n[k]
		switch {
		case !inP:
			out = append(out, Change{Type: Added, PageID: k.PageID, CampaignID: k.CampaignID})
		case !inN:
			if complete[ChannelID{k.CustSpaceID, k.PageID}] {
				out = append(out, Change{Type: Removed, PageID: k.PageID, CampaignID: k.CampaignID})
			}
		default:
			add := func(t ChangeType, old, new string) {
				out = append(out, Change{Type: t, PageID: k.PageID, CampaignID: k.CampaignID, Old: old, New: new})
			}
			if o.Budget != c.Budget && th.Passes(o.Budget, c.Budget) {
				add(BudgetChanged, strconv.FormatInt(o.Budget, 10), strconv.FormatInt(c.Budget, 10))
			}
			if o.Status != c.Status {
				add(StatusChanged, o.Status, c.Status)
			}
			if o.BudgetType != c.BudgetType {
				add(BudgetTypeChanged, o.BudgetType, c.BudgetType)
			}
			if o.CampaignName != c.CampaignName {
				add(Renamed, o.CampaignName, c.CampaignName)
			}
		}
	}
	return out
}

// BenchmarkDiff100k diffs 100,000 campaigns of which 1% changed.
func BenchmarkDiff100k(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	chans := []ChannelID{chA, chB, {CustSpaceID: "cams-c3", PageID: "239003"}, {CustSpaceID: "cams-d4", PageID: "239004"}}
	prev := &Snapshot{Channels: complete(chans...)}
	for i := range 100_000 {
		ch := chans[i%len(chans)]
		prev.Campaigns = append(prev.Campaigns, camp(ch, strconv.Itoa(2339012345678901+i*17),
			fmt.Sprintf("spring-sale-2026-brand-%c-retargeting-%d", 'a'+rune(i%7), i%100), "AVAILABLE", int64(500+r.IntN(2000)*100), BudgetDaily))
	}
	SortCampaigns(prev.Campaigns)
	next := &Snapshot{Channels: prev.Channels, Campaigns: slices.Clone(prev.Campaigns)}
	for i := 0; i < len(next.Campaigns); i += 100 { // 1%: budgets, statuses, names
		c := &next.Campaigns[i]
		switch (i / 100) % 3 {
		case 0:
			c.Budget *= 2
		case 1:
			c.Status = "PAUSED"
		case 2:
			c.CampaignName += "-v2"
		}
	}
	var n int
	b.ReportAllocs()
	for b.Loop() {
		n = len(diff(prev, next, Threshold{Percent: 10}))
	}
	if n != 1000 {
		b.Fatalf("%d changes, want 1000", n)
	}
}

// TestSmallBudgetMovesAddUp checks that moves each below the threshold are
// compared with the budget last announced, so that a budget creeping up
// 5% a check is announced once the creep passes 10%.
func TestSmallBudgetMovesAddUp(t *testing.T) {
	th := Threshold{Percent: 10}
	ch := []ChannelState{{ChannelID: ChannelID{"s", "p"}, Complete: true}}
	snap := func(budget int64, refs map[Key]int64) *Snapshot {
		return &Snapshot{Channels: ch, BudgetRefs: refs, Campaigns: []Campaign{
			{CustSpaceID: "s", PageID: "p", CampaignID: "1", CampaignName: "creep", Status: "AVAILABLE", Budget: budget, BudgetType: "daily"},
		}}
	}
	key := Key{"s", "p", "1"}
	steps := []struct {
		name     string
		budget   int64
		want     string // "old->new" of a budget_changed, or ""
		wantRefs map[Key]int64
	}{
		{"+5% is below the threshold: remembered", 1050, "", map[Key]int64{key: 1000}},
		{"+5% more, +10.25% since announced: announced from 1000", 1102, "1000->1102", nil},
		{"-4% is below: remembered", 1058, "", map[Key]int64{key: 1102}},
		{"back to the announced budget: nothing to remember", 1102, "", nil},
	}
	prev := snap(1000, nil)
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			next := snap(st.budget, nil)
			cmp := Compare(prev, next, th)
			changes, refs := cmp.Changes, cmp.Refs
			got := ""
			for _, c := range changes {
				if c.Type == BudgetChanged {
					got = c.Old + "->" + c.New
				}
			}
			if got != st.want {
				t.Errorf("budget change %q, want %q", got, st.want)
			}
			if !reflect.DeepEqual(refs, st.wantRefs) {
				t.Errorf("refs %v, want %v", refs, st.wantRefs)
			}
			if d := diff(prev, next, th); !reflect.DeepEqual(d, changes) {
				t.Errorf("a second Compare %v differs from the first %v", d, changes)
			}
			next.BudgetRefs = refs
			prev = next
		})
	}
}

// diff is the changes of Compare: what most tests here look at.
func diff(prev, next *Snapshot, th Threshold) []Change { return Compare(prev, next, th).Changes }

// TestSortCampaignsIsKeyOrder holds SortCampaigns, which compares in
// place, to a sort by compareCampaigns over random campaigns of several
// channels with distinct keys (prefixes of one another among them).
func TestSortCampaignsIsKeyOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 29))
	for n := range 300 {
		seen := map[Key]bool{}
		var cs []Campaign
		for range n {
			c := Campaign{
				CustSpaceID: []string{"cams-a", "cams-a1", "cams-b"}[r.IntN(3)],
				PageID:      []string{"2390", "239001", "3"}[r.IntN(3)],
				CampaignID:  strconv.Itoa(r.IntN(5000)),
				Budget:      r.Int64N(100),
			}
			if !seen[c.Key()] {
				seen[c.Key()] = true
				cs = append(cs, c)
			}
		}
		want := slices.SortedFunc(slices.Values(cs), compareCampaigns)
		SortCampaigns(cs)
		if !slices.Equal(cs, want) {
			t.Fatalf("%d campaigns: SortCampaigns gave another order than a sort by key", len(cs))
		}
	}
}
