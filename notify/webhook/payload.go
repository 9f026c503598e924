package webhook

import (
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
)

// version is the body's format version.
const version = 1

// maxChanges is the most changes one post carries; a larger alert is sent
// in parts.
const maxChanges = 1000

// payload is the JSON body of one post.
type payload struct {
	Version int    `json:"version"`
	Kind    string `json:"kind"`
	// Receiver is the receiver's name: "webhook", "webhook#2".
	Receiver   string    `json:"receiver"`
	RunID      string    `json:"runId"`
	Generation int64     `json:"generation"`
	At         time.Time `json:"at"`
	// Part (from 1) of Parts: an alert of more than maxChanges changes is
	// sent in parts.
	Part  int `json:"part"`
	Parts int `json:"parts"`
	// Changes are the part's changes, as in the report (kind "changes"),
	// each with its campaign's dashboard page ("url") when there is a
	// public URL (links.go).
	Changes []change `json:"changes,omitempty"`
	// Rebaselined are the channels watched afresh because their filters
	// changed, each with the campaigns it now lists (kind "changes").
	Rebaselined []campaign.Rebaseline `json:"rebaselined,omitempty"`
	// Watching is the number of campaigns now watched (kind "baseline").
	Watching int `json:"watching,omitempty"`
	// Labels name the channels, "custSpaceId:pageId" to name (kind
	// "baseline").
	Labels map[string]string `json:"labels,omitempty"`
	// Digest is the digest's figures (kind "digest"): a *campaign.Digest,
	// or with a public URL a digest, whose campaigns carry their pages.
	Digest any `json:"digest,omitempty"`
	// URL is the dashboard's overview, on a digest when there is a public
	// URL.
	URL string `json:"url,omitempty"`
	// Health says that campaignwatch's own runs fail or recovered (kind
	// "health").
	Health *health `json:"health,omitempty"`
	// Guardrails are the incidents opened or resolved, as in the report
	// (kind "guardrail"), each on one campaign with its page ("url") when
	// there is a public URL.
	Guardrails []event `json:"guardrails,omitempty"`
}

// health is a health notice's facts, as numbers and strings: a receiving
// end can page on State "failing" and resolve on "recovered" of the same
// Kind.
type health struct {
	// State is "failing" or "recovered".
	State string `json:"state"`
	// Kind is what fails: "check", "digest", "startup" (the
	// configuration could not be loaded), or "aside" (a chat service
	// refused messages to Receiver again and again, and Messages of them
	// were set aside).
	Kind string `json:"kind"`
	// Receiver and Messages are set for kind "aside".
	Receiver string `json:"receiver,omitempty"`
	Messages int    `json:"messages,omitempty"`
	// Since is when the first failed run of the incident ended; Until,
	// when recovered, is when the run that succeeded ended.
	Since time.Time  `json:"since"`
	Until *time.Time `json:"until,omitempty"`
	// Runs counts the failed runs of the incident.
	Runs int `json:"runs"`
	// LastError is the last failed run's error, secrets removed;
	// ErrorKind its class ("unauthorized", "unavailable", ...).
	LastError string `json:"lastError,omitempty"`
	ErrorKind string `json:"errorKind,omitempty"`
	// Hint is the first thing to check: "credentials", "bucket",
	// "configuration", "api" or "logs"; HintText says it in words.
	Hint     string `json:"hint,omitempty"`
	HintText string `json:"hintText,omitempty"`
	// Direct: the notice was posted without the snapshot store (the store
	// or the configuration failed), so it was not recorded and may come
	// once per function instance.
	Direct bool `json:"direct,omitempty"`
}

