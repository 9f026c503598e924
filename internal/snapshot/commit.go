package snapshot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// Latest returns the newest committed snapshot, or (nil, nil) when the store
// is empty. A manifest or data object that cannot be decoded is an error of
// kind Invalid naming it and saying how to recover; it is left as it is.
func (s *Store) Latest(ctx context.Context) (*campaign.Snapshot, error) {
	gens, err := s.generations(ctx)
	if err != nil || len(gens) == 0 {
		return nil, err
	}
	return s.load(ctx, gens[len(gens)-1], decodeSnapshot)
}

// LatestGeneration returns the newest committed generation, 0 for an empty
// store: one listing of gen/, no snapshot read.
func (s *Store) LatestGeneration(ctx context.Context) (int64, error) {
	gens, err := s.generations(ctx)
	if err != nil || len(gens) == 0 {
		return 0, err
	}
	return gens[len(gens)-1], nil
}

// OpenIncidents returns the guardrail incidents open as of the latest
// generation, and when that generation was taken, reading its manifest
// and its record in the incident log only; none for an empty store.
func (s *Store) OpenIncidents(ctx context.Context) ([]campaign.Incident, time.Time, error) {
	gens, err := s.generations(ctx)
	if err != nil || len(gens) == 0 {
		return nil, time.Time{}, err
	}
	m, _, err := s.manifest(ctx, gens[len(gens)-1])
	if err != nil {
		return nil, time.Time{}, err
	}
	open, err := s.guardrails(ctx, m)
	return slices.Clone(open), m.TakenAt, err
}

// Load returns the snapshot of generation gen; an error of kind NotFound
// when no manifest of that generation exists, and, like Latest, an error
// naming the object for one that cannot be decoded.
func (s *Store) Load(ctx context.Context, gen int64) (*campaign.Snapshot, error) {
	return s.load(ctx, gen, decodeSnapshot)
}

// LoadPacked is Load with the campaigns left packed (Snapshot.Rows).
func (s *Store) LoadPacked(ctx context.Context, gen int64) (*campaign.Snapshot, error) {
	return s.load(ctx, gen, decodePacked)
}

// AsOf returns the newest snapshot taken at or before t, or (nil, nil) when
// the history does not reach back that far. It reads O(log n) manifests,
// relying on takenAt growing with the generation.
func (s *Store) AsOf(ctx context.Context, t time.Time) (*campaign.Snapshot, error) {
	gens, err := s.generations(ctx)
	if err != nil {
		return nil, err
	}
	i, err := s.newestAtOrBefore(ctx, gens, t)
	if err != nil || i < 0 {
		return nil, err
	}
	return s.load(ctx, gens[i], decodeSnapshot)
}

// newestAtOrBefore returns the index in gens of the newest generation taken
// at or before t, or -1.
func (s *Store) newestAtOrBefore(ctx context.Context, gens []int64, t time.Time) (int, error) {
	lo, hi := 0, len(gens) // answer in [lo-1, hi-1]
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		m, _, err := s.manifest(ctx, gens[mid])
		if err != nil {
			return 0, err
		}
		if m.TakenAt.After(t) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo - 1, nil
}

