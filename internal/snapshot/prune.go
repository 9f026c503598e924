package snapshot

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// Prune deletes what is older than keep before now: generations (manifest,
// data, outbox mark, the incident log's record of their open guardrail
// incidents), their alerts' delivery records, and digest alerts.
// First it compacts the change history of the days that are over
// (history.go) and deletes the history older than HISTORY_DAYS; a
// generation whose day is not compacted yet is kept, whatever keep says.
// It always keeps the latest generation and the newest one taken at or
// before now-keep, so that AsOf(now-keep) and later still answer. It also
// removes data objects, outbox marks and guardrail records of runs that
// lost a commit race.
// It first checks that the latest generation is readable (manifest, and
// the data object's size, checksum and format) and decodes the manifests
// it searches; one that fails stops Prune with that error before anything is
// deleted, so the generation to roll back to survives. Alerts
// still undelivered when they pass keep are dropped with their generation,
// and so are their recorded refusals; messages set aside (aside/) are kept.
// Revocations of dashboard sessions that have expired go too.
func (s *Store) Prune(ctx context.Context, now time.Time, keep time.Duration) error {
	ctx = withManifests(ctx)
	gens, err := s.generations(ctx)
	if err != nil || len(gens) == 0 {
		return err
	}
	latest := gens[len(gens)-1]
	// Never prune the way back from a damaged latest. Its frame (size,
	// checksum, format) is checked, not its campaigns decoded: the run that
	// prunes has just committed or read it, and decoding 100,000 campaigns
	// again would cost CPU and memory for nothing.
	if err := s.readable(ctx, latest); err != nil {
		return err
	}
	through, err := s.compactHistory(ctx, gens)
	if err != nil {
		return err
	}
	if err := s.pruneHistory(ctx, now); err != nil {
		return err
	}
	cutoff := now.Add(-keep)
	i0, err := s.newestAtOrBefore(ctx, gens, cutoff)
	if err != nil {
		return err
	}
	g0 := gens[0] // the oldest generation kept
	if i0 >= 0 {
		g0 = gens[i0]
	}
	// A manifest is the history of its generation until its day is
	// compacted: keep it until then.
	for _, g := range gens {
		if g > through {
			g0 = min(g0, g)
			break
		}
	}
	for _, g := range gens {
		if g >= g0 {
			break
		}
		if err := s.b.Delete(ctx, genKey(g)); err != nil {
			return err
		}
	}
	if err := s.pruneTokened(ctx, dataDir, ".snap", g0, latest, func(m *manifest, key string) bool { return key == m.Data }); err != nil {
		return err
	}
	if err := s.pruneTokened(ctx, outboxDir, "", g0, latest, func(m *manifest, key string) bool { return key == outboxKey(m.Generation, m.Token) }); err != nil {
		return err
	}
	if err := s.pruneTokened(ctx, guardrailsDir, ".json", g0, latest, func(m *manifest, key string) bool { return key == m.GuardrailIncidents }); err != nil {
		return err
	}
	expired, err := s.pruneDigests(ctx, cutoff)
	if err != nil {
		return err
	}
	old := func(id string) bool {
		if n, ok := alertGeneration(id); ok && n < g0 {
			return true
		}
		return expired[id]
	}
	for _, dir := range []string{delivDir, doneDir, refusedDir} {
		if err := s.pruneDeliveries(ctx, dir, old); err != nil {
			return err
		}
	}
	return s.PruneSessions(ctx, now)
}

// pruneTokened deletes, under dir, the objects of generations older than
// g0, and those of generations g0..latest that their manifest does not
// reference (runs that lost the race or died before committing).
// Objects of later generations may belong to a commit in flight: kept.
func (s *Store) pruneTokened(ctx context.Context, dir, suffix string, g0, latest int64, referenced func(*manifest, string) bool) error {
	keys, err := s.b.List(ctx, dir)
	if err != nil {
		return err
	}
	for _, k := range keys {
		gen, _, ok := parseTokenKey(k, dir, suffix)
		switch {
		case !ok:
			s.log.WarnContext(ctx, "snapshot store: prune skips an object it did not write", "object", s.b.Describe(k))
			continue
		case gen > latest:
			continue
		case gen >= g0:
			m, _, err := s.manifest(ctx, gen)
			if err != nil {
				s.log.WarnContext(ctx, "snapshot store: prune keeps an object whose manifest it cannot read", "object", s.b.Describe(k), "err", err)
				continue
			}
			if referenced(m, k) {
				continue
			}
		}
		if err := s.b.Delete(ctx, k); err != nil {
			return err
		}
	}
	return nil
}

