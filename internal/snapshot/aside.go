package snapshot

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// Refusals and the messages set aside (campaign.SetAsider):
//
//	refused/<alert>/<receiver>/<unix nanos, 20 digits>-<token>.json   one refusal (create-only)
//	aside/<alert>/<receiver>.json   the message set aside (create-only; kept by Prune)
//
// Setting aside also writes the alert's done record for the receiver, so
// that delivery passes it by; the aside record keeps what it was and why.
const (
	refusedDir = "refused/"
	asideDir   = "aside/"
)

var _ campaign.SetAsider = (*Store)(nil)

func refusedPrefix(alertID, receiver string) string {
	return refusedDir + escape(alertID) + "/" + escape(receiver) + "/"
}

func asideKey(alertID, receiver string) string {
	return asideDir + escape(alertID) + "/" + escape(receiver) + ".json"
}

// refusalRecord is one refused/... object.
type refusalRecord struct {
	Schema  int              `json:"schema"`
	Token   string           `json:"token"`
	Refusal campaign.Refusal `json:"refusal"`
}

// asideRecord is one aside/... object.
type asideRecord struct {
	Schema   int               `json:"schema"`
	Token    string            `json:"token"`
	SetAside campaign.SetAside `json:"setAside"`
}

// Refuse records r and returns every refusal of alertID's message to
// receiver, oldest first.
func (s *Store) Refuse(ctx context.Context, alertID, receiver string, r campaign.Refusal) ([]campaign.Refusal, error) {
	if alertID == "" || receiver == "" || r.At.IsZero() {
		return nil, campaign.Errorf(campaign.Internal, "refuse: want an alert id, a receiver and a time")
	}
	token := newToken()
	b, err := json.Marshal(refusalRecord{Schema: schemaVersion, Token: token, Refusal: r})
	if err != nil {
		return nil, campaign.Wrap(campaign.Internal, err, "encoding refusal")
	}
	prefix := refusedPrefix(alertID, receiver)
	if err := s.create(ctx, fmt.Sprintf("%s%020d-%s.json", prefix, r.At.UnixNano(), token), b); err != nil {
		return nil, err
	}
	recs, err := readRecords[refusalRecord](ctx, s, prefix, "delete it: the refusal is counted again")
	if err != nil {
		return nil, err
	}
	out := make([]campaign.Refusal, len(recs))
	for i, rec := range recs {
		out[i] = rec.Refusal
	}
	slices.SortStableFunc(out, func(x, y campaign.Refusal) int { return x.At.Compare(y.At) })
	return out, nil
}

// SetAside keeps a and records the alert as delivered to a.Receiver, so
// that no run posts it again. Setting aside twice keeps the first record.
func (s *Store) SetAside(ctx context.Context, a campaign.SetAside, total int) error {
	if a.AlertID == "" || a.Receiver == "" || a.At.IsZero() {
		return campaign.Errorf(campaign.Internal, "set aside: want an alert id, a receiver and a time")
	}
	b, err := json.Marshal(asideRecord{Schema: schemaVersion, Token: newToken(), SetAside: a})
	if err != nil {
		return campaign.Wrap(campaign.Internal, err, "encoding a message set aside")
	}
	if err := s.create(ctx, asideKey(a.AlertID, a.Receiver), b); err != nil && campaign.KindOf(err) != campaign.Conflict {
		return err
	}
	done := fmt.Appendf(nil, `{"schema":%d,"setAside":true,"messages":%d,"at":%q}`, schemaVersion, total, a.At.UTC().Format(time.RFC3339Nano))
	if err := s.create(ctx, doneKey(a.AlertID, a.Receiver), done); err != nil && campaign.KindOf(err) != campaign.Conflict {
		return err
	}
	return nil
}

// SetAsides returns every message set aside, oldest first.
func (s *Store) SetAsides(ctx context.Context) ([]campaign.SetAside, error) {
	recs, err := readRecords[asideRecord](ctx, s, asideDir, "move it out of the store; the message it kept is not delivered either way")
	if err != nil {
		return nil, err
	}
	out := make([]campaign.SetAside, len(recs))
	for i, rec := range recs {
		out[i] = rec.SetAside
	}
	slices.SortStableFunc(out, func(x, y campaign.SetAside) int { return x.At.Compare(y.At) })
	return out, nil
}
