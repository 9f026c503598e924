package snapshot

import (
	"context"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// compactHistory folds the manifests of every day that is over into day
// objects, and returns the last generation the day objects cover: Prune
// keeps every manifest after it. A day is over once a generation taken on
// a later day has committed (takenAt grows with the generation: a run
// commits g+1 only after reading g). gens are the committed generations,
// ascending. It costs one listing and two manifest reads when no day
// ended since the last compaction.
func (s *Store) compactHistory(ctx context.Context, gens []int64) (int64, error) {
	_, through, err := s.dayObjects(ctx)
	if err != nil {
		return 0, err
	}
	var pending []int64
	for _, g := range gens {
		if g > through {
			pending = append(pending, g)
		}
	}
	if len(pending) < 2 {
		return through, nil
	}
	first, _, err := s.manifest(ctx, pending[0])
	if err != nil {
		return through, err
	}
	last, _, err := s.manifest(ctx, pending[len(pending)-1])
	if err != nil {
		return through, err
	}
	today := s.date(last.TakenAt)
	if s.date(first.TakenAt) >= today {
		return through, nil
	}
	recs, err := s.readRecorded(ctx, pending[:len(pending)-1])
	if err != nil {
		return through, err
	}
	for len(recs) > 0 {
		date := s.date(recs[0].takenAt)
		if date >= today {
			break
		}
		n := 1
		for n < len(recs) && s.date(recs[n].takenAt) == date {
			n++
		}
		if err := s.writeDay(ctx, date, recs[:n]); err != nil {
			return through, err
		}
		through = recs[n-1].gen
		recs = recs[n:]
	}
	return through, nil
}

// writeDay creates the day object of recs, all taken on date. Another run
// that compacted the same day first created the same object: not an
// error.
func (s *Store) writeDay(ctx context.Context, date string, recs []recorded) error {
	d := &dayRecord{Date: date, First: recs[0].gen, Last: recs[len(recs)-1].gen, Series: lastSeries(recs)}
	for _, r := range recs {
		d.Changes = append(d.Changes, r.changes...)
	}
	err := s.create(ctx, dayKey(date, d.First, d.Last), encodeDay(d))
	if campaign.KindOf(err) == campaign.Conflict {
		return nil
	}
	return err
}

// pruneHistory deletes the day objects of days before HISTORY_DAYS ago;
// it never reads them, so a damaged one goes when its time comes and
// never before.
func (s *Store) pruneHistory(ctx context.Context, now time.Time) error {
	days, _, err := s.dayObjects(ctx)
	if err != nil {
		return err
	}
	cutoff := s.date(now.Add(-s.historyKeep))
	for _, d := range days {
		if d.date >= cutoff {
			break // keys are sorted by date
		}
		if err := s.b.Delete(ctx, d.key); err != nil {
			return err
		}
		s.days.forget(d.key)
	}
	return nil
}
