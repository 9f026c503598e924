package run

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// Check runs one check in six steps: collect (list every channel beside
// the latest snapshot), decide (diff, and the alert each receiver gets),
// commit (the new snapshot with its alert), record (the run's success in
// the incident log, queueing the recovered notice it owes), deliver (what
// is pending, in one pass), prune (old history). dryRun stops after
// decide. A run that fails records its failure instead and still
// delivers what is pending (failRun).
//
// The first check against an empty store records a baseline and queues one
// short "now watching" note instead of per-campaign alerts. A listing that
// is incomplete fails the run before anything is committed, so no campaign
// is ever reported removed because a page was missing; what earlier runs
// left pending is still delivered (health.go). When another run
// commits the same generation first, this run sends nothing and reports
// Superseded. A receiver that fails does not fail the run: its error is in
// the report's Notifications and the alert stays pending for the next run.
func (r *Runner) Check(ctx context.Context, dryRun bool) (*campaign.Report, error) {
	if err := r.needReceiver(dryRun); err != nil {
		return nil, err
	}
	rep, runID := r.newReport(campaign.ModeCheck, dryRun)
	ctx = withRun(ctx, runID)

	start := r.opt.Now()
	prev, next, listed, err := r.collect(ctx, rep)
	if err != nil && !listed && dryRun {
		return nil, err // nothing listed: a dry run has no report to give
	}
	if err != nil {
		return r.failRun(ctx, rep, err)
	}
	mute := r.newMuter(next.TakenAt)
	alert, err := r.decideAndLog(ctx, prev, next, rep, start, mute)
	if err != nil {
		return r.failRun(ctx, rep, err)
	}
	if dryRun {
		rep.Generation = next.Generation - 1
		return rep, nil
	}
	committed, err := r.commit(ctx, prev, next, alert, runID, rep)
	if err != nil {
		return r.failRun(ctx, rep, err)
	}
	recovered := r.recordSuccess(ctx, rep)
	if rep.Superseded {
		if recovered { // the run that committed first may have missed the notice
			rep.Notifications = r.deliver(ctx)
		}
		return rep, nil
	}
	rep.Notifications = r.deliver(ctx)
	mute.report(rep.Notifications)
	if committed {
		r.prune(ctx) // last: housekeeping no message waits for
	}
	return rep, nil
}

