package dashboard

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/history"
)

// campaignsPageSize is how many campaigns a page of /ui/campaigns shows.
const campaignsPageSize = 100

// sorts are the orders /ui/campaigns offers (?sort=), the first the
// default, each with its comparison (ties by key, so pages are stable).
type sortOrder struct {
	Value string
	cmp   func(a, b *campaign.Campaign) int
}

var sorts = []sortOrder{
	{"budget", func(a, b *campaign.Campaign) int { return cmp.Compare(b.Budget, a.Budget) }},
	{"budget-asc", func(a, b *campaign.Campaign) int { return cmp.Compare(a.Budget, b.Budget) }},
	{"name", func(a, b *campaign.Campaign) int { return strings.Compare(a.CampaignName, b.CampaignName) }},
	{"newest", func(a, b *campaign.Campaign) int { return cmp.Compare(b.CreateTime, a.CreateTime) }},
	{"oldest", func(a, b *campaign.Campaign) int { return cmp.Compare(a.CreateTime, b.CreateTime) }},
}

type option struct {
	Value, Label string
	Selected     bool
}

type campaignsData struct {
	Snapshot *campaign.Snapshot
	Query    map[string]string
	Channels []option
	Statuses []option
	Sorts    []option
	Rows     []*campaign.Campaign
	// Total is how many campaigns match; From and To number the rows
	// shown (from 1).
	Total, From, To, Page, Pages int
	Prev, Next                   string
}

func (d *Dashboard) channelOptions(selected string) []option {
	out := make([]option, 0, len(d.channels))
	for _, c := range d.channels {
		id := c.ChannelID.String()
		out = append(out, option{Value: id, Label: c.Label(), Selected: id == selected})
	}
	return out
}

func (d *Dashboard) campaigns(ctx context.Context, r Request) Response {
	snap, err := d.latest(ctx)
	if err != nil {
		return d.problem(r, 0, err)
	}
	q := r.Query
	data := campaignsData{Snapshot: snap, Query: q, Channels: d.channelOptions(q["channel"])}
	sortBy := max(slices.IndexFunc(sorts, func(s sortOrder) bool { return s.Value == q["sort"] }), 0)
	l := r.Lang.UI
	for i, label := range []string{l.SortBudgetDesc, l.SortBudgetAsc, l.SortName, l.SortNewest, l.SortOldest} {
		data.Sorts = append(data.Sorts, option{Value: sorts[i].Value, Label: label, Selected: i == sortBy})
	}
	if snap != nil {
		ix := d.orders.of(snap)
		for _, st := range ix.statuses {
			data.Statuses = append(data.Statuses, option{Value: st, Selected: st == q["status"]})
		}
		order := ix.order(sortBy)
		rows := filterCampaigns(snap.Campaigns, order, q)
		data.page(snap.Campaigns, rows, r.Path, q)
	}
	return d.render(http.StatusOK, "campaigns", d.frame(r.Lang, r.Path, r.Lang.UI.CampaignsPage, q), data)
}

// filterCampaigns returns, in order, the indexes of the campaigns that
// ?q= (in the name, or the id), ?channel= and ?status= select; order
// itself when nothing is asked.
func filterCampaigns(cs []campaign.Campaign, order []int32, q map[string]string) []int32 {
	needle := strings.ToLower(strings.TrimSpace(q["q"]))
	channel, status := q["channel"], q["status"]
	if needle == "" && channel == "" && status == "" {
		return order
	}
	var out []int32
	for _, i := range order {
		c := &cs[i]
		if channel != "" && c.CustSpaceID+":"+c.PageID != channel ||
			status != "" && c.Status != status ||
			needle != "" && c.CampaignID != needle && !containsFold(c.CampaignName, needle) {
			continue
		}
		out = append(out, i)
	}
	return out
}

// campaignIndex is what /ui/campaigns needs of one snapshot beyond its
// campaigns, computed once per generation: each order of sorts (indexes
// into Campaigns, ties in key order) and every status.
type campaignIndex struct {
	gen      int64
	cs       []campaign.Campaign
	mu       sync.Mutex
	orders   [][]int32
	statuses []string
}

