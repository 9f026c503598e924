package run

import (
	"context"
	"slices"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// The one policy of every notice sent once per incident, over the store's
// incident log (campaign.IncidentLog): the health notices of failed runs
// (health.go), the notice of messages set aside (asidenotice.go) and the
// guardrail messages (guardrail.go). An incident opens when its trouble
// is due and its opening notice goes once to the receivers it is for;
// its end, when one is owed, goes once too (a guardrail's to those told
// of its opening). Which run decides is settled by a create-only write,
// so overlapping runs never send either twice, and a run killed halfway
// leaves the rest to the next.
//
// A guardrail incident is a fact of a snapshot, so the check decides both
// halves in one step: campaign.Evaluate compares the incidents open as of
// the previous generation (its record in the log, loaded with it) with
// the new snapshot; the openings and ends go into the generation's alert,
// addressed to their receivers (an end to those told), and the incidents
// open after it into its record in the log, both written by the commit,
// whose create-only manifest picks the one run that sends them. A run's
// troubles commit nothing, so they are recorded as they happen, in
// streaks:
//
//   - An occurrence (a failed run, a message set aside) is recorded in the
//     subject's current streak, create-only, before anything is decided.
//   - Firing: when the streak's incident is due and not yet opened, its
//     notice is queued in the outbox under an id of the streak's own, then
//     the incident is marked opened (announce). The outbox's create-only
//     Enqueue picks the one run that announces: overlapping runs never
//     queue two notices for one incident, and a run killed before the
//     mark leaves it to the next.
//   - Resolving: a success ends the streak (create-only: one run ends it)
//     and settles it (resolve): its recovery notice is queued when its
//     incident was announced and the subject owes one, and is the
//     streak's last word, since a later occurrence joins the next streak.
//     A subject without recovery notices ends its incidents silently.

// occurred records f, an occurrence of kind, in the current streak, and
// returns that streak as it stands after it: N, Incident, Failures (every
// occurrence's time, f's included, oldest first) and Last, f. Runs that
// record at once each read the streak before the others recorded: it is
// read again, so that the last to record counts them all (and announces,
// when they make the incident due).
func occurred(ctx context.Context, h campaign.IncidentLog, kind string, f campaign.Occurrence) (campaign.Streak, error) {
	cur, _, err := h.Streaks(ctx, kind)
	if err == nil {
		err = h.Record(ctx, kind, cur.N, f)
	}
	if err != nil {
		return campaign.Streak{}, err
	}
	cur.Failures, cur.Last = append(slices.Clone(cur.Failures), f.At), &f
	if again, _, err := h.Streaks(ctx, kind); err == nil && again.N == cur.N && len(again.Failures) >= len(cur.Failures) {
		cur.Failures, cur.Incident = slices.Clone(again.Failures), again.Incident
	}
	slices.SortFunc(cur.Failures, time.Time.Compare)
	return cur, nil
}

// announce queues notice, the failing notice of streak n of kind, and
// marks the streak's incident opened. It reports whether the incident is
// opened (by this run or another); false leaves it to the next run.
func (r *Runner) announce(ctx context.Context, h campaign.IncidentLog, kind string, n int, notice *campaign.Alert) bool {
	log := r.opt.Logger
	switch err := r.opt.Store.Enqueue(ctx, notice); {
	case campaign.KindOf(err) == campaign.Conflict:
	case err != nil:
		log.ErrorContext(ctx, "queueing the failing notice failed; the next occurrence tries again", "mode", kind, "err", err)
		return false
	case notice.Health.Kind == campaign.HealthAside:
		log.ErrorContext(ctx, "messages set aside: notice queued", "event", "aside_notice", "receiver", notice.Health.Receiver,
			"messages", notice.Health.Messages, "alert", notice.ID)
	default:
		log.ErrorContext(ctx, "runs are failing: failing notice queued", "event", "health_failing", "mode", kind,
			"failedRuns", notice.Health.Runs, "since", notice.Health.Since.Format(time.RFC3339), "alert", notice.ID)
	}
	if err := h.OpenIncident(ctx, kind, n); err != nil && campaign.KindOf(err) != campaign.Conflict {
		log.WarnContext(ctx, "marking the incident failed; the next occurrence tries again", "mode", kind, "err", err)
		return false
	}
	return true
}

// resolve ends the current streak of kind if it has occurrences, and
// settles the newest ended streak. recovered queues the recovery notice
// of an ended streak whose incident was announced, reporting whether it
// is stored; nil ends incidents silently. resolve reports whether a
// notice was queued. Without occurrences (the usual run) it costs one
// listing.
func (r *Runner) resolve(ctx context.Context, h campaign.IncidentLog, kind string, recovered func(campaign.Streak) bool) bool {
	log := r.opt.Logger
	cur, ended, err := h.Streaks(ctx, kind)
	if err != nil {
		log.WarnContext(ctx, "reading the incident log failed; the next run settles it", "mode", kind, "err", err)
		return false
	}
	if len(cur.Failures) > 0 || cur.Incident {
		if err := h.EndStreak(ctx, kind, cur.N); err != nil && campaign.KindOf(err) != campaign.Conflict {
			log.WarnContext(ctx, "ending the streak failed; the next run ends it", "mode", kind, "err", err)
			return false
		}
		ended = cur
		ended.Ended, ended.Settled = true, false
	}
	if ended.N == 0 || ended.Settled {
		return false
	}
	queued := false
	if recovered != nil {
		switch opened, err := r.announced(ctx, h, kind, ended.N); {
		case err != nil:
			log.WarnContext(ctx, "reading the incident failed; the next run settles it", "mode", kind, "err", err)
			return false
		case opened:
			if queued = recovered(ended); !queued {
				return false
			}
		}
	}
	if err := h.SettleStreak(ctx, kind, ended.N); err != nil && campaign.KindOf(err) != campaign.Conflict {
		log.WarnContext(ctx, "settling the streak failed; the next run settles it", "mode", kind, "err", err)
	}
	return queued
}

// announced reports whether streak n's incident was announced: its mark
// exists, or, when a run was killed between queueing the failing notice
// and writing the mark, the notice itself is in the outbox (it is
// delivered all the same, so its recovery is owed).
func (r *Runner) announced(ctx context.Context, h campaign.IncidentLog, kind string, n int) (bool, error) {
	opened, err := h.HasIncident(ctx, kind, n)
	if err != nil || opened {
		return opened, err
	}
	return h.HasAlert(ctx, healthAlertID(kind, n, campaign.HealthFailing))
}
