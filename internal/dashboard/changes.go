package dashboard

import (
	"context"
	"net/http"
	"strings"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/history"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/catalog"
)

// changesPageSize is how many rows /ui/changes shows a page.
const changesPageSize = "100"

type changesData struct {
	Query    map[string]string
	Channels []option
	Types    []campaign.ChangeType
	Rows     []history.Change
	// Next is the address of the next page, "" on the last.
	Next string
	// Error says which parameters could not be read, as GET /history
	// would.
	Error string
}

// changes renders /ui/changes: the history with GET /history's filters
// (one value each here: the form's), 100 a page, with its cursor.
func (d *Dashboard) changes(ctx context.Context, r Request) Response {
	q := r.Query
	data := changesData{Query: q, Channels: d.channelOptions(q["channel"]), Types: campaign.ChangeTypes}
	form := history.Form{Since: q["since"], Until: q["until"], Limit: changesPageSize, Cursor: q["cursor"]}
	for field, vs := range map[string]*[]string{"channel": &form.Channels, "campaignId": &form.CampaignIDs, "type": &form.Types} {
		if v := strings.TrimSpace(q[field]); v != "" {
			*vs = []string{v}
		}
	}
	status := http.StatusOK
	hq, err := form.Query(d.now(), d.zone, history.Channels(d.channels), history.RouteNames)
	if err != nil {
		data.Error, status = err.Error(), http.StatusBadRequest
	} else {
		page, err := d.src.Changes(ctx, hq)
		if err != nil {
			return d.problem(r, 0, err)
		}
		data.Rows = page.Changes
		if page.Next != "" {
			data.Next = pageHref(r.Path, q, "cursor", page.Next)
		}
	}
	return d.render(status, "changes", d.frame(r.Lang, r.Path, r.Lang.UI.ChangesPage, q), data)
}

// changeDetail says what a recorded change did, as messages do (the
// history keeps the old and new values, not the campaign's budget): a
// budget move with its percentage, a status or type change in words, a
// rename; for an added or removed campaign the change's name says it all.
func changeDetail(l *catalog.Lang, c history.Change) string {
	switch c.Type {
	case campaign.Added, campaign.Removed:
		return ""
	case campaign.BudgetTypeChanged:
		return notify.BudgetTypeWord(l, c.Old) + " → " + notify.BudgetTypeWord(l, c.New)
	}
	return notify.ChangeDetail(l, campaign.Change{Type: c.Type, CampaignID: c.CampaignID, CampaignName: c.CampaignName, Old: c.Old, New: c.New})
}

// changeKey is the campaign a recorded change is about.
func changeKey(c history.Change) campaign.Key {
	return campaign.Key{CustSpaceID: c.CustSpaceID, PageID: c.PageID, CampaignID: c.CampaignID}
}
