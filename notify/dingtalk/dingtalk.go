// Package dingtalk posts campaignwatch alerts to DingTalk custom robots
// as markdown messages, signed when the robot has a secret, mentioning
// phone numbers, user ids or everyone on change alerts.
package dingtalk

import (
	"errors"
	"net/url"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
)

// Service describes DingTalk custom robots to the registry: markdown
// messages of at most maxBodyBytes (Render), signed in the URL at each
// attempt when the robot has a secret (sign), at most 20 a minute: a
// bucket of 5 refilled one per 4 s lets through at most 5 + 15 = 20 in any
// 60 s (other processes posting to the same robot are not counted: their
// excess comes back as errcode 130101). Errors are of kind Unavailable
// when a later run may succeed (errcode 130101 asks for throttleWait,
// which the run waits out only when its deadline allows; errcode -1 is
// retried with backoff), Unauthorized for errcode 310000
// and unknown tokens, else Invalid, with DingTalk's errmsg.
var Service = notify.Service{
	Type:     "dingtalk",
	Title:    "DingTalk",
	Mentions: notify.MentionKinds{All: true, Mobiles: true, UserIDs: true},
	CheckURL: checkURL,
	Render: func(a *campaign.Alert, loc notify.Locale, t notify.Target) ([]campaign.Message, error) {
		return Render(a, loc, t.Mention)
	},
	Sign: func(r *notify.Request, t notify.Target, now time.Time) error {
		u, err := signedURL(r.URL, t.Secret, now)
		if err != nil {
			return campaign.Errorf(campaign.Invalid, "DingTalk: the webhook URL of %s cannot be signed", t.Name)
		}
		r.URL = u
		return nil
	},
	Read: readReply,
	Pace: []notify.Rate{{Every: 4 * time.Second, Burst: 5}},
	Vars: notify.Vars{URL: "DINGTALK_WEBHOOK_URL", Secret: "DINGTALK_SECRET", Mobiles: "DINGTALK_AT_MOBILES", About: "DingTalk robots"},
}

// New returns the notifier of one robot: t.Secret (may be empty) signs
// every post, t.Mention (everyone, mobiles, user ids) is mentioned on
// change alerts, and messages are written in locale loc. t's values are
// checked by the configuration.
func New(t notify.Target, loc notify.Locale, opt notify.Options) (campaign.Notifier, error) {
	return Service.New(t, loc, opt)
}

// checkURL says what is wrong with a robot URL without quoting it.
func checkURL(u *url.URL) error {
	if u.Query().Get("access_token") == "" {
		return errors.New("has no access_token query parameter; copy the robot's whole webhook URL from the group's robot settings")
	}
	return nil
}
