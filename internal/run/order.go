package run

import (
	"context"
	"errors"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/retry"
)

// A receiver's messages arrive in the order of the checks that found them.
// Delivery goes oldest first, each alert under a claim; when another run
// holds the claim of an alert (it is posting it, or it died holding it),
// this run posts nothing newer to that receiver past it. It waits for the
// claim to clear: the alert delivered (then it goes on with the next), or
// the claim released or expired (then it delivers the alert itself, first).
// A claim it cannot wait out, within the run's deadline and claimWait,
// leaves that alert and every later one of the receiver pending for the
// next run, still in order.

// claimPoll is how often a run that waits for another run's claim asks
// the store again (never more often than a tenth of the claim's ttl).
const claimPoll = time.Second

// errOvertaken stops posting an alert whose claim expired while this run
// posted it and that another run claimed since (the message posted is
// recorded): the other run delivers the rest, and this one waits for it.
var errOvertaken = errors.New("another run took over this alert")

// maxTakeovers bounds how often one alert is taken over from under this
// run before it stops waiting for it.
const maxTakeovers = 3

// deliverInTurn delivers a to rc (deliverAlert), first waiting out a claim
// another run holds on it. It returns an error wrapping
// campaign.ErrDelivered when another run delivered a meanwhile, and
// errClaimLost when the claim could not be waited out.
func (r *Runner) deliverInTurn(ctx context.Context, rc Receiver, a *campaign.Alert) (int, error) {
	total := 0
	for range maxTakeovers {
		sent, err := r.deliverAlert(ctx, rc.Notifier, a)
		total += sent
		if err != errOvertaken {
			return total, err
		}
	}
	return total, errClaimLost
}

// claim takes the right to deliver alertID to receiver. While another run
// holds it, claim waits (claimWait) for the claim to clear; an alert
// delivered in full meanwhile is an error wrapping campaign.ErrDelivered,
// and a claim still held when the wait ends is errClaimLost.
func (r *Runner) claim(ctx context.Context, alertID, receiver string) (*campaign.Claim, error) {
	poll := min(claimPoll, r.opt.ClaimTTL/10)
	// A claim lasts ClaimTTL at most: a run that died holding it keeps it
	// no longer; a live run delivers within it or hands it on.
	polls := int((r.opt.ClaimTTL+2*poll)/poll) + 1
	for n := 0; ; n++ {
		c, err := r.opt.Store.Claim(ctx, alertID, receiver, r.opt.Now(), r.opt.ClaimTTL)
		switch {
		case err == nil:
			return c, nil
		case errors.Is(err, campaign.ErrDelivered):
			return nil, err
		case campaign.KindOf(err) != campaign.Conflict:
			return nil, err
		}
		if n == polls || !r.claimPolicy().Fits(ctx, poll) {
			return nil, errClaimLost
		}
		if n == 0 {
			r.opt.Logger.InfoContext(ctx, "another run holds this alert; waiting for it, so that nothing newer reaches the receiver first",
				"alert", alertID, "receiver", receiver)
		}
		if r.opt.Sleep(ctx, poll) != nil {
			return nil, errClaimLost
		}
	}
}

// claimPolicy bounds the waits for another run's claim: each leaves the
// run's deadline enough to post under a fresh claim (postMargin), on the
// run's clock. polls bounds them without a deadline.
func (r *Runner) claimPolicy() retry.Policy {
	return retry.Policy{Reserve: postMargin, Now: r.opt.Now}
}
