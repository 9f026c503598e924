package history

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// Form is a query as the outside gives it, before it is checked: the
// route's parameters or the command's flags, each repeatable field one
// value per element.
type Form struct {
	Since, Until string
	Channels     []string
	CampaignIDs  []string
	Types        []string
	Limit        string
	Cursor       string
}

// Names maps the form's fields to the names the caller knows them by, for
// the errors: "since", "until", "channel", "campaignId", "type", "limit",
// "cursor" are the route's; the command passes its flags.
type Names map[string]string

// RouteNames are the parameters of GET /history and GET /series.
var RouteNames = Names{"since": "since", "until": "until", "channel": "channel", "campaignId": "campaignId", "type": "type", "limit": "limit", "cursor": "cursor"}

func (n Names) of(field string) string {
	if s := n[field]; s != "" {
		return s
	}
	return field
}

// Channels resolves a channel as the outside names it: a configured
// name, or an id "custSpaceId:pageId" (configured or not: the history
// may hold channels no longer watched).
type Channels []campaign.Channel

// Resolve returns the id of the channel named s.
func (cs Channels) Resolve(s string) (campaign.ChannelID, bool) {
	for _, ch := range cs {
		if ch.Name != "" && ch.Name == s {
			return ch.ChannelID, true
		}
	}
	cust, page, ok := strings.Cut(s, ":")
	if !ok || cust == "" || page == "" || strings.Contains(page, ":") {
		return campaign.ChannelID{}, false
	}
	return campaign.ChannelID{CustSpaceID: cust, PageID: page}, true
}

// Query checks the form as a change query at now, with dates in zone. The
// error (kind Invalid) names every field that is wrong, one per line, by
// names.
func (f Form) Query(now time.Time, zone *time.Location, chs Channels, names Names) (Query, error) {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", names.of(field), fmt.Sprintf(format, args...)))
	}
	q := Query{Limit: DefaultLimit}
	q.Since, q.Until = f.window(now, zone, DefaultChangesSince, names, bad)
	q.Channels = f.channels(chs, bad)
	for _, id := range f.CampaignIDs {
		if id == "" || len(id) > 256 {
			bad("campaignId", "give a campaign id (at most 256 bytes)")
			continue
		}
		q.CampaignIDs = append(q.CampaignIDs, id)
	}
	for _, t := range f.Types {
		if !campaign.IsChangeType(t) {
			bad("type", "%q is not a change type; use one of %s", campaign.Clip(t, 40), campaign.ChangeTypeNames())
			continue
		}
		q.Types = append(q.Types, campaign.ChangeType(t))
	}
	if f.Limit != "" {
		n, err := strconv.Atoi(f.Limit)
		if err != nil || n < 1 || n > MaxLimit {
			bad("limit", "%q is not a number from 1 to %d", campaign.Clip(f.Limit, 20), MaxLimit)
		} else {
			q.Limit = n
		}
	}
	if f.Cursor != "" {
		c, err := DecodeCursor(f.Cursor)
		if err != nil {
			bad("cursor", "%s", strings.TrimPrefix(err.Error(), "cursor: "))
		}
		q.After = c
	}
	return q, joined(errs)
}

// SeriesQuery checks the form as a series query (since, until, channel;
// any other field set is an error).
func (f Form) SeriesQuery(now time.Time, zone *time.Location, chs Channels, names Names) (SeriesQuery, error) {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", names.of(field), fmt.Sprintf(format, args...)))
	}
	var q SeriesQuery
	q.Since, q.Until = f.window(now, zone, DefaultSeriesSince, names, bad)
	q.Channels = f.channels(chs, bad)
	return q, joined(errs)
}

func (f Form) window(now time.Time, zone *time.Location, back time.Duration, names Names, bad func(string, string, ...any)) (since, until time.Time) {
	since = now.Add(-back)
	if f.Since != "" {
		t, err := ParseWhen(f.Since, now, zone)
		if err != nil {
			bad("since", "%v", err)
		} else {
			since = t
		}
	}
	if f.Until != "" {
		t, err := ParseWhen(f.Until, now, zone)
		if err != nil {
			bad("until", "%v", err)
			return since, time.Time{}
		}
		until = t
		if since.After(until) {
			bad("since", "%s is after %s %s", since.In(zone).Format(time.RFC3339), names.of("until"), until.In(zone).Format(time.RFC3339))
		}
	}
	return since, until
}

func (f Form) channels(chs Channels, bad func(string, string, ...any)) []campaign.ChannelID {
	var out []campaign.ChannelID
	for _, s := range f.Channels {
		id, ok := chs.Resolve(s)
		if !ok {
			bad("channel", "no channel is named %q; give a configured channel's name or an id custSpaceId:pageId", campaign.Clip(s, 80))
			continue
		}
		out = append(out, id)
	}
	return out
}

func joined(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	err := errors.Join(errs...)
	return &campaign.Error{Kind: campaign.Invalid, Msg: err.Error(), Err: err}
}

// maxBack bounds a duration back: 100 years.
const maxBack = 100 * 365 * 24 * time.Hour

// ParseWhen reads a time as a query gives it: RFC 3339
// ("2026-12-05T08:00:00+08:00"), a date YYYY-MM-DD (midnight in zone), or
// a duration back from now: Go's units ("36h", "90m") or days ("7d").
func ParseWhen(s string, now time.Time, zone *time.Location) (time.Time, error) {
	if len(s) > 64 {
		return time.Time{}, errors.New("too long for a time; give an RFC 3339 time, a date YYYY-MM-DD or a duration back such as 36h or 7d")
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation("2006-01-02", s, zone); err == nil {
		return t, nil
	}
	if d, ok := parseBack(s); ok {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("%q is not a time; give an RFC 3339 time (2026-12-05T08:00:00Z), a date (2026-12-05) or a duration back from now (36h, 7d)", campaign.Clip(s, 64))
}

func parseBack(s string) (time.Duration, bool) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 || days != strconv.Itoa(n) || time.Duration(n) > maxBack/(24*time.Hour) {
			return 0, false
		}
		return time.Duration(n) * 24 * time.Hour, true
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 || d > maxBack || strings.HasPrefix(s, "+") {
		return 0, false
	}
	return d, true
}
