package notify

import (
	"strconv"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify/catalog"
)

// maxErrorRunes bounds the last error in a health notice: longer than
// other data, as its end (a request id) is what support asks for.
const maxErrorRunes = 600

// HealthDoc renders a health alert for r: what fails (or failed), since
// when, how many runs, the last error (redacted when it was recorded) and
// the first thing to check; a recovered notice says when it ended. The
// words are r's language, the times in r's zone. The error is plain text
// in the doc: each service's renderer neutralises it like any API text.
func HealthDoc(a *campaign.Alert, r Reader) Doc {
	l := r.lang()
	h := a.Health
	if h == nil {
		h = &campaign.Health{}
	}
	since := healthTime(h.Since, r)
	var doc Doc
	details := Block{Heading: l.HealthDetails}
	switch {
	case h.State == campaign.HealthRecovered && h.Kind != campaign.HealthStartup:
		title, lead := l.ChecksRecoveredTitle, l.ChecksRecovered
		if h.Kind == campaign.ModeDigest {
			title, lead = l.DigestRecoveredTitle, l.DigestRecovered
		}
		doc.Title = title
		doc.Blocks = append(doc.Blocks, Block{Lines: []string{lead(h.Runs, since)}})
		details.Fields = append(details.Fields,
			field{Label: l.HealthRecoveredAt, Value: healthTime(h.Until, r)},
			field{Label: l.HealthSince, Value: since},
			field{Label: l.HealthRuns, Value: strconv.Itoa(h.Runs)})
	case h.Kind == campaign.HealthAside:
		doc.Title = l.AsideTitle(h.Receiver)
		doc.Blocks = append(doc.Blocks, Block{Lines: []string{l.AsideLead(h.Messages, h.Receiver), l.AsideKept}})
		details.Fields = append(details.Fields,
			field{Label: l.AsideReceiver, Value: h.Receiver},
			field{Label: l.AsideMessages, Value: strconv.Itoa(h.Messages)},
			field{Label: l.AsideSince, Value: since},
			field{Label: l.AsideRefusals, Value: strconv.Itoa(h.Runs)})
	case h.Kind == campaign.HealthStartup:
		doc.Title = l.StartupFailingTitle
		doc.Blocks = append(doc.Blocks, Block{Lines: []string{l.StartupFailing(since), l.ChecksSilence}})
	default:
		title, lead, silence, what := l.ChecksFailingTitle, l.ChecksFailing, l.ChecksSilence, l.ChecksName
		if h.Kind == campaign.ModeDigest {
			title, lead, silence, what = l.DigestFailingTitle, l.DigestFailing, l.DigestSilence, l.DigestName
		}
		doc.Title = title
		doc.Blocks = append(doc.Blocks, Block{Lines: []string{lead(h.Runs, since), silence}})
		details.Fields = append(details.Fields,
			field{Label: l.HealthFailingWhat, Value: what},
			field{Label: l.HealthSince, Value: since},
			field{Label: l.HealthRuns, Value: strconv.Itoa(h.Runs)})
	}
	if h.LastError != "" {
		label := l.HealthLastError
		if h.Kind == campaign.HealthAside {
			label = l.AsideWhy
		}
		details.Fields = append(details.Fields, field{Label: label, Value: clip(oneLine(lastError(l, h)), maxErrorRunes)})
	}
	if len(details.Fields) > 0 {
		doc.Blocks = append(doc.Blocks, details)
	}
	if h.State != campaign.HealthRecovered {
		doc.Blocks = append(doc.Blocks, Block{Heading: l.HealthFirst, Lines: []string{HintText(l, h.Hint)}})
	}
	if h.Direct {
		doc.Blocks = append(doc.Blocks, Block{Lines: []string{l.HealthDirect}})
	}
	doc.Footer = footer(r, a.At, a.RunID)
	doc.Lang = l
	return doc
}

// lastError is h's last error as l says it: an incomplete listing's lead
// in l's words, then the API's detail; any other error as it was.
func lastError(l *catalog.Lang, h *campaign.Health) string {
	if il := h.Listing; il != nil {
		return l.ListingIncomplete(il.Failed, il.Total) + l.Colon + il.Detail
	}
	return h.LastError
}

// HintText is the first thing to check, in l's words (nil: English); the
// logs when the hint is unknown.
func HintText(l *catalog.Lang, hint campaign.HealthHint) string {
	if l == nil {
		l = &catalog.English
	}
	switch hint {
	case campaign.HintCredentials:
		return l.HintCredentials
	case campaign.HintBucket:
		return l.HintBucket
	case campaign.HintConfiguration:
		return l.HintConfiguration
	case campaign.HintAPI:
		return l.HintAPI
	case campaign.HintRefused:
		return l.HintRefused
	}
	return l.HintLogs
}

// healthTime shows t in r's zone; "?" for a time not known.
func healthTime(t time.Time, r Reader) string {
	if t.IsZero() {
		return "?"
	}
	return ZoneTime(t, r.Zone)
}
