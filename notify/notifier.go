package notify

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// notifier is every receiver's campaign.Notifier: a Service's rendering,
// signing and reply reading, joined with the outbox identity, pacing,
// retries and redaction that all services share.
type notifier struct {
	svc    Service
	target Target
	loc    Locale
	// id keys the notes the receiver was given (Notes): receiverID.
	id     string
	agent  string
	poster *poster
	notes  Notes
	log    *slog.Logger
}

var _ campaign.Notifier = (*notifier)(nil)

func newNotifier(s Service, t Target, loc Locale, opt Options) *notifier {
	opt = opt.WithDefaults()
	var prepare func(r *Request, now time.Time) error
	if s.Sign != nil {
		prepare = func(r *Request, now time.Time) error { return s.Sign(r, t, now) }
	}
	notes := opt.Notes
	if notes == nil {
		notes = &memNotes{}
	}
	return &notifier{
		svc:    s,
		target: t,
		loc:    loc,
		id:     receiverID(s.Type, t.URL),
		agent:  "campaignwatch/" + opt.Version,
		notes:  notes,
		log:    opt.Logger.With(slog.String("receiver", t.Name)),
		poster: newPoster(endpoint{
			Name:    t.Name,
			Service: s.Title,
			Prepare: prepare,
			Read:    s.Read,
			Pace:    s.Pace,
			Secrets: []string{t.URL, t.Secret},
		}, opt),
	}
}

// Name is the receiver's name in the report: "slack", "feishu#2".
func (n *notifier) Name() string { return n.target.Name }

// Mentions reports whether a receiver's mentions ping people on a: on an
// alert of changes and on guardrail messages, never on a note (a
// baseline, a channel watched afresh with nothing else to tell, a digest,
// a health notice, a test).
func Mentions(a *campaign.Alert) bool {
	return (a.Kind == campaign.AlertChanges && len(a.Changes) > 0) || a.Kind == campaign.AlertGuardrail
}

// Render renders a in the receiver's locale with the service's Render,
// view by view (Views),
// mentioning the target's people on change alerts and guardrail messages
// only, once per alert (on its first view), and gives each message its
// ID.
func (n *notifier) Render(a *campaign.Alert) ([]campaign.Message, error) {
	var msgs []campaign.Message
	mentioned := false
	for _, v := range Views(a) {
		t := n.target
		if mentioned || !Mentions(v.Alert) {
			t.Mention = Mention{}
		}
		mentioned = mentioned || !t.Mention.IsZero()
		part, err := n.svc.Render(v.Alert, n.loc, t)
		if err != nil {
			return nil, err
		}
		if v.Urgent {
			for i := range part {
				part[i].Urgency = campaign.UrgencyHigh
			}
		}
		msgs = append(msgs, part...)
	}
	for i := range msgs {
		msgs[i].ID = MessageID(a.ID, n.target.Name, i+1)
	}
	return msgs, nil
}

// View is one part of an alert that is rendered on its own: the alert's
// own kind (its changes, its baseline note), then its guardrail
// incidents as a guardrail alert, the urgent ones first.
type View struct {
	*campaign.Alert
	// Urgent: the view's messages pass through quiet hours.
	Urgent bool
}

// Views splits a into what is rendered on its own. An alert without
// guardrail incidents is one view, itself; a changes alert whose
// receiver has no change (it is owed guardrail messages only) has no view
// of its own kind.
func Views(a *campaign.Alert) []View {
	if len(a.Guardrails) == 0 {
		return []View{{Alert: a}}
	}
	var out []View
	if a.Kind != campaign.AlertGuardrail && (a.Kind != campaign.AlertChanges || len(a.Changes) > 0 || len(a.Rebaselined) > 0) {
		own := *a
		own.Guardrails = nil
		out = append(out, View{Alert: &own})
	}
	var urgent, other []campaign.GuardrailEvent
	for _, e := range a.Guardrails {
		if e.Urgent {
			urgent = append(urgent, e)
		} else {
			other = append(other, e)
		}
	}
	for i, es := range [][]campaign.GuardrailEvent{urgent, other} {
		if len(es) == 0 {
			continue
		}
		g := *a
		g.Kind, g.Changes, g.Shares, g.Silenced, g.Guardrails = campaign.AlertGuardrail, nil, nil, nil, es
		out = append(out, View{Alert: &g, Urgent: i == 0})
	}
	return out
}

