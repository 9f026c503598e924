// Package dingtalk posts campaignwatch alerts to DingTalk custom robots
// as markdown messages, signed when the robot has a secret, mentioning
// phone numbers on change alerts.
package dingtalk

import (
	"context"
	"errors"
	"net/url"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
)

// Pacing per robot. DingTalk takes 20 messages in any minute; a bucket of
// 5 refilled one per 4 s lets through at most 5 + 15 = 20 in any 60 s.
// Other processes posting to the same robot are not counted: their excess
// comes back as errcode 130101.
const (
	every = 4 * time.Second
	burst = 5
)

// Notifier delivers alerts to one DingTalk custom robot.
type Notifier struct {
	name      string
	id        string
	atMobiles []string
	poster    *notify.Poster
}

var _ campaign.Notifier = (*Notifier)(nil)

// Service describes DingTalk custom robots to the registry.
var Service = notify.Service{
	Type:     "dingtalk",
	Title:    "DingTalk",
	Mentions: notify.MentionKinds{Mobiles: true},
	CheckURL: checkURL,
	New:      New,
}

// New returns the notifier of one robot: t.Secret (may be empty) signs
// every post, t.Mention.Mobiles are mentioned on change alerts. t's values
// are checked by the configuration.
func New(t notify.Target, opt notify.Options) (campaign.Notifier, error) {
	raw, secret, name := t.URL, t.Secret, t.Name
	return &Notifier{
		name:      name,
		id:        notify.ReceiverID("dingtalk", raw),
		atMobiles: t.Mention.Mobiles,
		poster: notify.NewPoster(notify.Endpoint{
			Name:    name,
			Service: "DingTalk",
			URL: func(now time.Time) (string, error) {
				u, err := SignedURL(raw, secret, now)
				if err != nil {
					return "", campaign.Errorf(campaign.Invalid, "DingTalk: the webhook URL of %s cannot be signed", name)
				}
				return u, nil
			},
			Read:    readReply,
			Every:   every,
			Burst:   burst,
			Secrets: []string{raw, secret},
		}, opt),
	}, nil
}

// checkURL says what is wrong with a robot URL without quoting it.
func checkURL(u *url.URL) error {
	if u.Query().Get("access_token") == "" {
		return errors.New("has no access_token query parameter; copy the robot's whole webhook URL from the group's robot settings")
	}
	return nil
}

// Name is the receiver's name in the report: "dingtalk", "dingtalk#2".
func (n *Notifier) Name() string { return n.name }

// ID is "dingtalk-" and the first 12 hex digits of the URL's SHA-256:
// stable while the URL is, and revealing nothing of it.
func (n *Notifier) ID() string { return n.id }

// Render renders a with this robot's mentions (see the package function
// Render).
func (n *Notifier) Render(a *campaign.Alert) ([]campaign.Message, error) {
	return Render(a, n.atMobiles)
}

// Post posts one rendered message, signed at the moment of posting, at
// most 20 a minute per robot, retrying 5xx up to Options.Attempts. Errors
// are of kind Unavailable when a later run may succeed (errcode 130101
// fails at once unless Options.MaxWait allows ThrottleWait),
// Unauthorized for errcode 310000 and unknown tokens, else Invalid, with
// DingTalk's errmsg; they never carry the URL or the secret.
func (n *Notifier) Post(ctx context.Context, m campaign.Message) error {
	return n.poster.Post(ctx, m.Body)
}
