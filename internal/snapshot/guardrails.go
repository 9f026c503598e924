package snapshot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// The guardrail incidents open as of a generation are the incident log's
// other half (health.go holds the streaks of failed runs and of messages
// set aside): one record per generation that has any open,
//
//	health/guardrails/<generation>-<token>.json
//
// written by Commit before the manifest, under the generation's token, and
// named by the manifest (GuardrailIncidents). Like the data object it is
// committed by the manifest's create-only write: a record no manifest
// names was left by a run that lost the commit race or died before it,
// and Prune deletes it. So an incident is opened and its message queued
// in one atomic step, however many incidents are open (a cap rule opens
// one per campaign over its cap: thousands are one record, not thousands
// of objects), and the manifests, which the history, the prune and AsOf
// read again and again, stay small. "guardrails" is never a subject of
// the streaks: those are "check", "digest" and "aside-<receiver>".
const guardrailsDir = healthDir + "guardrails/"

func guardrailsKey(gen int64, token string) string {
	return fmt.Sprintf("%s%020d-%s.json", guardrailsDir, gen, token)
}

// guardrailsRecord is health/guardrails/<generation>-<token>.json.
type guardrailsRecord struct {
	Schema     int                 `json:"schema"`
	Generation int64               `json:"generation"`
	Token      string              `json:"token"`
	Incidents  []campaign.Incident `json:"incidents"`
}

// encodeGuardrails is the record of the incidents open as of generation
// gen, committed with token.
func encodeGuardrails(gen int64, token string, open []campaign.Incident) ([]byte, error) {
	return json.Marshal(guardrailsRecord{Schema: schemaVersion, Generation: gen, Token: token, Incidents: open})
}

// decodeGuardrails decodes and checks the record of generation gen,
// committed with token.
func decodeGuardrails(b []byte, gen int64, token string) ([]campaign.Incident, error) {
	var r guardrailsRecord
	if err := decodeStrict(b, &r); err != nil {
		return nil, err
	}
	if r.Generation != gen || r.Token != token {
		return nil, fmt.Errorf("is of generation %d (token %q), but its manifest is of %d (token %q)", r.Generation, r.Token, gen, token)
	}
	if err := checkIncidents(r.Incidents); err != nil {
		return nil, err
	}
	return r.Incidents, nil
}

// checkIncidents refuses an incident without what names it.
func checkIncidents(open []campaign.Incident) error {
	for _, in := range open {
		if in.Rule == "" || in.Fingerprint == "" || in.Since.IsZero() {
			return errors.New("has a guardrail incident without a rule, fingerprint or start")
		}
	}
	return nil
}

// guardrails returns the guardrail incidents open as of m's generation:
// its record in the incident log (read once under a context that carries
// a memo, withManifests or ReadAhead), or, for a manifest written before
// the record existed, those the manifest itself carries.
func (s *Store) guardrails(ctx context.Context, m *manifest) ([]campaign.Incident, error) {
	if m.GuardrailIncidents == "" {
		return m.Incidents, nil
	}
	memo, _ := ctx.Value(manifestsKey{}).(*manifests)
	if open, ok := memo.getOpen(ctx, m.Generation); ok {
		return open, nil
	}
	b, err := s.b.Get(ctx, m.GuardrailIncidents)
	if campaign.KindOf(err) == campaign.NotFound {
		return nil, s.damaged(m.GuardrailIncidents, errors.New("is missing, but its manifest "+genKey(m.Generation)+" names it"), rollBack(m.Generation))
	}
	if err != nil {
		return nil, err
	}
	open, err := decodeGuardrails(b, m.Generation, m.Token)
	if err != nil {
		return nil, s.damaged(m.GuardrailIncidents, err, rollBack(m.Generation))
	}
	memo.putOpen(m.Generation, open)
	return open, nil
}
