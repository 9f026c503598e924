// Package history is the change history and the daily budget series of a
// store, as people ask for them: the types the routes, the command and the
// dashboard answer with, the queries they take (parsed from the outside
// with the errors a caller gets), the paging cursor, and the CSV form.
// internal/snapshot implements Reader over the store; see docs/history.md
// for how it is kept.
package history

import (
	"context"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// Limits of a query.
const (
	// DefaultLimit is the page size when a query names none.
	DefaultLimit = 500
	// MaxLimit is the largest page a query may ask for.
	MaxLimit = 5000
	// DefaultChangesSince and DefaultSeriesSince are how far back a query
	// reaches when it gives no since.
	DefaultChangesSince = 7 * 24 * time.Hour
	DefaultSeriesSince  = 30 * 24 * time.Hour
	// DefaultDays is HISTORY_DAYS' default: how many days both are kept.
	DefaultDays = 400
)

// Change is one change a committed check recorded: a row of GET /history.
type Change struct {
	// At is the time of the check that found it (its snapshot's takenAt).
	At          time.Time           `json:"at"`
	Generation  int64               `json:"generation"`
	Type        campaign.ChangeType `json:"type"`
	CustSpaceID string              `json:"custSpaceId"`
	PageID      string              `json:"pageId"`
	// Channel is the channel's name when the check ran (its id when it
	// had none).
	Channel    string `json:"channel"`
	CampaignID string `json:"campaignId"`
	// CampaignName is the name after the change (for renamed, the new
	// one; for removed, its last).
	CampaignName string `json:"campaignName"`
	Old          string `json:"old"`
	New          string `json:"new"`
	// Status, Budget and BudgetType describe the campaign after the
	// change (before it, for removed), as in the report: what an added
	// or removed campaign's line shows.
	Status     string `json:"status,omitempty"`
	Budget     int64  `json:"budget"`
	BudgetType string `json:"budgetType,omitempty"`
	// Silenced lists the silences that kept the change from every
	// receiver it would have reached; empty when none.
	Silenced []string `json:"silenced"`
	// SetAside lists the receivers whose message of this change's check
	// their service refused again and again, so that it was set aside
	// (kept in the store, never posted); empty when none.
	SetAside []SetAside `json:"setAside,omitempty"`
	// Index is the change's place among its check's changes: with
	// Generation it orders rows and makes the cursor.
	Index int `json:"-"`
}

// ChannelID returns the id of the change's channel.
func (c Change) ChannelID() campaign.ChannelID {
	return campaign.ChannelID{CustSpaceID: c.CustSpaceID, PageID: c.PageID}
}

// Page is one page of changes, newest first. Next is the cursor of the
// following page; empty on the last.
type Page struct {
	Changes []Change `json:"changes"`
	Next    string   `json:"next"`
}

// Query selects changes. Within one field any value matches (OR); across
// fields every given field must match (AND); an empty field matches all.
type Query struct {
	// Since and Until bound At: Since <= At < Until; a zero Until is no
	// bound.
	Since, Until time.Time
	Channels     []campaign.ChannelID
	CampaignIDs  []string
	Types        []campaign.ChangeType
	// Limit is the page size, 1..MaxLimit.
	Limit int
	// After continues a previous page: only rows older than it.
	After *Cursor
}

// Matches reports whether c passes the query's filters (not its paging).
func (q *Query) Matches(c *Change) bool {
	if c.At.Before(q.Since) || !q.Until.IsZero() && !c.At.Before(q.Until) {
		return false
	}
	return anyOf(q.Channels, c.ChannelID()) && anyOf(q.CampaignIDs, c.CampaignID) && anyOf(q.Types, c.Type)
}

func anyOf[T comparable](set []T, v T) bool {
	if len(set) == 0 {
		return true
	}
	for _, s := range set {
		if s == v {
			return true
		}
	}
	return false
}

// SeriesDay is one channel's day: its campaigns, the active ones (status
// AVAILABLE or ACTIVE) and their daily and lifetime budgets summed, in US
// cents, as the last check of that day (in the configured zone) found
// them. A day on which no check committed repeats the day before it: a
// check that finds nothing new commits nothing.
type SeriesDay struct {
	Date           string `json:"date"`
	CustSpaceID    string `json:"custSpaceId"`
	PageID         string `json:"pageId"`
	Channel        string `json:"channel"`
	Campaigns      int    `json:"campaigns"`
	Active         int    `json:"active"`
	DailyBudget    int64  `json:"dailyBudget"`
	LifetimeBudget int64  `json:"lifetimeBudget"`
}

// Series is GET /series' answer: the days oldest first, channels in key
// order within a day.
type Series struct {
	Zone string      `json:"zone"`
	Days []SeriesDay `json:"days"`
}

// SeriesQuery selects days of the series: those whose date (in the zone)
// falls in [Since, Until) (a zero Until: up to today), of the given
// channels (all when empty).
type SeriesQuery struct {
	Since, Until time.Time
	Channels     []campaign.ChannelID
}

// Reader reads a store's history. Both methods fail with an error of kind
// Invalid naming the object when a stored history object cannot be read,
// and never change the store.
type Reader interface {
	// Changes returns one page of the changes q selects, newest first.
	Changes(ctx context.Context, q Query) (*Page, error)
	// Series returns the daily series q selects.
	Series(ctx context.Context, q SeriesQuery) (*Series, error)
}

// SetAside is a receiver's message of a check that was set aside: to
// whom, when, after how many refusals, and the service's last answer
// (redacted when it was recorded).
type SetAside struct {
	Receiver string    `json:"receiver"`
	At       time.Time `json:"at"`
	Refusals int       `json:"refusals"`
	Reason   string    `json:"reason"`
}

// MarkSetAside marks each change of a check whose change alert was set
// aside for a receiver (asides, as the store keeps them). An alert holds
// every change of its check a receiver was sent; the mark is per check.
func MarkSetAside(changes []Change, asides []campaign.SetAside) {
	if len(asides) == 0 {
		return
	}
	byGen := map[int64][]SetAside{}
	for _, a := range asides {
		if a.Kind != campaign.AlertChanges || a.Generation == 0 {
			continue
		}
		byGen[a.Generation] = append(byGen[a.Generation], SetAsideOf(a))
	}
	for i := range changes {
		if ms := byGen[changes[i].Generation]; len(ms) > 0 {
			changes[i].SetAside = ms
		}
	}
}

// SetAsideOf is a message set aside as a change's mark says it: its
// receiver, when, how many refusals and the last one's answer.
func SetAsideOf(a campaign.SetAside) SetAside {
	m := SetAside{Receiver: a.Receiver, At: a.At, Refusals: len(a.Refusals)}
	if n := len(a.Refusals); n > 0 {
		m.Reason = a.Refusals[n-1].Error
	}
	return m
}
