package campaign

import (
	"cmp"
	"slices"
	"time"
)

// Evaluate evaluates every rule on snap and returns the incidents open
// after it, and the events of this check: an incident opens once (firing)
// and resolves once (resolved). prev are the incidents open before. An
// incident whose rule is gone or changed (Fingerprint) is dropped without
// an event. A channel whose listing is not complete neither opens nor
// resolves an incident that reads it: those carry over unchanged.
//
// The snapshot is read once, into per-channel sums and budget orders that
// every rule shares, so that 50 rules over 100,000 campaigns cost little
// more than one: a cap rule reads only the campaigns above its cap.
func Evaluate(rules []Guardrail, prev []Incident, snap *Snapshot) (open []Incident, events []GuardrailEvent) {
	ix := newIndex(snap)
	ix.sortForLowestCaps(rules)
	byRule := make(map[string][]int32, len(rules))
	for i := range prev {
		byRule[prev[i].Rule] = append(byRule[prev[i].Rule], int32(i))
	}
	open = make([]Incident, 0, len(prev)+8)
	for i := range rules {
		g := &rules[i]
		open, events = evaluateRule(g, prev, byRule[g.Name], snap.TakenAt, ix, open, events)
	}
	return open, events
}

// chanIndex is what the rules read of one channel.
type chanIndex struct {
	camps    []Campaign // the channel's campaigns, by key
	complete bool
	active   int64
	// sum is the active budgets summed, by slot (daily, lifetime).
	sum [2]int64
	// inSlot lists, by slot, the indexes in camps of the active
	// campaigns; built when a cap rule first asks.
	inSlot [2][]int32
	built  [2]bool
	// over lists, by slot, the indexes in camps of the active campaigns
	// with budgets above overFrom, budget descending (then by key); sorted
	// for the lowest limit asked so far, and a prefix of it serves any
	// higher one.
	over     [2][]int32
	overFrom [2]int64
	sorted   [2]bool
	sorts    [2]int // sorts made, by slot: one when Evaluate sorts first for the lowest cap
}

// index is the snapshot as the rules read it, by channel.
type index map[ChannelID]*chanIndex

// slot is the sum a budget type counts in: 0 daily (or none given), 1
// lifetime, -1 neither.
func slot(budgetType string) int {
	switch budgetType {
	case BudgetDaily, "":
		return 0
	case BudgetLifetime:
		return 1
	}
	return -1
}

// newIndex reads snap once (its campaigns are sorted by key, so a
// channel's sit together).
func newIndex(snap *Snapshot) index {
	ix := make(index, len(snap.Channels))
	for _, ch := range snap.Channels {
		ix[ch.ChannelID] = &chanIndex{complete: ch.Complete}
	}
	cs := snap.Campaigns
	for i := 0; i < len(cs); {
		id := ChannelID{CustSpaceID: cs[i].CustSpaceID, PageID: cs[i].PageID}
		j := i + 1
		for j < len(cs) && cs[j].CustSpaceID == id.CustSpaceID && cs[j].PageID == id.PageID {
			j++
		}
		ch := ix[id]
		if ch == nil {
			ch = &chanIndex{}
			ix[id] = ch
		}
		ch.camps = cs[i:j:j]
		for k := range ch.camps {
			c := &ch.camps[k]
			if !IsActive(c.Status) {
				continue
			}
			ch.active++
			if s := slot(c.BudgetType); s >= 0 {
				ch.sum[s] += c.Budget
			}
		}
		i = j
	}
	return ix
}

