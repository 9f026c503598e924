package run

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// When runs of one kind count as failing: failuresInARow failed runs with
// no success between, or, for checks, failed runs spanning noSuccessFor.
const (
	failuresInARow = 3
	noSuccessFor   = time.Hour
)

// healthTimeout bounds the incident bookkeeping of one run. It runs on a
// context of its own (Detached): a run cancelled by its caller still
// records that it failed, within the run's deadline.
const healthTimeout = 20 * time.Second

// Detached returns a context that outlives ctx's cancellation, for the
// bookkeeping a run owes however it ended (recording a failure, posting a
// notice), bounded by d and by ctx's deadline, whichever comes first: the
// process is not given time past the run's deadline (a Function Compute
// invocation's), so neither is work done on its behalf.
func Detached(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	end := time.Now().Add(d)
	if dl, ok := ctx.Deadline(); ok && dl.Before(end) {
		end = dl
	}
	return context.WithDeadline(context.WithoutCancel(ctx), end)
}

// healthAlertID is the outbox id of streak n's notice of state st: the
// same in every run, so that the outbox's create-only Enqueue lets one run
// queue it.
func healthAlertID(kind string, n int, st campaign.HealthState) string {
	return fmt.Sprintf("health-%s-%d-%s", kind, n, st)
}

// HintFor is the first thing to check about a failed run's error: the
// bucket when the snapshot store failed, else by the error's kind.
func HintFor(err error) campaign.HealthHint {
	switch {
	case errors.Is(err, campaign.ErrStore):
		return campaign.HintBucket
	case campaign.KindOf(err) == campaign.Unauthorized:
		return campaign.HintCredentials
	case campaign.KindOf(err) == campaign.Invalid:
		return campaign.HintConfiguration
	case campaign.KindOf(err) == campaign.Unavailable:
		return campaign.HintAPI
	}
	return campaign.HintLogs
}

// directNotices remembers, per kind, that this process posted a notice
// without the store, so that it posts one per incident at most.
type directNotices struct {
	mu     sync.Mutex
	posted map[string]bool
}

// recordSuccess is the step of a run that succeeded (its snapshot or
// digest is stored), before it delivers: it ends the failure streak of
// its kind in the incident log and queues the recovered notice owed, so
// that the run's one delivery pass sends that notice too. It reports
// whether a notice was queued.
func (r *Runner) recordSuccess(ctx context.Context, rep *campaign.Report) bool {
	hctx, cancel := Detached(ctx, healthTimeout)
	defer cancel()
	return r.succeeded(hctx, rep.Mode, rep.RunID)
}

// failRun ends a run that failed with runErr: it answers rep with the
// error. A dry run stops there. Otherwise the failure is recorded in the
// incident log (queueing the failing notice when it is due) and what is
// pending is still delivered, that notice included, so that a broken API
// does not also hold back what was already decided.
func (r *Runner) failRun(ctx context.Context, rep *campaign.Report, runErr error) (*campaign.Report, error) {
	if rep.DryRun {
		return rep, runErr
	}
	if rep.Error == "" {
		rep.Error = r.opt.Redact(runErr.Error())
	}
	hctx, cancel := Detached(ctx, healthTimeout)
	defer cancel()
	if r.failed(hctx, rep.Mode, rep.RunID, runErr) {
		rep.Notifications = r.deliver(ctx)
	}
	return rep, runErr
}

// failed records a failed run and queues the failing notice when the
// incident is due and not yet announced. It reports whether the store
// answered: when it did not, the notice was posted directly and there is
// no outbox to deliver.
func (r *Runner) failed(ctx context.Context, kind, runID string, runErr error) bool {
	log := r.opt.Logger
	now := r.opt.Now().UTC()
	f := campaign.Occurrence{At: now, RunID: runID, Error: r.opt.Redact(runErr.Error()), Kind: campaign.KindOf(runErr),
		Listing: campaign.ListingOf(runErr, r.opt.Redact)}
	h := r.opt.Incidents
	if h == nil {
		return true
	}
	cur, err := occurred(ctx, h, kind, f)
	if err != nil {
		log.ErrorContext(ctx, "run failed and the failure could not be recorded in the snapshot store; posting the failing notice directly",
			"event", "run_failed", "mode", kind, "err", runErr, "storeErr", err)
		r.postDirect(ctx, kind, f, HintFor(runErr), err)
		return false
	}
	since, runs := cur.Failures[0], len(cur.Failures)
	due := runs >= failuresInARow || (kind == campaign.ModeCheck && runs > 1 && now.Sub(since) >= noSuccessFor)
	log.WarnContext(ctx, "run failed", "event", "run_failed", "mode", kind, "streak", cur.N,
		"failedRuns", runs, "since", since.Format(time.RFC3339), "err", runErr, "hint", string(HintFor(runErr)))
	if !due || cur.Incident {
		return true
	}
	notice := &campaign.Alert{
		ID: healthAlertID(kind, cur.N, campaign.HealthFailing), Kind: campaign.AlertHealth, At: now, RunID: runID,
		Receivers: r.healthReceivers(),
		Health: &campaign.Health{State: campaign.HealthFailing, Kind: kind, Since: since, Runs: runs,
			LastError: f.Error, ErrorKind: f.Kind, Listing: f.Listing, Hint: HintFor(runErr)},
	}
	if !r.announce(ctx, h, kind, cur.N, notice) {
		return true
	}
	// A success may have ended the streak between our listing and the
	// mark without seeing the incident: then its recovery is ours to queue.
	if ended, err := h.IsEnded(ctx, kind, cur.N); err == nil && ended {
		r.queueRecovered(ctx, kind, runID, cur, now)
	}
	return true
}

