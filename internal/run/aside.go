package run

import (
	"context"
	"errors"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/logging"
)

// A message the service refuses for what it holds (a payload it does not
// accept: campaign.ErrMessageRefused) would be refused on every run, and
// since a receiver's messages go oldest first, it would hold back every
// later one for good. After setAsideRuns runs refused it, or once it has
// been refused for setAsideAfter (at least twice), it is set aside: kept
// in the store with what it was and why (SetAsider), counted in the
// report, and passed by, so that the receiver's later messages flow, in
// order. A refusal of the receiver (a revoked webhook, a bad signature),
// throttling or a 5xx never sets a message aside.
const (
	setAsideRuns  = 3
	setAsideAfter = time.Hour
)

// setAsideIfDue records err, a's refusal by rc's service, and sets a aside
// when it is due. It reports whether a was set aside; without
// Options.SetAside, or for an error that is not a refusal of the message,
// nothing is set aside. The health receivers are told once per incident
// (asidenotice.go).
func (r *Runner) setAsideIfDue(ctx context.Context, rc Receiver, a *campaign.Alert, err error) bool {
	sa := r.opt.SetAside
	if sa == nil || !errors.Is(err, campaign.ErrMessageRefused) {
		return false
	}
	as := rc.Notifier.Name()
	log := r.opt.Logger.With("receiver", as, "alert", a.ID)
	now := r.opt.Now().UTC()
	refusals, rerr := sa.Refuse(ctx, a.ID, as, campaign.Refusal{At: now, RunID: logging.RunID(ctx), Error: r.opt.Redact(err.Error())})
	if rerr != nil {
		log.WarnContext(ctx, "recording a refused message failed; the next refusal counts again", "err", rerr)
		return false
	}
	runs := make(map[string]bool, len(refusals))
	for _, f := range refusals {
		runs[f.RunID] = true
	}
	if len(runs) < setAsideRuns && (len(refusals) < 2 || now.Sub(refusals[0].At) < setAsideAfter) {
		log.WarnContext(ctx, "the service refused this message; it is set aside if it goes on",
			"refusals", len(refusals), "setAsideAfterRuns", setAsideRuns)
		return false
	}
	msgs, rerr := rc.Notifier.Render(a)
	if rerr != nil {
		return false
	}
	s := campaign.SetAside{AlertID: a.ID, Receiver: as, Kind: a.Kind, Generation: a.Generation,
		AlertAt: a.At, At: now, Changes: len(a.Changes), Refusals: refusals}
	if rerr := sa.SetAside(ctx, s, len(msgs)); rerr != nil {
		log.WarnContext(ctx, "setting a refused message aside failed; the next run tries again", "err", rerr)
		return false
	}
	log.ErrorContext(ctx, "the service refused this message again and again: set aside (kept in the store) so that the receiver's later messages flow",
		"event", "message_set_aside", "refusals", len(refusals), "since", refusals[0].At.Format(time.RFC3339), "err", err)
	r.asideOpened(ctx, rc, s)
	return true
}
