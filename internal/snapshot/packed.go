package snapshot

import (
	"fmt"
	"iter"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// packed are a snapshot's campaigns as the data object stores them, for a
// run to compare with (campaign.Rows): the decompressed body, one string
// that every column is read from, and the ids written out once into
// another. Each campaign is built as it is read; its strings are slices of
// those two (names, ids, dictionary values) or shared by its channel's
// run, so reading allocates nothing. At 100,000 campaigns it holds about
// 6 MB where the []Campaign with its strings holds about 18 MB.
//
// decodePacked has checked every column and the campaigns' order, so a
// cursor never meets a bad varint or a code out of range.
type packed struct {
	n    int
	body string
	runs []chanRun
	// ids holds each campaign's id as a uvarint length then its bytes.
	ids string
	// names holds the names column from namesAt, the same way: the body
	// itself in format 2.
	names   string
	namesAt int
	// dicts are status, budget type and ad account; their codes start at
	// codesAt in the body.
	dicts    [3][]string
	codesAt  [3]int
	budgetAt int
	createAt int
}

var _ campaign.Rows = (*packed)(nil)

// chanRun is the channel of n consecutive campaigns.
type chanRun struct {
	space, page string
	n           int
}

func (p *packed) Len() int { return p.n }

func (p *packed) Channels() iter.Seq2[campaign.ChannelID, int] {
	return func(yield func(campaign.ChannelID, int) bool) {
		for _, r := range p.runs {
			if !yield(campaign.ChannelID{CustSpaceID: r.space, PageID: r.page}, r.n) {
				return
			}
		}
	}
}

func (p *packed) All() iter.Seq[campaign.Campaign] {
	return func(yield func(campaign.Campaign) bool) {
		cur := p.cursor()
		for range p.n {
			var c campaign.Campaign
			cur.next(&c)
			if !yield(c) {
				return
			}
		}
	}
}

// cursor reads the rows in order, one position per column.
type cursor struct {
	p        *packed
	run      int
	left     int // campaigns left in the current run
	id, name int
	codes    [3]int
	budget   int
	create   int
	created  int64
}

func (p *packed) cursor() *cursor {
	c := &cursor{p: p, run: -1, name: p.namesAt, codes: p.codesAt, budget: p.budgetAt, create: p.createAt}
	return c
}

// next fills c with the next campaign; there must be one.
func (cur *cursor) next(c *campaign.Campaign) {
	p := cur.p
	for cur.left == 0 {
		cur.run++
		cur.left = p.runs[cur.run].n
	}
	cur.left--
	r := &p.runs[cur.run]
	c.CustSpaceID, c.PageID = r.space, r.page
	c.CampaignID, cur.id = lengthPrefixed(p.ids, cur.id)
	c.CampaignName, cur.name = lengthPrefixed(p.names, cur.name)
	c.Status = p.dicts[0][cur.code(0)]
	c.BudgetType = p.dicts[1][cur.code(1)]
	c.AdAccountID = p.dicts[2][cur.code(2)]
	c.Budget = zigzag(&cur.budget, p.body)
	cur.created += zigzag(&cur.create, p.body)
	c.CreateTime = cur.created
}

func (cur *cursor) code(k int) uint64 {
	v, n := uvarintAt(cur.p.body, cur.codes[k])
	cur.codes[k] += n
	return v
}

func zigzag(at *int, s string) int64 {
	u, n := uvarintAt(s, *at)
	*at += n
	return int64(u>>1) ^ -int64(u&1)
}

// lengthPrefixed reads a uvarint length at at, then that many bytes.
func lengthPrefixed(s string, at int) (string, int) {
	l, n := uvarintAt(s, at)
	at += n
	return s[at : at+int(l)], at + int(l)
}

// checkOrder checks that the campaigns are sorted by key, none repeated.
func (p *packed) checkOrder() error {
	cur := p.cursor()
	var prev, c campaign.Campaign
	for i := range p.n {
		cur.next(&c)
		if i > 0 && campaign.CompareKeys(prev.Key(), c.Key()) >= 0 {
			return fmt.Errorf("campaigns out of order or repeated at %s", c.Key())
		}
		prev = c
	}
	return nil
}
