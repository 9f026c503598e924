package wecom

import (
	"strings"

	"github.com/campaignwatch/campaignwatch/notify"
)

// WeCom's limits on one message's content, in bytes.
const (
	maxContentBytes     = 4096
	maxTextContentBytes = 2048
)

// message is a group robot's message: markdown or text.
type message struct {
	MsgType  string    `json:"msgtype"`
	Markdown *markdown `json:"markdown,omitempty"`
	Text     *text     `json:"text,omitempty"`
}

type markdown struct {
	Content string `json:"content"`
}

type text struct {
	Content          string   `json:"content"`
	Mentioned        []string `json:"mentioned_list,omitempty"`
	MentionedMobiles []string `json:"mentioned_mobile_list,omitempty"`
}

// renderMarkdown renders a doc in the markdown WeCom robots show: a heading for
// the title and for each channel section, bold block headings, one plain
// line per entry (WeCom has no lists or tables), "label: value" lines for
// fields (with the language's colon), and the footer in grey. Data is
// escaped (notify.MarkdownText, MarkdownRich) so that a campaign name
// cannot style the message, add a link or mention anyone (<@userid>,
// @all); the only links are the doc's own, [name](url).
func renderMarkdown(doc notify.Doc) string {
	var b strings.Builder
	b.WriteString("## " + notify.MarkdownText(doc.Title) + "\n")
	for i, blk := range doc.Blocks {
		b.WriteString(blockHead(doc, doc.Blocks, i))
		for n := range blk.Lines {
			b.WriteString(line(blk, n))
		}
	}
	if doc.Footer != "" {
		b.WriteString("\n<font color=\"comment\">" + notify.MarkdownText(doc.Footer) + "</font>\n")
	}
	return b.String()
}

// blockHead is the markdown of block i of blocks, doc's, without its
// lines: its section's heading where the section starts, its heading in
// bold, its fields.
func blockHead(doc notify.Doc, blocks []notify.Block, i int) string {
	colon := ": "
	if doc.Lang != nil {
		colon = doc.Lang.Colon // "：" in Chinese
	}
	var b strings.Builder
	blk := blocks[i]
	if notify.SectionStarts(blocks, i) {
		b.WriteString("\n### " + notify.MarkdownText(blk.Section) + "\n")
	}
	b.WriteString("\n")
	if blk.Heading != "" {
		b.WriteString("**" + notify.MarkdownRich(blk.Heading) + "**\n")
	}
	for _, f := range blk.Fields {
		b.WriteString(notify.MarkdownText(f.Label) + colon + notify.MarkdownRich(f.Value) + "\n")
	}
	return b.String()
}

// line is the markdown of line n of blk: a list item, or a paragraph
// apart from the one before it.
func line(blk notify.Block, n int) string {
	sep := ""
	if n > 0 && notify.ListMark(blk, n) == "" {
		sep = "\n" // paragraphs stand apart
	}
	return sep + notify.ListMark(blk, n) + notify.MarkdownRich(blk.Lines[n]) + "\n"
}

// newMeter measures a message's content as renderMarkdown writes it, so
// that a long alert is packed in one pass (notify.SumMeter).
func newMeter() notify.Meter {
	return notify.SumMeter(func(d notify.Doc) int { return len(renderMarkdown(d)) },
		func(d notify.Doc, blocks []notify.Block) int { return len(blockHead(d, blocks, len(blocks)-1)) },
		func(b notify.Block, n int) int { return len(line(b, n)) },
		maxContentBytes)
}