// pruneDigests deletes the alerts of alert/ committed before cutoff and
// returns their ids. One that cannot be decoded is kept and logged.
func (s *Store) pruneDigests(ctx context.Context, cutoff time.Time) (map[string]bool, error) {
	keys, err := s.b.List(ctx, alertDir)
	if err != nil {
		return nil, err
	}
	expired := make(map[string]bool)
	for _, k := range keys {
		id, ok := alertIDOf(k)
		if !ok {
			continue
		}
		b, err := s.b.Get(ctx, k)
		if err != nil {
			return nil, err
		}
		a, err := decodeAlertRecord(b, id)
		if err != nil {
			s.log.WarnContext(ctx, "snapshot store: prune keeps an alert it cannot read", "object", s.b.Describe(k), "err", err)
			continue
		}
		if a.At.Before(cutoff) {
			if err := s.b.Delete(ctx, k); err != nil {
				return nil, err
			}
			expired[id] = true
		}
	}
	return expired, nil
}

// pruneDeliveries deletes the records under dir (deliv/ or done/) of the
// alerts old reports.
func (s *Store) pruneDeliveries(ctx context.Context, dir string, old func(id string) bool) error {
	keys, err := s.b.List(ctx, dir)
	if err != nil {
		return err
	}
	for _, k := range keys {
		seg, _, _ := strings.Cut(k[len(dir):], "/")
		if id, ok := unescape(seg); ok && old(id) {
			if err := s.b.Delete(ctx, k); err != nil {
				return err
			}
		}
	}
	return nil
}

// manifests holds the manifests read under one context, by generation.
// A manifest is created once and never changed, so Prune, which reads the
// latest one and those it searches several times over (the check that
// the latest is readable, the history's compaction, the search for the
// cutoff, the data object and outbox mark each generation references),
// reads and decodes each once: with an alert of 1,000 changes in it, a
// decode is some 10 ms.
type manifests struct {
	mu sync.Mutex
	m  map[int64]decodedManifest
	// open holds the guardrail incidents open as of a generation, read
	// from its record in the incident log (Store.guardrails).
	open map[int64][]campaign.Incident
	// reading holds the reads started ahead (Store.ReadAhead): each is
	// closed when its read ended, with what it read kept.
	reading map[int64]chan struct{}
}

type decodedManifest struct {
	m *manifest
	a *campaign.Alert
}

type manifestsKey struct{}

// withManifests is ctx carrying a memo of the manifests read under it
// (Store.manifest).
func withManifests(ctx context.Context) context.Context {
	return context.WithValue(ctx, manifestsKey{}, newManifests())
}

func newManifests() *manifests { return &manifests{m: map[int64]decodedManifest{}} }

// get returns generation gen's manifest if the memo holds it, after the
// read of it started ahead, if any, has ended; a nil memo holds none.
func (ms *manifests) get(ctx context.Context, gen int64) (*manifest, *campaign.Alert, bool) {
	if !ms.readAhead(ctx, gen) {
		return nil, nil, false
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	d, ok := ms.m[gen]
	return d.m, d.a, ok
}

// getOpen returns the guardrail incidents open as of generation gen if
// the memo holds them, as get does.
func (ms *manifests) getOpen(ctx context.Context, gen int64) ([]campaign.Incident, bool) {
	if !ms.readAhead(ctx, gen) {
		return nil, false
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	open, ok := ms.open[gen]
	return open, ok
}

// readAhead waits for the read of generation gen started ahead, if any;
// false for a nil memo, or when ctx ends first.
func (ms *manifests) readAhead(ctx context.Context, gen int64) bool {
	if ms == nil {
		return false
	}
	ms.mu.Lock()
	reading := ms.reading[gen]
	ms.mu.Unlock()
	if reading == nil {
		return true
	}
	select {
	case <-reading:
		return true
	case <-ctx.Done():
		return false
	}
}

// putOpen keeps the guardrail incidents open as of generation gen; a nil
// memo keeps nothing.
func (ms *manifests) putOpen(gen int64, open []campaign.Incident) {
	if ms == nil {
		return
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if ms.open == nil {
		ms.open = map[int64][]campaign.Incident{}
	}
	ms.open[gen] = open
}

// put keeps generation gen's manifest m and its alert a; a nil memo
// keeps nothing.
func (ms *manifests) put(gen int64, m *manifest, a *campaign.Alert) {
	if ms == nil {
		return
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	ms.m[gen] = decodedManifest{m: m, a: a}
}