// Commit stores snap as generation snap.Generation with its alert. The
// data object and, with an alert, the outbox mark are written first under
// fresh random keys; the create-only manifest gen/<generation>.json is
// the commit point. When another run created that manifest first, Commit
// removes what it wrote and returns an error of kind Conflict wrapping
// campaign.ErrConflict. snap's Campaigns must be sorted and distinct, and
// its ContentHash theirs (Commit fills it in when it is empty); an alert
// must have ID "g<generation>" and that Generation.
func (s *Store) Commit(ctx context.Context, snap *campaign.Snapshot, alert *campaign.Alert) error {
	if err := checkCommit(snap, alert); err != nil {
		return err
	}
	gen := snap.Generation
	gens, err := s.generations(ctx)
	if err != nil {
		return err
	}
	latest := int64(0)
	if len(gens) > 0 {
		latest = gens[len(gens)-1]
	}
	if latest >= gen {
		return campaign.Errorf(campaign.Conflict, "generation %d: another run committed generation %d first: %w", gen, latest, campaign.ErrConflict)
	}
	if latest != gen-1 {
		return campaign.Errorf(campaign.Internal, "generation %d: the store's latest is %d; commit %d", gen, latest, latest+1)
	}
	data, err := encodeSnapshot(snap)
	if err != nil {
		return campaign.Wrap(campaign.Internal, err, "encoding snapshot")
	}
	token := newToken()
	m := manifest{
		Schema: schemaVersion, Generation: gen, TakenAt: snap.TakenAt, CommittedAt: s.now(),
		Token: token, Channels: snap.Channels, Data: dataKey(gen, token), DataSize: len(data),
		Campaigns: len(snap.Campaigns), BudgetRefs: encodeRefs(snap.BudgetRefs),
		ReceiverRefs: encodeReceiverRefs(snap.ReceiverRefs), Series: campaign.SumChannels(snap),
		Outside: snap.Outside,
	}
	if snap.ContentHash == "" {
		snap.ContentHash = campaign.ContentHash(snap.Campaigns)
	}
	m.ContentHash = snap.ContentHash
	written := []string{m.Data}
	var open []byte
	if len(snap.Incidents) > 0 {
		if open, err = encodeGuardrails(gen, token, snap.Incidents); err != nil {
			return campaign.Wrap(campaign.Internal, err, "encoding guardrail incidents")
		}
		m.GuardrailIncidents = guardrailsKey(gen, token)
		written = append(written, m.GuardrailIncidents)
	}
	if alert != nil {
		alert.ID = genAlertID(gen, token)
		if m.Alert, err = json.Marshal(alert); err != nil {
			return campaign.Wrap(campaign.Internal, err, "encoding alert")
		}
		written = append(written, outboxKey(gen, token))
	}
	mb, err := json.Marshal(m)
	if err != nil {
		return campaign.Wrap(campaign.Internal, err, "encoding manifest")
	}
	if err := s.b.Put(ctx, m.Data, data); err != nil {
		return err
	}
	if open != nil {
		if err := s.b.Put(ctx, m.GuardrailIncidents, open); err != nil {
			return err
		}
	}
	if alert != nil {
		if err := s.b.Put(ctx, outboxKey(gen, token), []byte(alert.ID)); err != nil {
			return err
		}
	}
	if err := s.create(ctx, genKey(gen), mb); err != nil {
		if campaign.KindOf(err) == campaign.Conflict {
			s.bestEffortDelete(ctx, written...)
			return campaign.Errorf(campaign.Conflict, "generation %d: another run committed it first: %w", gen, campaign.ErrConflict)
		}
		return err
	}
	return nil
}

func checkCommit(snap *campaign.Snapshot, alert *campaign.Alert) error {
	switch {
	case snap == nil:
		return campaign.Errorf(campaign.Internal, "commit: no snapshot")
	case snap.Generation < 1:
		return campaign.Errorf(campaign.Internal, "commit: generation %d; generations count from 1", snap.Generation)
	case snap.TakenAt.Year() < 1700 || snap.TakenAt.Year() > 2200:
		return campaign.Errorf(campaign.Internal, "commit: takenAt %v is out of range", snap.TakenAt)
	case len(snap.Campaigns) > maxCampaigns:
		return campaign.Errorf(campaign.Invalid, "commit: %d campaigns, more than the %d a snapshot holds", len(snap.Campaigns), maxCampaigns)
	}
	for i := 1; i < len(snap.Campaigns); i++ {
		if campaign.CompareKeys(snap.Campaigns[i-1].Key(), snap.Campaigns[i].Key()) >= 0 {
			return campaign.Errorf(campaign.Internal, "commit: campaigns not sorted or repeated at %s (use campaign.SortCampaigns)", snap.Campaigns[i].Key())
		}
	}
	if alert != nil && alert.Generation != snap.Generation {
		return campaign.Errorf(campaign.Internal, "commit: alert of generation %d with snapshot %d", alert.Generation, snap.Generation)
	}
	return nil
}

// generations lists the committed generations, ascending.
func (s *Store) generations(ctx context.Context) ([]int64, error) {
	keys, err := s.b.List(ctx, genDir)
	if err != nil {
		return nil, err
	}
	gens := make([]int64, 0, len(keys))
	for _, k := range keys {
		g, ok := parseGenKey(k)
		if !ok {
			return nil, s.unexpected(k)
		}
		gens = append(gens, g)
	}
	return gens, nil
}

// manifest reads and decodes generation gen's manifest, once per memo
// that ctx carries (withManifests).
func (s *Store) manifest(ctx context.Context, gen int64) (*manifest, *campaign.Alert, error) {
	memo, _ := ctx.Value(manifestsKey{}).(*manifests)
	if m, a, ok := memo.get(ctx, gen); ok {
		return m, a, nil
	}
	key := genKey(gen)
	b, err := s.b.Get(ctx, key)
	if err != nil {
		return nil, nil, err
	}
	m, a, ok := s.decoded.get(gen, b)
	if !ok {
		if m, a, err = decodeManifest(b, gen); err != nil {
			return nil, nil, s.damaged(key, err, rollBack(gen))
		}
		s.decoded.put(gen, b, m, a)
	}
	memo.put(gen, m, a)
	return m, a, nil
}

