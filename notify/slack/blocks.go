package slack

import (
	"strings"

	"github.com/slack-go/slack"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
)

// Slack's limits for one message (Block Kit reference).
const (
	maxBlocks      = 50
	maxSectionText = 3000
	maxHeaderText  = 150
	maxFields      = 10
	maxFieldText   = 2000
	// maxPayloadBytes is campaignwatch's own bound on a message's JSON
	// body. Slack truncates text past 40,000 characters and folds long
	// messages behind "Show more"; about 16 KB keeps a message to some 150
	// changes, which a person still reads.
	maxPayloadBytes = 16000
)

// payload builds the webhook message of one doc: a header block with the
// title, the mentions of m (mentionSections), a section per channel and per change type (long lists split over
// several sections of at most maxSectionText bytes), fields for figures, a
// context block with the footer, and the title as the plain `text`
// fallback that notifications show (after the mentions, so that the
// notification names them too). It does not check the block count;
// Render splits docs so that it holds.
func payload(doc notify.Doc, m notify.Mention) *slack.WebhookMessage {
	blocks := []slack.Block{slack.NewHeaderBlock(plain(campaign.Clip(doc.Title, maxHeaderText)))}
	at := mentions(m)
	for _, line := range at {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(line), nil, nil))
	}
	for i, b := range doc.Blocks {
		blocks = append(blocks, sectionStart(doc.Blocks, i)...)
		blocks = append(blocks, blockSections(b)...)
	}
	if doc.Footer != "" {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(escape(doc.Footer))))
	}
	text := notify.SlackText(doc.Title)
	if len(at) > 0 {
		text = strings.Join(at, " ") + " " + text
	}
	return &slack.WebhookMessage{Text: text, Blocks: &slack.Blocks{BlockSet: blocks}}
}

// mentions returns Slack's mention tokens of m as lines of at most
// maxSectionText bytes: <!channel> for All, <!here> for Here, and per user
// id <!subteam^S…> for a user group (ids starting with S) or <@U…> for a
// member. The ids are checked by the configuration (checkUserID), so they
// hold nothing a token could be broken by.
func mentions(m notify.Mention) []string {
	var tokens []string
	if m.All {
		tokens = append(tokens, "<!channel>")
	}
	if m.Here {
		tokens = append(tokens, "<!here>")
	}
	for _, id := range m.UserIDs {
		if strings.HasPrefix(id, "S") {
			tokens = append(tokens, "<!subteam^"+id+">")
		} else {
			tokens = append(tokens, "<@"+id+">")
		}
	}
	var lines []string
	var line strings.Builder
	for _, t := range tokens {
		if line.Len() > 0 && line.Len()+1+len(t) > maxSectionText {
			lines = append(lines, line.String())
			line.Reset()
		}
		if line.Len() > 0 {
			line.WriteByte(' ')
		}
		line.WriteString(t)
	}
	if line.Len() > 0 {
		lines = append(lines, line.String())
	}
	return lines
}

// sectionStart is what comes before block i of blocks: where its
// section starts, a divider (but first in the message) and the section's
// name in bold.
func sectionStart(blocks []notify.Block, i int) []slack.Block {
	if !notify.SectionStarts(blocks, i) {
		return nil
	}
	name := slack.NewSectionBlock(mrkdwn("*"+escape(blocks[i].Section)+"*"), nil, nil)
	if i == 0 {
		return []slack.Block{name}
	}
	return []slack.Block{slack.NewDividerBlock(), name}
}

// blockSections renders one notify.Block as section blocks.
func blockSections(b notify.Block) []slack.Block {
	var out []slack.Block
	heading := ""
	if b.Heading != "" {
		heading = "*" + notify.SlackRich(b.Heading) + "*"
	}
	for start := 0; start < len(b.Fields); start += maxFields {
		var fields []*slack.TextBlockObject
		for _, f := range b.Fields[start:min(start+maxFields, len(b.Fields))] {
			fields = append(fields, mrkdwn(campaign.Clip("*"+escape(f.Label)+"*\n"+notify.SlackRich(f.Value), maxFieldText)))
		}
		var text *slack.TextBlockObject
		if start == 0 && heading != "" {
			text = mrkdwn(heading)
		}
		out = append(out, slack.NewSectionBlock(text, fields, nil))
		heading = ""
	}
	var chunk strings.Builder
	chunk.WriteString(heading)
	flush := func() {
		if chunk.Len() > 0 {
			out = append(out, slack.NewSectionBlock(mrkdwn(chunk.String()), nil, nil))
			chunk.Reset()
		}
	}
	for n := range b.Lines {
		line := lineText(b, n)
		if chunk.Len() > 0 && chunk.Len()+1+len(line) > maxSectionText {
			flush()
		}
		if chunk.Len() > 0 {
			chunk.WriteByte('\n')
		}
		chunk.WriteString(line)
	}
	flush()
	return out
}

// lineText is line n of b as a section shows it: a list item ("• ",
// "1. ") or a paragraph.
func lineText(b notify.Block, n int) string {
	mark := notify.ListMark(b, n)
	if mark == "- " {
		mark = "• "
	}
	return campaign.Clip(mark+notify.SlackRich(b.Lines[n]), maxSectionText)
}

// encode returns the JSON body of msg as posted, and whether it is within
// Slack's limits (maxBlocks, maxPayloadBytes).
func encode(msg *slack.WebhookMessage) ([]byte, bool, error) {
	body, err := notify.EncodeJSON(msg)
	if err != nil {
		return nil, false, err
	}
	n := 0
	if msg.Blocks != nil {
		n = len(msg.Blocks.BlockSet)
	}
	return body, n <= maxBlocks && len(body) <= maxPayloadBytes, nil
}

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

// escape keeps data from being read as Slack links or mentions
// (notify.SlackText).
func escape(s string) string { return notify.SlackText(s) }