// collect lists the channels (list), builds the next snapshot from the
// listings (build), then reads the latest snapshot to compare it with
// (LoadToCompare: packed, or, when the listing's content hash is the one
// it was committed with, without reading its campaigns, which are the
// listing's). listed is false when nothing was listed, or the latest
// snapshot could not be read: then the run has no report to give.
//
// The latest snapshot's manifest is read ahead, beside the listing
// (readingAhead): it carries the last commit's alert, 5-10 ms to decode
// after a check with 1,000 changes, which would otherwise come after the
// last page, where every millisecond is wall time.
//
// The snapshot is read last, after the listings' rows are garbage, so
// that it is held neither while the listing grows nor beside the
// listings and the next snapshot while one is built from the other. Read
// beside the listing instead, its 50-60 ms (at 100,000 campaigns) left
// the tail, but the wall times moved by 20-60 ms, within the runs'
// spread, while its 6 MB held through the listing put peak RSS at 57-70
// MiB instead of 56-61 (perf, two to four runs each at concurrency 8
// and 16, nothing changed).
func (r *Runner) collect(ctx context.Context, rep *campaign.Report) (prev, next *campaign.Snapshot, listed bool, err error) {
	// The generation the check builds on is fixed before the first API
	// call: a run that commits while this one lists then makes this run's
	// commit a Conflict, so a listing is never diffed against a snapshot
	// newer than itself (which would announce a change twice, and a false
	// reversal between).
	base, err := r.opt.Store.LatestGeneration(ctx)
	if err != nil {
		return nil, nil, false, err
	}
	loadCtx := ctx
	ahead, reads := r.opt.Store.(readingAhead)
	if reads && base > 0 {
		loadCtx = ahead.ReadAhead(ctx, base)
	}
	listings, err := r.list(ctx)
	if err != nil {
		return nil, nil, false, err
	}
	// Two forced collections bound the heap where it peaks, around build
	// (below forcedGCFrom the heap is small and a pause not worth
	// it). The first, before build, takes the listing's own garbage (the
	// answers' headers, the channels' checks for campaigns listed twice,
	// and each channel's first page, copied into its listing; the other
	// pages are decoded in place), so that next is not allocated on top
	// of it (without it the tail grew, even with the pages in place:
	// docs/performance.md); the second, after, the listings' rows,
	// copied into next, so that the previous snapshot, the diff, the
	// encoding and the messages reuse their memory instead of the heap
	// growing towards twice the peak. At 100,000 campaigns (perf, the
	// child's own VmHWM), the first took peak RSS on an empty store from
	// 57-59 to 53-59 MiB, and with nothing changed from 60-63 to 56-61 MiB,
	// not after 1% of the budgets changed (63 before, 64-65 after); CPU
	// within the runs' spread (0.67-0.96 s). The second, alone, had
	// taken it from 73-76 to 66-68 MiB (as rusage measured it then, with
	// the harness's own RSS in it). When the listing's content is the one
	// committed (Unchanged, from the manifest read ahead), no previous
	// snapshot is read, and nothing is encoded unless something else
	// changed (a channel's state, the guardrail incidents, an alert from
	// the budget references), which is rare: the second is left out. The
	// tail after the last answer 37-55 ms against 46-65 ms, peak RSS the
	// same (seven runs of each in turn). When a commit does follow, the
	// pacer, back on after build with the heap past its goal, collects.
	big := campaignsIn(listings) >= forcedGCFrom
	endNoGC := func() {}
	if big {
		runtime.GC()
		endNoGC = noGCWhileBuilding.begin() // no paced collection during build
	}
	next, err = r.build(base, listings, rep)
	endNoGC()
	if big && next != nil {
		clear(listings)
		if base == 0 || !reads || !ahead.Unchanged(loadCtx, base, next) {
			runtime.GC()
		}
	}
	if err != nil || base == 0 {
		return nil, next, true, err
	}
	if prev, err = r.opt.Store.LoadToCompare(loadCtx, base, next); err != nil {
		rep.Channels, rep.Campaigns = nil, 0 // nothing to report: the run stops before its diff
		return nil, nil, false, err
	}
	return prev, next, true, nil
}

// readingAhead is a store that reads ahead, while the check lists, what
// LoadToCompare will need of the generation the check builds on, and can
// tell from it whether the listing's content is the one committed (the
// snapshot store: Store.ReadAhead, Store.Unchanged).
type readingAhead interface {
	ReadAhead(ctx context.Context, gen int64) context.Context
	Unchanged(ctx context.Context, gen int64, next *campaign.Snapshot) bool
}

// forcedGCFrom is the number of campaigns listed from which collect
// forces its collections around build (see there).
const forcedGCFrom = 20_000

// decideAndLog is decide (route.go) with the report's error, and the log
// line of what the check found since start.
func (r *Runner) decideAndLog(ctx context.Context, prev, next *campaign.Snapshot, rep *campaign.Report, start time.Time, mute *muter) (*campaign.Alert, error) {
	alert, err := r.decide(ctx, prev, next, rep, mute)
	if err != nil {
		rep.Error = r.opt.Redact(err.Error())
		return nil, err
	}
	r.opt.Logger.InfoContext(ctx, "listed", "channels", len(rep.Channels), "campaigns", rep.Campaigns,
		"changes", len(rep.Changes), "baseline", rep.Baseline, "took", r.opt.Now().Sub(start).String())
	return alert, nil
}

