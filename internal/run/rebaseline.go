package run

import (
	"context"
	"maps"
	"slices"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// A channel's listing is what its filters let through. When the filters
// change, a listing's difference from the last snapshot says nothing about
// the campaigns: a stricter filter (or one the API never matches, such as
// status=active where the API says AVAILABLE) would announce every campaign
// removed, a looser one every campaign new. Such a channel is re-baselined:
// watched afresh, with one short note per receiver and no change of its
// campaigns announced. A channel whose listing falls to less than half of
// the last snapshot's at once, with the same filters, is listed again to
// confirm the drop before anything is announced.

// rebaselined returns the channels of next whose filters differ from those
// prev recorded for them (a snapshot that recorded none, written before
// filters were, counts as the same filters).
func rebaselined(prev, next *campaign.Snapshot) map[campaign.ChannelID]bool {
	was := make(map[campaign.ChannelID]*campaign.Filters, len(prev.Channels))
	for _, ch := range prev.Channels {
		was[ch.ChannelID] = ch.Filters
	}
	var out map[campaign.ChannelID]bool
	for _, ch := range next.Channels {
		old, ok := was[ch.ChannelID]
		if !ok || old == nil || ch.Filters == nil || *old == *ch.Filters {
			continue
		}
		if out == nil {
			out = make(map[campaign.ChannelID]bool)
		}
		out[ch.ChannelID] = true
	}
	return out
}

// asIfListed returns prev with the campaigns of the channels in fresh as
// next lists them, so that Compare finds no change there; prev itself is
// not modified.
func asIfListed(prev, next *campaign.Snapshot, fresh map[campaign.ChannelID]bool) *campaign.Snapshot {
	in := func(c campaign.Campaign) bool {
		return fresh[campaign.ChannelID{CustSpaceID: c.CustSpaceID, PageID: c.PageID}]
	}
	adj := *prev
	adj.Campaigns = slices.DeleteFunc(slices.Collect(prev.All()), in)
	adj.Rows, adj.ContentHash = nil, "" // its campaigns are not prev's
	for _, c := range next.Campaigns {
		if in(c) {
			adj.Campaigns = append(adj.Campaigns, c)
		}
	}
	campaign.SortCampaigns(adj.Campaigns)
	adj.Outside = slices.DeleteFunc(slices.Clone(prev.Outside), in)
	// References of budgets announced under the old filters are dropped:
	// a campaign is compared with its budget as now listed.
	stale := func(k campaign.Key, _ int64) bool {
		return fresh[campaign.ChannelID{CustSpaceID: k.CustSpaceID, PageID: k.PageID}]
	}
	adj.BudgetRefs = maps.Clone(prev.BudgetRefs)
	maps.DeleteFunc(adj.BudgetRefs, stale)
	if prev.ReceiverRefs != nil {
		adj.ReceiverRefs = make(map[string]map[campaign.Key]int64, len(prev.ReceiverRefs))
		for name, refs := range prev.ReceiverRefs {
			refs = maps.Clone(refs)
			maps.DeleteFunc(refs, stale)
			if refs == nil {
				refs = map[campaign.Key]int64{}
			}
			adj.ReceiverRefs[name] = refs
		}
	}
	return &adj
}

// rebaselines are the notes of the channels in fresh: how many campaigns
// each now lists, in next's order of channels.
func rebaselines(next *campaign.Snapshot, fresh map[campaign.ChannelID]bool) []campaign.Rebaseline {
	counts := make(map[campaign.ChannelID]int, len(fresh))
	for _, c := range next.Campaigns {
		counts[campaign.ChannelID{CustSpaceID: c.CustSpaceID, PageID: c.PageID}]++
	}
	var out []campaign.Rebaseline
	for _, ch := range next.Channels {
		if fresh[ch.ChannelID] {
			out = append(out, campaign.Rebaseline{ChannelID: ch.ChannelID, Watching: counts[ch.ChannelID]})
		}
	}
	return out
}

// confirmDrops lists again each channel whose listing holds less than half
// of the campaigns prev held for it, with the same filters: a listing that
// does not say the same again fails the run (kind Unavailable) before
// anything is committed or announced. For a channel with a status filter,
// it also lists it without that filter, and returns what that listing
// found, by channel: the campaigns that left the filter, for
// confirmRemovals, however many they are.
func (r *Runner) confirmDrops(ctx context.Context, prev, next *campaign.Snapshot) (map[campaign.ChannelID]map[campaign.Key]campaign.Campaign, error) {
	before, now := prev.CountByChannel(), next.CountByChannel()
	var asks []campaign.Channel
	var statusLess []bool // the ask is a channel's listing without its status filter
	for _, ch := range r.opt.Channels {
		if b := before[ch.ChannelID]; b < 2 || 2*now[ch.ChannelID] >= b {
			continue
		}
		asks, statusLess = append(asks, ch), append(statusLess, false)
		if ch.Filters.Status != "" {
			all := ch
			all.Filters.Status = ""
			asks, statusLess = append(asks, all), append(statusLess, true)
		}
	}
	if len(asks) == 0 {
		return nil, nil
	}
	listings, err := r.opt.Source.List(ctx, asks)
	if err != nil {
		return nil, err
	}
	out := make(map[campaign.ChannelID]map[campaign.Key]campaign.Campaign)
	for i, l := range listings {
		ch := asks[i]
		if !l.Complete {
			return nil, campaign.Errorf(campaign.Unavailable, "%s: its listing fell from %d to %d campaigns, and listing it again to confirm that failed, so nothing was committed or announced: %v",
				ch.Label(), before[ch.ChannelID], now[ch.ChannelID], l.Err)
		}
		if statusLess[i] {
			found := make(map[campaign.Key]campaign.Campaign, len(l.Campaigns))
			for _, c := range l.Campaigns {
				c.CustSpaceID, c.PageID = ch.CustSpaceID, ch.PageID
				found[c.Key()] = c
			}
			out[ch.ChannelID] = found
			continue
		}
		if len(l.Campaigns) != now[ch.ChannelID] {
			return nil, campaign.Errorf(campaign.Unavailable, "%s: its listing fell from %d to %d campaigns, but listed again it has %d: nothing was committed or announced, and the next run lists again",
				ch.Label(), before[ch.ChannelID], now[ch.ChannelID], len(l.Campaigns))
		}
	}
	r.opt.Logger.InfoContext(ctx, "a drop of more than half of a channel's campaigns confirmed by listing it again", "channels", len(asks))
	return out, nil
}
