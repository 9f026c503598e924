// Package notify is what every chat receiver shares: one content model for
// alerts (Doc), the text of change alerts, baselines and digests, splitting
// a long Doc into messages that fit a service's limits, HTTP posting with
// pacing and one retry decision per reply, and secret redaction.
//
// Each service package (notify/slack, notify/dingtalk, notify/feishu,
// notify/wecom, notify/webhook) exports one Service: its payload, limits,
// reply reading, signing and mentions. Service.New joins it with what is
// shared into a campaign.Notifier; notify/receivers lists the services.
package notify

import (
	"strconv"
	"strings"
)

// Doc is the content of one chat message, before any service's format.
// Every string in it is plain text: renderers escape and style it.
type Doc struct {
	// Title is the message's headline.
	Title string
	// Blocks are shown in order.
	Blocks []Block
	// Footer is a small closing line: the time and the run's id.
	Footer string
}

// Block is one group of content: a heading, then label/value fields (which
// stay together), then lines (which may be split across messages).
type Block struct {
	// Section is the top-level group the block belongs to (a channel's
	// label). Renderers show it when it differs from the previous block's.
	Section string
	// Heading names the block: "Budget changed", "Top budgets".
	Heading string
	// Fields are label/value pairs shown side by side or as a table.
	Fields []Field
	// Lines are shown one per row: as a list under a heading, as plain
	// paragraphs in a block without one.
	Lines []string
	// Numbered makes Lines an ordered list.
	Numbered bool
}

// Field is one label/value pair.
type Field struct {
	Label string
	Value string
}

// SectionStarts reports whether block i of blocks opens a new section,
// where a renderer shows the section's name.
func SectionStarts(blocks []Block, i int) bool {
	return blocks[i].Section != "" && (i == 0 || blocks[i-1].Section != blocks[i].Section)
}

// PlainText renders the doc for terminals and logs: indented, unstyled.
func (d Doc) PlainText() string {
	var b strings.Builder
	b.WriteString(d.Title)
	b.WriteString("\n")
	for i, blk := range d.Blocks {
		indent := ""
		if blk.Section != "" {
			indent = "  "
		}
		if SectionStarts(d.Blocks, i) {
			b.WriteString("\n" + blk.Section + "\n")
		} else if blk.Section == "" {
			b.WriteString("\n")
		}
		if blk.Heading != "" {
			b.WriteString(indent + blk.Heading + "\n")
		}
		for _, f := range blk.Fields {
			b.WriteString(indent + "  " + f.Label + ": " + f.Value + "\n")
		}
		for n, l := range blk.Lines {
			b.WriteString(indent + "  " + ListMark(blk, n) + l + "\n")
		}
	}
	if d.Footer != "" {
		b.WriteString("\n" + d.Footer + "\n")
	}
	return b.String()
}

// Markdown renders the doc as Markdown: headings, tables for fields, lists
// for lines. Text from the data is escaped so that a campaign name cannot
// change the layout.
func (d Doc) Markdown() string {
	var b strings.Builder
	b.WriteString("### " + MarkdownEscape(d.Title) + "\n")
	for i, blk := range d.Blocks {
		if SectionStarts(d.Blocks, i) {
			b.WriteString("\n#### " + MarkdownEscape(blk.Section) + "\n")
		}
		if blk.Heading != "" {
			b.WriteString("\n**" + MarkdownEscape(blk.Heading) + "**\n")
		}
		if len(blk.Fields) > 0 {
			b.WriteString("\n| | |\n| :-- | --: |\n")
			for _, f := range blk.Fields {
				b.WriteString("| " + tableCell(f.Label) + " | " + tableCell(f.Value) + " |\n")
			}
		}
		if len(blk.Lines) > 0 {
			b.WriteString("\n")
			for n, l := range blk.Lines {
				if n > 0 && ListMark(blk, n) == "" {
					b.WriteString("\n") // paragraphs stand apart
				}
				b.WriteString(ListMark(blk, n) + MarkdownEscape(l) + "\n")
			}
		}
	}
	if d.Footer != "" {
		b.WriteString("\n> " + MarkdownEscape(d.Footer) + "\n")
	}
	return b.String()
}

// ListMark is what line n of b starts with: "1. " in a numbered list,
// "- " in a list, nothing in a block without heading (paragraphs).
func ListMark(b Block, n int) string {
	switch {
	case b.Numbered:
		return strconv.Itoa(n+1) + ". "
	case b.Heading == "":
		return ""
	}
	return "- "
}

var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;",
)

// MarkdownEscape escapes the characters that Markdown would read as
// styling, links or HTML, so that data shows as the text it is.
func MarkdownEscape(s string) string { return markdownEscaper.Replace(s) }

func tableCell(s string) string {
	return strings.ReplaceAll(MarkdownEscape(s), "|", `\|`)
}
