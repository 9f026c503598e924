package dashboard

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/silence"
	"github.com/campaignwatch/campaignwatch/notify"
)

// createdByDashboard is a silence's CreatedBy when made here.
const createdByDashboard = "dashboard"

type silencesData struct {
	// Enabled: this deployment keeps silences (Options.Silences).
	Enabled  bool
	All      bool
	Silences []silenceRow
	// Problems say why a posted silence was not made, in the page's
	// language (problemLines); Form holds what was posted, to fill the
	// form again.
	Problems  []string
	Form      url.Values
	Channels  []option
	Types     []option
	Receivers []option
}

// silenceRow is one silence as the page lists it.
type silenceRow struct {
	silence.View
	// State is the catalogue's word: active, not started, ended.
	State string
	// Matches says what it mutes, in words: channels, campaigns, kinds,
	// receivers.
	Matches []string
}

// silences renders /ui/silences: the silences not ended yet (?all=true:
// every one kept), and the form to add one.
func (d *Dashboard) silences(ctx context.Context, r Request) Response {
	return d.silencesPage(ctx, r, http.StatusOK, nil, nil)
}

func (d *Dashboard) silencesPage(ctx context.Context, r Request, status int, probs []silence.Problem, form url.Values) Response {
	data := silencesData{Enabled: d.silenceSvc != nil, All: r.Query["all"] == "true", Problems: d.problemLines(r, probs), Form: form}
	if form == nil {
		data.Form = url.Values{}
	}
	if d.silenceSvc != nil {
		views, err := d.silenceSvc.List(ctx, data.All)
		if err != nil {
			return d.problem(r, 0, err)
		}
		now := d.now()
		for _, v := range views {
			state := r.Lang.UI.SilenceActive
			switch {
			case !v.EndsAt.After(now):
				state = r.Lang.UI.SilenceEnded
			case now.Before(v.StartsAt):
				state = r.Lang.UI.SilencePending
			}
			data.Silences = append(data.Silences, silenceRow{View: v, State: state, Matches: d.silenceMatches(r, v.Silence)})
		}
		for _, ch := range d.channels {
			id := ch.ChannelID.String()
			data.Channels = append(data.Channels, option{Value: id, Label: ch.Label(), Selected: slices.Contains(data.Form["channels"], id)})
		}
		for _, t := range campaign.ChangeTypes {
			data.Types = append(data.Types, option{Value: string(t), Label: changeWord(r, t), Selected: slices.Contains(data.Form["types"], string(t))})
		}
		data.Types = append(data.Types, option{Value: campaign.SilenceGuardrail, Label: r.Lang.UI.Guardrail,
			Selected: slices.Contains(data.Form["types"], campaign.SilenceGuardrail)})
		for _, name := range d.silenceSvc.Known.Receivers {
			data.Receivers = append(data.Receivers, option{Value: name, Label: name, Selected: slices.Contains(data.Form["receivers"], name)})
		}
	}
	return d.render(status, "silences", d.frame(r.Lang, r.Path, r.Lang.UI.SilencesPage, r.Query), data)
}

// problemLines says each problem of a posted silence in the page's
// language: the form field's label, then what is wrong with it (the
// English of a problem the catalogue has no words for).
func (d *Dashboard) problemLines(r Request, probs []silence.Problem) []string {
	ui := r.Lang.UI
	labels := map[string]string{"for": ui.SilenceFor, "endsAt": ui.SilenceEnds, "comment": ui.SilenceComment,
		"channels": ui.SilenceChannels, "campaignIds": ui.SilenceCampaignIDs, "types": ui.SilenceTypes, "receivers": ui.SilenceReceivers}
	out := make([]string, 0, len(probs))
	for _, p := range probs {
		label, ok := labels[p.Field]
		if !ok {
			label = p.Field
		}
		v := p.Value
		if t, err := time.Parse(time.RFC3339, v); err == nil && p.Code == silence.ProblemTooLong {
			v = notify.ZoneTime(t, d.zone)
		}
		msg := ui.SilenceProblem(p.Code, v)
		if msg == "" {
			msg = p.Msg
		}
		out = append(out, label+r.Lang.Colon+msg)
	}
	return out
}

// silenceMatches says what a silence mutes, each matcher in words.
func (d *Dashboard) silenceMatches(r Request, sl campaign.Silence) []string {
	var out []string
	l := r.Lang
	join := func(label string, vs []string) {
		if len(vs) > 0 {
			out = append(out, label+l.Colon+strings.Join(vs, l.ListSep))
		}
	}
	var chans, types []string
	for _, id := range sl.Channels {
		chans = append(chans, d.labelOf(id))
	}
	for _, t := range sl.Types {
		if t == campaign.SilenceGuardrail {
			types = append(types, l.UI.Guardrail)
		} else {
			types = append(types, changeWord(r, campaign.ChangeType(t)))
		}
	}
	join(l.UI.SilenceChannels, chans)
	join(l.UI.SilenceCampaignIDs, sl.CampaignIDs)
	join(l.UI.SilenceTypes, types)
	join(l.UI.SilenceReceivers, sl.Receivers)
	return out
}

// labelOf is a channel's name from its id string "cs:page".
func (d *Dashboard) labelOf(id string) string {
	if n := d.labels[id]; n != "" {
		return n
	}
	return id
}

// AddSilence makes the silence a posted form asks for (fields for,
// comment, channels, campaignIds, types, receivers, as POST /silences
// names them): 303 back to /ui/silences when made; 400 and the form
// again, with every problem, when not.
func (d *Dashboard) AddSilence(ctx context.Context, r Request, form url.Values) Response {
	if d.silenceSvc == nil {
		return d.problem(r, http.StatusNotFound, nil)
	}
	req := silence.Request{For: strings.TrimSpace(form.Get("for")), Comment: form.Get("comment"),
		Channels: form["channels"], Types: form["types"], Receivers: form["receivers"],
		CampaignIDs: strings.FieldsFunc(form.Get("campaignIds"), func(c rune) bool { return c == ',' || c == ' ' || c == '\n' || c == '\t' })}
	_, err := d.silenceSvc.Add(ctx, req, createdByDashboard)
	var probs silence.Problems
	switch {
	case errors.As(err, &probs):
		return d.silencesPage(ctx, r, http.StatusBadRequest, probs, form)
	case err != nil:
		return d.problem(r, 0, err)
	}
	return Response{Status: http.StatusSeeOther, Location: "/ui/silences"}
}

// ExpireSilence ends silence id now: 303 back to /ui/silences; 404 for
// an unknown id.
func (d *Dashboard) ExpireSilence(ctx context.Context, r Request, id string) Response {
	if d.silenceSvc == nil {
		return d.problem(r, http.StatusNotFound, nil)
	}
	err := d.silenceSvc.Expire(ctx, id)
	switch campaign.KindOf(err) {
	case "":
		return Response{Status: http.StatusSeeOther, Location: "/ui/silences"}
	case campaign.NotFound:
		return d.problem(r, http.StatusNotFound, nil)
	}
	return d.problem(r, 0, err)
}

func changeWord(r Request, t campaign.ChangeType) string {
	return notify.TypeHeading(r.Lang, t)
}
