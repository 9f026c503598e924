package config

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify/receivers"
)

// receiverNameProblem says what is wrong with a file receiver's name ("" when
// nothing).
func receiverNameProblem(name string) string {
	switch {
	case name == "":
		return "is missing: every receiver needs a unique name; its delivery record follows it"
	case len(name) > 64 || strings.ContainsAny(name, "\n\r\t"):
		return "is longer than 64 characters or has control characters: use a short label such as brand-a-team"
	}
	return ""
}

func (l *loader) fileReceiver(byName map[string]campaign.ChannelID, place string, fr fileReceiver) (Receiver, fileReceiverDefaults, bool) {
	ok := true
	bad := func(field, format string, args ...any) {
		l.addf(place+"."+field, place+"."+field+" "+format, args...)
		ok = false
	}
	x := l.x
	var r Receiver
	var d fileReceiverDefaults
	r.Name = x.expand(place+".name", fr.Name)
	if why := receiverNameProblem(r.Name); why != "" {
		bad("name", "%s", why)
	}
	r.Type = x.expand(place+".type", fr.Type)
	svc, known := receivers.Lookup(r.Type)
	if !known {
		if r.Type == "" {
			bad("type", "is missing: give one of %s", strings.Join(receivers.Types(), ", "))
		} else {
			bad("type", "%s is not a receiver type: give one of %s", quote(r.Type), strings.Join(receivers.Types(), ", "))
		}
	}
	r.URL = x.expand(place+".url", fr.URL)
	switch {
	case r.URL == "":
		bad("url", "is missing: give the webhook URL, or ${VARIABLE} to keep it in a variable")
	case known:
		if why := webhookProblem(r.URL, svc); why != "" {
			bad("url", "%s", why)
		}
	}
	r.Secret = x.expand(place+".secret", fr.Secret)
	if r.Secret != "" && !isTokenText(r.Secret) {
		bad("secret", "has spaces, quotes or characters other than printable ASCII: paste the value alone")
	}

	r.Route.Channels, r.Route.Changes = l.fileRoute(byName, place, fr, bad)
	if raw := x.expand(place+".budgetChangeThreshold", fr.BudgetChangeThreshold); raw != "" {
		th, why := parseThreshold(raw)
		if why != "" {
			bad("budgetChangeThreshold", "%s %s", quote(raw), why)
		}
		r.Route.Threshold = th
	} else {
		d.threshold = true
	}
	if raw := x.expand(place+".language", fr.Language); raw != "" {
		tag, why := parseLanguage(raw)
		if why != "" {
			bad("language", "%s", why)
		}
		r.Language = tag
	} else {
		d.language = true
	}
	r.Zone = time.UTC
	if raw := x.expand(place+".timezone", fr.Timezone); raw != "" {
		if loc, why := parseZone(raw); why != "" {
			bad("timezone", "%s", why)
		} else {
			r.Zone = loc
		}
	} else {
		d.zone = true
	}
	if raw := x.expand(place+".quietHours", fr.QuietHours); raw != "" {
		q, why := parseQuietHours(raw)
		if why != "" {
			bad("quietHours", "%s %s", quote(raw), why)
		} else {
			r.Route.Quiet = q
		}
	}
	r.Mention = l.mention(place+".mention", fr.Mention, svc, known, &ok)
	r.Digest = fr.Digest == nil || *fr.Digest
	r.Health = fr.Health == nil || *fr.Health
	r.Guardrails = fr.Guardrails == nil || *fr.Guardrails
	return r, d, ok
}

// fileRoute checks a file receiver's channels and change types, telling
// each problem to bad.
func (l *loader) fileRoute(byName map[string]campaign.ChannelID, place string, fr fileReceiver, bad func(field, format string, args ...any)) (channels []campaign.ChannelID, changes []campaign.ChangeType) {
	x := l.x
	channels = l.channelList(byName, place, fr.Channels, bad)
	for j, ct := range fr.Changes {
		p := fmt.Sprintf("changes[%d]", j)
		t := campaign.ChangeType(x.expand(place+"."+p, ct))
		switch {
		case !campaign.IsChangeType(string(t)):
			bad(p, "%s is not a change type: give one of %s", quote(string(t)), campaign.ChangeTypeNames())
		case slices.Contains(changes, t):
			bad(p, "%s repeats a change type: list each once", quote(string(t)))
		default:
			changes = append(changes, t)
		}
	}
	if fr.Changes != nil && len(fr.Changes) == 0 {
		bad("changes", "is empty: leave it out for every change type, or name at least one")
	}
	return channels, changes
}
