package snapshot

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// The incident log (campaign.IncidentLog) lives under health/:
//
//	health/<kind>/<streak>/fail-<unix nanos>-<token>.json   one failed run (create-only, a key of its own)
//	health/<kind>/<streak>/incident.json   the streak's incident was opened (create-only: one run wins)
//	health/<kind>/<streak>/end.json        a success ended the streak (create-only: one run wins)
//	health/<kind>/<streak>/settled.json    the end was handled: the recovery notice, if owed, is queued
//
// <kind> is the subject, escaped: "check", "digest", or "aside-<receiver>";
// <streak> is 8 zero-padded digits. The
// current streak is the one after the newest ended one: a listing of
// health/<kind>/ is the whole state, and no record is ever rewritten.
const healthDir = "health/"

var _ campaign.IncidentLog = (*Store)(nil)

func healthPrefix(kind string) string { return healthDir + escape(kind) + "/" }

func streakPrefix(kind string, n int) string {
	return fmt.Sprintf("%s%08d/", healthPrefix(kind), n)
}

// healthMarks are the names of a streak's marks.
const (
	markIncident = "incident.json"
	markEnd      = "end.json"
	markSettled  = "settled.json"
)

// failureRecord is health/<kind>/<streak>/fail-<nanos>-<token>.json.
type failureRecord struct {
	Schema  int                 `json:"schema"`
	Token   string              `json:"token"`
	Failure campaign.Occurrence `json:"failure"`
}

// markRecord is a streak's mark.
type markRecord struct {
	Schema int       `json:"schema"`
	Token  string    `json:"token"`
	At     time.Time `json:"at"`
}

// Streaks lists health/<kind>/ once and returns the current streak
// and the newest ended one, reading the newest failure of each that has
// one (and, for the ended streak, only while it is not settled).
func (s *Store) Streaks(ctx context.Context, kind string) (campaign.Streak, campaign.Streak, error) {
	prefix := healthPrefix(kind)
	keys, err := s.b.List(ctx, prefix)
	if err != nil {
		return campaign.Streak{}, campaign.Streak{}, err
	}
	streaks := map[int]*campaign.Streak{}
	lastKey := map[int]string{}
	ended := 0
	for _, k := range keys {
		num, name, ok := strings.Cut(k[len(prefix):], "/")
		n, err := strconv.Atoi(num)
		if !ok || len(num) != 8 || err != nil || n <= 0 {
			return campaign.Streak{}, campaign.Streak{}, s.unexpected(k)
		}
		st := streaks[n]
		if st == nil {
			st = &campaign.Streak{N: n}
			streaks[n] = st
		}
		switch name {
		case markIncident:
			st.Incident = true
		case markEnd:
			st.Ended = true
			ended = max(ended, n)
		case markSettled:
			st.Settled = true
		default:
			at, ok := parseFailureName(name)
			if !ok {
				return campaign.Streak{}, campaign.Streak{}, s.unexpected(k)
			}
			st.Failures = append(st.Failures, at) // keys are sorted, so times are too
			lastKey[n] = k
		}
	}
	get := func(n int, readLast bool) (campaign.Streak, error) {
		st := streaks[n]
		if st == nil {
			return campaign.Streak{N: n}, nil
		}
		if readLast && lastKey[n] != "" {
			f, err := s.failure(ctx, lastKey[n])
			if err != nil {
				return campaign.Streak{}, err
			}
			st.Last = f
		}
		return *st, nil
	}
	cur, err := get(ended+1, true)
	if err != nil {
		return campaign.Streak{}, campaign.Streak{}, err
	}
	var end campaign.Streak
	if ended > 0 {
		end, err = get(ended, streaks[ended] != nil && !streaks[ended].Settled)
		if err != nil {
			return campaign.Streak{}, campaign.Streak{}, err
		}
	}
	return cur, end, nil
}

