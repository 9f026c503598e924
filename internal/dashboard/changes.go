package dashboard

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// changeRow is one recorded change with the time of its check.
type changeRow struct {
	At         time.Time
	Generation int64
	Change     campaign.Change
}

// Key is the campaign the row is about.
func (r changeRow) Key() campaign.Key {
	return campaign.Key{CustSpaceID: r.Change.CustSpaceID, PageID: r.Change.PageID, CampaignID: r.Change.CampaignID}
}

// changeFilter selects rows: every field given must match.
type changeFilter struct {
	Since, Until time.Time
	Channel      string // a channel id "cs:page"
	CampaignID   string
	Type         string
	// Before keeps rows of generations below it (the next page's cursor);
	// 0 keeps all.
	Before int64
}

func (f changeFilter) match(r changeRow) bool {
	c := r.Change
	return (f.Channel == "" || c.Channel().String() == f.Channel) &&
		(f.CampaignID == "" || c.CampaignID == f.CampaignID) &&
		(f.Type == "" || string(c.Type) == f.Type) &&
		(f.Before == 0 || r.Generation < f.Before)
}

// changeRows returns the recorded changes that f selects, newest first:
// the changes each committed check stored with its alert.
func (d *Dashboard) changeRows(ctx context.Context, f changeFilter) ([]changeRow, error) {
	alerts, err := d.alerts(ctx)
	if err != nil {
		return nil, err
	}
	var rows []changeRow
	for i := len(alerts) - 1; i >= 0; i-- {
		a := alerts[i]
		if a.Kind != campaign.AlertChanges || a.At.Before(f.Since) || !a.At.Before(f.Until) {
			continue
		}
		for _, c := range a.Changes {
			r := changeRow{At: a.At, Generation: a.Generation, Change: c}
			if f.match(r) {
				rows = append(rows, r)
			}
		}
	}
	return rows, nil
}

// changesPageSize is how many rows /ui/changes shows at most; a page
// ends at a check's boundary, so that the next one starts at the check
// after it (a cursor that neither repeats nor skips a row).
const changesPageSize = 100

type changesData struct {
	Query    map[string]string
	Channels []channelOption
	Types    []campaign.ChangeType
	Rows     []changeRow
	// Next is the cursor of the next page, 0 on the last.
	Next  int64
	Error string
}

func (d *Dashboard) changes(ctx context.Context, r Request) Response {
	data := changesData{Query: r.Query, Channels: d.channelOptions(r.Query["channel"]), Types: campaign.ChangeTypes}
	f, bad := d.readChangeFilter(r.Query)
	status := http.StatusOK
	if bad != "" {
		data.Error, status = bad, http.StatusBadRequest
	} else {
		rows, err := d.changeRows(ctx, f)
		if err != nil {
			return d.problem(r, 0, err)
		}
		data.Rows, data.Next = pageOfChecks(rows, changesPageSize)
	}
	return d.render(status, "changes", d.frame(r.Lang, r.Path, r.Lang.UI.ChangesPage, r.Query), data)
}

// pageOfChecks cuts rows (newest first) after the check that reaches n
// rows, and returns the cursor of what follows (0: nothing does).
func pageOfChecks(rows []changeRow, n int) ([]changeRow, int64) {
	if len(rows) <= n {
		return rows, 0
	}
	end := n
	for end < len(rows) && rows[end].Generation == rows[n-1].Generation {
		end++
	}
	if end == len(rows) {
		return rows, 0
	}
	return rows[:end], rows[end-1].Generation
}

// readChangeFilter reads /ui/changes' parameters; bad names the first
// that could not be read.
func (d *Dashboard) readChangeFilter(q map[string]string) (changeFilter, string) {
	now := d.now()
	f := changeFilter{Since: now.AddDate(0, 0, -7), Until: now.Add(time.Minute),
		Channel: q["channel"], CampaignID: strings.TrimSpace(q["campaignId"]), Type: q["type"]}
	if v := q["since"]; v != "" {
		t, ok := parseWhen(v, now, d.zone)
		if !ok {
			return f, "since"
		}
		f.Since = t
	}
	if v := q["until"]; v != "" {
		t, ok := parseWhen(v, now, d.zone)
		if !ok {
			return f, "until"
		}
		f.Until = t
	}
	if f.Type != "" && !slices.Contains(campaign.ChangeTypes, campaign.ChangeType(f.Type)) {
		return f, "type"
	}
	if v := q["cursor"]; v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return f, "cursor"
		}
		f.Before = n
	}
	return f, ""
}

// parseWhen reads a time as the history's filters take it: RFC 3339, a
// date YYYY-MM-DD (midnight in zone), or a span back from now ("36h",
// "7d").
func parseWhen(s string, now time.Time, zone *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	if t, err := time.ParseInLocation("2006-01-02", s, zone); err == nil {
		return t, true
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 || n > 36600 {
			return time.Time{}, false
		}
		return now.AddDate(0, 0, -n), true
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now.Add(-d), true
	}
	return time.Time{}, false
}
