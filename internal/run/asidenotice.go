package run

import (
	"context"
	"slices"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/logging"
)

// Messages set aside (aside.go) are an incident of their receiver in the
// incident log (incident.go), subject asideKind: the first message set
// aside opens it, and the health receivers get one notice saying how many
// messages were set aside for which receiver, why (the last refusal,
// redacted) and what to do. Messages set aside after it, before one of
// the receiver's messages gets through again, join the incident without
// another notice. A message of the receiver delivered in full ends the
// incident silently: the next message set aside is told again.

// asideKind is the incident log's subject of the messages set aside for
// the receiver named name.
func asideKind(name string) string { return "aside-" + name }

// asideOpened records s, set aside for rc, in rc's incident and queues
// the notice when it opens the incident; best effort, logged.
func (r *Runner) asideOpened(ctx context.Context, rc Receiver, s campaign.SetAside) {
	h := r.opt.Incidents
	if h == nil || len(s.Refusals) == 0 {
		return
	}
	log := r.opt.Logger.With("receiver", rc.Notifier.Name())
	kind := asideKind(rc.Notifier.Name())
	last := s.Refusals[len(s.Refusals)-1]
	f := campaign.Occurrence{At: s.At, RunID: logging.RunID(ctx), Error: last.Error, Kind: campaign.Invalid}
	cur, err := occurred(ctx, h, kind, f)
	if err != nil {
		log.WarnContext(ctx, "recording a message set aside in the incident log failed; its notice waits for the next one", "err", err)
		return
	}
	count := len(cur.Failures) // runs that set messages aside at once included
	if cur.Incident {
		log.InfoContext(ctx, "message set aside: its receiver's incident is told already", "messages", count)
		return
	}
	since := slices.MinFunc(s.Refusals, func(x, y campaign.Refusal) int { return x.At.Compare(y.At) }).At
	notice := &campaign.Alert{
		ID: healthAlertID(kind, cur.N, campaign.HealthFailing), Kind: campaign.AlertHealth, At: s.At,
		RunID: f.RunID, Receivers: r.healthReceivers(),
		Health: &campaign.Health{State: campaign.HealthFailing, Kind: campaign.HealthAside, Since: since,
			Runs: len(s.Refusals), LastError: last.Error, ErrorKind: campaign.Invalid, Hint: campaign.HintRefused,
			Receiver: rc.Notifier.Name(), Messages: count},
	}
	r.announce(ctx, h, kind, cur.N, notice)
}

// asideEnded ends rc's incident of messages set aside, if one is open,
// after one of its messages was delivered in full: a message set aside
// later opens a new one. One listing; best effort.
func (r *Runner) asideEnded(ctx context.Context, rc Receiver) {
	h := r.opt.Incidents
	if h == nil {
		return
	}
	hctx, cancel := Detached(ctx, healthTimeout)
	defer cancel()
	r.resolve(hctx, h, asideKind(rc.Notifier.Name()), nil)
}
