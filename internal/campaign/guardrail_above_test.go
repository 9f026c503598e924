package campaign

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// TestAboveIsEveryCampaignSorted asks a channel's index for the campaigns
// above a random run of limits, rising, falling and repeated, so that
// answers come both from a fresh sort and from the prefix of an earlier
// one: each must be what sorting every active campaign of the slot by
// budget (descending, then by key) and keeping those above the limit
// gives. Budgets repeat, so that ties fall to the key.
func TestAboveIsEveryCampaignSorted(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 5))
	statuses := []string{"AVAILABLE", "ACTIVE", "PAUSED", "DELETED"}
	types := []string{BudgetDaily, BudgetLifetime, "", "monthly"}
	for round := range 300 {
		var cs []Campaign
		for i := range r.IntN(80) {
			cs = append(cs, camp(chA, strconv.Itoa(1000+i), "c"+strconv.Itoa(i), statuses[r.IntN(len(statuses))],
				int64(r.IntN(8)*100), types[r.IntN(len(types))]))
		}
		SortCampaigns(cs)
		ch := newIndex(&Snapshot{Channels: complete(chA), Campaigns: cs})[chA]
		for range 6 {
			s := r.IntN(2)
			limit := int64(r.IntN(9)*100 - 50 + r.IntN(2)*50) // between budgets and on them
			var want []int32
			for k, c := range ch.camps {
				if IsActive(c.Status) && slot(c.BudgetType) == s && c.Budget > limit {
					want = append(want, int32(k))
				}
			}
			slices.SortStableFunc(want, func(a, b int32) int { return cmp.Compare(ch.camps[b].Budget, ch.camps[a].Budget) })
			if got := ch.above(s, limit); !slices.Equal(got, want) {
				t.Fatalf("round %d, slot %d, limit %d: above gives %v, want %v", round, s, limit, got, want)
			}
		}
	}
}

// TestCapRulesShareOneSort: cap rules listed from the highest cap down,
// over two channels and both budget slots, each read a prefix of one sort
// a channel and slot, made first for the lowest cap that reads it; a
// channel not listed completely is not sorted at all.
func TestCapRulesShareOneSort(t *testing.T) {
	var cs []Campaign
	for i := range 40 {
		for _, ch := range []ChannelID{chA, chB} {
			cs = append(cs, camp(ch, strconv.Itoa(1000+i), "c"+strconv.Itoa(i), "AVAILABLE", int64(i*100), []string{BudgetDaily, BudgetLifetime}[i%2]))
		}
	}
	SortCampaigns(cs)
	var rules []Guardrail
	for limit := int64(3500); limit >= 500; limit -= 1000 {
		for _, bt := range []string{BudgetDaily, BudgetLifetime} {
			rules = append(rules, Guardrail{Name: fmt.Sprint(bt, limit), Condition: CampaignBudgetAbove, BudgetType: bt, Limit: limit, Channels: []ChannelID{chA, chB}})
		}
	}
	snap := &Snapshot{Channels: complete(chA, chB), Campaigns: cs}
	snap.Channels[1].Complete = false
	ix := newIndex(snap)
	ix.sortForLowestCaps(rules)
	for _, g := range rules {
		if got := len(g.breaches(ix)); got == 0 {
			t.Fatalf("rule %s breached nothing; the fixture has campaigns above every cap", g.Name)
		}
	}
	if a := ix[chA].sorts; a != [2]int{1, 1} {
		t.Fatalf("the complete channel was sorted %v times by slot, want once each", a)
	}
	if b := ix[chB].sorts; b != [2]int{} {
		t.Fatalf("the incomplete channel was sorted %v times by slot, want never", b)
	}
}
