package cams

import (
	"context"
	"fmt"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// listChannel pages through one channel. Pages are read in order, from
// Index 1, until the rows add up to Total. The first page's row count,
// when below the size asked, is taken as the server's cap and asked for
// from then on, so that Index counts in pages the server really serves.
// The listing is incomplete, with Err saying why, when a call fails, a
// page comes back empty or short before Total, Total moves between pages,
// a campaign comes twice, or the rows exceed Total.
func (c *Client) listChannel(ctx context.Context, ch campaign.Channel) campaign.Listing {
	start := time.Now()
	l := campaign.Listing{Channel: ch}
	size := c.cfg.PageSize
	seen := make(map[string]bool)
	fail := func(index int, kind campaign.Kind, msg string, cause error) {
		l.Err = &campaign.Error{Kind: kind, Err: cause,
			Msg: fmt.Sprintf("%s, page %d: %s", channelName(ch), index, msg)}
	}
	api, err := c.newAPI()
	if err != nil {
		l.Err = err
		return l
	}
	for index := 1; l.Err == nil; index++ {
		p, err := c.callWithRetry(ctx, pageRequest{api: api, ch: ch, index: index, size: size}, &l.Calls)
		if err != nil {
			kind := campaign.Unavailable
			if ce, ok := err.(*callError); ok {
				kind = ce.kind
			}
			fail(index, kind, err.Error(), err)
			break
		}
		if index > 1 && p.Total != l.Total {
			fail(index, campaign.Unavailable, fmt.Sprintf("Total moved from %d to %d while listing (request id %s): the campaigns changed under the listing; the next run lists them again", l.Total, p.Total, p.RequestID), nil)
			l.Total = p.Total
			break
		}
		l.Total = p.Total
		for _, r := range p.Rows {
			if seen[r.CampaignID] {
				fail(index, campaign.Unavailable, fmt.Sprintf("campaign %s came twice (request id %s): the pages shifted under the listing; the next run lists them again", r.CampaignID, p.RequestID), nil)
				break
			}
			seen[r.CampaignID] = true
			r.CustSpaceID, r.PageID = ch.CustSpaceID, ch.PageID
			l.Campaigns = append(l.Campaigns, r)
		}
		got := len(l.Campaigns)
		c.cfg.Logger.DebugContext(ctx, "cams: page", "channel", ch.ChannelID.String(), "page", index, "rows", len(p.Rows), "listed", got, "total", l.Total)
		switch {
		case l.Err != nil:
		case got == l.Total:
			l.Complete = true
			c.logListing(ctx, l, start)
			return l
		case got > l.Total:
			fail(index, campaign.Unavailable, fmt.Sprintf("%d campaigns listed, more than Total %d (request id %s)", got, l.Total, p.RequestID), nil)
		case len(p.Rows) == 0:
			fail(index, campaign.Unavailable, fmt.Sprintf("empty page after %d of Total %d campaigns (request id %s): the campaigns changed under the listing or the server lost a page", got, l.Total, p.RequestID), nil)
		case len(p.Rows) < size && index == 1:
			size = len(p.Rows) // the server's silent cap
		case len(p.Rows) < size:
			fail(index, campaign.Unavailable, fmt.Sprintf("%d rows, fewer than the %d of earlier pages, after %d of Total %d campaigns (request id %s)", len(p.Rows), size, got, l.Total, p.RequestID), nil)
		}
	}
	c.logListing(ctx, l, start)
	return l
}

func (c *Client) logListing(ctx context.Context, l campaign.Listing, start time.Time) {
	attrs := []any{"channel", l.Channel.ChannelID.String(), "campaigns", len(l.Campaigns), "total", l.Total,
		"complete", l.Complete, "calls", l.Calls, "duration", time.Since(start).Round(time.Millisecond)}
	if l.Err != nil {
		attrs = append(attrs, "error", l.Err.Error())
	}
	c.cfg.Logger.InfoContext(ctx, "cams: listed channel", attrs...)
}

// channelName names a channel in errors: "channel Brand A (cams-a1:239001)".
func channelName(ch campaign.Channel) string {
	if ch.Name != "" {
		return fmt.Sprintf("channel %s (%s)", ch.Name, ch.ChannelID)
	}
	return "channel " + ch.ChannelID.String()
}