// succeeded ends the current streak of kind if it has failures, and
// settles the newest ended streak: its recovery notice is queued if its
// incident was announced (resolve, incident.go). It reports whether a
// notice was queued.
func (r *Runner) succeeded(ctx context.Context, kind, runID string) bool {
	h := r.opt.Incidents
	if h == nil {
		return false
	}
	r.direct.mu.Lock()
	delete(r.direct.posted, kind)
	r.direct.mu.Unlock()
	return r.resolve(ctx, h, kind, func(ended campaign.Streak) bool {
		return r.queueRecovered(ctx, kind, runID, ended, r.opt.Now().UTC())
	})
}

// queueRecovered queues the recovered notice of streak s; false when it
// could not be stored (the next success retries).
func (r *Runner) queueRecovered(ctx context.Context, kind, runID string, s campaign.Streak, now time.Time) bool {
	hl := &campaign.Health{State: campaign.HealthRecovered, Kind: kind, Until: now, Runs: len(s.Failures)}
	if len(s.Failures) > 0 {
		hl.Since = s.Failures[0]
	}
	if s.Last != nil {
		hl.LastError, hl.ErrorKind, hl.Listing = s.Last.Error, s.Last.Kind, s.Last.Listing
		hl.Hint = HintFor(&campaign.Error{Kind: s.Last.Kind, Msg: s.Last.Error})
	}
	notice := &campaign.Alert{
		ID: healthAlertID(kind, s.N, campaign.HealthRecovered), Kind: campaign.AlertHealth, At: now,
		RunID: runID, Receivers: r.healthReceivers(), Health: hl,
	}
	switch err := r.opt.Store.Enqueue(ctx, notice); {
	case campaign.KindOf(err) == campaign.Conflict:
		return true
	case err != nil:
		r.opt.Logger.WarnContext(ctx, "queueing the recovered notice failed; the next success tries again", "mode", kind, "err", err)
		return false
	}
	r.opt.Logger.InfoContext(ctx, "runs recovered: recovered notice queued", "event", "health_recovered", "mode", kind,
		"failedRuns", hl.Runs, "alert", notice.ID)
	return true
}

// postDirect posts the failing notice to every health receiver without
// the outbox, because the store is what failed: at most once per process
// and kind until a run of that kind succeeds; best effort, logged.
func (r *Runner) postDirect(ctx context.Context, kind string, f campaign.Occurrence, hint campaign.HealthHint, storeErr error) {
	r.direct.mu.Lock()
	if r.direct.posted == nil {
		r.direct.posted = map[string]bool{}
	}
	if r.direct.posted[kind] {
		r.direct.mu.Unlock()
		r.opt.Logger.WarnContext(ctx, "a direct failing notice was posted by this process already; not again until a run succeeds", "mode", kind)
		return
	}
	r.direct.posted[kind] = true
	r.direct.mu.Unlock()
	if errors.Is(storeErr, campaign.ErrStore) || campaign.KindOf(storeErr) != campaign.Internal {
		hint = campaign.HintBucket
	}
	notice := &campaign.Alert{
		ID: "health-" + kind + "-direct-" + f.RunID, Kind: campaign.AlertHealth, At: f.At, RunID: f.RunID,
		Health: &campaign.Health{State: campaign.HealthFailing, Kind: kind, Since: f.At, Runs: 1,
			LastError: f.Error, ErrorKind: f.Kind, Listing: f.Listing, Hint: hint, Direct: true},
	}
	sent := PostNotice(ctx, r.healthNotifiers(), notice, r.opt.Logger)
	r.opt.Logger.WarnContext(ctx, "failing notice posted directly (not recorded: the store failed)",
		"event", "health_direct", "mode", kind, "receivers", sent)
}

// PostNotice renders a and posts it to each of ns at once, without the
// outbox: for notices that have no store to go through (the store failed,
// or the configuration could not be loaded). It logs each failure and
// returns how many receivers took it.
func PostNotice(ctx context.Context, ns []campaign.Notifier, a *campaign.Alert, log interface {
	WarnContext(context.Context, string, ...any)
}) int {
	ok := 0
	for _, n := range ns {
		msgs, err := n.Render(a)
		if err == nil {
			for _, m := range msgs {
				if err = n.Post(ctx, m); err != nil {
					break
				}
			}
		}
		if err != nil {
			log.WarnContext(ctx, "posting a notice directly failed", "receiver", n.Name(), "err", err)
			continue
		}
		ok++
	}
	return ok
}

// healthReceivers are the names of the receivers that get health
// notices: the outbox keeps their delivery records under those names.
func (r *Runner) healthReceivers() []string {
	var names []string
	for _, rc := range r.receivers {
		if rc.Health {
			names = append(names, rc.Notifier.Name())
		}
	}
	return names
}

// healthNotifiers are the receivers that get health notices, as posted
// directly (without the outbox): each renders in its own language and
// zone, and its quiet hours are not consulted, because nothing can hold
// a notice that has no store to wait in.
func (r *Runner) healthNotifiers() []campaign.Notifier {
	var out []campaign.Notifier
	for _, rc := range r.receivers {
		if rc.Health {
			out = append(out, rc.Notifier)
		}
	}
	return out
}
