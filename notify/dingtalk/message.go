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

// at is whom a message mentions. DingTalk notifies the people it lists;
// the text names them too ("@13800000000", "@userid", "@all") so that the
// mention shows where it is read.
type at struct {
	AtMobiles []string `json:"atMobiles,omitempty"`
	AtUserIDs []string `json:"atUserIds,omitempty"`
	IsAtAll   bool     `json:"isAtAll"`
}

// body returns the JSON body of one doc as a markdown message: the doc's
// Markdown, then, when m mentions anyone, a line "@all @13800000000
// @userid" with at.isAtAll, at.atMobiles and at.atUserIds.
func body(doc notify.Doc, m notify.Mention) ([]byte, error) {
	msg := message{MsgType: "markdown", Markdown: markdown{Title: doc.Title, Text: doc.Markdown()}}
	if !m.IsZero() {
		var names []string
		if m.All {
			names = append(names, "all")
		}
		names = append(names, m.Mobiles...)
		names = append(names, m.UserIDs...)
		msg.Markdown.Text += "\n@" + strings.Join(names, " @") + "\n"
		msg.At = &at{AtMobiles: m.Mobiles, AtUserIDs: m.UserIDs, IsAtAll: m.All}
	}
	return notify.EncodeJSON(msg)
}

// Render turns an alert into DingTalk markdown messages: changes (grouped
// by channel label, then change type, mentioning m in the first message),
// a baseline note or a digest (as tables; neither mentions anyone). Long
// alerts are split into as few numbered messages as fit maxBodyBytes
// each, with every change in exactly one, since a robot takes only 20
// messages a minute. It reads only the alert, so the same alert renders
// the same bytes every time; the signature is added when posting. An
// unknown alert kind is an error of kind Invalid.
func Render(a *campaign.Alert, loc notify.Locale, m notify.Mention) ([]campaign.Message, error) {
	if !notify.Mentions(a) {
		m = notify.Mention{}
	}
	return notify.RenderDocMetered(a, loc, m, encodeDoc, newMeter(m))
}

// encodeDoc is the body of d mentioning m, and whether it fits.
func encodeDoc(d notify.Doc, m notify.Mention) ([]byte, bool, error) {
	body, err := body(d, m)
	return body, len(body) <= maxBodyBytes, err
}

// newMeter measures messages mentioning m: the doc's Markdown is one
// string of the body (notify.MarkdownMeter).
func newMeter(m notify.Mention) notify.Meter {
	return notify.MarkdownMeter(func(d notify.Doc) int {
		b, err := body(d, m)
		if err != nil {
			return maxBodyBytes + 1 // fits nothing: the split encodes and says why
		}
		return len(b)
	}, maxBodyBytes)
}
