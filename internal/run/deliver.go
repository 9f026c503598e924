package run

import (
	"context"
	"sync"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// deliver sends every pending alert to every receiver, receivers in
// parallel, each receiver's alerts oldest first. It never fails the run:
// each receiver's outcome is one line of the report.
func (r *Runner) deliver(ctx context.Context) []campaign.Delivery {
	out := make([]campaign.Delivery, len(r.opt.Notifiers))
	pending, err := r.opt.Store.PendingFor(ctx, r.receiverIDs())
	if err != nil {
		r.opt.Logger.ErrorContext(ctx, "reading the outbox failed", "err", err)
		for i, n := range r.opt.Notifiers {
			out[i] = campaign.Delivery{Receiver: n.Name(), Error: r.opt.Redact(err.Error())}
		}
		return out
	}
	var wg sync.WaitGroup
	for i, n := range r.opt.Notifiers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = r.deliverTo(ctx, n, pending[n.ID()])
		}()
	}
	wg.Wait()
	return out
}

func (r *Runner) deliverTo(ctx context.Context, n campaign.Notifier, pending []*campaign.Alert) campaign.Delivery {
	d := campaign.Delivery{Receiver: n.Name()}
	log := r.opt.Logger.With("receiver", n.Name())
	for _, shared := range pending {
		copied := *shared // the same alert may be delivered to other receivers at once
		a := &copied
		a.Labels = r.labels
		sent, err := r.deliverAlert(ctx, n, a)
		d.Messages += sent
		if err == errLeaseLost {
			log.InfoContext(ctx, "another run is delivering this alert", "alert", a.ID)
			continue
		}
		if err != nil {
			d.Error = r.opt.Redact(err.Error())
			log.WarnContext(ctx, "delivery failed; the alert stays pending for the next run",
				"alert", a.ID, "posted", sent, "err", err)
			break
		}
		log.InfoContext(ctx, "delivered", "alert", a.ID, "kind", string(a.Kind), "messages", sent)
	}
	return d
}

// deliverAlert posts the messages of a that the receiver has not had yet,
// each under a live claim, recording each one as it lands. A message posted
// but not recorded (the process dies in between) is posted again by the
// next run: delivery is at least once, and exactly once otherwise.
func (r *Runner) deliverAlert(ctx context.Context, n campaign.Notifier, a *campaign.Alert) (int, error) {
	msgs, err := n.Render(a)
	if err != nil {
		return 0, err
	}
	claim, err := r.claim(ctx, a.ID, n.ID())
	if err != nil {
		return 0, err
	}
	sent := 0
	for i, m := range msgs {
		if claim.Done[i] {
			continue
		}
		if claim.Expires.Sub(r.opt.Now()) < postMargin {
			if err := r.opt.Store.Release(ctx, claim); err != nil {
				return sent, err
			}
			if claim, err = r.claim(ctx, a.ID, n.ID()); err != nil {
				return sent, err
			}
			if claim.Done[i] {
				continue
			}
		}
		pctx, cancel := context.WithTimeout(ctx, claim.Expires.Sub(r.opt.Now())-ackReserve)
		err := n.Post(pctx, m)
		cancel()
		if err != nil {
			if rerr := r.opt.Store.Release(ctx, claim); rerr != nil {
				r.opt.Logger.WarnContext(ctx, "releasing a claim failed; it expires by itself", "alert", a.ID, "err", rerr)
			}
			return sent, err
		}
		sent++
		switch err := r.ack(ctx, claim, i, len(msgs)); {
		case campaign.KindOf(err) == campaign.Conflict:
			return sent, errLeaseLost // recorded; our claim expired and another run took over
		case err != nil:
			return sent, err
		}
	}
	if sent == 0 && len(msgs) > 0 {
		// Every message was recorded under an earlier claim whose run died
		// before it marked the alert done: mark it now, or the alert stays
		// pending and every later run claims it again.
		switch err := r.opt.Store.Ack(ctx, claim, len(msgs)-1, len(msgs)); {
		case campaign.KindOf(err) == campaign.Conflict:
			return 0, errLeaseLost
		case err != nil:
			return 0, err
		}
	}
	return sent, nil
}

// ackReserve is the part of a claim kept for recording a post: a post
// ends at the latest this long before the claim expires, so that its
// record (with retries) lands while the claim is still this run's.
const ackReserve = 8 * time.Second

// ack records message i as delivered. The message has been posted, so the
// record is retried (a store that failed once, a ctx cancelled by the
// caller) until the claim expires: a record that is not made means the
// next run posts the message again.
func (r *Runner) ack(ctx context.Context, claim *campaign.Claim, i, total int) error {
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), claim.Expires.Sub(r.opt.Now()))
	defer cancel()
	var err error
	for attempt := 0; ; attempt++ {
		err = r.opt.Store.Ack(actx, claim, i, total)
		if err == nil || campaign.KindOf(err) == campaign.Conflict {
			return err
		}
		wait := time.Duration(200<<min(attempt, 4)) * time.Millisecond
		select {
		case <-actx.Done():
			return err
		case <-time.After(wait):
			r.opt.Logger.WarnContext(ctx, "recording a delivered message failed; retrying", "alert", claim.AlertID, "message", i, "err", err)
		}
	}
}

// claim takes the right to deliver alertID to receiver; a claim held by a
// live run, or an alert delivered in full meanwhile, is errLeaseLost.
func (r *Runner) claim(ctx context.Context, alertID, receiver string) (*campaign.Claim, error) {
	c, err := r.opt.Store.Claim(ctx, alertID, receiver, r.opt.Now(), r.opt.ClaimTTL)
	if campaign.KindOf(err) == campaign.Conflict {
		return nil, errLeaseLost
	}
	return c, err
}
