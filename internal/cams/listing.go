package cams

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// fetched is one page's outcome.
type fetched struct {
	page  page
	calls int
	err   error
}

// listChannel lists one channel. Page 1 comes first: its Total says how
// many pages follow, and its row count, when below the size asked, is
// taken as the server's silent cap and asked for from then on, so that
// Index counts in pages the server really serves. The other pages are
// fetched by this goroutine and, when call slots are free (other channels
// done), by helpers in parallel; they are then checked in order. The
// listing is incomplete, with Err saying why, when a call fails, a page
// comes back empty or short before Total, Total moves between pages, a
// campaign comes twice, or the rows do not add up to Total.
func (c *Client) listChannel(ctx context.Context, ch campaign.Channel, slots chan struct{}, pr *progress) campaign.Listing {
	start := time.Now()
	l := campaign.Listing{Channel: ch}
	defer func() { c.logListing(ctx, l, start) }()
	api, err := c.takeAPI()
	if err != nil {
		l.Err = err
		return l
	}
	defer c.idle.put(api)

	size := c.cfg.PageSize
	first, calls, err := c.callWithRetry(ctx, pageRequest{api: api, ch: ch, index: 1, size: size})
	l.Calls += calls
	pr.add(len(first.Rows), calls, 0)
	c.logPage(ctx, ch, 1, first, err)
	results := []fetched{{page: first, calls: calls, err: err}}
	last := 1
	var place []campaign.Campaign
	if err == nil && len(first.Rows) > 0 && len(first.Rows) < first.Total {
		size = min(size, len(first.Rows)) // the server's silent cap, if below what was asked
		last = (first.Total + size - 1) / size
		if first.Total <= maxInPlace {
			place = make([]campaign.Campaign, first.Total)
		}
		rest := c.fetchPages(ctx, api, ch, 2, last, size, place, slots, pr)
		for _, r := range rest {
			l.Calls += r.calls
		}
		results = append(results, rest...)
	}

	assemble(&l, results, place, last, size, api.seen)
	return l
}

// assemble checks the pages of l's channel in order and adds their rows
// to l, in place when every page after the first was decoded there
// (inPlace). It sets l.Complete, or l.Err saying why the listing is not.
// kept is the caller's set for campaigns listed twice, used (cleared
// before and after) when the pages hold at most keptSeen rows, so that a
// set kept from channel to channel never holds the buckets of a huge
// listing (or of a broken answer's rows); above that, and when kept is
// nil, the listing gets a set of its own.
func assemble(l *campaign.Listing, results []fetched, place []campaign.Campaign, last, size int, kept map[string]struct{}) {
	rows := 0
	for _, r := range results {
		rows += len(r.page.Rows)
	}
	placed := inPlace(results, place)
	if placed {
		l.Campaigns = place[:0]
	} else {
		l.Campaigns = make([]campaign.Campaign, 0, rows)
	}
	seen := kept
	if seen == nil || rows > keptSeen {
		seen = make(map[string]struct{}, rows)
	} else {
		clear(seen)
		defer clear(seen) // the ids refer to the listing: not kept past it
	}
	for i, r := range results {
		index := i + 1
		if l.Err = check(l, r, index, index == last, size, seen, placed && index > 1); l.Err != nil {
			return
		}
	}
	if len(l.Campaigns) != l.Total {
		l.Err = channelError(l.Channel, last, campaign.Unavailable, fmt.Sprintf("the pages ran out after %d of Total %d campaigns", len(l.Campaigns), l.Total), nil)
		return
	}
	l.Complete = true
}

// check adds one page's rows to the listing, or says why the listing
// cannot be complete. placed says the rows were decoded where they
// belong, right after the listing's (assemble): they are then taken where
// they are, not copied.
func check(l *campaign.Listing, r fetched, index int, last bool, size int, seen map[string]struct{}, placed bool) error {
	ch := l.Channel
	if r.err != nil {
		kind := campaign.Unavailable
		if ce, ok := r.err.(*callError); ok {
			kind = ce.kind
		}
		return channelError(ch, index, kind, r.err.Error(), r.err)
	}
	p := r.page
	if index == 1 {
		l.Total = p.Total
	} else if p.Total != l.Total {
		moved := fmt.Sprintf("Total moved from %d to %d while listing (request id %s): the campaigns changed under the listing; the next run lists them again", l.Total, p.Total, p.RequestID)
		l.Total = p.Total
		return channelError(ch, index, campaign.Unavailable, moved, nil)
	}
	rows := p.Rows
	if placed {
		l.Campaigns = l.Campaigns[:len(l.Campaigns)+len(rows)]
	} else {
		l.Campaigns = append(l.Campaigns, rows...)
		rows = l.Campaigns[len(l.Campaigns)-len(rows):]
	}
	for i := range rows {
		row := &rows[i]
		n := len(seen)
		seen[row.CampaignID] = struct{}{} // one hashing a row: a campaign seen before leaves the map's size as it was
		if len(seen) == n {
			return channelError(ch, index, campaign.Unavailable, fmt.Sprintf("campaign %s came twice (request id %s): the pages shifted under the listing; the next run lists them again", row.CampaignID, p.RequestID), nil)
		}
		row.CustSpaceID, row.PageID = ch.CustSpaceID, ch.PageID
	}
	got := len(l.Campaigns)
	switch {
	case got > l.Total:
		return channelError(ch, index, campaign.Unavailable, fmt.Sprintf("%d campaigns listed, more than Total %d (request id %s)", got, l.Total, p.RequestID), nil)
	case got < l.Total && len(p.Rows) == 0:
		return channelError(ch, index, campaign.Unavailable, fmt.Sprintf("empty page after %d of Total %d campaigns (request id %s): the campaigns changed under the listing or the server lost a page", got, l.Total, p.RequestID), nil)
	case got < l.Total && !last && index > 1 && len(p.Rows) < size:
		return channelError(ch, index, campaign.Unavailable, fmt.Sprintf("%d rows, fewer than the %d of earlier pages, after %d of Total %d campaigns (request id %s)", len(p.Rows), size, got, l.Total, p.RequestID), nil)
	}
	return nil
}

