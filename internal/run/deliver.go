package run

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/retry"
)

// errClaimLost stops delivery to a receiver when another run holds the
// claim of one of its alerts for longer than this run can wait (order.go).
var errClaimLost = errors.New("another run is delivering this alert")

// deliver sends every pending alert to every receiver, receivers in
// parallel, each receiver's alerts oldest first and in turn (order.go). It
// never fails the run: each receiver's outcome is one line of the report. A receiver's quiet
// hours hold its alerts, pending, for the first run after they end.
func (r *Runner) deliver(ctx context.Context) []campaign.Delivery {
	out := make([]campaign.Delivery, len(r.receivers))
	pending, err := r.opt.Store.PendingFor(ctx, r.outboxNames())
	if err != nil {
		r.opt.Logger.ErrorContext(ctx, "reading the outbox failed", "err", err)
		for i, rc := range r.receivers {
			out[i] = campaign.Delivery{Receiver: rc.Notifier.Name(), Error: r.opt.Redact(err.Error())}
		}
		return out
	}
	var wg sync.WaitGroup
	for i, rc := range r.receivers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var flowed bool
			out[i], flowed = r.deliverTo(ctx, rc, pending[rc.Notifier.Name()])
			if flowed {
				r.asideEnded(ctx, rc)
			}
		}()
	}
	wg.Wait()
	return out
}

// outboxNames are the names the receivers' alerts are kept under.
func (r *Runner) outboxNames() []string {
	names := make([]string, len(r.receivers))
	for i, rc := range r.receivers {
		names[i] = rc.Notifier.Name()
	}
	return names
}

// deliverTo delivers rc's pending alerts. flowed reports that an alert
// other than a health notice was delivered to it in full: messages set
// aside before it no longer hold anything back (asidenotice.go).
func (r *Runner) deliverTo(ctx context.Context, rc Receiver, pending []*campaign.Alert) (d campaign.Delivery, flowed bool) {
	d = campaign.Delivery{Receiver: rc.Notifier.Name()}
	log := r.opt.Logger.With("receiver", rc.Notifier.Name())
	if rc.Route.Quiet.Open(r.opt.Now()) {
		for _, p := range pending {
			a := p.For(rc.Notifier.Name())
			msgs, err := rc.Notifier.Render(a)
			if err != nil {
				d.Error = r.opt.Redact(err.Error())
				break
			}
			urgent := 0
			for _, m := range msgs {
				if urgentOnly(m) {
					urgent++
				}
			}
			d.Held += len(msgs) - urgent
			if urgent == 0 {
				continue
			}
			// An urgent guardrail rule's messages pass through quiet hours.
			sent, err := r.deliverMessages(ctx, rc.Notifier, a, urgentOnly)
			d.Messages += sent
			if err != nil && err != errClaimLost {
				d.Error = r.opt.Redact(err.Error())
				break
			}
		}
		if len(pending) > 0 {
			log.InfoContext(ctx, "quiet hours: holding the receiver's alerts for the first run after they end",
				"alerts", len(pending), "messages", d.Held, "quietHours", rc.Route.Quiet.String())
		}
		return d, flowed
	}
	for i, p := range pending {
		a := p.For(rc.Notifier.Name())
		sent, err := r.deliverInTurn(ctx, rc, a)
		d.Messages += sent
		switch {
		case errors.Is(err, campaign.ErrDelivered):
			log.InfoContext(ctx, "another run delivered this alert", "alert", a.ID)
			continue
		case err == errClaimLost:
			// Nothing newer may reach the receiver before this alert:
			// the rest waits, pending, for the next run.
			d.Pending = len(pending) - i
			log.WarnContext(ctx, "another run holds this alert longer than this run can wait; it and every later alert of the receiver stay pending for the next run, in order",
				"alert", a.ID, "pending", d.Pending)
			return d, flowed
		case err != nil && r.setAsideIfDue(ctx, rc, a, err):
			d.SetAside++ // aside.go: the later alerts go on
			continue
		case err != nil:
			d.Error = r.opt.Redact(err.Error())
			log.WarnContext(ctx, "delivery failed; the alert stays pending for the next run",
				"alert", a.ID, "posted", sent, "err", err)
			return d, flowed
		}
		log.InfoContext(ctx, "delivered", "alert", a.ID, "kind", string(a.Kind), "messages", sent)
		flowed = flowed || a.Kind != campaign.AlertHealth
	}
	return d, flowed
}

