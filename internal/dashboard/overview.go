package dashboard

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/silence"
)

// chartDays is how many days the overview's chart covers.
const chartDays = 30

// latestShown is how many changes the overview lists.
const latestShown = 10

type overviewData struct {
	Snapshot *campaign.Snapshot
	Digest   *campaign.Digest
	Sections []section
	Health   healthView
	Chart    *chart
	Changes  []changeRow
	// Silences are the active silences; SilencesKept: this deployment
	// keeps silences at all.
	Silences     []silence.View
	SilencesKept bool
}

// section is one row of the figures: a channel, or all of them.
type section struct {
	campaign.DigestSection
	Label  string
	Active int
	Total  bool
}

// healthView is the last check as the health log tells it.
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
	data, err := d.overviewData(ctx)
	if err != nil {
		return d.problem(r, 0, err)
	}
	data.Chart = d.budgetChart(r.Lang, data.Digest, data.series)
	return d.render(http.StatusOK, "overview", d.frame(r.Lang, r.Path, r.Lang.UI.Overview, r.Query), data.overviewData)
}

// overviewRead is the overview's data with the series its chart draws.
type overviewRead struct {
	overviewData
	series []*campaign.Digest
}

func (d *Dashboard) overviewData(ctx context.Context) (overviewRead, error) {
	var out overviewRead
	now := d.now()
	snap, err := d.latest(ctx)
	if err != nil {
		return out, err
	}
	if out.Health, err = d.health(ctx, snap); err != nil {
		return out, err
	}
	alerts, err := d.alerts(ctx)
	if err != nil {
		return out, err
	}
	for _, a := range alerts {
		if a.Kind == campaign.AlertDigest && a.Digest != nil && a.At.After(now.AddDate(0, 0, -chartDays-1)) {
			out.series = append(out.series, a.Digest)
		}
	}
	if d.silenceSvc != nil {
		views, err := d.silenceSvc.List(ctx, false)
		if err != nil {
			return out, err
		}
		for _, v := range views {
			if v.Active {
				out.Silences = append(out.Silences, v)
			}
		}
		out.SilencesKept = true
	}
	rows, err := d.changeRows(ctx, changeFilter{Since: now.AddDate(0, 0, -7), Until: now.Add(time.Minute)})
	if err != nil {
		return out, err
	}
	out.Changes = rows[:min(len(rows), latestShown)]
	if snap == nil {
		return out, nil
	}
	out.Snapshot = snap
	_, since, _ := campaign.DigestWindow(now, d.zone)
	gen, err := d.src.GenerationAsOf(ctx, since)
	if err != nil {
		return out, err
	}
	before, err := d.snaps.get(ctx, gen)
	if err != nil {
		return out, err
	}
	out.Digest = d.figures.get(snap, before, now, func() *campaign.Digest {
		return campaign.BuildDigest(snap, before, nil, d.labels, now, d.zone)
	})
	for _, s := range out.Digest.Channels {
		out.Sections = append(out.Sections, section{DigestSection: s, Label: d.channelLabel(s.ChannelID), Active: activeOf(s)})
	}
	out.Sections = append(out.Sections, section{DigestSection: out.Digest.Total, Active: activeOf(out.Digest.Total), Total: true})
	return out, nil
}

func activeOf(s campaign.DigestSection) int {
	n := 0
	for _, b := range s.ByStatus {
		if campaign.IsActive(b.Status) {
			n += b.Count
		}
	}
	return n
}

// health reads the checks' health log: the last check, and whether
// checks are failing.
func (d *Dashboard) health(ctx context.Context, snap *campaign.Snapshot) (healthView, error) {
	var h healthView
	if snap != nil {
		h.At, h.Known = snap.TakenAt, true
	}
	cur, _, err := d.src.HealthStreaks(ctx, campaign.ModeCheck)
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

// figuresCache keeps the overview's figures (a digest without changes)
// of one pair of snapshots on one day: summing 100,000 campaigns on every
// page would cost more than the page.
type figuresCache struct {
	mu          sync.Mutex
	gen, before int64
	date        string
	digest      *campaign.Digest
}

func (c *figuresCache) get(snap, before *campaign.Snapshot, now time.Time, build func() *campaign.Digest) *campaign.Digest {
	var beforeGen int64
	if before != nil {
		beforeGen = before.Generation
	}
	date := now.Format(time.DateOnly)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.digest == nil || c.gen != snap.Generation || c.before != beforeGen || c.date != date {
		c.digest, c.gen, c.before, c.date = build(), snap.Generation, beforeGen, date
	}
	return c.digest
}
