package snapshot

import (
	"context"
	"slices"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/history"
)

var _ history.Reader = (*Store)(nil)

// Changes returns one page of the changes q selects, newest first: from
// the manifests of the days not compacted yet, then from the day objects
// of q's dates only (a day either side, for a zone that changed), newest
// first, reading ahead in parallel and stopping when the page is full.
func (s *Store) Changes(ctx context.Context, q history.Query) (*history.Page, error) {
	if q.Limit < 1 || q.Limit > history.MaxLimit {
		q.Limit = history.DefaultLimit
	}
	days, through, err := s.dayObjects(ctx)
	if err != nil {
		return nil, err
	}
	gens, err := s.generations(ctx)
	if err != nil {
		return nil, err
	}
	p := &pager{q: &q, floor: -1}
	if err := s.pageRecent(ctx, p, gens, through); err != nil {
		return nil, err
	}
	if !p.full() && !p.past {
		if err := s.pageDays(ctx, p, days); err != nil {
			return nil, err
		}
	}
	page := p.page()
	if len(page.Changes) > 0 {
		// Best effort: a record that cannot be read hides a mark, not
		// the history (SetAsides names the object in its error).
		asides, err := s.SetAsides(ctx)
		if err != nil {
			s.log.WarnContext(ctx, "history: the messages set aside could not be read; their changes are not marked", "err", err)
		}
		history.MarkSetAside(page.Changes, asides)
	}
	return page, nil
}

// pager gathers a page, newest first.
type pager struct {
	q    *history.Query
	rows []history.Change
	// floor: rows of generations at or above it were taken already (from
	// a newer source); -1 before any source.
	floor int64
	// past: a source older than q.Since was met; older ones are older.
	past bool
}

func (p *pager) full() bool { return len(p.rows) > p.q.Limit }

// take adds the rows of changes (ascending) that the query selects,
// newest first, and lowers the floor to first.
func (p *pager) take(changes []history.Change, first int64) {
	for i := len(changes) - 1; i >= 0 && !p.full(); i-- {
		c := &changes[i]
		if p.floor >= 0 && c.Generation >= p.floor || !p.q.After.Before(c.Generation, c.Index) || !p.q.Matches(c) {
			continue
		}
		p.rows = append(p.rows, *c)
	}
	if p.floor < 0 || first < p.floor {
		p.floor = first
	}
}

func (p *pager) page() *history.Page {
	out := &history.Page{Changes: p.rows}
	if p.full() {
		out.Changes = p.rows[:p.q.Limit]
		last := out.Changes[len(out.Changes)-1]
		out.Next = history.Cursor{Generation: last.Generation, Index: last.Index}.String()
	}
	if out.Changes == nil {
		out.Changes = []history.Change{}
	}
	return out
}

// pageRecent pages through the manifests of generations after through,
// newest first, parallel reads at a time.
func (s *Store) pageRecent(ctx context.Context, p *pager, gens []int64, through int64) error {
	var recent []int64
	for _, g := range slices.Backward(gens) {
		if g <= through {
			break
		}
		if p.q.After == nil || g <= p.q.After.Generation {
			recent = append(recent, g)
		}
	}
	for len(recent) > 0 && !p.full() && !p.past {
		batch := recent[:min(len(recent), parallel)]
		recent = recent[len(batch):]
		recs, err := s.readRecorded(ctx, batch)
		if err != nil {
			return err
		}
		for _, r := range recs {
			if r.takenAt.Before(p.q.Since) {
				p.past = true
				break
			}
			p.take(r.changes, r.gen)
		}
	}
	if p.floor < 0 {
		p.floor = through + 1
	}
	return nil
}