// above returns the indexes in camps of the active campaigns of slot s
// whose budget is above limit, budget descending (then by key).
//
// Only those are sorted: a cap rule breaches a few campaigns of a
// channel's thousands. Sorting every active campaign of a channel by
// budget, as this did before, took 10-15 ms of a check at 100,000
// campaigns; scanning them takes about one. The sort is kept: a limit as
// high or higher reads a prefix of it, and Evaluate makes it first for the
// lowest cap that reads the channel (sortForLowestCaps), so that every cap
// rule reads a prefix whatever the rules' order (BenchmarkGuardrails: 17
// cap rules on every channel).
func (ch *chanIndex) above(s int, limit int64) []int32 {
	budget := func(k int32) int64 { return ch.camps[k].Budget }
	if ch.sorted[s] && limit >= ch.overFrom[s] {
		over := ch.over[s]
		n, _ := slices.BinarySearchFunc(over, limit, func(k int32, limit int64) int { return cmp.Compare(limit, budget(k)) })
		return over[:n]
	}
	if !ch.built[s] {
		var in []int32
		for k := range ch.camps {
			if c := &ch.camps[k]; IsActive(c.Status) && slot(c.BudgetType) == s {
				in = append(in, int32(k))
			}
		}
		ch.inSlot[s], ch.built[s] = in, true
	}
	var over []int32
	for _, k := range ch.inSlot[s] {
		if budget(k) > limit {
			over = append(over, k)
		}
	}
	slices.SortFunc(over, func(a, b int32) int {
		if c := cmp.Compare(budget(b), budget(a)); c != 0 {
			return c
		}
		return cmp.Compare(a, b) // camps are in key order
	})
	ch.over[s], ch.overFrom[s], ch.sorted[s] = over, limit, true
	ch.sorts[s]++
	return over
}

// sortForLowestCaps asks above for every cap rule's campaigns, lowest cap
// first, so that each channel and budget slot is sorted once, for the
// lowest cap that reads it, and every rule then reads a prefix of that
// sort. In the rules' own order, listed from the highest cap down, each
// would sort again. A channel not listed completely is skipped, as the
// rules skip it.
func (ix index) sortForLowestCaps(rules []Guardrail) {
	var caps []*Guardrail
	for i := range rules {
		if g := &rules[i]; g.Condition == CampaignBudgetAbove && slot(g.BudgetType) >= 0 {
			caps = append(caps, g)
		}
	}
	slices.SortFunc(caps, func(a, b *Guardrail) int { return cmp.Compare(a.Limit, b.Limit) })
	for _, g := range caps {
		for _, id := range g.Channels {
			if ch := ix[id]; ch != nil && ch.complete {
				ch.above(slot(g.BudgetType), g.Limit)
			}
		}
	}
}

// breach is one subject a rule finds out of bounds.
type breach struct {
	key   Key
	name  string
	value int64
}

// breaches lists the subjects of g out of bounds, in the order of its
// channels (a channel's campaigns by budget, highest first). A cap rule
// skips channels whose listing is not complete; a rule over several
// channels finds nothing when one is not complete (the caller carries its
// incident over).
func (g *Guardrail) breaches(ix index) []breach {
	s := slot(g.BudgetType)
	if g.Condition == CampaignBudgetAbove {
		var out []breach
		for _, id := range g.Channels {
			ch := ix[id]
			if ch == nil || !ch.complete || s < 0 {
				continue
			}
			for _, k := range ch.above(s, g.Limit) {
				c := &ch.camps[k]
				out = append(out, breach{key: c.Key(), name: c.CampaignName, value: c.Budget})
			}
		}
		return out
	}
	value, ok := g.ruleValue(ix)
	if !ok {
		return nil
	}
	rk := Key{}
	if len(g.Channels) == 1 {
		rk = Key{CustSpaceID: g.Channels[0].CustSpaceID, PageID: g.Channels[0].PageID}
	}
	if (g.Condition == TotalBudgetAbove && value > g.Limit) || (g.Condition == ActiveCampaignsBelow && value < g.Limit) {
		return []breach{{key: rk, value: value}}
	}
	return nil
}

