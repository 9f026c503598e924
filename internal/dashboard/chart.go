package dashboard

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/history"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/catalog"
)

// chart is an SVG line chart drawn on the server: the template writes
// its coordinates, and every text in it (the legend, each point's
// tooltip) goes through html/template like the rest of the page. Drawing
// here rather than with a JavaScript library keeps every page free of
// script, and a campaign's name can only ever be text.
type chart struct {
	Title  string
	Lines  []chartLine
	YTicks []tick
	XTicks []tick
	// Empty says why there is nothing to draw; the chart is not drawn then.
	Empty string
}

type chartLine struct {
	Name string
	// Class picks the line's colour in the stylesheet: s0, s1, ...
	Class string
	// Points is the polyline's "x,y x,y ...".
	Points string
	Dots   []dot
}

type dot struct {
	X, Y  string
	Title string
}

type tick struct {
	X, Y  string
	Label string
}

// The drawing area inside the SVG's viewBox (0 0 chartW chartH).
const (
	chartW, chartH           = 720, 260
	padLeft, padRight        = 96, 32
	padTop, padBottom        = 12, 28
	plotW                    = chartW - padLeft - padRight
	plotH                    = chartH - padTop - padBottom
	colours                  = 8
	gridLines                = 4
	minDaysForChart          = 2
	campaignChartLookBackDay = 7
)

// point is one value of a line at one time.
type point struct {
	At    time.Time
	Value int64
	Title string
}

// draw scales lines of points into a chart over [from, to].
func draw(title string, from, to time.Time, names []string, lines [][]point, steps bool, zone *time.Location) *chart {
	c := &chart{Title: title}
	var top int64
	for _, ps := range lines {
		for _, p := range ps {
			top = max(top, p.Value)
		}
	}
	top = niceCeil(top)
	span := to.Sub(from).Seconds()
	if span <= 0 {
		span = 1
	}
	x := func(t time.Time) float64 { return padLeft + plotW*t.Sub(from).Seconds()/span }
	y := func(v int64) float64 { return padTop + plotH - plotH*float64(v)/float64(top) }
	for i, ps := range lines {
		if len(ps) == 0 {
			continue
		}
		l := chartLine{Name: names[i], Class: "s" + strconv.Itoa(i%colours)}
		var pts []string
		for j, p := range ps {
			if steps && j > 0 {
				pts = append(pts, num(x(p.At))+","+num(y(ps[j-1].Value)))
			}
			pts = append(pts, num(x(p.At))+","+num(y(p.Value)))
			if p.Title != "" {
				l.Dots = append(l.Dots, dot{X: num(x(p.At)), Y: num(y(p.Value)), Title: p.Title})
			}
		}
		l.Points = strings.Join(pts, " ")
		c.Lines = append(c.Lines, l)
	}
	for i := 0; i <= gridLines; i++ {
		v := top * int64(i) / gridLines
		c.YTicks = append(c.YTicks, tick{X: num(padLeft - 6), Y: num(y(v)), Label: notify.Money(v)})
	}
	for _, t := range []time.Time{from, from.Add(to.Sub(from) / 2), to} {
		c.XTicks = append(c.XTicks, tick{X: num(x(t)), Y: num(chartH - 8), Label: t.In(zone).Format("01-02")})
	}
	return c
}

