package dingtalktest

import (
	"regexp"
	"strings"

	"github.com/campaignwatch/campaignwatch/notify/notifytest"
)

// The markdown DingTalk robots render: headings "#".."######", "> "
// quotes, **bold**, *italic*, [links](url), ![images](url), "- " and "1. "
// lists, paragraphs. Anything else (tables, code, HTML, rules, setext
// headings) shows as raw text in the group.
var (
	heading     = regexp.MustCompile(`^#{1,6} \S`)
	ordered     = regexp.MustCompile(`^\d+\. `)
	rule        = regexp.MustCompile(`^ {0,3}([-*_])( *[-*_]){2,} *$`)
	setext      = regexp.MustCompile(`^ {0,3}(=+|-+) *$`)
	fence       = regexp.MustCompile("^ {0,3}(```|~~~)")
	link        = regexp.MustCompile(`!?\[[^\]]*\]\([^)]*\)`)
	blockInItem = regexp.MustCompile(`^(- |\d+\. |> )(#|>|- |\+ |\* |\d+[.)] )`)
)

// CheckMarkdown parses a robot's markdown text line by line and returns
// the first construct outside what robots render, as "line N: ...", or ""
// when every line is within it.
func CheckMarkdown(text string) string {
	return notifytest.CheckLines(text, checkLine)
}

func checkLine(line string) string {
	switch {
	case line == "":
		return ""
	case fence.MatchString(line):
		return "a code fence"
	case strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "\t"):
		return "an indented code block"
	case rule.MatchString(line):
		return "a horizontal rule"
	case setext.MatchString(line):
		return "a setext heading underline"
	case blockInItem.MatchString(line):
		return "a block (heading, quote or list) inside a list item or quote"
	case strings.HasPrefix(line, "#") && !heading.MatchString(line):
		return "a malformed heading"
	}
	body := line
	for _, prefix := range []string{"> ", "- "} {
		body = strings.TrimPrefix(body, prefix)
	}
	if m := ordered.FindString(body); m != "" {
		body = body[len(m):]
	}
	// What is left is inline text: links are fine; no backslash escape
	// (robots do not document them, and show the backslash), table pipe,
	// code span or HTML may remain.
	inline := link.ReplaceAllString(body, "")
	switch {
	case notifytest.HasEscape(inline):
		return notifytest.EscapeProblem
	case strings.Contains(inline, "|"):
		return "a table cell separator"
	case strings.Contains(inline, "`"):
		return "a code span"
	case strings.Contains(inline, "<") || strings.Contains(inline, ">"):
		return "HTML or an autolink"
	case strings.Count(inline, "**")%2 != 0:
		return "an unclosed bold"
	}
	return ""
}
