package snapshot

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/history"
)

// The change history and the daily budget series (docs/history.md).
//
// What a committed generation recorded is in its manifest, the commit
// point itself: the alert's changes and the series row. So a change is in
// the history exactly when its generation committed, whatever run dies
// when, and two overlapping checks record each change once, because only
// one of them creates the manifest. Nothing else is written per check.
//
// Manifests are pruned after days; the history is kept for
// HISTORY_DAYS. So once a day (in the store's zone) is over, that is once
// a generation of a later day has committed, Prune compacts the day's
// manifests into one day object, history/<date>/<first>-<last>.hist,
// created create-only (two runs compacting one day compute the same
// object; one creates it), and never prunes a manifest that is not yet
// compacted. A query lists history/ (one request for a year), reads the
// day objects of its dates only, and reads the manifests of the days not
// yet compacted.

const historyDir = "history/"

// dayKey names the day object of generations first..last taken on date.
func dayKey(date string, first, last int64) string {
	return fmt.Sprintf("%s%s/%020d-%020d.hist", historyDir, date, first, last)
}

// dayObject is a day object's key, parsed.
type dayObject struct {
	key         string
	date        string
	first, last int64
}

func parseDayKey(key string) (dayObject, bool) {
	s, ok := strings.CutPrefix(key, historyDir)
	date, rest, ok2 := strings.Cut(s, "/")
	rest, ok3 := strings.CutSuffix(rest, ".hist")
	a, b, ok4 := strings.Cut(rest, "-")
	if !ok || !ok2 || !ok3 || !ok4 || len(a) != 20 || len(b) != 20 {
		return dayObject{}, false
	}
	if _, err := time.Parse(time.DateOnly, date); err != nil {
		return dayObject{}, false
	}
	first, err1 := strconv.ParseInt(a, 10, 64)
	last, err2 := strconv.ParseInt(b, 10, 64)
	if err1 != nil || err2 != nil || first < 1 || last < first {
		return dayObject{}, false
	}
	return dayObject{key: key, date: date, first: first, last: last}, true
}

// dayObjects lists the day objects, and the last generation they cover
// (0 for none). A key the store did not write is logged and left out.
func (s *Store) dayObjects(ctx context.Context) ([]dayObject, int64, error) {
	keys, err := s.b.List(ctx, historyDir)
	if err != nil {
		return nil, 0, err
	}
	out := make([]dayObject, 0, len(keys))
	var through int64
	for _, k := range keys {
		d, ok := parseDayKey(k)
		if !ok {
			s.log.WarnContext(ctx, "snapshot store: the history skips an object it did not write", "object", s.b.Describe(k))
			continue
		}
		out = append(out, d)
		through = max(through, d.last)
	}
	return out, through, nil
}

// readDay reads and decodes a day object; one that cannot be decoded is
// an error of kind Invalid naming it.
func (s *Store) readDay(ctx context.Context, d dayObject) (*dayRecord, error) {
	if rec, ok := s.days.get(d.key); ok {
		return rec, nil
	}
	b, err := s.b.Get(ctx, d.key)
	if err != nil {
		return nil, err
	}
	if len(b) > maxDayObject {
		return nil, s.damagedDay(d.key, fmt.Errorf("is %d bytes, more than a day object holds (%d)", len(b), maxDayObject))
	}
	rec, err := decodeDay(b)
	if err == nil && (rec.Date != d.date || rec.First != d.first || rec.Last != d.last) {
		err = fmt.Errorf("holds %s generations %d-%d, not what its key says", rec.Date, rec.First, rec.Last)
	}
	if err != nil {
		return nil, s.damagedDay(d.key, err)
	}
	s.days.put(d.key, rec, len(b))
	return rec, nil
}

func (s *Store) damagedDay(key string, err error) error {
	return s.damaged(key, err, "move it aside to drop that day from the history (checks do not read it)")
}

// recorded is what one committed generation recorded.
type recorded struct {
	gen     int64
	takenAt time.Time
	changes []history.Change
	series  []seriesRow
}

// recordedOf reads what manifest m (with its alert a) recorded. The
// baseline records no changes; a generation without an alert, none.
func recordedOf(m *manifest, a *campaign.Alert) recorded {
	r := recorded{gen: m.Generation, takenAt: m.TakenAt.UTC()}
	names := make(map[campaign.ChannelID]string, len(m.Channels))
	for _, ch := range m.Channels {
		names[ch.ChannelID] = ch.Name
	}
	if a != nil && a.Kind == campaign.AlertChanges {
		r.changes = make([]history.Change, len(a.Changes))
		for i, c := range a.Changes {
			name := names[c.Channel()]
			if name == "" {
				name = c.Channel().String()
			}
			r.changes[i] = history.Change{At: r.takenAt, Generation: m.Generation, Index: i, Type: c.Type,
				CustSpaceID: c.CustSpaceID, PageID: c.PageID, Channel: name, CampaignID: c.CampaignID,
				CampaignName: c.CampaignName, Old: c.Old, New: c.New, Status: c.Status, Budget: c.Budget, BudgetType: c.BudgetType,
				Silenced: []string{}}
		}
		for _, sc := range a.Silenced {
			if sc.Change >= 0 && sc.Change < len(r.changes) {
				r.changes[sc.Change].Silenced = sc.Silences
			}
		}
	}
	r.series = make([]seriesRow, len(m.Series))
	for i, sum := range m.Series {
		r.series[i] = seriesRow{At: r.takenAt, Generation: m.Generation, ChannelSum: sum}
	}
	return r
}

// readRecorded reads what generations gens recorded, in their order, at
// most parallel reads at once.
func (s *Store) readRecorded(ctx context.Context, gens []int64) ([]recorded, error) {
	out := make([]recorded, len(gens))
	err := forEach(ctx, len(gens), func(i int) error {
		m, a, err := s.manifest(ctx, gens[i])
		if err != nil {
			return err
		}
		out[i] = recordedOf(m, a)
		return nil
	})
	return out, err
}

// parallel is how many objects a history read fetches at once: enough to
// hide OSS's round trip, few enough to stay polite.
const parallel = 16

// forEach runs f(0..n-1), parallel at a time; the first error wins and
// stops what has not started.
func forEach(ctx context.Context, n int, f func(i int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		sem      = make(chan struct{}, parallel)
	)
	for i := range n {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			if err := f(i); err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = err
					cancel()
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if firstErr == nil && ctx.Err() != nil {
		firstErr = ctx.Err()
	}
	return firstErr
}

// date is t's day in the store's zone.
func (s *Store) date(t time.Time) string { return t.In(s.zone).Format(time.DateOnly) }

// lastSeries returns the series rows of the last generation of recs that
// has any: the check that stands for a day.
func lastSeries(recs []recorded) []seriesRow {
	for i := len(recs) - 1; i >= 0; i-- {
		if len(recs[i].series) > 0 {
			return slices.Clone(recs[i].series)
		}
	}
	return nil
}
