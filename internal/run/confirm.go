package run

import (
	"context"
	"slices"
	"strings"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// maxConfirmations bounds the removals confirmed in one run: a page that
// shifts hides a campaign or two, while a channel emptied on purpose can
// remove thousands, which need no API call each.
const maxConfirmations = 20

// confirmRemovals asks the API for each removed campaign by its id before
// a removal is announced, with the channel's filters kept but its status
// filter: a campaign of a channel that watches AVAILABLE campaigns leaves
// the listing when it is paused, and must be told as paused, not removed.
//
// A campaign found whose status the channel's status filter takes is one
// the listing's pages hid: a listing is read page by page while campaigns
// come and go, and with Total unchanged (one deleted on an early page, one
// created at the end), a later page can shift by a row and hide a campaign
// that still exists, with no duplicate and a count that adds up. The
// listing is then inconsistent, and the run fails (kind Unavailable)
// before anything is committed or announced, for the next run to list
// again. A campaign found with a status the filter does not take left the
// filter: it is returned, as it is now, to be told as what happened to it
// (Compare) and kept in the snapshot's Outside.
//
// A channel listed again without its status filter (confirmDrops) has its
// removals told apart by that listing, however many they are, and not
// asked for one by one.
func (r *Runner) confirmRemovals(ctx context.Context, changes []campaign.Change, relisted map[campaign.ChannelID]map[campaign.Key]campaign.Campaign) ([]campaign.Campaign, error) {
	channels := make(map[campaign.ChannelID]campaign.Channel, len(r.opt.Channels))
	for _, ch := range r.opt.Channels {
		channels[ch.ChannelID] = ch
	}
	var asks []campaign.Channel
	var status []string // each ask's channel's status filter
	var left []campaign.Campaign
	for _, c := range changes {
		ch, ok := channels[c.Channel()]
		if c.Type != campaign.Removed || !ok {
			continue
		}
		if found, ok := relisted[c.Channel()]; ok {
			cur, there := found[campaign.Key{CustSpaceID: c.CustSpaceID, PageID: c.PageID, CampaignID: c.CampaignID}]
			if there {
				if err := leftOrHidden(ch, cur); err != nil {
					return nil, err
				}
				left = append(left, cur)
			}
			continue
		}
		if len(asks) == maxConfirmations {
			continue
		}
		status = append(status, ch.Filters.Status)
		ch.Filters.CampaignID = c.CampaignID
		ch.Filters.Status = ""
		asks = append(asks, ch)
	}
	if len(asks) == 0 {
		return left, nil
	}
	listings, err := r.opt.Source.List(ctx, asks)
	if err != nil {
		return nil, err
	}
	for i, l := range listings {
		if !l.Complete {
			return nil, campaign.Errorf(campaign.Unavailable, "%s: confirming that campaign %s was removed failed, so nothing was committed or announced: %v",
				asks[i].Label(), asks[i].Filters.CampaignID, l.Err)
		}
		for _, c := range l.Campaigns {
			if c.CampaignID != asks[i].Filters.CampaignID {
				continue
			}
			c.CustSpaceID, c.PageID = asks[i].CustSpaceID, asks[i].PageID
			ch := asks[i]
			ch.Filters.Status = status[i]
			if err := leftOrHidden(ch, c); err != nil {
				return nil, err
			}
			left = append(left, c)
		}
	}
	r.opt.Logger.DebugContext(ctx, "removals confirmed", "campaigns", len(asks), "leftTheirFilter", len(left))
	return left, nil
}

// leftOrHidden tells apart a campaign c of channel ch that the listing
// did not show but the API still has: nil when c left ch's status filter,
// else an error of kind Unavailable (the listing's pages hid it).
func leftOrHidden(ch campaign.Channel, c campaign.Campaign) error {
	if ch.Filters.Status != "" && !strings.EqualFold(c.Status, ch.Filters.Status) {
		return nil
	}
	return campaign.Errorf(campaign.Unavailable, "%s: campaign %s was missing from the listing's pages but is there when asked for by id: the pages shifted while they were read; nothing was committed or announced, and the next run lists again",
		ch.Label(), c.CampaignID)
}

// outside is what next keeps of the campaigns outside their channel's
// status filter: those of prev that are still outside (their channel
// still watched, with a status filter, and the campaign not back in the
// listing), and those that left it in this check; sorted by key.
func (r *Runner) outside(prev, next *campaign.Snapshot, left []campaign.Campaign) []campaign.Campaign {
	filtered := make(map[campaign.ChannelID]bool, len(r.opt.Channels))
	for _, ch := range r.opt.Channels {
		filtered[ch.ChannelID] = ch.Filters.Status != ""
	}
	// next.Campaigns are sorted by key: a campaign back in the listing is
	// found by a binary search, without an index of every campaign (at
	// 100,000 campaigns a map of their keys took about 20 ms a check).
	inside := func(k campaign.Key) bool {
		_, found := slices.BinarySearchFunc(next.Campaigns, k, func(c campaign.Campaign, k campaign.Key) int {
			return campaign.CompareKeys(c.Key(), k)
		})
		return found
	}
	out := slices.Clone(left)
	for _, c := range prev.Outside {
		id := campaign.ChannelID{CustSpaceID: c.CustSpaceID, PageID: c.PageID}
		if filtered[id] && !inside(c.Key()) && !slices.ContainsFunc(left, func(l campaign.Campaign) bool { return l.Key() == c.Key() }) {
			out = append(out, c)
		}
	}
	campaign.SortCampaigns(out)
	return out
}
