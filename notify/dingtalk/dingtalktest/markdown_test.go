package dingtalktest

import (
	"testing"

	"github.com/campaignwatch/campaignwatch/notify/notifytest"
)

func TestCheckMarkdown(t *testing.T) {
	ok := "### Title\n\n#### Brand A\n\n**Budget changed**\n\n- **Campaigns**: 7\n1. spring_sale\n\nparagraph ＜b＞ ｜ ｀x｀ ＊y＊\n\n> 2026-11-26 · run r-1\n\n@13800000000\n"
	// Backslash escapes are checked for every robot by MarkdownCases.
	notifytest.MarkdownCases(t, CheckMarkdown, ok, map[string]string{
		"table":           "| a | b |\n| :-- | --: |",
		"code fence":      "```\nx\n```",
		"indented code":   "    x := 1",
		"code span":       "- a `b` c",
		"html":            "- <b>x</b>",
		"autolink":        "<https://example.com>",
		"rule":            "---",
		"setext":          "Title\n===",
		"heading in item": "- # big",
		"quote in item":   "- > x",
		"bad heading":     "#nospace",
		"unclosed bold":   "- **x",
	})
}
