package run

import (
	"context"
	"fmt"
	"time"

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
	d, latest, _, err := r.digestFor(ctx, false)
	return d, latest, err
}

// dayData is what a digest's day needs from the store: the window in one
// zone, the snapshot as of its start and the alerts within it.
type dayData struct {
	before       *campaign.Snapshot
	history      []*campaign.Alert
	since, until time.Time
}

// digestFor builds the digest of every channel in DIGEST_TIMEZONE and,
// when shares is set, the share of each receiver that gets the digest
// and watches fewer channels or reckons days in another zone: the digest
// of its channels over its zone's day (the wall-clock day before now in
// that zone, 23 or 25 hours long across a daylight-saving change). The
// store is read once per distinct zone.
func (r *Runner) digestFor(ctx context.Context, shares bool) (*campaign.Digest, *campaign.Snapshot, map[string]*campaign.Share, error) {
	latest, err := r.opt.Store.Latest(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	if latest == nil {
		return nil, nil, nil, campaign.Errorf(campaign.NotFound, "no snapshot yet: the digest describes the latest check, so run a check first")
	}
	now := r.opt.Now()
	days := make(map[string]*dayData)
	day := func(zone *time.Location) (*dayData, error) {
		if d, ok := days[zone.String()]; ok {
			return d, nil
		}
		d := &dayData{}
		_, d.since, d.until = campaign.DigestWindow(now, zone)
		var err error
		if d.before, err = r.opt.Store.AsOf(ctx, d.since); err != nil {
			return nil, err
		}
		if d.history, err = r.opt.Store.Alerts(ctx, d.since, d.until); err != nil {
			return nil, err
		}
		days[zone.String()] = d
		return d, nil
	}
	home, err := day(r.opt.Zone)
	if err != nil {
		return nil, nil, nil, err
	}
	d := campaign.BuildDigest(latest, home.before, home.history, r.labels, now, r.opt.Zone)
	if !shares {
		return d, latest, nil, nil
	}
	out := make(map[string]*campaign.Share)
	byKey := make(map[string]*campaign.Digest) // receivers of the same channels and zone share one
	for _, rc := range r.receivers {
		if !rc.Digest {
			continue
		}
		zone := r.opt.Zone
		if rc.Zone != nil {
			zone = rc.Zone
		}
		if rc.Route.Channels == nil && zone.String() == r.opt.Zone.String() {
			continue // the whole digest, as it is
		}
		key := zone.String() + " " + fmt.Sprint(rc.Route.Channels)
		own, ok := byKey[key]
		if !ok {
			zd, err := day(zone)
			if err != nil {
				return nil, nil, nil, err
			}
			keep := func(campaign.ChannelID) bool { return true }
			if rc.Route.Channels != nil {
				keep = rc.Route.HasChannel
			}
			own = campaign.BuildDigest(onlyChannels(latest, keep), onlyChannels(zd.before, keep),
				alertsOfChannels(zd.history, keep), r.labels, now, zone)
			byKey[key] = own
		}
		out[rc.Notifier.Name()] = &campaign.Share{Channels: rc.Route.Channels, Digest: own}
	}
	return d, latest, out, nil
}

// onlyChannels is s with only the channels keep takes, and their campaigns.
func onlyChannels(s *campaign.Snapshot, keep func(campaign.ChannelID) bool) *campaign.Snapshot {
	if s == nil {
		return nil
	}
	out := *s
	out.Channels = nil
	for _, ch := range s.Channels {
		if keep(ch.ChannelID) {
			out.Channels = append(out.Channels, ch)
		}
	}
	out.Campaigns, out.ContentHash = nil, "" // not s's campaigns
	for _, c := range s.Campaigns {
		if keep(campaign.ChannelID{CustSpaceID: c.CustSpaceID, PageID: c.PageID}) {
			out.Campaigns = append(out.Campaigns, c)
		}
	}
	return &out
}

// alertsOfChannels is history with only the changes of the channels keep
// takes.
func alertsOfChannels(history []*campaign.Alert, keep func(campaign.ChannelID) bool) []*campaign.Alert {
	out := make([]*campaign.Alert, 0, len(history))
	for _, a := range history {
		copied := *a
		copied.Changes = nil
		for _, c := range a.Changes {
			if keep(c.Channel()) {
				copied.Changes = append(copied.Changes, c)
			}
		}
		out = append(out, &copied)
	}
	return out
}

// SendDigest builds the day's digest, stores it as that day's alert for
// the receivers that get the digest (each over its own channels), and
// delivers what is pending. The day's digest is stored once: when the timer
// fires twice, the second run finds it stored and only retries receivers
// that have not had it. Like a check, it records its success or failure
// in the incident log before it delivers (recordSuccess, failRun). dryRun
// builds and reports it only.
func (r *Runner) SendDigest(ctx context.Context, dryRun bool) (*campaign.Report, error) {
	if err := r.needReceiver(dryRun); err != nil {
		return nil, err
	}
	rep, runID := r.newReport(campaign.ModeDigest, dryRun)
	ctx = withRun(ctx, runID)
	d, latest, shares, err := r.digestFor(ctx, !dryRun)
	if err != nil && dryRun {
		return nil, err
	}
	if err != nil {
		return r.failRun(ctx, rep, err)
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
		RunID: runID, Digest: d,
	}
	for _, rc := range r.receivers {
		if rc.Digest {
			alert.Receivers = append(alert.Receivers, rc.Notifier.Name())
		}
	}
	if len(shares) > 0 {
		alert.Shares = shares
	}
	switch err := r.opt.Store.Enqueue(ctx, alert); {
	case campaign.KindOf(err) == campaign.Conflict:
		r.opt.Logger.InfoContext(ctx, "today's digest is stored already; delivering only what is pending", "alert", alert.ID)
	case err != nil:
		return r.failRun(ctx, rep, err)
	}
	r.recordSuccess(ctx, rep)
	rep.Notifications = r.deliver(ctx)
	return rep, nil
}
