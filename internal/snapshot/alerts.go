package snapshot

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// Enqueue stores an alert not tied to a snapshot (a digest) under
// alert/<id>.json, create-only: an error of kind Conflict when the ID
// exists.
func (s *Store) Enqueue(ctx context.Context, alert *campaign.Alert) error {
	if alert == nil || alert.ID == "" || alert.At.IsZero() {
		return campaign.Errorf(campaign.Internal, "enqueue: an alert needs an ID and At")
	}
	raw, err := json.Marshal(alert)
	if err != nil {
		return campaign.Wrap(campaign.Internal, err, "encoding alert")
	}
	b, err := json.Marshal(alertRecord{Schema: schemaVersion, Token: newToken(), Alert: raw})
	if err != nil {
		return campaign.Wrap(campaign.Internal, err, "encoding alert")
	}
	if err := s.create(ctx, alertKey(alert.ID), b); err != nil {
		if campaign.KindOf(err) == campaign.Conflict {
			return campaign.Errorf(campaign.Conflict, "alert %q exists already: %w", alert.ID, campaign.ErrConflict)
		}
		return err
	}
	return nil
}

// Alerts returns the committed alerts with At in [since, until), oldest
// first.
func (s *Store) Alerts(ctx context.Context, since, until time.Time) ([]*campaign.Alert, error) {
	all, err := s.alerts(ctx, nil)
	if err != nil {
		return nil, err
	}
	var out []*campaign.Alert
	for _, a := range all {
		if !a.At.Before(since) && a.At.Before(until) {
			out = append(out, a)
		}
	}
	return out, nil
}

// readers bounds the objects alerts reads at once: a week of alerts on
// OSS is hundreds of small reads.
const readers = 8

// alerts reads every committed alert whose ID skip does not reject (nil
// skips none), oldest first: those of generations (found through the
// outbox marks, then confirmed by the manifest's token) and those of
// alert/.
func (s *Store) alerts(ctx context.Context, skip func(id string) bool) ([]*campaign.Alert, error) {
	marks, err := s.b.List(ctx, outboxDir)
	if err != nil {
		return nil, err
	}
	keys, err := s.b.List(ctx, alertDir)
	if err != nil {
		return nil, err
	}
	var reads []func() (*campaign.Alert, error)
	for _, k := range marks {
		gen, token, ok := parseTokenKey(k, outboxDir, "")
		if !ok {
			return nil, s.unexpected(k)
		}
		if skip == nil || !skip(genAlertID(gen, token)) {
			reads = append(reads, func() (*campaign.Alert, error) { return s.genAlert(ctx, gen, token) })
		}
	}
	for _, k := range keys {
		id, ok := alertIDOf(k)
		if !ok {
			return nil, s.unexpected(k)
		}
		if skip == nil || !skip(id) {
			reads = append(reads, func() (*campaign.Alert, error) { return s.alert(ctx, k, id) })
		}
	}
	got := make([]*campaign.Alert, len(reads))
	errs := make([]error, len(reads))
	sem := make(chan struct{}, readers)
	var wg sync.WaitGroup
	for i, read := range reads {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			got[i], errs[i] = read()
		})
	}
	wg.Wait()
	if err := firstError(errs); err != nil {
		return nil, err
	}
	out := slices.DeleteFunc(got, func(a *campaign.Alert) bool { return a == nil })
	slices.SortStableFunc(out, compareAlerts)
	return out, nil
}

// genAlert returns generation gen's alert if the generation was committed
// with token (the outbox mark's), else nil.
func (s *Store) genAlert(ctx context.Context, gen int64, token string) (*campaign.Alert, error) {
	m, a, err := s.manifest(ctx, gen)
	if campaign.KindOf(err) == campaign.NotFound {
		return nil, nil // not committed (yet, or ever)
	}
	if err != nil || m.Token != token {
		return nil, err
	}
	return a, nil
}

func (s *Store) alert(ctx context.Context, key, id string) (*campaign.Alert, error) {
	b, err := s.b.Get(ctx, key)
	if err != nil {
		return nil, err
	}
	a, err := decodeAlertRecord(b, id)
	if err != nil {
		return nil, s.damaged(key, err, "move it aside; the alert will not be sent")
	}
	return a, nil
}

// compareAlerts orders alerts as they are delivered: by the time of the
// check that found them, then by ID, so that two alerts of one instant
// come in the same order to every receiver and in every run (a health
// streak's "failing" notice sorts before its "recovered").
func compareAlerts(x, y *campaign.Alert) int {
	if c := x.At.Compare(y.At); c != 0 {
		return c
	}
	return strings.Compare(x.ID, y.ID)
}

func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func alertIDOf(key string) (string, bool) {
	if len(key) <= len(alertDir)+len(".json") {
		return "", false
	}
	return unescape(key[len(alertDir) : len(key)-len(".json")])
}