// pageDays pages through the day objects of q's dates, newest first.
func (s *Store) pageDays(ctx context.Context, p *pager, days []dayObject) error {
	lo := s.date(p.q.Since.Add(-24 * time.Hour))
	hi := "9999-12-31"
	if !p.q.Until.IsZero() {
		hi = s.date(p.q.Until.Add(24 * time.Hour))
	}
	var want []dayObject
	for _, d := range days {
		if d.date >= lo && d.date <= hi && (p.q.After == nil || d.first <= p.q.After.Generation) {
			want = append(want, d)
		}
	}
	slices.SortFunc(want, func(a, b dayObject) int { return -cmpInt(a.last, b.last) })
	for len(want) > 0 && !p.full() {
		batch := want[:min(len(want), parallel)]
		want = want[len(batch):]
		recs := make([]*dayRecord, len(batch))
		err := forEach(ctx, len(batch), func(i int) error {
			var err error
			recs[i], err = s.readDay(ctx, batch[i])
			return err
		})
		if err != nil {
			return err
		}
		for _, r := range recs {
			p.take(r.Changes, r.First)
		}
	}
	return nil
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Series returns the daily series q selects: for each day and channel,
// the series row of the last check of that day; a day without a
// committed check repeats the day before (the state did not change).
func (s *Store) Series(ctx context.Context, q history.SeriesQuery) (*history.Series, error) {
	first := s.date(q.Since)
	last := s.date(s.now())
	if !q.Until.IsZero() {
		last = min(last, s.date(q.Until.Add(-time.Nanosecond)))
	}
	out := &history.Series{Zone: s.zone.String(), Days: []history.SeriesDay{}}
	if first > last {
		return out, nil
	}
	rows, err := s.seriesRows(ctx, first, last)
	if err != nil {
		return nil, err
	}
	byDate := lastCheckByDate(rows, s.date)
	var state []seriesRow
	for d := range dates(first, last) {
		if r, ok := byDate[d.Format(time.DateOnly)]; ok {
			state = r
		}
		for _, r := range state {
			if len(q.Channels) > 0 && !slices.Contains(q.Channels, r.ChannelID) {
				continue
			}
			name := r.Name
			if name == "" {
				name = r.ChannelID.String()
			}
			out.Days = append(out.Days, history.SeriesDay{Date: d.Format(time.DateOnly), CustSpaceID: r.CustSpaceID, PageID: r.PageID,
				Channel: name, Campaigns: r.Campaigns, Active: r.Active, DailyBudget: r.DailyBudget, LifetimeBudget: r.LifetimeBudget})
		}
	}
	return out, nil
}

// seriesRows reads the series rows of first..last and of the newest day
// before first that has any (what the first days repeat).
func (s *Store) seriesRows(ctx context.Context, first, last string) ([]seriesRow, error) {
	days, through, err := s.dayObjects(ctx)
	if err != nil {
		return nil, err
	}
	lo := addDays(first, -1)
	var want []dayObject
	seed := -1
	for i, d := range days {
		switch {
		case d.date < lo:
			seed = i
		case d.date <= addDays(last, 1):
			want = append(want, d)
		}
	}
	if seed >= 0 {
		want = append(want, days[seed])
	}
	recs := make([]*dayRecord, len(want))
	err = forEach(ctx, len(want), func(i int) error {
		var err error
		recs[i], err = s.readDay(ctx, want[i])
		return err
	})
	if err != nil {
		return nil, err
	}
	var rows []seriesRow
	for _, r := range recs {
		rows = append(rows, r.Series...)
	}
	gens, err := s.generations(ctx)
	if err != nil {
		return nil, err
	}
	var recent []int64
	for _, g := range gens {
		if g > through {
			recent = append(recent, g)
		}
	}
	rr, err := s.readRecorded(ctx, recent)
	if err != nil {
		return nil, err
	}
	for _, r := range rr {
		rows = append(rows, r.series...)
	}
	return rows, nil
}

// lastCheckByDate groups rows by their date, keeping the rows of the last
// generation of each date.
func lastCheckByDate(rows []seriesRow, date func(time.Time) string) map[string][]seriesRow {
	out := make(map[string][]seriesRow)
	for _, r := range rows {
		d := date(r.At)
		cur := out[d]
		switch {
		case len(cur) == 0 || r.Generation > cur[0].Generation:
			out[d] = []seriesRow{r}
		case r.Generation == cur[0].Generation && !slices.ContainsFunc(cur, func(c seriesRow) bool { return c.ChannelID == r.ChannelID }):
			out[d] = append(cur, r)
		}
	}
	for _, rs := range out {
		slices.SortFunc(rs, func(a, b seriesRow) int {
			return campaign.CompareKeys(campaign.Key{CustSpaceID: a.CustSpaceID, PageID: a.PageID}, campaign.Key{CustSpaceID: b.CustSpaceID, PageID: b.PageID})
		})
	}
	return out
}

// dates yields each day from first to last (YYYY-MM-DD), as UTC midnights.
func dates(first, last string) func(func(time.Time) bool) {
	return func(yield func(time.Time) bool) {
		end := mustDate(last)
		for d := mustDate(first); !d.After(end); d = d.AddDate(0, 0, 1) {
			if !yield(d) {
				return
			}
		}
	}
}

// addDays returns the date n days after date (both YYYY-MM-DD).
func addDays(date string, n int) string {
	return mustDate(date).AddDate(0, 0, n).Format(time.DateOnly)
}

func mustDate(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}