// build builds the next snapshot, the one after generation base, from the
// listings, filling the report's channels. A listing that is incomplete
// fails the check.
func (r *Runner) build(base int64, listings []campaign.Listing, rep *campaign.Report) (*campaign.Snapshot, error) {
	next := &campaign.Snapshot{TakenAt: r.opt.Now().UTC()}
	next.Campaigns = make([]campaign.Campaign, 0, campaignsIn(listings))
	var failed []string
	var firstErr error
	for _, l := range listings {
		cr := campaign.ChannelReport{
			CustSpaceID: l.Channel.CustSpaceID, PageID: l.Channel.PageID, Name: l.Channel.Name,
			Campaigns: len(l.Campaigns), Complete: l.Complete,
		}
		if !l.Complete {
			msg := "listing incomplete"
			if l.Err != nil {
				msg = r.opt.Redact(l.Err.Error())
				if firstErr == nil {
					firstErr = l.Err
				}
			}
			cr.Error = msg
			failed = append(failed, fmt.Sprintf("%s: %s", l.Channel.Label(), msg))
		}
		rep.Channels = append(rep.Channels, cr)
		rep.Campaigns += len(l.Campaigns)
		filters := l.Channel.Filters
		next.Channels = append(next.Channels, campaign.ChannelState{
			ChannelID: l.Channel.ChannelID, Name: l.Channel.Name, Total: l.Total, Complete: l.Complete, Filters: &filters,
		})
	}
	if len(failed) > 0 {
		kind := campaign.Unavailable
		if firstErr != nil && campaign.KindOf(firstErr) != campaign.Internal {
			kind = campaign.KindOf(firstErr)
		}
		il := &campaign.IncompleteListing{Failed: len(failed), Total: len(listings), Detail: strings.Join(failed, "; ")}
		err := &campaign.Error{Kind: kind, Msg: il.Error(), Err: il}
		rep.Error = r.opt.Redact(err.Error())
		return nil, err
	}
	next.Campaigns, next.ContentHash = gather(next.Campaigns, listings)
	next.Generation = base + 1
	return next, nil
}

// gather appends the listings' campaigns to cs sorted by key, and returns
// them with their content hash. Sealed listings (Listing.Seal: each
// sorted and hashed as it completed) of distinct channels are put in
// channel order, and their hashes combined: neither a sort nor a hash of
// every campaign comes after the last page. Otherwise (a Source that does
// not seal, a channel listed twice) the campaigns are sorted and hashed
// here.
func gather(cs []campaign.Campaign, listings []campaign.Listing) ([]campaign.Campaign, string) {
	order := make([]int, len(listings))
	sealed := true
	for i := range listings {
		order[i] = i
		sealed = sealed && listings[i].Sealed
	}
	byChannel := func(a, b int) int { // the key order of the channels' campaigns
		x, y := listings[a].Channel.ChannelID, listings[b].Channel.ChannelID
		return campaign.CompareKeys(campaign.Key{CustSpaceID: x.CustSpaceID, PageID: x.PageID}, campaign.Key{CustSpaceID: y.CustSpaceID, PageID: y.PageID})
	}
	slices.SortFunc(order, byChannel)
	for k := 1; sealed && k < len(order); k++ {
		sealed = byChannel(order[k-1], order[k]) < 0
	}
	if !sealed {
		for _, l := range listings {
			cs = append(cs, l.Campaigns...)
		}
		campaign.SortCampaigns(cs)
		return cs, campaign.ContentHash(cs)
	}
	digests := make([]campaign.ChannelDigest, 0, len(listings))
	for _, i := range order {
		l := &listings[i]
		cs = append(cs, l.Campaigns...)
		digests = append(digests, campaign.ChannelDigest{ID: l.Channel.ChannelID, N: len(l.Campaigns), Sum: l.Digest})
	}
	return cs, campaign.CombineChannelHashes(digests)
}

