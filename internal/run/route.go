package run

import (
	"context"
	"maps"
	"slices"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// decide works out what a check tells, and to whom: the report's changes
// (every change past the check's threshold) and each receiver's share of
// them (its channels, its change types, its own threshold), and the
// guardrail incidents opened or resolved (guardrail.go), recorded in the
// alert so that the routing of an alert is fixed when it is committed. It fills next's budget references, the check's and each
// receiver's. It returns nil when there is nothing to tell.
func (r *Runner) decide(ctx context.Context, prev, next *campaign.Snapshot, rep *campaign.Report, mute *muter) (*campaign.Alert, error) {
	eval := r.evaluate(prev, next) // beside the diff: both only read next's campaigns
	var alert *campaign.Alert
	if prev == nil {
		rep.Baseline = true
		alert = r.baseline(next)
	} else {
		var err error
		if alert, err = r.changes(ctx, prev, next, rep, mute); err != nil {
			<-eval
			return nil, err
		}
	}
	events, err := r.guard(ctx, <-eval, next, rep, mute)
	if err != nil {
		return nil, err
	}
	return withGuardrails(alert, events), nil
}

// changes is decide's part for a check with a previous snapshot: the
// changes, each receiver's share of them, silences applied.
func (r *Runner) changes(ctx context.Context, prev, next *campaign.Snapshot, rep *campaign.Report, mute *muter) (*campaign.Alert, error) {
	fresh := rebaselined(prev, next)
	if len(fresh) > 0 {
		prev = asIfListed(prev, next, fresh)
	}
	relisted, err := r.confirmDrops(ctx, prev, next)
	if err != nil {
		return nil, err
	}
	cmp := campaign.Compare(prev, next, r.opt.Threshold)
	left, err := r.confirmRemovals(ctx, cmp.Changes, relisted)
	if err != nil {
		return nil, err
	}
	if next.Outside = r.outside(prev, next, left); len(left) > 0 || len(prev.Outside) > 0 {
		cmp = campaign.Compare(prev, next, r.opt.Threshold) // what left or came back is told as what happened to it
	}
	next.BudgetRefs = cmp.Refs
	rep.Changes = append(rep.Changes, cmp.Changes...)
	alert := &campaign.Alert{Kind: campaign.AlertChanges, Changes: cmp.Changes, Rebaselined: rebaselines(next, fresh)}
	index := make(map[changeKey]int, len(cmp.Changes))
	for i, c := range cmp.Changes {
		index[keyOf(c)] = i
	}
	for _, rc := range r.receivers {
		name := rc.Notifier.Name()
		refs, own := prev.ReceiverRefs[name]
		if !own {
			refs = prev.BudgetRefs // a new receiver, or a store written before receivers had references
		}
		changes, carried := rc.Route.Share(cmp, next, refs)
		changes, err := mute.changes(ctx, name, changes)
		if err != nil {
			return nil, err
		}
		if !maps.Equal(carried, next.BudgetRefs) {
			if next.ReceiverRefs == nil {
				next.ReceiverRefs = make(map[string]map[campaign.Key]int64)
			}
			if carried == nil {
				carried = map[campaign.Key]int64{}
			}
			next.ReceiverRefs[name] = carried
		}
		if len(changes) == 0 && !slices.ContainsFunc(alert.Rebaselined, func(rb campaign.Rebaseline) bool { return rc.Route.HasChannel(rb.ChannelID) }) {
			continue // a receiver left with nothing gets no message
		}
		alert.Receivers = append(alert.Receivers, name)
		if sh := shareOf(changes, cmp.Changes, index, rc.Route.Channels); sh != nil {
			if alert.Shares == nil {
				alert.Shares = make(map[string]*campaign.Share)
			}
			alert.Shares[name] = sh
		}
	}
	if len(alert.Changes) == 0 && len(alert.Rebaselined) == 0 && len(alert.Receivers) == 0 {
		return nil, nil
	}
	mute.record(alert)
	// An alert no receiver gets is committed all the same: the digest
	// counts the changes of the day from the alerts.
	return alert, nil
}

// baseline is the alert of a first check: one note per receiver of the
// campaigns it now watches, in its channels only.
func (r *Runner) baseline(next *campaign.Snapshot) *campaign.Alert {
	a := &campaign.Alert{Kind: campaign.AlertBaseline, Watching: len(next.Campaigns)}
	var counts map[campaign.ChannelID]int
	for _, rc := range r.receivers {
		a.Receivers = append(a.Receivers, rc.Notifier.Name())
		if rc.Route.Channels == nil {
			continue
		}
		if counts == nil {
			counts = make(map[campaign.ChannelID]int, len(next.Channels))
			for _, c := range next.Campaigns {
				counts[campaign.ChannelID{CustSpaceID: c.CustSpaceID, PageID: c.PageID}]++
			}
		}
		n := 0
		for _, id := range rc.Route.Channels {
			n += counts[id]
		}
		if a.Shares == nil {
			a.Shares = make(map[string]*campaign.Share)
		}
		a.Shares[rc.Notifier.Name()] = &campaign.Share{Channels: rc.Route.Channels, Watching: n}
	}
	return a
}

// changeKey identifies a change within one check: a campaign has at most
// one change of each type.
type changeKey struct {
	campaign.Key
	Type campaign.ChangeType
}

func keyOf(c campaign.Change) changeKey {
	return changeKey{campaign.Key{CustSpaceID: c.CustSpaceID, PageID: c.PageID, CampaignID: c.CampaignID}, c.Type}
}

// shareOf records changes, a receiver's part of all, as indexes into all
// where all holds the very change, and as its own changes where not (a
// budget move measured from its own reference). It returns nil when the
// receiver gets all of it, every channel: such a receiver needs no share.
func shareOf(changes, all []campaign.Change, index map[changeKey]int, channels []campaign.ChannelID) *campaign.Share {
	sh := &campaign.Share{Channels: channels}
	for _, c := range changes {
		if i, ok := index[keyOf(c)]; ok && all[i] == c {
			sh.Changes = append(sh.Changes, i)
		} else {
			sh.Own = append(sh.Own, c)
		}
	}
	if channels == nil && len(sh.Own) == 0 && len(sh.Changes) == len(all) {
		return nil
	}
	return sh
}