// parseFailureName parses "fail-<20 digits of unix nanos>-<token>.json".
func parseFailureName(name string) (time.Time, bool) {
	s, ok1 := strings.CutPrefix(name, "fail-")
	s, ok2 := strings.CutSuffix(s, ".json")
	nanos, token, ok3 := strings.Cut(s, "-")
	if !ok1 || !ok2 || !ok3 || len(nanos) != 20 || !validToken(token) {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(nanos, 10, 64)
	if err != nil || n < 0 {
		return time.Time{}, false
	}
	return time.Unix(0, n).UTC(), true
}

func (s *Store) failure(ctx context.Context, key string) (*campaign.Occurrence, error) {
	r, err := readRecord[failureRecord](ctx, s, key, "delete it (it only counts one occurrence)")
	switch {
	case campaign.KindOf(err) == campaign.NotFound:
		return nil, nil // pruned by a run that settled the streak meanwhile
	case err != nil:
		return nil, err
	}
	return &r.Failure, nil
}

// Record creates one record of f under streak n of kind. Its key
// holds f.At and a fresh token, so two runs never write the same key.
func (s *Store) Record(ctx context.Context, kind string, n int, f campaign.Occurrence) error {
	if n <= 0 || f.At.IsZero() {
		return campaign.Errorf(campaign.Internal, "health: a failure needs a streak and a time")
	}
	token := newToken()
	b, err := json.Marshal(failureRecord{Schema: schemaVersion, Token: token, Failure: f})
	if err != nil {
		return campaign.Wrap(campaign.Internal, err, "encoding a failure record")
	}
	key := fmt.Sprintf("%sfail-%020d-%s.json", streakPrefix(kind, n), f.At.UnixNano(), token)
	return s.create(ctx, key, b)
}

// OpenIncident marks streak n's incident as opened; Conflict when another
// run opened it first.
func (s *Store) OpenIncident(ctx context.Context, kind string, n int) error {
	return s.mark(ctx, kind, n, markIncident)
}

// EndStreak marks streak n as ended by a success; Conflict when another run
// ended it first.
func (s *Store) EndStreak(ctx context.Context, kind string, n int) error {
	return s.mark(ctx, kind, n, markEnd)
}

// SettleStreak marks streak n's end as handled, then deletes the records
// of the streaks before it (best effort: a later settle retries).
// Conflict when another run settled it first.
func (s *Store) SettleStreak(ctx context.Context, kind string, n int) error {
	if err := s.mark(ctx, kind, n, markSettled); err != nil {
		return err
	}
	prefix := healthPrefix(kind)
	keys, err := s.b.List(ctx, prefix)
	if err != nil {
		s.log.WarnContext(ctx, "snapshot store: could not list old health records; the next settle retries", "err", err)
		return nil
	}
	var old []string
	for _, k := range keys {
		num, _, _ := strings.Cut(k[len(prefix):], "/")
		if m, err := strconv.Atoi(num); err == nil && len(num) == 8 && m < n {
			old = append(old, k)
		}
	}
	s.bestEffortDelete(ctx, old...)
	return nil
}

// HasIncident reports whether streak n's incident was opened.
func (s *Store) HasIncident(ctx context.Context, kind string, n int) (bool, error) {
	return s.hasMark(ctx, kind, n, markIncident)
}

// IsEnded reports whether streak n was ended by a success.
func (s *Store) IsEnded(ctx context.Context, kind string, n int) (bool, error) {
	return s.hasMark(ctx, kind, n, markEnd)
}

// HasAlert reports whether the outbox holds the alert id (one read).
func (s *Store) HasAlert(ctx context.Context, id string) (bool, error) {
	return s.exists(ctx, alertKey(id))
}

// exists reports whether key is stored (one read).
func (s *Store) exists(ctx context.Context, key string) (bool, error) {
	_, err := s.b.Get(ctx, key)
	switch {
	case err == nil:
		return true, nil
	case campaign.KindOf(err) == campaign.NotFound:
		return false, nil
	}
	return false, err
}

func (s *Store) mark(ctx context.Context, kind string, n int, name string) error {
	if n <= 0 {
		return campaign.Errorf(campaign.Internal, "health: streak numbers start at 1")
	}
	b, err := json.Marshal(markRecord{Schema: schemaVersion, Token: newToken(), At: s.now().UTC()})
	if err != nil {
		return campaign.Wrap(campaign.Internal, err, "encoding a health mark")
	}
	err = s.create(ctx, streakPrefix(kind, n)+name, b)
	if campaign.KindOf(err) == campaign.Conflict {
		return campaign.Errorf(campaign.Conflict, "health %s streak %d: %s exists already: %w", kind, n, name, campaign.ErrConflict)
	}
	return err
}

func (s *Store) hasMark(ctx context.Context, kind string, n int, name string) (bool, error) {
	return s.exists(ctx, streakPrefix(kind, n)+name)
}
