// Package wecom posts campaignwatch alerts to WeCom (企业微信) group robots
// as markdown messages, mentioning phone numbers or everyone on change
// alerts in a following text message (markdown messages carry no
// mentions).
package wecom

import (
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
)

// host is the robots' API host.
const host = "qyapi.weixin.qq.com"

// sendPath is the path of a robot's webhook.
const sendPath = "/cgi-bin/webhook/send"

// Service describes WeCom group robots to the registry: markdown messages
// of at most maxContentBytes of content (Render), then a text message with
// the mentions; no signing (the key in the URL is the secret); at most 20
// messages a minute: a bucket of 5 refilled one per 4 s. Replies
// (readReply): errcode 0 is delivered; 45009 (over the limit) asks for
// throttleWait, which the run waits out when its deadline allows, else
// the message stays pending (Unavailable) for a later run; -1 (system
// busy) is retried with backoff; 93000 (invalid key) fails Unauthorized;
// other codes fail Invalid, with WeCom's errmsg.
var Service = notify.Service{
	Type:     "wecom",
	Title:    "WeCom",
	Mentions: notify.MentionKinds{All: true, Mobiles: true},
	CheckURL: checkURL,
	Render:   Render,
	Read:     readReply,
	Pace:     []notify.Rate{{Every: 4 * time.Second, Burst: 5}},
	Vars:     notify.Vars{URL: "WECOM_WEBHOOK_URL", About: "WeCom group robots"},
}

// checkURL says what is wrong with a robot URL without quoting it.
func checkURL(u *url.URL) error {
	if h := u.Hostname(); h != host && !notify.IsLoopback(h) {
		return errors.New("is not a WeCom robot URL (host qyapi.weixin.qq.com); copy the group robot's webhook URL from the group's robot settings")
	}
	if u.Path != sendPath || strings.TrimSpace(u.Query().Get("key")) == "" {
		return errors.New("is not /cgi-bin/webhook/send with a key query parameter; copy the group robot's whole webhook URL")
	}
	return nil
}

// encodeDoc is the body of d as a markdown message, and whether its
// content fits; WeCom's mentions go in a message of their own.
func encodeDoc(d notify.Doc, _ notify.Mention) ([]byte, bool, error) {
	content := renderMarkdown(d)
	body, err := notify.EncodeJSON(message{MsgType: "markdown", Markdown: &markdown{Content: content}})
	return body, len(content) <= maxContentBytes, err
}

// throttleWait is how long WeCom refuses a robot's posts after errcode
// 45009: the rest of its one-minute window at most.
const throttleWait = time.Minute

// Render turns an alert into WeCom messages: markdown (changes grouped by
// channel label, then change type; a baseline note; a digest), split into
// as few numbered messages as fit maxContentBytes each, never truncated;
// then, when t.Mention mentions anyone (change alerts only), one text
// message with the alert's title, mentioned_mobile_list and
// mentioned_list ["@all"]. It reads only the alert, so the same alert
// renders the same bytes every time.
func Render(a *campaign.Alert, loc notify.Locale, t notify.Target) ([]campaign.Message, error) {
	msgs, err := notify.RenderDocMetered(a, loc, notify.Mention{}, encodeDoc, newMeter())
	if err != nil || t.Mention.IsZero() {
		return msgs, err
	}
	doc, err := notify.DocOf(a, loc)
	if err != nil {
		return nil, err
	}
	m := text{Content: doc.Title, MentionedMobiles: t.Mention.Mobiles}
	if t.Mention.All {
		m.Mentioned = []string{"@all"}
	}
	body, err := notify.EncodeJSON(message{MsgType: "text", Text: &m})
	if err != nil {
		return nil, campaign.Wrap(campaign.Internal, err, "wecom: encoding the mention message")
	}
	return append(msgs, campaign.Message{Body: body, Text: doc.Title + "\n"}), nil
}