// order returns the campaigns' indexes in sorts[i]'s order, sorting on
// first use: stable over the key order of Snapshot.Campaigns, so equal
// budgets or names keep their key order and pages never shuffle.
func (ix *campaignIndex) order(i int) []int32 {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.orders[i] == nil {
		o := make([]int32, len(ix.cs))
		for k := range o {
			o[k] = int32(k)
		}
		by := sorts[i].cmp
		slices.SortStableFunc(o, func(a, b int32) int { return by(&ix.cs[a], &ix.cs[b]) })
		ix.orders[i] = o
	}
	return ix.orders[i]
}

// orderCache holds the campaignIndex of the latest generation shown.
type orderCache struct {
	mu sync.Mutex
	ix *campaignIndex
}

func (c *orderCache) of(snap *campaign.Snapshot) *campaignIndex {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ix == nil || c.ix.gen != snap.Generation {
		seen := map[string]bool{}
		var statuses []string
		for i := range snap.Campaigns {
			if st := snap.Campaigns[i].Status; !seen[st] {
				seen[st] = true
				statuses = append(statuses, st)
			}
		}
		slices.Sort(statuses)
		c.ix = &campaignIndex{gen: snap.Generation, cs: snap.Campaigns, orders: make([][]int32, len(sorts)), statuses: statuses}
	}
	return c.ix
}

// page cuts rows to the page ?page= asks for (from 1; past the end, the
// last).
func (data *campaignsData) page(cs []campaign.Campaign, rows []int32, path string, q map[string]string) {
	data.Total = len(rows)
	data.Pages = max(1, (len(rows)+campaignsPageSize-1)/campaignsPageSize)
	p, err := strconv.Atoi(q["page"])
	if err != nil || p < 1 {
		p = 1
	}
	p = min(p, data.Pages)
	data.Page = p
	from := (p - 1) * campaignsPageSize
	to := min(from+campaignsPageSize, len(rows))
	for _, i := range rows[from:to] {
		data.Rows = append(data.Rows, &cs[i])
	}
	data.From, data.To = from+1, to
	if len(rows) == 0 {
		data.From = 0
	}
	if p > 1 {
		data.Prev = pageHref(path, q, "page", strconv.Itoa(p-1))
	}
	if p < data.Pages {
		data.Next = pageHref(path, q, "page", strconv.Itoa(p+1))
	}
}

// campaignChangesShown is the most changes one campaign's page lists.
const campaignChangesShown = 500

type campaignData struct {
	Key      campaign.Key
	Campaign *campaign.Campaign
	Name     string
	Chart    *chart
	Changes  []history.Change
}

// campaign renders one campaign's page: its row of the latest snapshot,
// its budget over the recorded changes, and those changes.
func (d *Dashboard) campaign(ctx context.Context, r Request, k campaign.Key) Response {
	snap, err := d.latest(ctx)
	if err != nil {
		return d.problem(r, 0, err)
	}
	now := d.now()
	page, err := d.src.Changes(ctx, history.Query{CampaignIDs: []string{k.CampaignID},
		Channels: []campaign.ChannelID{{CustSpaceID: k.CustSpaceID, PageID: k.PageID}}, Limit: campaignChangesShown})
	if err != nil {
		return d.problem(r, 0, err)
	}
	rows := page.Changes
	data := campaignData{Key: k, Changes: rows}
	if snap != nil {
		i, found := slices.BinarySearchFunc(snap.Campaigns, k, func(c campaign.Campaign, k campaign.Key) int {
			return campaign.CompareKeys(c.Key(), k)
		})
		if found {
			data.Campaign = &snap.Campaigns[i]
		}
	}
	switch {
	case data.Campaign != nil:
		data.Name = data.Campaign.CampaignName
	case len(rows) > 0:
		data.Name = rows[0].CampaignName
	default:
		return d.problem(r, http.StatusNotFound, nil)
	}
	data.Chart = d.campaignChart(r.Lang, data.Name, data.Campaign, rows, snap, now)
	return d.render(http.StatusOK, "campaign", d.frame(r.Lang, r.Path, data.Name, r.Query), data)
}

// containsFold reports whether s contains the lower-case needle, ignoring
// case; ASCII names are compared without allocating.
func containsFold(s, needle string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return strings.Contains(strings.ToLower(s), needle)
		}
	}
	for i := 0; i+len(needle) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(needle)], needle) {
			return true
		}
	}
	return false
}
