package run

import (
	"context"
	"fmt"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/retry"
)

// postWaiting posts m, message i of alert alertID, under claim. A post's
// own retries stay inside its claim; a wait the service asks for that the
// claim cannot hold (Slack's Retry-After: 30, WeCom's per-minute limit) is
// waited out here, with the claim released so that a run killed meanwhile
// blocks nobody, while the run's deadline allows (waitFits), and m is
// posted again under a new claim, at most maxAskedWaits times. It returns
// the claim held now: one whose Done[i] is set when another run recorded m
// meanwhile. On an error the claim is released.
func (r *Runner) postWaiting(ctx context.Context, n campaign.Notifier, alertID, as string, claim *campaign.Claim, i int, m campaign.Message) (*campaign.Claim, error) {
	for waits := 0; ; waits++ {
		pctx, cancel := context.WithTimeout(ctx, claim.Expires.Sub(r.opt.Now())-ackReserve)
		err := n.Post(pctx, m)
		cancel()
		if err == nil {
			return claim, nil
		}
		if rerr := r.opt.Store.Release(ctx, claim); rerr != nil {
			r.opt.Logger.WarnContext(ctx, "releasing a claim failed; it expires by itself", "alert", alertID, "err", rerr)
			return nil, err
		}
		wait, asked := retry.AskedWait(err)
		if !asked {
			return nil, err
		}
		if waits >= maxAskedWaits || !r.waitFits(ctx, wait) {
			return nil, campaign.Wrap(campaign.Unavailable, err, fmt.Sprintf("not waited out: %s", r.whyNotWait(ctx, wait, waits)))
		}
		r.opt.Logger.InfoContext(ctx, "the service asks to wait; waiting it out within the run's deadline",
			"alert", alertID, "wait", wait.String(), "err", err)
		if serr := r.opt.Sleep(ctx, wait); serr != nil {
			return nil, campaign.Wrap(campaign.Unavailable, err, "the run ended while waiting ("+serr.Error()+")")
		}
		if claim, err = r.claim(ctx, alertID, as); err != nil {
			return nil, err
		}
		if claim.Done[i] {
			return claim, nil
		}
	}
}

// waitFits says whether the run may wait d and still post after it: a run
// with a deadline keeps waitReserve of it; one without (a check from the
// command line) waits at most MaxNotifyWait.
func (r *Runner) waitFits(ctx context.Context, d time.Duration) bool {
	if dl, ok := ctx.Deadline(); ok {
		return !r.opt.Now().Add(d + waitReserve).After(dl)
	}
	return d <= MaxNotifyWait
}

// whyNotWait says why a wait of d is left to a later run.
func (r *Runner) whyNotWait(ctx context.Context, d time.Duration, waits int) string {
	switch _, ok := ctx.Deadline(); {
	case waits >= maxAskedWaits:
		return fmt.Sprintf("this run already waited %d times for this message", waits)
	case ok:
		return fmt.Sprintf("waiting %s would leave this run less than %s before its deadline", d, waitReserve)
	}
	return fmt.Sprintf("a run without a deadline waits at most %s", MaxNotifyWait)
}
