package dashboard

import (
	"context"
	"slices"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/history"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/catalog"
)

// The overview's two lists of what needs a person: the guardrail
// incidents open as of the latest snapshot, and the messages a
// receiver's service refused again and again and that were set aside.

// incidentLine is one open incident as the overview lists it: in the
// words of the guardrail messages, with its rule and since when.
type incidentLine struct {
	Text string
}

// asideGroup is one receiver's messages set aside, newest first.
type asideGroup struct {
	Receiver string
	Items    []asideItem
}

// asideItem is one message set aside: the alert's time, how many changes
// it held, and (history.SetAside) when it was set aside, after how many
// refusals and the service's last answer.
type asideItem struct {
	history.SetAside
	AlertAt time.Time
	Changes int
}

// openIncidents words in l the incidents open as of snap, the latest
// snapshot the page already holds (committed with it); none without one.
func (d *Dashboard) openIncidents(snap *campaign.Snapshot, l *catalog.Lang) []incidentLine {
	if snap == nil {
		return nil
	}
	r := notify.Reader{Lang: l, Zone: d.zone, Labels: d.labels}
	out := make([]incidentLine, 0, len(snap.Incidents))
	for _, in := range snap.Incidents {
		e := campaign.GuardrailEvent{Incident: in, State: campaign.StateFiring}
		remark := notify.Clean(in.Rule) + l.ListSep + l.Guardrail.DigestSince(notify.ZoneTime(in.Since, d.zone))
		out = append(out, incidentLine{Text: l.Paren(notify.GuardrailLine(l, r, e), remark)})
	}
	return out
}

// setAsides reads the messages set aside, grouped by receiver (in the
// order of their newest), newest first within each; none without
// Options.SetAsides.
func (d *Dashboard) setAsides(ctx context.Context) ([]asideGroup, error) {
	if d.asides == nil {
		return nil, nil
	}
	all, err := d.asides(ctx)
	if err != nil {
		return nil, err
	}
	var out []asideGroup
	for i := len(all) - 1; i >= 0; i-- {
		a := all[i]
		item := asideItem{SetAside: history.SetAsideOf(a), AlertAt: a.AlertAt, Changes: a.Changes}
		g := slices.IndexFunc(out, func(g asideGroup) bool { return g.Receiver == a.Receiver })
		if g < 0 {
			out = append(out, asideGroup{Receiver: a.Receiver})
			g = len(out) - 1
		}
		out[g].Items = append(out[g].Items, item)
	}
	return out, nil
}