// healthOf is the payload's form of h, its hint worded in the receiver's
// language.
func healthOf(h *campaign.Health, r notify.Reader) *health {
	if h == nil {
		h = &campaign.Health{}
	}
	out := &health{State: string(h.State), Kind: h.Kind, Since: h.Since.UTC(), Runs: h.Runs,
		LastError: h.LastError, ErrorKind: string(h.ErrorKind), Direct: h.Direct, Receiver: h.Receiver, Messages: h.Messages}
	if !h.Until.IsZero() {
		until := h.Until.UTC()
		out.Until = &until
	}
	if h.State != campaign.HealthRecovered {
		out.Hint = string(h.Hint)
		if out.Hint == "" {
			out.Hint = string(campaign.HintLogs)
		}
		out.HintText = notify.HintText(r.Lang, h.Hint)
	}
	return out
}

// render turns an alert into webhook bodies: one per maxChanges changes
// (baselines, digests, health notices and test messages are one), each with its part
// number and the receiver's name. Each message's Text is the plain text of
// what it carries, in locale loc. It reads only the alert, loc and t.Name,
// so the same alert renders the same bytes every time (the public URL adds
// "url" fields; the language only the plain text). An unknown alert kind
// is an error of kind Invalid.
func render(a *campaign.Alert, loc notify.Locale, t notify.Target) ([]campaign.Message, error) {
	base := payload{Version: version, Kind: string(a.Kind), Receiver: t.Name, RunID: a.RunID,
		Generation: a.Generation, At: a.At.UTC(), Part: 1, Parts: 1}
	var parts []payload
	var texts []string
	switch a.Kind {
	case campaign.AlertChanges:
		n := max(1, (len(a.Changes)+maxChanges-1)/maxChanges)
		for i := range n {
			p := base
			p.Part, p.Parts = i+1, n
			part := a.Changes[i*maxChanges : min((i+1)*maxChanges, len(a.Changes))]
			p.Changes = changes(part, loc.PublicURL)
			if i == 0 {
				p.Rebaselined = a.Rebaselined
			}
			sub := *a
			sub.Changes = part
			parts = append(parts, p)
			texts = append(texts, notify.ChangesDoc(&sub, notify.ReaderOf(loc)).PlainText())
		}
	case campaign.AlertBaseline:
		p := base
		p.Watching = a.Watching
		p.Labels = loc.Labels
		parts = append(parts, p)
		texts = append(texts, notify.BaselineDoc(a, notify.ReaderOf(loc)).PlainText())
	case campaign.AlertDigest:
		p := base
		p.Digest = digestBody(a.Digest, loc.PublicURL)
		p.URL = notify.DashboardURL(loc.PublicURL)
		doc, err := notify.DocOf(a, loc)
		if err != nil {
			return nil, err
		}
		parts = append(parts, p)
		texts = append(texts, doc.PlainText())
	case campaign.AlertHealth:
		p := base
		r := notify.ReaderOf(loc)
		p.Health = healthOf(a.Health, r)
		parts = append(parts, p)
		texts = append(texts, notify.HealthDoc(a, r).PlainText())
	case campaign.AlertGuardrail:
		p := base
		for _, e := range a.Guardrails {
			e.Receivers = nil
			p.Guardrails = append(p.Guardrails, event{GuardrailEvent: e, URL: incidentURL(e.Incident, loc.PublicURL)})
		}
		parts = append(parts, p)
		texts = append(texts, notify.GuardrailDoc(a, notify.ReaderOf(loc)).PlainText())
	case campaign.AlertTest:
		doc, err := notify.DocOf(a, loc)
		if err != nil {
			return nil, err
		}
		parts = append(parts, base)
		texts = append(texts, doc.PlainText())
	default:
		if _, err := notify.DocOf(a, loc); err != nil {
			return nil, err
		}
		return nil, campaign.Errorf(campaign.Invalid, "webhook: alert %q of kind %q has no JSON form", a.ID, a.Kind)
	}
	msgs := make([]campaign.Message, 0, len(parts))
	for i, p := range parts {
		body, err := notify.EncodeJSON(p)
		if err != nil {
			return nil, campaign.Wrap(campaign.Internal, err, "webhook: encoding a message")
		}
		msgs = append(msgs, campaign.Message{Body: body, Text: texts[i]})
	}
	return msgs, nil
}
