package snapshot

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// schemaVersion is the version of the JSON records (manifests, alerts,
// claims) this build writes and reads.
const schemaVersion = 1

// maxRecord bounds a JSON record the store reads (a manifest carries its
// alert's changes, so it may be large, but not unbounded).
const maxRecord = 64 << 20

// manifest is gen/<generation>.json, the commit point of a generation.
type manifest struct {
	Schema      int                     `json:"schema"`
	Generation  int64                   `json:"generation"`
	TakenAt     time.Time               `json:"takenAt"`
	CommittedAt time.Time               `json:"committedAt"`
	Token       string                  `json:"token"`
	Channels    []campaign.ChannelState `json:"channels"`
	Data        string                  `json:"data"`
	DataSize    int                     `json:"dataSize"`
	Campaigns   int                     `json:"campaigns"`
	// Alert is kept raw at the top level's strictness: the domain's Alert
	// may grow fields that an older reader should skip, not refuse.
	Alert json.RawMessage `json:"alert,omitempty"`
	// BudgetRefs are the snapshot's BudgetRefs, sorted by key.
	BudgetRefs []budgetRef `json:"budgetRefs,omitempty"`
	// ReceiverRefs are the snapshot's ReceiverRefs, each sorted by key; a
	// receiver with an empty list has no references. Manifests written
	// before receivers had references of their own have none.
	ReceiverRefs map[string][]budgetRef `json:"receiverRefs,omitempty"`
	// Series is the generation's row of the daily budget series: each
	// channel counted as the digest counts it (history.go). Manifests
	// written before the series have none.
	Series []campaign.ChannelSum `json:"series,omitempty"`
	// Outside are the snapshot's Outside: campaigns that left their
	// channel's status filter, as last seen. Manifests written before
	// campaigns were followed out of a filter have none.
	Outside []campaign.Campaign `json:"outside,omitempty"`
	// ContentHash is campaign.ContentHash of the generation's campaigns;
	// "" in manifests written before it was kept.
	ContentHash string `json:"contentHash,omitempty"`
	// GuardrailIncidents is the key of the incident log's record of the
	// guardrail incidents open as of the generation (guardrails.go); empty
	// when none is open.
	GuardrailIncidents string `json:"guardrailIncidents,omitempty"`
	// Incidents are the guardrail incidents open as of the generation, as
	// manifests written before GuardrailIncidents carried them: read,
	// never written.
	Incidents []campaign.Incident `json:"incidents,omitempty"`
}

// budgetRef is one entry of a snapshot's BudgetRefs.
type budgetRef struct {
	CustSpaceID string `json:"custSpaceId"`
	PageID      string `json:"pageId"`
	CampaignID  string `json:"campaignId"`
	Budget      int64  `json:"budget"`
}

// encodeRefs lists refs in key order, so that a manifest's bytes depend
// only on its content.
func encodeRefs(refs map[campaign.Key]int64) []budgetRef {
	out := make([]budgetRef, 0, len(refs))
	for k, b := range refs {
		out = append(out, budgetRef{CustSpaceID: k.CustSpaceID, PageID: k.PageID, CampaignID: k.CampaignID, Budget: b})
	}
	slices.SortFunc(out, func(a, b budgetRef) int {
		return campaign.CompareKeys(a.key(), b.key())
	})
	return out
}

func (r budgetRef) key() campaign.Key {
	return campaign.Key{CustSpaceID: r.CustSpaceID, PageID: r.PageID, CampaignID: r.CampaignID}
}

// encodeReceiverRefs is encodeRefs for each receiver; nil for none.
func encodeReceiverRefs(byReceiver map[string]map[campaign.Key]int64) map[string][]budgetRef {
	if len(byReceiver) == 0 {
		return nil
	}
	out := make(map[string][]budgetRef, len(byReceiver))
	for name, refs := range byReceiver {
		out[name] = encodeRefs(refs)
	}
	return out
}

