// Package notify is what every chat receiver shares: one content model for
// alerts (Doc), the text of change alerts, baselines and digests, splitting
// a long Doc into messages that fit a service's limits, HTTP posting with
// pacing and one retry decision per reply, and secret redaction.
//
// Each service package (notify/slack, ...) exports one Service: its
// payload, limits, reply reading, signing and mentions, and registers its
// fake for development builds (fake.go). Service.New joins it with what is
// shared into a campaign.Notifier; notify/receivers lists the services.
package notify

import (
	"strconv"
	"strings"

	"github.com/campaignwatch/campaignwatch/notify/catalog"
)

// Doc is the content of one chat message, before any service's format.
// Every string in it is plain text, but for the link spans of campaign
// names when the reader has a public URL (link.go): renderers escape and
// style it, and write headings, values and lines with their family's
// Rich function (SlackRich, MarkdownRich, LarkMDRich).
type Doc struct {
	// Title is the message's headline.
	Title string
	// Blocks are shown in order.
	Blocks []Block
	// footer is a small closing line: the time and the run's id.
	Footer string
	// Lang is the catalogue the doc is written in (nil: English): split
	// marks continued blocks and renderers join labels to values with it.
	Lang *catalog.Lang
}

func (d Doc) lang() *catalog.Lang {
	if d.Lang == nil {
		return &catalog.English
	}
	return d.Lang
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
	Fields []field
	// Lines are shown one per row: as a list under a heading, as plain
	// paragraphs in a block without one.
	Lines []string
	// Numbered makes Lines an ordered list.
	Numbered bool
}

// field is one label/value pair.
type field struct {
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
			b.WriteString(indent + Unlinked(blk.Heading) + "\n")
		}
		for _, f := range blk.Fields {
			b.WriteString(indent + "  " + f.Label + d.lang().Colon + Unlinked(f.Value) + "\n")
		}
		for n, l := range blk.Lines {
			b.WriteString(indent + "  " + ListMark(blk, n) + Unlinked(l) + "\n")
		}
	}
	if d.Footer != "" {
		b.WriteString("\n" + d.Footer + "\n")
	}
	return b.String()
}

// Markdown renders the doc in the Markdown that DingTalk robots render
// (and WeCom's is a subset of): "###" and "####" headings, bold, lists
// ("- ", "1. "), paragraphs apart by a blank line, and a quote for the
// footer; figures are list items "- **Label**: value", never tables, and
// nothing uses code or HTML; the only links are the doc's own spans
// ([name](url)). Every string is passed through MarkdownText (MarkdownRich
// where a span may be), so that data cannot add markup.
func (d Doc) Markdown() string {
	var b strings.Builder
	b.WriteString("### " + MarkdownText(d.Title) + "\n")
	for i, blk := range d.Blocks {
		b.WriteString(markdownHead(d.lang(), d.Blocks, i))
		for n, l := range blk.Lines {
			b.WriteString(markdownLine(blk, n, l))
		}
	}
	if d.Footer != "" {
		b.WriteString("\n> " + MarkdownText(d.Footer) + "\n")
	}
	return b.String()
}

// markdownHead is the Markdown of block i of blocks without its lines:
// its section's heading where the section starts, its heading, its
// fields.
func markdownHead(l *catalog.Lang, blocks []Block, i int) string {
	var b strings.Builder
	blk := blocks[i]
	if SectionStarts(blocks, i) {
		b.WriteString("\n#### " + MarkdownText(blk.Section) + "\n")
	}
	if blk.Heading != "" {
		b.WriteString("\n**" + MarkdownRich(blk.Heading) + "**\n")
	}
	if len(blk.Fields) > 0 {
		b.WriteString("\n")
		for _, f := range blk.Fields {
			b.WriteString("- **" + MarkdownText(f.Label) + "**" + l.Colon + MarkdownRich(f.Value) + "\n")
		}
	}
	return b.String()
}

// markdownLine is the Markdown of line n of blk, whose text is l: a list
// item, or a paragraph apart from the one before it; the first line
// stands apart from the block's head.
func markdownLine(blk Block, n int, l string) string {
	mark := ListMark(blk, n)
	sep := ""
	if n == 0 || mark == "" {
		sep = "\n"
	}
	return sep + mark + MarkdownRich(l) + "\n"
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
