package campaign

import "slices"

// ChannelSum is one channel of a snapshot counted as the digest counts
// it: its campaigns, the active ones (IsActive), and the active daily and
// lifetime budgets summed, in US cents. The daily budget series records
// one per channel and check.
type ChannelSum struct {
	ChannelID
	Name           string `json:"name,omitempty"`
	Campaigns      int    `json:"campaigns"`
	Active         int    `json:"active"`
	DailyBudget    int64  `json:"dailyBudget"`
	LifetimeBudget int64  `json:"lifetimeBudget"`
}

// SumChannels counts every channel of s (its Channels, then the channels
// of its campaigns that Channels lacks, in key order). One pass that
// looks a channel up only where the campaigns, sorted by key, move to the
// next: it runs on every commit.
func SumChannels(s *Snapshot) []ChannelSum {
	out := make([]ChannelSum, len(s.Channels))
	at := make(map[ChannelID]int, len(s.Channels))
	for i, ch := range s.Channels {
		out[i] = ChannelSum{ChannelID: ch.ChannelID, Name: ch.Name}
		at[ch.ChannelID] = i
	}
	known := len(out)
	var cur ChannelID
	idx := -1
	for i := range s.Campaigns {
		c := &s.Campaigns[i]
		if idx < 0 || c.CustSpaceID != cur.CustSpaceID || c.PageID != cur.PageID {
			cur = ChannelID{CustSpaceID: c.CustSpaceID, PageID: c.PageID}
			var ok bool
			if idx, ok = at[cur]; !ok {
				idx = len(out)
				at[cur] = idx
				out = append(out, ChannelSum{ChannelID: cur})
			}
		}
		sum := &out[idx]
		sum.Campaigns++
		if daily, lifetime, active := activeBudget(c); active {
			sum.Active++
			sum.DailyBudget += daily
			sum.LifetimeBudget += lifetime
		}
	}
	slices.SortFunc(out[known:], func(a, b ChannelSum) int {
		return CompareKeys(Key{CustSpaceID: a.CustSpaceID, PageID: a.PageID}, Key{CustSpaceID: b.CustSpaceID, PageID: b.PageID})
	})
	return out
}
