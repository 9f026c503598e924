package feishu

import (
	"strings"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
)

// maxBodyBytes is Feishu's limit on one request's body (20 KB); Render
// keeps the signature's room free under it.
const maxBodyBytes = 20000

// message is a custom bot's interactive card message.
type message struct {
	MsgType string `json:"msg_type"`
	Card    card   `json:"card"`
}

type card struct {
	Config   cardConfig `json:"config"`
	Header   header     `json:"header"`
	Elements []element  `json:"elements"`
}

type cardConfig struct {
	WideScreenMode bool `json:"wide_screen_mode"`
}

type header struct {
	Title    text   `json:"title"`
	Template string `json:"template"`
}

type text struct {
	Tag     string `json:"tag"`
	Content string `json:"content"`
}

type field struct {
	IsShort bool `json:"is_short"`
	Text    text `json:"text"`
}

// element is a div (text and/or fields), an hr or a note.
type element struct {
	Tag      string  `json:"tag"`
	Text     *text   `json:"text,omitempty"`
	Fields   []field `json:"fields,omitempty"`
	Elements []text  `json:"elements,omitempty"`
}

func larkMD(s string) *text { return &text{Tag: "lark_md", Content: s} }

func div(s string) element { return element{Tag: "div", Text: larkMD(s)} }

// body returns the JSON body of one doc as an interactive card: the title
// as the header, a bold line per channel section (with a rule between
// sections), a div per block (bold heading, then one line per entry;
// fields side by side), the mention line when m mentions anyone, and the
// footer as a note. Every text from the doc that lark_md reads is
// neutralised (notify.LarkMDText, LarkMDRich); the only links are the
// doc's own, lark_md's [name](url) in a div's text; the title and footer
// are plain_text.
func body(doc notify.Doc, m notify.Mention) ([]byte, error) {
	var els []element
	for i, b := range doc.Blocks {
		els = append(els, sectionStart(doc.Blocks, i)...)
		els = append(els, blockDiv(b))
	}
	if at := mentions(m); at != "" {
		els = append(els, div(at))
	}
	if doc.Footer != "" {
		els = append(els, element{Tag: "note", Elements: []text{{Tag: "plain_text", Content: doc.Footer}}})
	}
	return encode(message{MsgType: "interactive", Card: card{
		Config:   cardConfig{WideScreenMode: true},
		Header:   header{Title: text{Tag: "plain_text", Content: doc.Title}, Template: "blue"},
		Elements: els,
	}})
}

// sectionStart is what comes before block i of blocks: where its
// section starts, a rule (but first in the card) and the section's name
// in bold.
func sectionStart(blocks []notify.Block, i int) []element {
	if !notify.SectionStarts(blocks, i) {
		return nil
	}
	name := div("**" + notify.LarkMDText(blocks[i].Section) + "**")
	if i == 0 {
		return []element{name}
	}
	return []element{{Tag: "hr"}, name}
}

// blockDiv is the div of one block: its heading in bold, then its lines
// (paragraphs apart by a blank line), its fields side by side.
func blockDiv(b notify.Block) element {
	var lines []string
	if b.Heading != "" {
		lines = append(lines, "**"+notify.LarkMDRich(b.Heading)+"**")
	}
	for n := range b.Lines {
		lines = append(lines, divLine(b, n))
	}
	el := element{Tag: "div"}
	if len(lines) > 0 {
		el.Text = larkMD(strings.Join(lines, lineSep(b)))
	}
	for _, f := range b.Fields {
		el.Fields = append(el.Fields, field{IsShort: true, Text: text{Tag: "lark_md", Content: "**" + notify.LarkMDText(f.Label) + "**\n" + notify.LarkMDRich(f.Value)}})
	}
	return el
}

// divLine is line n of b as its div shows it.
func divLine(b notify.Block, n int) string {
	return notify.LarkMDRich(notify.ListMark(b, n) + b.Lines[n])
}

// lineSep is what stands between the lines of b's div.
func lineSep(b notify.Block) string {
	if notify.ListMark(b, 0) == "" {
		return "\n\n" // paragraphs stand apart
	}
	return "\n"
}

// encode is a card message's body.
func encode(m message) ([]byte, error) { return notify.EncodeJSON(m) }

// mentions is the lark_md that mentions m: <at id=all></at> and
// <at id=ou_...></at> for each user id.
func mentions(m notify.Mention) string {
	var at []string
	if m.All {
		at = append(at, "<at id=all></at>")
	}
	for _, id := range m.UserIDs {
		at = append(at, "<at id="+id+"></at>")
	}
	return strings.Join(at, " ")
}

// Render turns an alert into Feishu cards: changes (grouped by channel
// label, then change type, mentioning t.Mention in the first card), a
// baseline note or a digest. Long alerts are split into as few numbered cards as fit
// maxBodyBytes with the signature's room, every change in exactly one.
// It reads only the alert, so the same alert renders the same bytes every
// time; the signature is added when posting.
func Render(a *campaign.Alert, loc notify.Locale, t notify.Target) ([]campaign.Message, error) {
	return notify.RenderDocMetered(a, loc, t.Mention, encodeDoc, newMeter(t.Mention))
}

// encodeDoc is the body of d mentioning m, and whether it fits with the
// signature's room.
func encodeDoc(d notify.Doc, m notify.Mention) ([]byte, bool, error) {
	body, err := body(d, m)
	return body, len(body)+signRoom <= maxBodyBytes, err
}
