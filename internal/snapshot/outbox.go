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

// maxMessages bounds the messages of one alert that Ack records.
const maxMessages = 10000

// PendingFor returns, for each of receivers, oldest first, the committed
// alerts that name it and that it has not had in full (no Done recorded),
// with one listing of the store and one read of each alert however many
// receivers wait for it: a run delivers to all its receivers together.
func (s *Store) PendingFor(ctx context.Context, receivers []string) (map[string][]*campaign.Alert, error) {
	doneKeys, err := s.b.List(ctx, doneDir)
	if err != nil {
		return nil, err
	}
	done := make(map[string]map[string]bool, len(receivers)) // receiver -> alert ids
	for _, r := range receivers {
		done[r] = make(map[string]bool)
		suffix := "/" + escape(r)
		for _, k := range doneKeys {
			if a, ok := strings.CutSuffix(strings.TrimPrefix(k, doneDir), suffix); ok && !strings.Contains(a, "/") {
				if id, ok := unescape(a); ok {
					done[r][id] = true
				}
			}
		}
	}
	doneForAll := func(id string) bool {
		for _, r := range receivers {
			if !done[r][id] {
				return false
			}
		}
		return true
	}
	all, err := s.alerts(ctx, doneForAll)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]*campaign.Alert, len(receivers))
	for _, a := range all {
		for _, r := range receivers {
			if !done[r][a.ID] && slices.Contains(a.Receivers, r) {
				out[r] = append(out[r], a)
			}
		}
	}
	return out, nil
}

// Claim takes the right to deliver alertID to receiver until now+ttl by
// creating claim <n+1> after the newest claim <n>, which must be expired or
// released. Two runs that both saw claim n race to create n+1; one wins,
// the other gets an error of kind Conflict, as does a run that finds a
// live claim, or the alert done for receiver (then wrapping
// campaign.ErrDelivered). The returned Claim's Done lists
// the messages acknowledged under earlier claims.
func (s *Store) Claim(ctx context.Context, alertID, receiver string, now time.Time, ttl time.Duration) (*campaign.Claim, error) {
	if alertID == "" || receiver == "" || ttl <= 0 {
		return nil, campaign.Errorf(campaign.Internal, "claim: want an alert id, a receiver and a positive ttl")
	}
	if _, err := s.b.Get(ctx, doneKey(alertID, receiver)); err == nil {
		return nil, campaign.Errorf(campaign.Conflict, "alert %s was delivered to %s already: %w", alertID, receiver, campaign.ErrDelivered)
	} else if campaign.KindOf(err) != campaign.NotFound {
		return nil, err
	}
	seq, acks, err := s.deliveries(ctx, alertID, receiver)
	if err != nil {
		return nil, err
	}
	if seq > 0 {
		key := claimKey(alertID, receiver, seq)
		b, err := s.b.Get(ctx, key)
		if err != nil {
			return nil, err
		}
		prev, err := decodeClaim(b, alertID, receiver, seq)
		if err != nil {
			return nil, s.damaged(key, err, "delete it to let delivery of this alert resume")
		}
		if !prev.Released && prev.Expires.After(now) {
			return nil, campaign.Errorf(campaign.Conflict, "alert %s to %s: another run holds the claim until %s: %w",
				alertID, receiver, prev.Expires.UTC().Format(time.RFC3339), campaign.ErrConflict)
		}
	}
	c := &campaign.Claim{AlertID: alertID, Receiver: receiver, Seq: seq + 1, Expires: now.Add(ttl), Done: acks}
	if err := s.writeClaim(ctx, c, false); err != nil {
		if campaign.KindOf(err) == campaign.Conflict {
			return nil, campaign.Errorf(campaign.Conflict, "alert %s to %s: another run claimed it first: %w", alertID, receiver, campaign.ErrConflict)
		}
		return nil, err
	}
	return c, nil
}

func (s *Store) writeClaim(ctx context.Context, c *campaign.Claim, released bool) error {
	b, err := json.Marshal(claimRecord{
		Schema: schemaVersion, AlertID: c.AlertID, Receiver: c.Receiver, Seq: c.Seq,
		Token: newToken(), Expires: c.Expires, Released: released,
	})
	if err != nil {
		return campaign.Wrap(campaign.Internal, err, "encoding claim")
	}
	return s.create(ctx, claimKey(c.AlertID, c.Receiver, c.Seq), b)
}

// deliveries lists one (alert, receiver)'s delivery records: the newest
// claim's number (0 for none) and the acknowledged message indexes.
func (s *Store) deliveries(ctx context.Context, alertID, receiver string) (int, map[int]bool, error) {
	prefix := delivPrefix(alertID, receiver)
	keys, err := s.b.List(ctx, prefix)
	if err != nil {
		return 0, nil, err
	}
	seq, acks := 0, make(map[int]bool)
	for _, k := range keys {
		name := k[len(prefix):]
		if n, ok := parseNumbered(name, "claim-", ".json"); ok {
			seq = max(seq, n)
		} else if n, ok := parseNumbered(name, "ack-", ""); ok {
			acks[n] = true
		} else {
			return 0, nil, s.unexpected(k)
		}
	}
	return seq, acks, nil
}

// Ack records that message index of the claimed alert reached the
// receiver, so that no later claim posts it again; when every index below
// total is recorded, it records the alert as done for the receiver. It
// records the message even when c was overtaken (it expired and another run
// claimed the alert), and then returns an error of kind Conflict: stop
// posting under c.
func (s *Store) Ack(ctx context.Context, c *campaign.Claim, index, total int) error {
	if c == nil || index < 0 || index >= total || total > maxMessages {
		return campaign.Errorf(campaign.Internal, "ack: want a claim and a message index in [0, total), total at most %d", maxMessages)
	}
	err := s.create(ctx, ackKey(c.AlertID, c.Receiver, index), fmt.Appendf(nil, "claim %d\n", c.Seq))
	if err != nil && campaign.KindOf(err) != campaign.Conflict { // Conflict: recorded before
		return err
	}
	if c.Done == nil {
		c.Done = make(map[int]bool)
	}
	c.Done[index] = true
	seq, acks, err := s.deliveries(ctx, c.AlertID, c.Receiver)
	if err != nil {
		return err
	}
	if seq > c.Seq {
		return campaign.Errorf(campaign.Conflict, "alert %s to %s: claim %d was overtaken by claim %d (it expired): stop posting: %w",
			c.AlertID, c.Receiver, c.Seq, seq, campaign.ErrConflict)
	}
	for i := range total {
		if !acks[i] && !c.Done[i] {
			return nil
		}
	}
	b := fmt.Appendf(nil, `{"schema":%d,"claim":%d,"messages":%d,"at":%q}`, schemaVersion, c.Seq, total, s.now().UTC().Format(time.RFC3339Nano))
	if err := s.create(ctx, doneKey(c.AlertID, c.Receiver), b); err != nil && campaign.KindOf(err) != campaign.Conflict {
		return err
	}
	return nil
}

// Release gives c up before it expires, so that the next run may claim the
// alert at once: it creates the next claim, marked released. A claim
// already overtaken needs no release.
func (s *Store) Release(ctx context.Context, c *campaign.Claim) error {
	if c == nil {
		return campaign.Errorf(campaign.Internal, "release: no claim")
	}
	next := &campaign.Claim{AlertID: c.AlertID, Receiver: c.Receiver, Seq: c.Seq + 1, Expires: s.now()}
	if err := s.writeClaim(ctx, next, true); err != nil && campaign.KindOf(err) != campaign.Conflict {
		return err
	}
	return nil
}
