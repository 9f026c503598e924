package campaign

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
)

// Share is what one receiver gets of an alert. It is decided when the alert
// is committed and stored with it, so that the routing of an alert never
// changes afterwards, whatever the configuration becomes.
type Share struct {
	// Changes index the alert's Changes: those the receiver gets as they
	// are.
	Changes []int `json:"changes,omitempty"`
	// Own are the budget moves the receiver gets that the alert's Changes
	// do not hold as they are: measured from the receiver's own reference
	// (its threshold lets smaller moves add up), or past its threshold only.
	Own []Change `json:"own,omitempty"`
	// Channels are the channels the receiver watches; nil means every
	// channel. Messages name only these.
	Channels []ChannelID `json:"channels,omitempty"`
	// Watching is a baseline's count of campaigns in Channels.
	Watching int `json:"watching,omitempty"`
	// Digest is a digest alert's digest over Channels.
	Digest *Digest `json:"digest,omitempty"`
}

// For returns the alert as receiver gets it: its share of the changes (in
// key order), its baseline count, its digest, and the filters changed of
// its channels only. An alert without a share for receiver (one committed
// before shares existed, or one every receiver gets whole) is returned as
// it is. The returned alert is a copy; a is not modified.
func (a *Alert) For(receiver string) *Alert {
	out := *a
	out.Shares = nil
	out.Guardrails = nil
	for _, e := range a.Guardrails {
		if slices.Contains(e.Receivers, receiver) {
			out.Guardrails = append(out.Guardrails, e)
		}
	}
	sh := a.Shares[receiver]
	if sh == nil {
		return &out
	}
	out.Changes = make([]Change, 0, len(sh.Changes)+len(sh.Own))
	for _, i := range sh.Changes {
		if i >= 0 && i < len(a.Changes) {
			out.Changes = append(out.Changes, a.Changes[i])
		}
	}
	out.Changes = append(out.Changes, sh.Own...)
	sortChanges(out.Changes)
	if a.Kind == AlertBaseline {
		out.Watching = sh.Watching
	}
	if sh.Digest != nil {
		out.Digest = sh.Digest
	}
	if sh.Channels != nil && len(a.Rebaselined) > 0 {
		out.Rebaselined = nil
		for _, rb := range a.Rebaselined {
			if slices.Contains(sh.Channels, rb.ChannelID) {
				out.Rebaselined = append(out.Rebaselined, rb)
			}
		}
	}
	return &out
}

// sortChanges orders changes by campaign key, then within a campaign in the
// order of ChangeTypes, as Diff returns them.
func sortChanges(cs []Change) {
	slices.SortStableFunc(cs, func(x, y Change) int {
		kx := Key{CustSpaceID: x.CustSpaceID, PageID: x.PageID, CampaignID: x.CampaignID}
		ky := Key{CustSpaceID: y.CustSpaceID, PageID: y.PageID, CampaignID: y.CampaignID}
		if c := CompareKeys(kx, ky); c != 0 {
			return c
		}
		return cmp.Compare(TypeRank(x.Type), TypeRank(y.Type))
	})
}

// TypeRank orders change types as ChangeTypes lists them (budget moves,
// then status changes, ...); a type not listed comes last.
func TypeRank(t ChangeType) int {
	if i := slices.Index(ChangeTypes, t); i >= 0 {
		return i
	}
	return len(ChangeTypes)
}

// Share returns what the route gets of one check, and the budget
// references it carries to the next: of c.Changes (the check's changes),
// those of its channels and types, except budget moves, which it measures
// itself against refs (its references from the previous check, nil for
// none) with its own threshold, so that moves below its threshold add up
// until they pass it. next is the snapshot the check commits. The changes
// are in key order.
func (r Route) Share(c Comparison, next *Snapshot, refs map[Key]int64) ([]Change, map[Key]int64) {
	var out []Change
	for _, ch := range c.Changes {
		if ch.Type != BudgetChanged && r.HasChannel(ch.Channel()) && r.HasType(ch.Type) {
			out = append(out, ch)
		}
	}
	if !r.HasType(BudgetChanged) {
		return out, nil
	}
	var carried map[Key]int64
	seen := make(map[Key]bool, len(c.Moves))
	measure := func(cur Campaign, old int64) {
		ref, ok := refs[cur.Key()]
		if !ok {
			ref = old
		}
		if cur.Budget == ref {
			return
		}
		if r.Threshold.Passes(ref, cur.Budget) {
			out = append(out, newChange(BudgetChanged, &cur, strconv.FormatInt(ref, 10), strconv.FormatInt(cur.Budget, 10)))
			return
		}
		if carried == nil {
			carried = make(map[Key]int64)
		}
		carried[cur.Key()] = ref
	}
	for _, m := range c.Moves {
		id := ChannelID{CustSpaceID: m.Campaign.CustSpaceID, PageID: m.Campaign.PageID}
		if !r.HasChannel(id) {
			continue
		}
		seen[m.Campaign.Key()] = true
		measure(m.Campaign, m.Old)
	}
	// A reference of a campaign that did not move this time is carried on
	// (or settled, should the threshold have been lowered since).
	for _, k := range slices.SortedFunc(maps.Keys(refs), CompareKeys) {
		if seen[k] || !r.HasChannel(ChannelID{CustSpaceID: k.CustSpaceID, PageID: k.PageID}) {
			continue
		}
		i, found := slices.BinarySearchFunc(next.Campaigns, k, func(c Campaign, k Key) int { return CompareKeys(c.Key(), k) })
		if !found {
			continue // removed: nothing to compare with
		}
		cur := next.Campaigns[i]
		measure(cur, cur.Budget)
	}
	sortChanges(out)
	return out, carried
}