// maxInPlace is the largest Total for which listChannel, after the first
// page, allocates the channel's listing whole and has each page decoded in
// its place: a Total above it (a broken answer may claim 10,000,000) gets
// nothing allocated before its rows arrive.
const maxInPlace = 1 << 18

// inPlace reports whether the pages after the first (results[1:]) were
// decoded into place one after the other, from where the first page's
// rows end. Only then is place the listing, the first
// page's rows copied in ahead of the others: a page decoded elsewhere
// (more rows than asked for) would be copied over the place of pages
// not yet checked.
func inPlace(results []fetched, place []campaign.Campaign) bool {
	if place == nil {
		return false
	}
	at := len(results[0].page.Rows)
	for _, r := range results[1:] {
		rows := r.page.Rows
		if len(rows) == 0 {
			continue
		}
		if at >= len(place) || &place[at] != &rows[0] {
			return false
		}
		at += len(rows)
	}
	return true
}

// window is page index's place in place: the rows of pages of size rows
// before it come first. Nil when place is nil or has no room for it.
func window(place []campaign.Campaign, index, size int) []campaign.Campaign {
	lo := (index - 1) * size
	if lo >= len(place) {
		return nil
	}
	hi := min(lo+size, len(place))
	return place[lo:hi:hi]
}

// fetchPages fetches pages from..to of a channel, each decoded into its
// window of place when it fits. This goroutine holds a
// call slot already; before each page it also starts a helper for every
// slot that is free, so that the last channels of a run are listed with
// the parallelism the first ones had. Pages are claimed in order and
// every claimed page is fetched; after a failure no new page is claimed.
func (c *Client) fetchPages(ctx context.Context, api *caller, ch campaign.Channel, from, to, size int, place []campaign.Campaign, slots chan struct{}, pr *progress) []fetched {
	out := make([]fetched, to-from+1)
	var (
		next   atomic.Int64
		failed atomic.Bool
		wg     sync.WaitGroup
	)
	next.Store(int64(from))
	fetchOne := func(api *caller) bool {
		if failed.Load() {
			return false
		}
		i := int(next.Add(1) - 1)
		if i > to {
			return false
		}
		p, calls, err := c.callWithRetry(ctx, pageRequest{api: api, ch: ch, index: i, size: size, into: window(place, i, size)})
		out[i-from] = fetched{page: p, calls: calls, err: err}
		pr.add(len(p.Rows), calls, 0)
		c.logPage(ctx, ch, i, p, err)
		if err != nil {
			failed.Store(true)
		}
		return true
	}
	helper := func() {
		defer func() { <-slots }()
		hapi, err := c.takeAPI()
		if err != nil {
			return
		}
		defer c.idle.put(hapi)
		for fetchOne(hapi) {
			// Claim and fetch pages until none is left.
		}
	}
	for {
	spawn:
		for int(next.Load()) <= to && !failed.Load() {
			select {
			case slots <- struct{}{}:
				wg.Go(helper)
			default:
				break spawn
			}
		}
		if !fetchOne(api) {
			break
		}
	}
	wg.Wait()
	// A page claimed by no one (claims stop after a failure) stays zero:
	// trim the tail after the first failure, which check reports.
	for i, r := range out {
		if r.err != nil {
			return out[:i+1]
		}
	}
	return out
}

func (c *Client) logPage(ctx context.Context, ch campaign.Channel, index int, p page, err error) {
	if err != nil {
		return // the listing's line tells
	}
	c.cfg.Logger.DebugContext(ctx, "cams: page", "channel", ch.ChannelID.String(), "page", index, "rows", len(p.Rows), "total", p.Total, "requestId", p.RequestID)
}

func (c *Client) logListing(ctx context.Context, l campaign.Listing, start time.Time) {
	attrs := []any{"channel", l.Channel.ChannelID.String(), "campaigns", len(l.Campaigns), "total", l.Total,
		"complete", l.Complete, "calls", l.Calls, "duration", time.Since(start).Round(time.Millisecond)}
	if l.Err != nil {
		attrs = append(attrs, "error", l.Err.Error())
	}
	c.cfg.Logger.InfoContext(ctx, "cams: listed channel", attrs...)
}

// channelError is a listing's error: which channel, which page, what.
func channelError(ch campaign.Channel, index int, kind campaign.Kind, msg string, cause error) error {
	return &campaign.Error{Kind: kind, Err: cause, Msg: fmt.Sprintf("%s, page %d: %s", channelName(ch), index, msg)}
}

// channelName names a channel in errors: "channel Brand A (cams-a1:239001)".
func channelName(ch campaign.Channel) string {
	if ch.Name != "" {
		return fmt.Sprintf("channel %s (%s)", ch.Name, ch.ChannelID)
	}
	return "channel " + ch.ChannelID.String()
}
