package wecomtest

import (
	"testing"

	"github.com/campaignwatch/campaignwatch/notify/notifytest"
)

func TestCheckMarkdown(t *testing.T) {
	ok := "## Title\n\n### Brand A\n**Budget changed**\n- spring_sale ＊x＊ ＜b＞ (233001)\n> quoted\n<font color=\"comment\">2026-11-26 · run ID 5e8ff14d0042</font>\n"
	// Backslash escapes are checked for every robot by MarkdownCases.
	notifytest.MarkdownCases(t, CheckMarkdown, ok, map[string]string{
		"html":          "<b>x</b>",
		"other colour":  "<font color=\"red\">x</font>",
		"unclosed bold": "**x",
		"unclosed code": "a `b",
	})
}