// data reads generation m's data object; a missing one is damage.
func (s *Store) data(ctx context.Context, m *manifest) ([]byte, error) {
	b, err := s.b.Get(ctx, m.Data)
	if campaign.KindOf(err) == campaign.NotFound {
		return nil, s.damaged(m.Data, errors.New("is missing, but its manifest "+genKey(m.Generation)+" names it"), rollBack(m.Generation))
	}
	return b, err
}

// readable checks that generation gen could be loaded, without decoding
// its campaigns: its manifest decodes, and its data object is there, whole
// (size and checksum) and in a format this build reads. Errors are load's.
func (s *Store) readable(ctx context.Context, gen int64) error {
	m, _, err := s.manifest(ctx, gen)
	if err != nil {
		return err
	}
	b, err := s.data(ctx, m)
	if err != nil {
		return err
	}
	if _, err := checkSnapshot(b); err != nil {
		return s.damaged(m.Data, err, rollBack(gen))
	}
	if len(b) != m.DataSize {
		return s.damaged(m.Data, fmt.Errorf("is %d bytes, its manifest says %d", len(b), m.DataSize), rollBack(gen))
	}
	return nil
}

// load reads generation gen, its data object decoded by decode.
func (s *Store) load(ctx context.Context, gen int64, decode func([]byte) (*campaign.Snapshot, error)) (*campaign.Snapshot, error) {
	m, _, err := s.manifest(ctx, gen)
	if err != nil {
		return nil, err
	}
	return s.loadOf(ctx, m, decode)
}

// loadOf reads the generation whose manifest is m, its data object
// decoded by decode.
func (s *Store) loadOf(ctx context.Context, m *manifest, decode func([]byte) (*campaign.Snapshot, error)) (*campaign.Snapshot, error) {
	gen := m.Generation
	b, err := s.data(ctx, m)
	if err != nil {
		return nil, err
	}
	snap, err := decode(b)
	if err == nil {
		switch {
		case snap.Generation != gen:
			err = fmt.Errorf("holds generation %d, not %d", snap.Generation, gen)
		case snap.Len() != m.Campaigns:
			err = fmt.Errorf("holds %d campaigns, its manifest says %d", snap.Len(), m.Campaigns)
		case !snap.TakenAt.Equal(m.TakenAt):
			err = fmt.Errorf("was taken at %v, its manifest says %v", snap.TakenAt, m.TakenAt)
		}
	}
	if err != nil {
		return nil, s.damaged(m.Data, err, rollBack(gen))
	}
	if err := s.describe(ctx, snap, m); err != nil {
		return nil, err
	}
	return snap, nil
}

// describe fills in what snap's manifest m says of it, and its open
// guardrail incidents from the incident log. What it takes from m is
// copied: m may be the store's, kept decoded (manifestcache.go).
func (s *Store) describe(ctx context.Context, snap *campaign.Snapshot, m *manifest) error {
	snap.TakenAt = m.TakenAt
	snap.Channels = slices.Clone(m.Channels)
	snap.ContentHash = m.ContentHash
	snap.BudgetRefs = decodeRefs(m.BudgetRefs)
	snap.ReceiverRefs = decodeReceiverRefs(m.ReceiverRefs)
	snap.Outside = slices.Clone(m.Outside)
	open, err := s.guardrails(ctx, m)
	snap.Incidents = slices.Clone(open)
	return err
}

func rollBack(gen int64) string {
	if gen == 1 {
		return fmt.Sprintf("move %s aside to start again from an empty store (the next run is a baseline)", genKey(gen))
	}
	return fmt.Sprintf("move %s aside to roll back to generation %d", genKey(gen), gen-1)
}

// damaged is the error for a stored object that cannot be decoded: it
// names the object and what to do, and promises the object is untouched.
func (s *Store) damaged(key string, err error, recover string) error {
	what := "cannot be read"
	if errors.Is(err, errNewerFormat) {
		return campaign.Errorf(campaign.Invalid, "snapshot store object %s %s: %v; upgrade campaignwatch (the object was left as it is)", s.b.Describe(key), what, err)
	}
	return campaign.Errorf(campaign.Invalid, "snapshot store object %s %s: %v; it was left as it is: %s, or restore it from a backup", s.b.Describe(key), what, err, recover)
}

func (s *Store) unexpected(key string) error {
	return campaign.Errorf(campaign.Invalid, "snapshot store: unexpected object %s; campaignwatch did not write it: move it out of the store", s.b.Describe(key))
}
