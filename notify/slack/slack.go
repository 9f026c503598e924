// Package slack posts campaignwatch alerts to Slack incoming webhooks
// as Block Kit messages within Slack's limits.
package slack

import (
	"errors"
	"regexp"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
)

// Service describes Slack incoming webhooks to the registry: Block Kit
// messages (Render), about one post a second per webhook with short
// bursts, 429 retried after its Retry-After and 5xx retried, other
// statuses refused with Slack's reason (readReply). Errors are of kind
// Unauthorized when the webhook was revoked, else Invalid.
//
// It posts through notify's Poster rather than slack-go's
// PostWebhookCustomHTTPContext because that discards the reply's body,
// which is where Slack says why it refused a message.
var Service = notify.Service{
	Type:        "slack",
	Title:       "Slack",
	Mentions:    notify.MentionKinds{All: true, Here: true, UserIDs: true},
	CheckUserID: checkUserID,
	Render: func(a *campaign.Alert, loc notify.Locale, t notify.Target) ([]campaign.Message, error) {
		return Render(a, loc, t.Mention)
	},
	Read: readReply,
	Pace: []notify.Rate{{Every: time.Second, Burst: 3}},
	Vars: notify.Vars{URL: "SLACK_WEBHOOK_URL", About: "Slack incoming webhooks, comma-separated"},
}

// slackID is the form of Slack's member ids (U…, W… in Enterprise Grid)
// and user group ids (S…).
var slackID = regexp.MustCompile(`^[UWS][A-Z0-9]{2,}$`)

// checkUserID says what is wrong with an id to mention.
func checkUserID(id string) error {
	if !slackID.MatchString(id) {
		return errors.New("is not a Slack member id (U… or W…: a member's profile, ⋮, Copy member ID) or user group id (S…)")
	}
	return nil
}

// New returns the notifier of one incoming webhook, writing in locale
// loc; t's values are checked by the configuration.
func New(t notify.Target, loc notify.Locale, opt notify.Options) (campaign.Notifier, error) {
	return Service.New(t, loc, opt)
}

// Render turns an alert into Slack messages: changes (grouped by channel
// label, then change type, mentioning m under the first message's
// header), a baseline note, or a digest (neither mentions anyone). Long
// alerts are split into numbered messages, each within Slack's limits,
// with every change in exactly one. It reads only the alert (At and RunID
// for the footer), so the same alert renders the same bytes every time.
// An unknown alert kind is an error of kind Invalid.
func Render(a *campaign.Alert, loc notify.Locale, m notify.Mention) ([]campaign.Message, error) {
	if !notify.Mentions(a) {
		m = notify.Mention{}
	}
	return notify.RenderDocMetered(a, loc, m, encodeDoc, newMeter(m))
}

// encodeDoc is the body of d mentioning m, and whether it fits.
func encodeDoc(d notify.Doc, m notify.Mention) ([]byte, bool, error) { return encode(payload(d, m)) }
