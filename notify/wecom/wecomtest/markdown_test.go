package wecomtest

import "testing"

func TestCheckMarkdown(t *testing.T) {
	ok := "## Title\n\n### Brand A\n**Budget changed**\n- spring_sale ＊x＊ ＜b＞ (233001)\n> quoted\n<font color=\"comment\">2026-11-26 · run ID 5e8ff14d0042</font>\n"
	if p := CheckMarkdown(ok); p != "" {
		t.Errorf("CheckMarkdown(within what WeCom renders) = %s", p)
	}
	for name, bad := range map[string]string{
		"escaped":       "- spring\\_sale",
		"escaped star":  "a \\*b\\*",
		"html":          "<b>x</b>",
		"other colour":  "<font color=\"red\">x</font>",
		"unclosed bold": "**x",
		"unclosed code": "a `b",
	} {
		if CheckMarkdown(bad) == "" {
			t.Errorf("%s: CheckMarkdown(%q) found nothing", name, bad)
		}
	}
}
