package dashboard

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/history"
	"github.com/campaignwatch/campaignwatch/internal/silence"
)

// chartDays is how many days the overview's chart covers.
const chartDays = 30

// latestShown is how many changes the overview lists.
const latestShown = 10

type overviewData struct {
	Snapshot *campaign.Snapshot
	Sections []section
	Health   healthView
	Chart    *chart
	Changes  []history.Change
	// Silences are the active silences; SilencesKept: this deployment
	// keeps silences at all.
	Silences     []silence.View
	SilencesKept bool
	// Incidents are the guardrail incidents open; SetAside the messages
	// set aside, per receiver (attention.go).
	Incidents []incidentLine
	SetAside  []asideGroup
}

// section is one row of the figures: a channel, or all of them, now
// (the latest snapshot) and at the end of yesterday (the series).
type section struct {
	campaign.ChannelSum
	Label string
	Total bool
	// PrevDaily and PrevLifetime are yesterday's sums; nil when the
	// series has no yesterday for the channel.
	PrevDaily, PrevLifetime *int64
}

// healthView is the last check as the incident log tells it.
type healthView struct {
	// At is the last check's time: the latest snapshot's, or the last
	// failure's when that is newer.
	At time.Time
	// Failing: the current streak has failures; Runs of them since Since.
	Failing bool
	Runs    int
	Since   time.Time
	// Known: a check was ever recorded.
	Known bool
}

func (d *Dashboard) overview(ctx context.Context, r Request) Response {
	data, series, err := d.overviewData(ctx)
	if err == nil {
		data.SetAside, err = d.setAsides(ctx)
	}
	if err != nil {
		return d.problem(r, 0, err)
	}
	data.Incidents = d.openIncidents(data.Snapshot, r.Lang)
	data.Chart = d.budgetChart(r.Lang, series)
	return d.render(http.StatusOK, "overview", d.frame(r.Lang, r.Path, r.Lang.UI.Overview, r.Query), data)
}

func (d *Dashboard) overviewData(ctx context.Context) (overviewData, []history.SeriesDay, error) {
	var out overviewData
	now := d.now()
	snap, err := d.latest(ctx)
	if err != nil {
		return out, nil, err
	}
	if out.Health, err = d.health(ctx, snap); err != nil {
		return out, nil, err
	}
	if out.Silences, out.SilencesKept, err = d.activeSilences(ctx); err != nil {
		return out, nil, err
	}
	var gen int64
	if snap != nil {
		gen = snap.Generation
	}
	today := time.Date(now.In(d.zone).Year(), now.In(d.zone).Month(), now.In(d.zone).Day(), 0, 0, 0, 0, d.zone)
	changes, days, err := d.recent.get(gen, today.Format(time.DateOnly), func() ([]history.Change, []history.SeriesDay, error) {
		page, err := d.src.Changes(ctx, history.Query{Since: now.AddDate(0, 0, -7), Limit: latestShown})
		if err != nil {
			return nil, nil, err
		}
		series, err := d.src.Series(ctx, history.SeriesQuery{Since: today.AddDate(0, 0, -chartDays+1)})
		if err != nil {
			return nil, nil, err
		}
		return page.Changes, series.Days, nil
	})
	if err != nil {
		return out, nil, err
	}
	out.Changes = changes
	if snap == nil {
		return out, days, nil
	}
	out.Snapshot = snap
	out.Sections = d.sections(snap, days, today.AddDate(0, 0, -1).Format(time.DateOnly))
	return out, days, nil
}

// recentCache keeps what the overview reads of the history (the latest
// changes, the month's series) for one generation and day: the history
// grows only with a commit, and reading it means reading a day object per
// day.
type recentCache struct {
	mu      sync.Mutex
	gen     int64
	date    string
	changes []history.Change
	days    []history.SeriesDay
}

func (c *recentCache) get(gen int64, date string, read func() ([]history.Change, []history.SeriesDay, error)) ([]history.Change, []history.SeriesDay, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.days == nil || c.gen != gen || c.date != date {
		changes, days, err := read()
		if err != nil {
			return nil, nil, err
		}
		if days == nil {
			days = []history.SeriesDay{}
		}
		c.gen, c.date, c.changes, c.days = gen, date, changes, days
	}
	return c.changes, c.days, nil
}

// sections are the figures of each channel of snap and of all, with
// yesterday's from the series.
func (d *Dashboard) sections(snap *campaign.Snapshot, days []history.SeriesDay, yesterday string) []section {
	prev := map[campaign.ChannelID]history.SeriesDay{}
	for _, day := range days {
		if day.Date == yesterday {
			prev[campaign.ChannelID{CustSpaceID: day.CustSpaceID, PageID: day.PageID}] = day
		}
	}
	total := section{Total: true}
	var totalPrevD, totalPrevL int64
	var out []section
	for _, sum := range d.sums.of(snap) {
		s := section{ChannelSum: sum, Label: d.channelLabel(sum.ChannelID)}
		if p, ok := prev[sum.ChannelID]; ok {
			s.PrevDaily, s.PrevLifetime = &p.DailyBudget, &p.LifetimeBudget
			totalPrevD += p.DailyBudget
			totalPrevL += p.LifetimeBudget
		}
		total.Campaigns += sum.Campaigns
		total.Active += sum.Active
		total.DailyBudget += sum.DailyBudget
		total.LifetimeBudget += sum.LifetimeBudget
		out = append(out, s)
	}
	if len(prev) > 0 {
		total.PrevDaily, total.PrevLifetime = &totalPrevD, &totalPrevL
	}
	return append(out, total)
}

// sumsCache keeps the channels' sums of the latest snapshot: summing
// 100,000 campaigns on every page would cost more than the page.
type sumsCache struct {
	mu   sync.Mutex
	gen  int64
	sums []campaign.ChannelSum
}

func (c *sumsCache) of(snap *campaign.Snapshot) []campaign.ChannelSum {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sums == nil || c.gen != snap.Generation {
		c.sums, c.gen = campaign.SumChannels(snap), snap.Generation
	}
	return c.sums
}

// activeSilences are the silences muting now; kept says whether this
// deployment keeps silences at all.
func (d *Dashboard) activeSilences(ctx context.Context) (active []silence.View, kept bool, err error) {
	if d.silenceSvc == nil {
		return nil, false, nil
	}
	views, err := d.silenceSvc.List(ctx, false)
	if err != nil {
		return nil, true, err
	}
	for _, v := range views {
		if v.Active {
			active = append(active, v)
		}
	}
	return active, true, nil
}

// health reads the checks' incident log: the last check, and whether
// checks are failing.
func (d *Dashboard) health(ctx context.Context, snap *campaign.Snapshot) (healthView, error) {
	var h healthView
	if snap != nil {
		h.At, h.Known = snap.TakenAt, true
	}
	cur, _, err := d.src.Streaks(ctx, campaign.ModeCheck)
	if err != nil {
		return h, err
	}
	if n := len(cur.Failures); n > 0 {
		h.Failing, h.Runs, h.Since, h.Known = true, n, cur.Failures[0], true
		if last := cur.Failures[n-1]; last.After(h.At) {
			h.At = last
		}
	}
	return h, nil
}
