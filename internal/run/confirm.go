package run

import (
	"context"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// maxConfirmations bounds the removals confirmed in one run: a page that
// shifts hides a campaign or two, while a channel emptied on purpose can
// remove thousands, which need no API call each.
const maxConfirmations = 20

// confirmRemovals asks the API for each removed campaign by its id (the
// channel's own filters kept) before a removal is announced. A listing is
// read page by page while campaigns come and go: with Total unchanged (one
// deleted on an early page, one created at the end), a later page can
// shift by a row and hide a campaign that still exists, with no duplicate
// and a count that adds up. Such a campaign is found by id: the listing
// is then inconsistent, and the run fails (kind Unavailable) before
// anything is committed or announced, for the next run to list again.
func (r *Runner) confirmRemovals(ctx context.Context, changes []campaign.Change) error {
	channels := make(map[campaign.ChannelID]campaign.Channel, len(r.opt.Channels))
	for _, ch := range r.opt.Channels {
		channels[ch.ChannelID] = ch
	}
	var asks []campaign.Channel
	for _, c := range changes {
		if c.Type != campaign.Removed || len(asks) == maxConfirmations {
			continue
		}
		ch, ok := channels[c.Channel()]
		if !ok {
			continue
		}
		ch.Filters.CampaignID = c.CampaignID
		asks = append(asks, ch)
	}
	if len(asks) == 0 {
		return nil
	}
	listings, err := r.opt.Source.List(ctx, asks)
	if err != nil {
		return err
	}
	for i, l := range listings {
		if !l.Complete {
			return campaign.Errorf(campaign.Unavailable, "%s: confirming that campaign %s was removed failed, so nothing was committed or announced: %v",
				asks[i].Label(), asks[i].Filters.CampaignID, l.Err)
		}
		for _, c := range l.Campaigns {
			if c.CampaignID == asks[i].Filters.CampaignID {
				return campaign.Errorf(campaign.Unavailable, "%s: campaign %s was missing from the listing's pages but is there when asked for by id: the pages shifted while they were read; nothing was committed or announced, and the next run lists again",
					asks[i].Label(), c.CampaignID)
			}
		}
	}
	r.opt.Logger.DebugContext(ctx, "removals confirmed", "campaigns", len(asks))
	return nil
}
