package run

import (
	"context"
	"slices"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// muter keeps back, at decide time, the items that active silences match:
// a silenced item is left out of the alert as committed, so that it is
// never sent, then or after the silence ends. It reads the silences once
// per check, and only when there is something to keep back.
type muter struct {
	r      *Runner
	at     time.Time
	loaded bool
	active []campaign.Silence
	// counts are the items kept back, by receiver (the report's Silenced).
	counts map[string]int
	// by maps each change kept back from at least one receiver to the
	// silences that matched it; got marks the changes some receiver gets.
	by  map[changeKey][]string
	got map[changeKey]bool
}

func (r *Runner) newMuter(at time.Time) *muter {
	return &muter{r: r, at: at, counts: map[string]int{}, by: map[changeKey][]string{}, got: map[changeKey]bool{}}
}

// load reads the silences active at m.at, once.
func (m *muter) load(ctx context.Context) error {
	if m.loaded || m.r.opt.Silences == nil {
		m.loaded = true
		return nil
	}
	all, err := m.r.opt.Silences.ListSilences(ctx)
	if err != nil {
		return err
	}
	for _, s := range all {
		if s.Active(m.at) {
			m.active = append(m.active, s)
		}
	}
	m.loaded = true
	return nil
}

// mute returns the ids of the silences that keep it from its receiver,
// counting it when there are any.
func (m *muter) mute(it campaign.Item) []string {
	if len(m.active) == 0 {
		return nil
	}
	ids := campaign.Muting(m.active, m.at, it)
	if len(ids) > 0 {
		m.counts[it.Receiver]++
	}
	return ids
}

// changes leaves out of a receiver's changes those silenced for it.
func (m *muter) changes(ctx context.Context, receiver string, cs []campaign.Change) ([]campaign.Change, error) {
	if len(cs) == 0 {
		return cs, nil
	}
	if err := m.load(ctx); err != nil {
		return nil, err
	}
	out := cs[:0:0]
	for _, c := range cs {
		k := keyOf(c)
		ids := m.mute(campaign.Item{Channels: []campaign.ChannelID{c.Channel()}, CampaignID: c.CampaignID, Type: string(c.Type), Receiver: receiver})
		if len(ids) == 0 {
			out = append(out, c)
			m.got[k] = true
			continue
		}
		for _, id := range ids {
			if !slices.Contains(m.by[k], id) {
				m.by[k] = append(m.by[k], id)
			}
		}
	}
	return out, nil
}

// record notes on the alert the changes that silences kept from every
// receiver that would have had them, for the history.
func (m *muter) record(a *campaign.Alert) {
	for i, c := range a.Changes {
		k := keyOf(c)
		if ids := m.by[k]; len(ids) > 0 && !m.got[k] {
			a.Silenced = append(a.Silenced, campaign.SilencedChange{Change: i, Silences: ids})
		}
	}
}

// report adds the counts to the report's deliveries.
func (m *muter) report(ds []campaign.Delivery) {
	for i := range ds {
		ds[i].Silenced += m.counts[ds[i].Receiver]
	}
}

// guardrail leaves out of to the receivers whose silences match e.
func (m *muter) guardrail(ctx context.Context, e *campaign.GuardrailEvent, to []string) ([]string, error) {
	if len(to) == 0 {
		return nil, nil
	}
	if err := m.load(ctx); err != nil {
		return nil, err
	}
	chs := e.Channels
	if e.CampaignID != "" {
		chs = []campaign.ChannelID{{CustSpaceID: e.CustSpaceID, PageID: e.PageID}}
	}
	var kept []string
	for _, name := range to {
		if len(m.mute(campaign.Item{Channels: chs, CampaignID: e.CampaignID, Type: campaign.SilenceGuardrail, Receiver: name})) == 0 {
			kept = append(kept, name)
		}
	}
	return kept, nil
}
