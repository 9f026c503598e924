package run

import (
	"context"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// PreviewDigest builds the digest of the latest snapshot for the day of now
// in the configured zone, sending and storing nothing. It fails with kind
// NotFound before the first check has committed a snapshot.
func (r *Runner) PreviewDigest(ctx context.Context) (*campaign.Digest, error) {
	d, _, err := r.buildDigest(ctx)
	return d, err
}

func (r *Runner) buildDigest(ctx context.Context) (*campaign.Digest, *campaign.Snapshot, error) {
	latest, err := r.opt.Store.Latest(ctx)
	if err != nil {
		return nil, nil, err
	}
	if latest == nil {
		return nil, nil, campaign.Errorf(campaign.NotFound, "no snapshot yet: the digest describes the latest check, so run a check first")
	}
	now := r.opt.Now()
	_, since, until := campaign.DigestWindow(now, r.opt.Zone)
	before, err := r.opt.Store.AsOf(ctx, since)
	if err != nil {
		return nil, nil, err
	}
	history, err := r.opt.Store.Alerts(ctx, since, until)
	if err != nil {
		return nil, nil, err
	}
	return campaign.BuildDigest(latest, before, history, r.labels, now, r.opt.Zone), latest, nil
}

// SendDigest builds the day's digest, stores it as that day's alert, and
// delivers what is pending. The day's digest is stored once: when the timer
// fires twice, the second run finds it stored and only retries receivers
// that have not had it. dryRun builds and reports it only.
func (r *Runner) SendDigest(ctx context.Context, dryRun bool) (out *campaign.Report, err error) {
	if err := r.needReceiver(dryRun); err != nil {
		return nil, err
	}
	rep, runID := r.newReport(campaign.ModeDigest, dryRun)
	ctx = withRun(ctx, runID)
	defer func() { out = r.afterRun(ctx, rep, out, err) }() // health.go: count, notices, pending delivery
	d, latest, err := r.buildDigest(ctx)
	if err != nil {
		return nil, err
	}
	rep.Digest = d
	rep.Generation = latest.Generation
	rep.Campaigns = len(latest.Campaigns)
	counts := make(map[campaign.ChannelID]int, len(latest.Channels))
	for _, c := range latest.Campaigns {
		counts[campaign.ChannelID{CustSpaceID: c.CustSpaceID, PageID: c.PageID}]++
	}
	for _, ch := range latest.Channels {
		rep.Channels = append(rep.Channels, campaign.ChannelReport{
			CustSpaceID: ch.CustSpaceID, PageID: ch.PageID, Name: ch.Name,
			Campaigns: counts[ch.ChannelID], Complete: ch.Complete,
		})
	}
	if dryRun {
		return rep, nil
	}
	alert := &campaign.Alert{
		ID: "digest-" + d.Date, Kind: campaign.AlertDigest, At: r.opt.Now().UTC(),
		RunID: runID, Receivers: r.receiverIDs(), Digest: d,
	}
	switch err := r.opt.Store.Enqueue(ctx, alert); {
	case campaign.KindOf(err) == campaign.Conflict:
		r.opt.Logger.InfoContext(ctx, "today's digest is stored already; delivering only what is pending", "alert", alert.ID)
	case err != nil:
		rep.Error = r.opt.Redact(err.Error())
		return rep, err
	}
	rep.Notifications = r.deliver(ctx)
	return rep, nil
}
