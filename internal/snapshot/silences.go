package snapshot

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// Silences (campaign.Silences) live under silence/:
//
//	silence/<id>.json          the silence as made (create-only)
//	silence/<id>.expired.json  it was expired early (create-only: the first expiry stands)
//
// Nothing is rewritten: two processes adding silences at once write two
// objects, and expiring one adds a record beside it.
const silenceDir = "silence/"

var _ campaign.Silences = (*Store)(nil)

const expiredSuffix = ".expired.json"

func silenceKey(id string) string        { return silenceDir + escape(id) + ".json" }
func silenceExpiredKey(id string) string { return silenceDir + escape(id) + expiredSuffix }

// silenceRecord is silence/<id>.json.
type silenceRecord struct {
	Schema  int              `json:"schema"`
	Token   string           `json:"token"`
	Silence campaign.Silence `json:"silence"`
}

// expiryRecord is silence/<id>.expired.json.
type expiryRecord struct {
	Schema int       `json:"schema"`
	Token  string    `json:"token"`
	At     time.Time `json:"at"`
}

// AddSilence stores s under its id, create-only: an id taken already is an
// error of kind Conflict.
func (s *Store) AddSilence(ctx context.Context, sl campaign.Silence) error {
	if sl.ID == "" || strings.ContainsAny(sl.ID, "/.") || sl.EndsAt.IsZero() {
		return campaign.Errorf(campaign.Internal, "add silence: want an id without / or . and an end")
	}
	b, err := json.Marshal(silenceRecord{Schema: schemaVersion, Token: newToken(), Silence: sl})
	if err != nil {
		return campaign.Wrap(campaign.Internal, err, "encoding silence")
	}
	if err := s.create(ctx, silenceKey(sl.ID), b); err != nil {
		if campaign.KindOf(err) == campaign.Conflict {
			return campaign.Errorf(campaign.Conflict, "silence %q exists already: %w", sl.ID, campaign.ErrConflict)
		}
		return err
	}
	return nil
}

// ListSilences reads every silence kept, each ended early showing when
// (EndsAt), ordered by StartsAt then id.
func (s *Store) ListSilences(ctx context.Context) ([]campaign.Silence, error) {
	keys, err := s.b.List(ctx, silenceDir)
	if err != nil {
		return nil, err
	}
	expired := map[string]bool{}
	for _, k := range keys {
		if id, ok := strings.CutSuffix(strings.TrimPrefix(k, silenceDir), expiredSuffix); ok {
			expired[id] = true
		}
	}
	var out []campaign.Silence
	for _, k := range keys {
		name := strings.TrimPrefix(k, silenceDir)
		if strings.HasSuffix(name, expiredSuffix) {
			continue
		}
		esc, ok := strings.CutSuffix(name, ".json")
		if !ok || strings.Contains(esc, "/") {
			return nil, s.unexpected(k)
		}
		sl, err := s.silence(ctx, k)
		if err != nil {
			return nil, err
		}
		if expired[esc] {
			at, err := s.expiry(ctx, silenceExpiredKey(sl.ID))
			if err != nil {
				return nil, err
			}
			if at.Before(sl.EndsAt) {
				sl.EndsAt = at
			}
		}
		out = append(out, sl)
	}
	slices.SortStableFunc(out, func(a, b campaign.Silence) int {
		if c := a.StartsAt.Compare(b.StartsAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

func (s *Store) silence(ctx context.Context, key string) (campaign.Silence, error) {
	const advice = "move it aside; the silence no longer applies"
	r, err := readRecord[silenceRecord](ctx, s, key, advice)
	if err != nil {
		return campaign.Silence{}, err
	}
	if r.Silence.ID == "" || silenceKey(r.Silence.ID) != key {
		return campaign.Silence{}, s.damaged(key, fmt.Errorf("names silence %q", r.Silence.ID), advice)
	}
	return r.Silence, nil
}

func (s *Store) expiry(ctx context.Context, key string) (time.Time, error) {
	r, err := readRecord[expiryRecord](ctx, s, key, "move it aside; the silence then runs to its end")
	return r.At, err
}

// ExpireSilence ends silence id at at. An unknown id is NotFound; a
// silence expired before keeps its first expiry.
func (s *Store) ExpireSilence(ctx context.Context, id string, at time.Time) error {
	if id == "" || strings.ContainsAny(id, "/.") {
		return campaign.Errorf(campaign.NotFound, "no silence %q", campaign.Clip(id, 64))
	}
	if _, err := s.b.Get(ctx, silenceKey(id)); err != nil {
		if campaign.KindOf(err) == campaign.NotFound {
			return campaign.Errorf(campaign.NotFound, "no silence %q: see the list of silences for their ids", campaign.Clip(id, 64))
		}
		return err
	}
	b, err := json.Marshal(expiryRecord{Schema: schemaVersion, Token: newToken(), At: at.UTC()})
	if err != nil {
		return campaign.Wrap(campaign.Internal, err, "encoding expiry")
	}
	if err := s.create(ctx, silenceExpiredKey(id), b); err != nil && campaign.KindOf(err) != campaign.Conflict {
		return err
	}
	return nil
}

// PruneSilences deletes the silences that ended more than
// campaign.SilenceKept before now. The silence goes before its expiry
// record, so that a prune cut short never leaves a silence without the
// expiry that ended it early; an expiry left alone is deleted by the next
// prune.
func (s *Store) PruneSilences(ctx context.Context, now time.Time) error {
	all, err := s.ListSilences(ctx)
	if err != nil {
		return err
	}
	kept := make(map[string]bool, len(all))
	cutoff := now.Add(-campaign.SilenceKept)
	for _, sl := range all {
		if !sl.EndsAt.Before(cutoff) {
			kept[sl.ID] = true
			continue
		}
		if err := s.b.Delete(ctx, silenceKey(sl.ID)); err != nil {
			return err
		}
	}
	keys, err := s.b.List(ctx, silenceDir)
	if err != nil {
		return err
	}
	for _, k := range keys {
		esc, ok := strings.CutSuffix(strings.TrimPrefix(k, silenceDir), expiredSuffix)
		if id, known := unescape(esc); ok && (!known || !kept[id]) {
			if err := s.b.Delete(ctx, k); err != nil {
				return err
			}
		}
	}
	return nil
}
