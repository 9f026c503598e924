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
func (r *Runner) confirmRemovals(ctx context.Context, changes []campaign.Change) ([]campaign.Campaign, error) {
	channels := make(map[campaign.ChannelID]campaign.Channel, len(r.opt.Channels))
	for _, ch := range r.opt.Channels {
		channels[ch.ChannelID] = ch
	}
	var asks []campaign.Channel
	var status []string // each ask's channel's status filter
	for _, c := range changes {
		if c.Type != campaign.Removed || len(asks) == maxConfirmations {
			continue
		}
		ch, ok := channels[c.Channel()]
		if !ok {
			continue
		}
		status = append(status, ch.Filters.Status)
		ch.Filters.CampaignID = c.CampaignID
		ch.Filters.Status = ""
		asks = append(asks, ch)
	}
	if len(asks) == 0 {
		return nil, nil
	}
	listings, err := r.opt.Source.List(ctx, asks)
	if err != nil {
		return nil, err
	}
	var left []campaign.Campaign
	for i, l := range listings {
		if !l.Complete {
			return nil, campaign.Errorf(campaign.Unavailable, "%s: confirming that campaign %s was removed failed, so nothing was committed or announced: %v",
				asks[i].Label(), asks[i].Filters.CampaignID, l.Err)
		}
		for _, c := range l.Campaigns {
			if c.CampaignID != asks[i].Filters.CampaignID {
				continue
			}
			if status[i] != "" && !strings.EqualFold(c.Status, status[i]) {
				c.CustSpaceID, c.PageID = asks[i].CustSpaceID, asks[i].PageID
				left = append(left, c)
				continue
			}
			return nil, campaign.Errorf(campaign.Unavailable, "%s: campaign %s was missing from the listing's pages but is there when asked for by id: the pages shifted while they were read; nothing was committed or announced, and the next run lists again",
				asks[i].Label(), c.CampaignID)
		}
	}
	r.opt.Logger.DebugContext(ctx, "removals confirmed", "campaigns", len(asks), "leftTheirFilter", len(left))
	return left, nil
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
	inside := make(map[campaign.Key]bool, len(next.Campaigns))
	for _, c := range next.Campaigns {
		inside[c.Key()] = true
	}
	out := slices.Clone(left)
	for _, c := range prev.Outside {
		id := campaign.ChannelID{CustSpaceID: c.CustSpaceID, PageID: c.PageID}
		if filtered[id] && !inside[c.Key()] && !slices.ContainsFunc(left, func(l campaign.Campaign) bool { return l.Key() == c.Key() }) {
			out = append(out, c)
		}
	}
	campaign.SortCampaigns(out)
	return out
}