// deliverAlert posts the messages of a that the receiver has not had yet,
// each under a live claim, recording each one as it lands. A message posted
// but not recorded (the process dies in between) is posted again by the
// next run: delivery is at least once, and exactly once otherwise.
// The delivery record is kept under the receiver's name.
func (r *Runner) deliverAlert(ctx context.Context, n campaign.Notifier, a *campaign.Alert) (int, error) {
	return r.deliverMessages(ctx, n, a, nil)
}

// urgentOnly picks the messages that pass through quiet hours.
func urgentOnly(m campaign.Message) bool { return m.Urgency == campaign.UrgencyHigh }

// deliverMessages is deliverAlert for the messages only picks (nil: all).
// With a pick, the claim is released at the end, so that the run after
// the quiet hours delivers the rest at once.
func (r *Runner) deliverMessages(ctx context.Context, n campaign.Notifier, a *campaign.Alert, only func(campaign.Message) bool) (int, error) {
	as := n.Name()
	msgs, err := n.Render(a)
	if err != nil {
		return 0, err
	}
	claim, err := r.claim(ctx, a.ID, as)
	if err != nil {
		return 0, err
	}
	sent := 0
	if only != nil {
		defer func() {
			if err := r.opt.Store.Release(ctx, claim); err != nil && campaign.KindOf(err) != campaign.Conflict {
				r.opt.Logger.WarnContext(ctx, "releasing a claim failed; it expires by itself", "alert", a.ID, "err", err)
			}
		}()
	}
	for i, m := range msgs {
		if claim.Done[i] || (only != nil && !only(m)) {
			continue
		}
		if claim.Expires.Sub(r.opt.Now()) < postMargin {
			if err := r.opt.Store.Release(ctx, claim); err != nil {
				return sent, err
			}
			if claim, err = r.claim(ctx, a.ID, as); err != nil {
				return sent, err
			}
			if claim.Done[i] {
				continue
			}
		}
		claim, err = r.postWaiting(ctx, n, a.ID, as, claim, i, m)
		switch {
		case err != nil:
			return sent, err
		case claim.Done[i]:
			continue // recorded by another run while this one waited
		}
		sent++
		switch err := r.ack(ctx, claim, i, len(msgs)); {
		case campaign.KindOf(err) == campaign.Conflict:
			return sent, errOvertaken // recorded; our claim expired and another run took over
		case err != nil:
			return sent, err
		}
	}
	if sent == 0 && len(msgs) > 0 && only == nil {
		// Every message was recorded under an earlier claim whose run died
		// before it marked the alert done: mark it now, or the alert stays
		// pending and every later run claims it again.
		switch err := r.opt.Store.Ack(ctx, claim, len(msgs)-1, len(msgs)); {
		case campaign.KindOf(err) == campaign.Conflict:
			return 0, errOvertaken
		case err != nil:
			return 0, err
		}
	}
	return sent, nil
}

// ack records message i as delivered. The message has been posted, so the
// record is retried (a store that failed once, a ctx cancelled by the
// caller) until the claim expires: a record that is not made means the
// next run posts the message again.
func (r *Runner) ack(ctx context.Context, claim *campaign.Claim, i, total int) error {
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), claim.Expires.Sub(r.opt.Now()))
	defer cancel()
	policy := ackPolicy
	policy.OnRetry = func(_ int, _ time.Duration, err error) {
		r.opt.Logger.WarnContext(ctx, "recording a delivered message failed; retrying", "alert", claim.AlertID, "message", i, "err", err)
	}
	err := policy.Do(actx, func(actx context.Context, _ int) error {
		err := r.opt.Store.Ack(actx, claim, i, total)
		if campaign.KindOf(err) == campaign.Conflict {
			return retry.Permanent(err)
		}
		return err
	})
	var re *retry.Error
	if errors.As(err, &re) {
		return re.Err
	}
	return err
}

// ackPolicy retries a record until the claim's time is up (the context
// Do is given): attempts are not what bounds it.
var ackPolicy = retry.Policy{Attempts: 1 << 20, Initial: 200 * time.Millisecond, Max: 3200 * time.Millisecond, Multiplier: 2}
