// Package slack posts campaignwatch alerts to Slack incoming webhooks
// as Block Kit messages within Slack's limits.
package slack

import (
	"context"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
)

// Pacing per webhook: Slack allows about one message a second, with short
// bursts.
const (
	every = time.Second
	burst = 3
)

// Notifier delivers alerts to one Slack incoming webhook.
type Notifier struct {
	name   string
	id     string
	poster *notify.Poster
}

var _ campaign.Notifier = (*Notifier)(nil)

// Service describes Slack incoming webhooks to the registry.
var Service = notify.Service{
	Type:  "slack",
	Title: "Slack",
	New:   New,
}

// New returns the notifier of one incoming webhook; t's values are checked
// by the configuration.
func New(t notify.Target, opt notify.Options) (campaign.Notifier, error) {
	raw := t.URL
	return &Notifier{
		name: t.Name,
		id:   notify.ReceiverID("slack", raw),
		poster: notify.NewPoster(notify.Endpoint{
			Name:    t.Name,
			Service: "Slack",
			URL:     func(time.Time) (string, error) { return raw, nil },
			Read:    readReply,
			Every:   every,
			Burst:   burst,
			Secrets: []string{raw},
		}, opt),
	}, nil
}

// Name is the receiver's name in the report: "slack", "slack#2".
func (n *Notifier) Name() string { return n.name }

// ID is "slack-" and the first 12 hex digits of the URL's SHA-256: stable
// while the URL is, and revealing nothing of it.
func (n *Notifier) ID() string { return n.id }

// Render renders a (see the package function Render).
func (n *Notifier) Render(a *campaign.Alert) ([]campaign.Message, error) { return Render(a) }

// Post posts one rendered message, at most about one a second per webhook,
// retrying 429 (after its Retry-After, when within Options.MaxWait) and
// 5xx up to Options.Attempts. Its errors are of kind Unavailable when a
// later run may succeed, Unauthorized when the webhook was revoked, else
// Invalid, with Slack's reason; they never carry the URL.
//
// It posts through notify.Poster rather than slack-go's
// PostWebhookCustomHTTPContext because that discards the reply's body,
// which is where Slack says why it refused a message.
func (n *Notifier) Post(ctx context.Context, m campaign.Message) error {
	return n.poster.Post(ctx, m.Body)
}

// Render turns an alert into Slack messages: changes (grouped by channel
// label, then change type), a baseline note, or a digest. Long alerts are
// split into numbered messages, each within Slack's limits, with every
// change in exactly one. It reads only the alert (At and RunID for the
// footer), so the same alert renders the same bytes every time. An
// unknown alert kind is an error of kind Invalid.
func Render(a *campaign.Alert) ([]campaign.Message, error) {
	doc, err := notify.DocOf(a)
	if err != nil {
		return nil, err
	}
	docs, err := notify.Split(doc, func(d notify.Doc) bool {
		_, ok, err := Encode(Payload(d))
		return ok && err == nil
	})
	if err != nil {
		return nil, err
	}
	msgs := make([]campaign.Message, 0, len(docs))
	for _, d := range docs {
		body, _, err := Encode(Payload(d))
		if err != nil {
			return nil, campaign.Wrap(campaign.Internal, err, "slack: encoding a message")
		}
		msgs = append(msgs, campaign.Message{Body: body, Text: d.PlainText()})
	}
	return msgs, nil
}