// Post posts one rendered message: paced by the service's rates, signed
// per attempt, retried as its replies allow within Options.Attempts and
// ctx. Errors are of kind Unavailable when a later run may succeed, else
// the kind the service's reply gives; they never carry the URL or the
// secret.
//
// A message the chat refuses while it mentions everyone is posted again
// at once without the mention, where the service can take it out
// (postWithoutAll).
func (n *notifier) Post(ctx context.Context, m campaign.Message) error {
	err := n.post(ctx, m.Body, m.ID)
	if err == nil || n.svc.WithoutAll == nil || !n.target.Mention.All || campaign.KindOf(err) != campaign.Invalid {
		return err
	}
	return n.postWithoutAll(ctx, m, err)
}

func (n *notifier) post(ctx context.Context, body []byte, id string) error {
	h := http.Header{}
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("User-Agent", n.agent)
	return n.poster.Post(ctx, Request{URL: n.target.URL, Header: h, Body: body, ID: id})
}

// MessageID is the identity of part (from 1) of an alert's messages to a
// receiver: the first 32 hex digits of a SHA-256 over the three. It is the
// same for every rendering, attempt and run, and differs between
// receivers, so that a receiving end may drop what it has seen.
func MessageID(alertID, receiver string, part int) string {
	sum := sha256.Sum256([]byte(alertID + "\x00" + receiver + "\x00" + strconv.Itoa(part)))
	return hex.EncodeToString(sum[:16])
}

// RenderDoc renders an alert for a service that shows a Doc, for a
// receiver of locale loc: DocOf, then
// split into as few docs as encode finds within the service's limits,
// each encoded to one message with the doc's plain text. encode returns a
// doc's body and whether it fits; it must be deterministic.
func RenderDoc(a *campaign.Alert, loc Locale, encode func(Doc) (body []byte, fits bool, err error)) ([]campaign.Message, error) {
	return RenderDocMentioning(a, loc, Mention{}, func(d Doc, _ Mention) ([]byte, bool, error) { return encode(d) })
}

// RenderDocMentioning is RenderDoc for a service whose messages carry
// their own mentions: encode(d, m) is d's body mentioning m. Every part is
// split to fit with m, and only the first part carries it (the others are
// encoded with a zero Mention), so that a long alert pings each person
// once, on the message that starts it. m is zero except on change alerts.
func RenderDocMentioning(a *campaign.Alert, loc Locale, m Mention, encode func(Doc, Mention) (body []byte, fits bool, err error)) ([]campaign.Message, error) {
	return RenderDocMetered(a, loc, m, encode, nil)
}

// RenderDocMetered is RenderDocMentioning for a service that measures
// its messages with meter (mentioning m): a long alert is packed in one
// pass, each line measured once, into the same messages. Should a part
// not fit when encoded (the meter disagreeing with encode, a bug its
// tests exist to catch), the alert is split as RenderDocMentioning does.
// A nil meter is RenderDocMentioning.
func RenderDocMetered(a *campaign.Alert, loc Locale, m Mention, encode func(Doc, Mention) (body []byte, fits bool, err error), meter Meter) ([]campaign.Message, error) {
	doc, err := DocOf(a, loc)
	if err != nil {
		return nil, err
	}
	if meter != nil {
		docs, err := splitMetered(doc, meter)
		if err != nil {
			return nil, err
		}
		if msgs, err := encodeParts(docs, m, encode, true); !errors.Is(err, errMeter) {
			return msgs, err
		}
	}
	docs, err := split(doc, func(d Doc) bool {
		_, ok, err := encode(d, m)
		return ok && err == nil
	})
	if err != nil {
		return nil, err
	}
	return encodeParts(docs, m, encode, false)
}

// errMeter is encodeParts' error when a part does not fit.
var errMeter = errors.New("notify: a part measured to fit does not")

// encodeParts encodes docs, the first mentioning m, each with its plain
// text. With check, a doc that does not fit is errMeter.
func encodeParts(docs []Doc, m Mention, encode func(Doc, Mention) ([]byte, bool, error), check bool) ([]campaign.Message, error) {
	msgs := make([]campaign.Message, 0, len(docs))
	for i, d := range docs {
		mention := m
		if i > 0 {
			mention = Mention{}
		}
		body, fits, err := encode(d, mention)
		if err != nil {
			return nil, campaign.Wrap(campaign.Internal, err, "notify: encoding a message")
		}
		if check && !fits {
			return nil, errMeter
		}
		msgs = append(msgs, campaign.Message{Body: body, Text: d.PlainText()})
	}
	return msgs, nil
}

// EncodeJSON is the JSON body of v as services take it: "<", ">" and "&"
// as they are (not \u003c), no trailing newline.
func EncodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