// niceCeil rounds a top value up to 1, 2 or 5 times a power of ten
// dollars, so the axis reads in round figures.
func niceCeil(v int64) int64 {
	if v <= 0 {
		return 100
	}
	for unit := int64(100); ; unit *= 10 {
		for _, m := range []int64{1, 2, 5} {
			if v <= m*unit {
				return m * unit
			}
		}
		if unit > 1<<56 {
			return v
		}
	}
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

// budgetChart draws each channel's active daily budget over the last
// chartDays days from the daily series: a point a day, the last check of
// each day standing for it.
func (d *Dashboard) budgetChart(l *catalog.Lang, days []history.SeriesDay) *chart {
	now := d.now().In(d.zone)
	from := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, d.zone).AddDate(0, 0, -chartDays+1)
	title := l.UI.ChartTitle(chartDays)
	dates := map[string]bool{}
	byChannel := map[campaign.ChannelID][]history.SeriesDay{}
	var order []campaign.ChannelID
	for _, day := range days {
		id := campaign.ChannelID{CustSpaceID: day.CustSpaceID, PageID: day.PageID}
		if _, ok := byChannel[id]; !ok {
			order = append(order, id)
		}
		byChannel[id] = append(byChannel[id], day)
		dates[day.Date] = true
	}
	if len(dates) < minDaysForChart {
		return &chart{Title: title, Empty: l.UI.NoSeries}
	}
	latest := func(id campaign.ChannelID) int64 { ds := byChannel[id]; return ds[len(ds)-1].DailyBudget }
	many := len(order) > chartLines
	if many {
		slices.SortStableFunc(order, func(a, b campaign.ChannelID) int { return cmp.Compare(latest(b), latest(a)) })
		order = order[:chartLines-1]
	}
	var names []string
	var lines [][]point
	for _, id := range order {
		name := d.channelLabel(id)
		var ps []point
		for _, day := range byChannel[id] {
			ps = append(ps, dayPoint(name, day.Date, day.DailyBudget, d.zone))
		}
		names, lines = append(names, name), append(lines, ps)
	}
	if many {
		totals := map[string]int64{}
		for _, day := range days {
			totals[day.Date] += day.DailyBudget
		}
		var ps []point
		for _, date := range slices.Sorted(maps.Keys(totals)) {
			ps = append(ps, dayPoint(l.UI.Total, date, totals[date], d.zone))
		}
		names, lines = append(names, l.UI.Total), append(lines, ps)
	}
	return draw(title, from, now, names, lines, false, d.zone)
}

// dayPoint is one day's value of a line, with its tooltip.
func dayPoint(name, date string, v int64, zone *time.Location) point {
	t, _ := time.ParseInLocation(time.DateOnly, date, zone) // the series writes dates so
	return point{At: t, Value: v, Title: name + " · " + date + " · " + notify.Money(v)}
}

// campaignChart draws one campaign's budget over time as steps: from its
// recorded budget changes (rows, newest first) up to its budget now.
func (d *Dashboard) campaignChart(l *catalog.Lang, name string, c *campaign.Campaign, rows []history.Change, snap *campaign.Snapshot, now time.Time) *chart {
	title := l.UI.BudgetOverTime
	var ps []point
	label := func(t time.Time, v int64) string {
		return name + " · " + notify.ZoneTime(t, d.zone) + " · " + notify.Money(v)
	}
	for i := len(rows) - 1; i >= 0; i-- {
		r := rows[i]
		if r.Type != campaign.BudgetChanged {
			continue
		}
		oldV, err1 := strconv.ParseInt(r.Old, 10, 64)
		newV, err2 := strconv.ParseInt(r.New, 10, 64)
		if err1 != nil || err2 != nil {
			continue
		}
		if len(ps) == 0 {
			ps = append(ps, point{At: r.At.Add(-24 * time.Hour), Value: oldV})
		}
		ps = append(ps, point{At: r.At, Value: newV, Title: label(r.At, newV)})
	}
	if c != nil {
		if len(ps) == 0 {
			ps = append(ps, point{At: now.AddDate(0, 0, -campaignChartLookBackDay), Value: c.Budget})
		}
		ps = append(ps, point{At: now, Value: c.Budget, Title: label(snap.TakenAt, c.Budget)})
	}
	if len(ps) < 2 {
		return &chart{Title: title, Empty: l.UI.NoSeries}
	}
	return draw(title, ps[0].At, ps[len(ps)-1].At, []string{name}, [][]point{ps}, true, d.zone)
}

// chartLines is the most lines a chart draws: one colour each; with more
// channels, the overview draws the largest and the total of all.
const chartLines = colours
