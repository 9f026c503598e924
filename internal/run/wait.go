package run

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/retry"
)

// postWaiting posts m, message i of alert alertID, under claim. A post's
// own retries stay inside its claim; a wait the service asks for that the
// claim cannot hold (Slack's Retry-After: 30, WeCom's per-minute limit) is
// waited out here, by the run's retry policy (waitPolicy): with the claim
// released, so that a run killed meanwhile blocks nobody, while the run's
// deadline less waitReserve allows, and m is posted again under a new
// claim, at most maxAskedWaits times. It returns the claim held now: one
// whose Done[i] is set when another run recorded m meanwhile. On an error
// the claim is released.
func (r *Runner) postWaiting(ctx context.Context, n campaign.Notifier, alertID, as string, claim *campaign.Claim, i int, m campaign.Message) (*campaign.Claim, error) {
	policy := r.waitPolicy()
	policy.OnRetry = func(_ int, wait time.Duration, err error) {
		r.opt.Logger.InfoContext(ctx, "the service asks to wait; waiting it out within the run's deadline",
			"alert", alertID, "wait", wait.String(), "err", err)
	}
	err := policy.Do(ctx, func(ctx context.Context, attempt int) error {
		if attempt > 1 {
			var err error
			if claim, err = r.claim(ctx, alertID, as); err != nil {
				return retry.Permanent(err)
			}
			if claim.Done[i] {
				return nil // recorded by another run while this one waited
			}
		}
		pctx, cancel := context.WithTimeout(ctx, claim.Expires.Sub(r.opt.Now())-ackReserve)
		err := n.Post(pctx, m)
		cancel()
		if err == nil {
			return nil
		}
		if rerr := r.opt.Store.Release(ctx, claim); rerr != nil {
			r.opt.Logger.WarnContext(ctx, "releasing a claim failed; it expires by itself", "alert", alertID, "err", rerr)
			return retry.Permanent(err)
		}
		wait, asked := retry.AskedWait(err)
		if !asked {
			return retry.Permanent(err)
		}
		return retry.After(err, wait)
	})
	var re *retry.Error
	switch {
	case err == nil:
		return claim, nil
	case !errors.As(err, &re):
		return nil, err
	case re.Reason == retry.Stopped:
		return nil, campaign.Wrap(campaign.Unavailable, re.Err, "the run ended while waiting ("+re.Cause.Error()+")")
	}
	return nil, campaign.Wrap(campaign.Unavailable, re.Err, "not waited out: "+r.whyNotWait(ctx, re))
}

// waitPolicy is how the delivery step waits out what a service asks: on
// the run's clock, at most maxAskedWaits waits per message, each leaving
// waitReserve of the run's deadline; a run without a deadline (a check
// from the command line) waits at most MaxNotifyWait at a time.
func (r *Runner) waitPolicy() retry.Policy {
	return retry.Policy{Attempts: maxAskedWaits + 1, Reserve: waitReserve, MaxWait: MaxNotifyWait, Now: r.opt.Now, Sleep: r.opt.Sleep}
}

// whyNotWait says why the wait re did not take is left to a later run.
func (r *Runner) whyNotWait(ctx context.Context, re *retry.Error) string {
	switch _, ok := ctx.Deadline(); {
	case re.Reason == retry.Exhausted:
		return fmt.Sprintf("this run already waited %d times for this message", re.Attempts-1)
	case ctx.Err() != nil:
		return "the run ended (" + context.Cause(ctx).Error() + ")"
	case ok:
		return fmt.Sprintf("waiting %s would leave this run less than %s before its deadline", re.Wait, waitReserve)
	}
	return fmt.Sprintf("a run without a deadline waits at most %s", MaxNotifyWait)
}
