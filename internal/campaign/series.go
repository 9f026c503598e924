package campaign

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
// of its campaigns that Channels lacks, in key order).
func SumChannels(s *Snapshot) []ChannelSum {
	tallies := tallyByChannel(s.Campaigns)
	chs := snapshotChannels(s)
	out := make([]ChannelSum, 0, len(chs))
	for _, ch := range chs {
		sum := ChannelSum{ChannelID: ch.ChannelID, Name: ch.Name}
		if t := tallies[ch.ChannelID]; t != nil {
			sum.Campaigns, sum.DailyBudget, sum.LifetimeBudget = t.campaigns, t.daily, t.lifetime
			for status, n := range t.status {
				if IsActive(status) {
					sum.Active += n
				}
			}
		}
		out = append(out, sum)
	}
	return out
}
