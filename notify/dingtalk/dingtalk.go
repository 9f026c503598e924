// Package dingtalk posts campaignwatch alerts to DingTalk custom robots
// (DINGTALK_WEBHOOK_URL) as markdown messages, signed when DINGTALK_SECRET
// is set, mentioning DINGTALK_AT_MOBILES on change alerts.
package dingtalk

import (
	"context"
	"errors"
	"regexp"
	"strings"
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

var mobilePattern = regexp.MustCompile(`^\+?[0-9][0-9-]{2,19}$`)

// New returns one Notifier per robot webhook URL, named "dingtalk",
// "dingtalk#2", ... by position. secret (may be empty) signs every post;
// atMobiles are mentioned on change alerts. A URL that is empty, not an
// absolute http(s) URL or without an access_token, and a mobile that is not
// a phone number, are errors of kind Invalid naming the variable and
// position, never the URL's text; every problem is reported, joined.
func New(webhookURLs []string, secret string, atMobiles []string, opt notify.Options) ([]campaign.Notifier, error) {
	var errs []error
	var mobiles []string
	for i, m := range atMobiles {
		m = strings.TrimSpace(m)
		if m == "" {
			continue
		}
		if !mobilePattern.MatchString(m) {
			errs = append(errs, campaign.Errorf(campaign.Invalid, "DINGTALK_AT_MOBILES #%d is not a phone number; give digits, e.g. 13800000000", i+1))
			continue
		}
		mobiles = append(mobiles, m)
	}
	secret = strings.TrimSpace(secret)
	var out []campaign.Notifier
	for i, raw := range webhookURLs {
		raw = strings.TrimSpace(raw)
		if err := checkURL(raw); err != nil {
			errs = append(errs, campaign.Errorf(campaign.Invalid, "DINGTALK_WEBHOOK_URL #%d %s; copy the robot's whole webhook URL from the group's robot settings", i+1, err))
			continue
		}
		name := notify.ReceiverName("dingtalk", i)
		out = append(out, &Notifier{
			name:      name,
			id:        notify.ReceiverID("dingtalk", raw),
			atMobiles: mobiles,
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
		})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// checkURL says what is wrong with a robot URL without quoting it.
func checkURL(raw string) error {
	u, err := notify.CheckURL(raw)
	if err != nil {
		return err
	}
	if u.Query().Get("access_token") == "" {
		return errors.New("has no access_token query parameter")
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
