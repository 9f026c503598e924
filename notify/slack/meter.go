package slack

import (
	"encoding/json"

	"github.com/slack-go/slack"

	"github.com/campaignwatch/campaignwatch/notify"
)

// meter measures a Slack message as encode would find it (notify.Meter),
// so that a long alert is packed in one pass. The body is the payload's
// JSON, whose blocks slack-go encodes with json.Marshal (HTML-escaped)
// one after the other, comma-separated: a block adds a comma and its own
// JSON, and a line joins the section of lines blockSections is filling
// ("\n" and the line) or starts the next one, as blockSections decides.
type meter struct {
	m notify.Mention
	// size is the body's bytes, blocks its blocks.
	size, blocks int
	// chunk is the bytes of the section of lines being filled; 0 for
	// none.
	chunk int
}

// newMeter returns the meter of messages mentioning m.
func newMeter(m notify.Mention) *meter { return &meter{m: m} }

// sectionBytes is the JSON of a mrkdwn section block but its text.
var sectionBytes = blockBytes(slack.NewSectionBlock(mrkdwn(""), nil, nil))

func (t *meter) Start(d notify.Doc) {
	msg := payload(d, t.m)
	body, _, err := encode(msg)
	if err != nil {
		// Nothing of a doc fails to encode; should it, make every
		// message fail to fit, so that the split encodes and says why.
		body = make([]byte, maxPayloadBytes+1)
	}
	t.size, t.blocks, t.chunk = len(body), len(msg.Blocks.BlockSet), 0
}

func (t *meter) Block(blocks []notify.Block) {
	i := len(blocks) - 1
	head := blocks[i]
	head.Lines = nil
	for _, b := range append(sectionStart(blocks, i), blockSections(head)...) {
		t.size += 1 + blockBytes(b)
		t.blocks++
	}
	// blockSections fills its first section of lines after the heading,
	// unless the heading went with the fields.
	t.chunk = 0
	if head.Heading != "" && len(head.Fields) == 0 {
		t.chunk = len("*" + notify.SlackRich(head.Heading) + "*")
	}
}

func (t *meter) Line(b notify.Block, n int) {
	line := lineText(b, n)
	if t.chunk > 0 && t.chunk+1+len(line) <= maxSectionText {
		t.size += notify.JSONLen("\n"+line, true)
		t.chunk += 1 + len(line)
		return
	}
	t.size += 1 + sectionBytes + notify.JSONLen(line, true)
	t.blocks++
	t.chunk = len(line)
}

func (t *meter) Fits() bool { return t.blocks <= maxBlocks && t.size <= maxPayloadBytes }

// blockBytes is the length of b's JSON in a message's blocks.
func blockBytes(b slack.Block) int {
	j, err := json.Marshal(b)
	if err != nil {
		return maxPayloadBytes + 1
	}
	return len(j)
}