// ruleValue is what a total or count rule measures now; ok is false when
// a channel of the rule was not listed completely.
func (g *Guardrail) ruleValue(ix index) (int64, bool) {
	var v int64
	for _, id := range g.Channels {
		ch := ix[id]
		if ch == nil || !ch.complete {
			return 0, false
		}
		switch s := slot(g.BudgetType); {
		case g.Condition == ActiveCampaignsBelow:
			v += ch.active
		case s >= 0:
			v += ch.sum[s]
		}
	}
	return v, true
}

// current is what subject k of g stands at now (for a resolved message),
// and whether a campaign subject is gone (removed, or no longer counted).
func (g *Guardrail) current(k Key, ix index) (int64, bool) {
	if k.CampaignID == "" {
		v, _ := g.ruleValue(ix)
		return v, false
	}
	ch := ix[ChannelID{CustSpaceID: k.CustSpaceID, PageID: k.PageID}]
	if ch == nil {
		return 0, true
	}
	i, ok := slices.BinarySearchFunc(ch.camps, k, func(c Campaign, k Key) int { return CompareKeys(c.Key(), k) })
	if !ok || !IsActive(ch.camps[i].Status) || slot(ch.camps[i].BudgetType) != slot(g.BudgetType) {
		return 0, true
	}
	return ch.camps[i].Budget, false
}

// evaluateRule appends to open and events what g finds; mine are the
// indexes in prev of g's incidents.
func evaluateRule(g *Guardrail, prev []Incident, mine []int32, at time.Time, ix index, open []Incident, events []GuardrailEvent) ([]Incident, []GuardrailEvent) {
	fp := g.Fingerprint()
	was := make(map[Key]int32, len(mine))
	for _, i := range mine {
		if prev[i].Fingerprint == fp {
			was[prev[i].key()] = i
		}
	}
	base := Incident{Rule: g.Name, Fingerprint: fp, Condition: g.Condition, BudgetType: g.BudgetType, Channels: g.Channels, Limit: g.Limit}
	if len(g.Channels) == 1 {
		base.CustSpaceID, base.PageID = g.Channels[0].CustSpaceID, g.Channels[0].PageID
	}
	var seen map[Key]bool
	if len(was) > 0 {
		seen = make(map[Key]bool, len(was))
	}
	for _, b := range g.breaches(ix) {
		in := base
		in.CustSpaceID, in.PageID, in.CampaignID, in.CampaignName, in.Value = b.key.CustSpaceID, b.key.PageID, b.key.CampaignID, b.name, b.value
		if b.key.CampaignID != "" {
			in.Channels = nil // the campaign's channel says it; kept small in the manifest
		}
		if i, ok := was[b.key]; ok {
			seen[b.key] = true
			in.Since, in.Told = prev[i].Since, prev[i].Told
			open = append(open, in)
			continue
		}
		in.Since = at
		open = append(open, in)
		events = append(events, GuardrailEvent{Incident: in, State: StateFiring, Urgent: g.Urgent})
	}
	for _, i := range mine {
		old := &prev[i]
		k := old.key()
		if old.Fingerprint != fp || seen[k] {
			continue
		}
		if !g.settled(k, ix) {
			open = append(open, *old) // its listing is not complete: neither resolved nor updated
			continue
		}
		ev := GuardrailEvent{Incident: *old, State: StateResolved, Until: at, Urgent: g.Urgent}
		if k.CampaignID == "" {
			ev.Channels = g.Channels
		}
		ev.Value, ev.Gone = g.current(k, ix)
		events = append(events, ev)
	}
	return open, events
}

// settled reports whether subject k of g was listed completely: its
// campaign's channel, or every channel of the rule.
func (g *Guardrail) settled(k Key, ix index) bool {
	if k.CampaignID != "" {
		ch := ix[ChannelID{CustSpaceID: k.CustSpaceID, PageID: k.PageID}]
		return ch != nil && ch.complete
	}
	_, ok := g.ruleValue(ix)
	return ok
}
