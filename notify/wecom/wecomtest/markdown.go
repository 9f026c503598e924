package wecomtest

import (
	"regexp"
	"strings"

	"github.com/campaignwatch/campaignwatch/notify/notifytest"
)

// The markdown WeCom group robots render: headings "#".."######", **bold**,
// [links](url), `inline code`, "> " quotes and <font color="info|comment|
// warning">; no italics, lists or tables (they show as typed), and no
// backslash escapes (the backslash shows).
var (
	fontTag = regexp.MustCompile(`<font color="(info|comment|warning)">|</font>`)
	link    = regexp.MustCompile(`\[[^\]]*\]\([^)]*\)`)
)

// CheckMarkdown returns the first thing in a robot's markdown content that
// a group would not see as the sender meant, as "line N: ...", or "" when
// there is none: a backslash escape (shown as a backslash), HTML other
// than the font tag, an unclosed bold or inline code.
func CheckMarkdown(content string) string {
	return notifytest.CheckLines(content, checkLine)
}

func checkLine(line string) string {
	inline := link.ReplaceAllString(fontTag.ReplaceAllString(line, ""), "")
	inline = strings.TrimPrefix(inline, "> ")
	switch {
	case notifytest.HasEscape(inline):
		return notifytest.EscapeProblem
	case strings.Contains(inline, "<") || strings.Contains(inline, ">"):
		return "HTML other than <font color>"
	case strings.Count(inline, "**")%2 != 0:
		return "an unclosed bold"
	case strings.Count(inline, "`")%2 != 0:
		return "an unclosed inline code"
	}
	return ""
}
