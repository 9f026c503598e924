package dingtalk

import (
	"strings"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
)

// maxBodyBytes is DingTalk's limit on one message's JSON body.
const maxBodyBytes = 20000

// message is a custom robot's markdown message.
type message struct {
	MsgType  string   `json:"msgtype"`
	Markdown markdown `json:"markdown"`
	At       *at      `json:"at,omitempty"`
}

type markdown struct {
	Title string `json:"title"`
	Text  string `json:"text"`
}

type at struct {
	AtMobiles []string `json:"atMobiles"`
	IsAtAll   bool     `json:"isAtAll"`
}

// body returns the JSON body of one doc as a markdown message: the doc's
// Markdown, then a line "@mobile ..." with at.atMobiles when mobiles are
// given.
func body(doc notify.Doc, mobiles []string) ([]byte, error) {
	msg := message{MsgType: "markdown", Markdown: markdown{Title: doc.Title, Text: doc.Markdown()}}
	if len(mobiles) > 0 {
		msg.Markdown.Text += "\n@" + strings.Join(mobiles, " @") + "\n"
		msg.At = &at{AtMobiles: mobiles}
	}
	return notify.EncodeJSON(msg)
}

// Render turns an alert into DingTalk markdown messages: changes (grouped
// by channel label, then change type, mentioning mobiles), a baseline note
// or a digest (as tables; neither mentions anyone). Long alerts are split
// into as few numbered messages as fit maxBodyBytes each, with every
// change in exactly one, since a robot takes only 20 messages a minute.
// It reads only the alert, so the same alert renders the same bytes every
// time; the signature is added when posting. An unknown alert kind is an
// error of kind Invalid.
func Render(a *campaign.Alert, mobiles []string) ([]campaign.Message, error) {
	if a.Kind != campaign.AlertChanges {
		mobiles = nil
	}
	return notify.RenderDoc(a, func(d notify.Doc) ([]byte, bool, error) {
		body, err := body(d, mobiles)
		return body, len(body) <= maxBodyBytes, err
	})
}