// decodeReceiverRefs is encodeReceiverRefs undone: a receiver listed with
// no references keeps an empty, non-nil map.
func decodeReceiverRefs(byReceiver map[string][]budgetRef) map[string]map[campaign.Key]int64 {
	if len(byReceiver) == 0 {
		return nil
	}
	out := make(map[string]map[campaign.Key]int64, len(byReceiver))
	for name, refs := range byReceiver {
		m := decodeRefs(refs)
		if m == nil {
			m = map[campaign.Key]int64{}
		}
		out[name] = m
	}
	return out
}

// decodeRefs is encodeRefs undone; nil for none.
func decodeRefs(refs []budgetRef) map[campaign.Key]int64 {
	if len(refs) == 0 {
		return nil
	}
	out := make(map[campaign.Key]int64, len(refs))
	for _, r := range refs {
		out[r.key()] = r.Budget
	}
	return out
}

// alertRecord is alert/<id>.json, an alert not tied to a generation.
type alertRecord struct {
	Schema int `json:"schema"`
	// Token makes two enqueues of one alert differ, so that a create that
	// meets an equal object knows it met its own.
	Token string          `json:"token"`
	Alert json.RawMessage `json:"alert"`
}

// claimRecord is deliv/<alert>/<receiver>/claim-<seq>.json.
type claimRecord struct {
	Schema   int       `json:"schema"`
	AlertID  string    `json:"alertId"`
	Receiver string    `json:"receiver"`
	Seq      int       `json:"seq"`
	Token    string    `json:"token"`
	Expires  time.Time `json:"expires"`
	Released bool      `json:"released,omitempty"`
}