// commit stores next with its alert, stamping the alert with the run. It
// reports whether a snapshot was written; a check that another run
// overtook marks the report Superseded and commits nothing.
func (r *Runner) commit(ctx context.Context, prev, next *campaign.Snapshot, alert *campaign.Alert, runID string, rep *campaign.Report) (bool, error) {
	if alert == nil && sameState(prev, next) && sameIncidents(prev, next) {
		rep.Generation = prev.Generation
		return false, nil
	}
	if alert != nil {
		alert.Generation = next.Generation
		alert.At = next.TakenAt
		alert.RunID = runID
	}
	switch err := r.opt.Store.Commit(ctx, next, alert); {
	case campaign.KindOf(err) == campaign.Conflict:
		r.opt.Logger.InfoContext(ctx, "another run committed this generation first; sending nothing", "generation", next.Generation)
		rep.Superseded = true
		rep.Generation = next.Generation
		return false, nil
	case err != nil:
		rep.Error = r.opt.Redact(err.Error())
		return false, err
	}
	r.opt.Logger.InfoContext(ctx, "committed", "generation", next.Generation, "campaigns", len(next.Campaigns))
	rep.Generation = next.Generation
	return true, nil
}

// prune deletes what is older than the history kept, and the silences
// that ended more than 30 days ago. A failure loses nothing: the next
// commit prunes again.
func (r *Runner) prune(ctx context.Context) {
	if err := r.opt.Store.Prune(ctx, r.opt.Now(), r.opt.History); err != nil {
		r.opt.Logger.WarnContext(ctx, "pruning old snapshots failed; will retry on the next commit", "err", err)
	}
	if r.opt.Silences == nil {
		return
	}
	if err := r.opt.Silences.PruneSilences(ctx, r.opt.Now()); err != nil {
		r.opt.Logger.WarnContext(ctx, "pruning ended silences failed; will retry on the next commit", "err", err)
	}
}

// list lists the channels, on one P (onePWhileListing), leaving
// listReserve of the run's deadline to what follows.
func (r *Runner) list(ctx context.Context) ([]campaign.Listing, error) {
	defer onePWhileListing.begin()()
	deadline, hasDeadline := ctx.Deadline()
	listCtx := ctx
	if hasDeadline && time.Until(deadline) > 2*listReserve {
		var cancel context.CancelFunc
		listCtx, cancel = context.WithDeadline(ctx, deadline.Add(-listReserve))
		defer cancel()
	}
	return r.opt.Source.List(listCtx, r.opt.Channels)
}

// sameState reports whether next holds exactly what prev holds, so that a
// check that found nothing new need not write a snapshot.
func sameState(prev, next *campaign.Snapshot) bool {
	if prev == nil {
		return false
	}
	return sameCampaigns(prev, next) &&
		slices.EqualFunc(prev.Channels, next.Channels, func(a, b campaign.ChannelState) bool {
			return a.ChannelID == b.ChannelID && a.Name == b.Name && a.Complete == b.Complete && a.Total == b.Total &&
				(a.Filters == nil) == (b.Filters == nil) && (a.Filters == nil || *a.Filters == *b.Filters)
		})
}

// sameCampaigns reports whether prev (packed or not) holds exactly next's
// campaigns: by their content hashes when both are known, else reading
// prev once.
func sameCampaigns(prev, next *campaign.Snapshot) bool {
	if prev.Len() != len(next.Campaigns) {
		return false
	}
	if prev.ContentHash != "" && next.ContentHash != "" {
		return prev.ContentHash == next.ContentHash
	}
	i := 0
	for c := range prev.All() {
		if c != next.Campaigns[i] {
			return false
		}
		i++
	}
	return true
}

// campaignsIn counts the campaigns of the listings.
func campaignsIn(ls []campaign.Listing) int {
	n := 0
	for _, l := range ls {
		n += len(l.Campaigns)
	}
	return n
}