// decodeStrict decodes one JSON record into v: the schema field first (a
// newer one is refused by name), then every field, unknown ones refused.
func decodeStrict(b []byte, v any) error {
	if len(b) > maxRecord {
		return fmt.Errorf("record is %d bytes, more than %d", len(b), maxRecord)
	}
	var head struct {
		Schema *int `json:"schema"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return fmt.Errorf("not valid JSON: %v", err)
	}
	switch {
	case head.Schema == nil:
		return errors.New(`no "schema" field: not a campaignwatch record`)
	case *head.Schema > schemaVersion:
		return fmt.Errorf("schema %d is %w (this build reads %d)", *head.Schema, errNewerFormat, schemaVersion)
	case *head.Schema != schemaVersion:
		return fmt.Errorf("unknown schema %d", *head.Schema)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("bad record: %v", err)
	}
	return nil // json.Unmarshal above refused anything after the object
}

// decodeManifest decodes and validates the manifest of generation gen.
func decodeManifest(b []byte, gen int64) (*manifest, *campaign.Alert, error) {
	var m manifest
	if err := decodeStrict(b, &m); err != nil {
		return nil, nil, err
	}
	switch {
	case m.Generation != gen:
		return nil, nil, fmt.Errorf("names generation %d, but its key says %d", m.Generation, gen)
	case m.TakenAt.IsZero():
		return nil, nil, errors.New("has no takenAt")
	case !validToken(m.Token):
		return nil, nil, errors.New("has a malformed token")
	case m.Data != dataKey(gen, m.Token):
		return nil, nil, fmt.Errorf("points to data %q, want %q", m.Data, dataKey(gen, m.Token))
	case m.Campaigns < 0 || m.Campaigns > maxCampaigns || m.DataSize < 0:
		return nil, nil, errors.New("has an impossible campaign count or data size")
	}
	for _, ch := range m.Channels {
		if ch.CustSpaceID == "" || ch.PageID == "" {
			return nil, nil, errors.New("lists a channel without CustSpaceId or PageId")
		}
	}
	for _, r := range m.Series {
		if r.CustSpaceID == "" || r.PageID == "" || r.Campaigns < 0 || r.Active < 0 {
			return nil, nil, errors.New("has a series row without CustSpaceId or PageId, or with a negative count")
		}
	}
	for _, r := range m.BudgetRefs {
		if r.CustSpaceID == "" || r.PageID == "" || r.CampaignID == "" {
			return nil, nil, errors.New("has a budget reference without CustSpaceId, PageId or CampaignId")
		}
	}
	for _, c := range m.Outside {
		if c.CustSpaceID == "" || c.PageID == "" || c.CampaignID == "" {
			return nil, nil, errors.New("has a campaign outside its filter without CustSpaceId, PageId or CampaignId")
		}
	}
	for name, refs := range m.ReceiverRefs {
		if name == "" {
			return nil, nil, errors.New("has budget references of a receiver without a name")
		}
		for _, r := range refs {
			if r.CustSpaceID == "" || r.PageID == "" || r.CampaignID == "" {
				return nil, nil, errors.New("has a budget reference without CustSpaceId, PageId or CampaignId")
			}
		}
	}
	if m.ContentHash != "" && !validContentHash(m.ContentHash) {
		return nil, nil, errors.New("has a malformed contentHash")
	}
	if err := checkIncidents(m.Incidents); err != nil {
		return nil, nil, err
	}
	if m.GuardrailIncidents != "" && m.GuardrailIncidents != guardrailsKey(gen, m.Token) {
		return nil, nil, fmt.Errorf("points to guardrail incidents %q, want %q", m.GuardrailIncidents, guardrailsKey(gen, m.Token))
	}
	if len(m.Alert) == 0 || string(m.Alert) == "null" {
		return &m, nil, nil
	}
	var a campaign.Alert
	if err := json.Unmarshal(m.Alert, &a); err != nil {
		return nil, nil, fmt.Errorf("bad alert: %v", err)
	}
	if a.ID != genAlertID(gen, m.Token) || a.Generation != gen {
		return nil, nil, fmt.Errorf("carries alert %q of generation %d, want %q", a.ID, a.Generation, genAlertID(gen, m.Token))
	}
	return &m, &a, nil
}

// decodeAlertRecord decodes and validates alert/<id>.json.
func decodeAlertRecord(b []byte, id string) (*campaign.Alert, error) {
	var r alertRecord
	if err := decodeStrict(b, &r); err != nil {
		return nil, err
	}
	if !validToken(r.Token) {
		return nil, errors.New("has a malformed token")
	}
	var a campaign.Alert
	if err := json.Unmarshal(r.Alert, &a); err != nil {
		return nil, fmt.Errorf("bad alert: %v", err)
	}
	if a.ID != id {
		return nil, fmt.Errorf("holds alert %q, but its key says %q", a.ID, id)
	}
	return &a, nil
}

// decodeClaim decodes and validates a claim record.
func decodeClaim(b []byte, alertID, receiver string, seq int) (*claimRecord, error) {
	var c claimRecord
	if err := decodeStrict(b, &c); err != nil {
		return nil, err
	}
	if c.AlertID != alertID || c.Receiver != receiver || c.Seq != seq {
		return nil, fmt.Errorf("is claim %d of %q for %q, but its key says claim %d of %q for %q",
			c.Seq, c.AlertID, c.Receiver, seq, alertID, receiver)
	}
	if c.Expires.IsZero() || !validToken(c.Token) {
		return nil, errors.New("has no expiry or a malformed token")
	}
	return &c, nil
}

// genAlertID is the ID of the alert committed with generation gen under
// the commit's token: unique even when a generation is rolled back (its
// manifest moved aside) and committed again, so that the delivery records
// of the first commit never count for the second.
func genAlertID(gen int64, token string) string {
	return "g" + strconv.FormatInt(gen, 10) + "-" + token
}

// alertGeneration is the generation of a generation alert's ID
// ("g42-<token>"), false for other alerts (digests).
func alertGeneration(id string) (int64, bool) {
	g, ok := strings.CutPrefix(id, "g")
	if !ok {
		return 0, false
	}
	g, _, _ = strings.Cut(g, "-")
	n, err := strconv.ParseInt(g, 10, 64)
	return n, err == nil
}

// validToken accepts the 16 lowercase hex digits newToken makes.
func validToken(t string) bool { return lowerHex(t, 16) }

// validContentHash reports whether h is a SHA-256 in lower-case hex, as
// campaign.ContentHash writes it.
func validContentHash(h string) bool { return lowerHex(h, 64) }

// lowerHex reports whether s is n lower-case hexadecimal digits.
func lowerHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
