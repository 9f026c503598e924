package notifytest

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// What the chat fakes' markdown checks share. Each service's own rules
// (which blocks, tags and inline marks its robots render) stay in its fake;
// this is the line scan they all report through and the rule common to
// every robot's markdown: no backslash escapes.

var escapedPunct = regexp.MustCompile(`\\[[:punct:]]`)

// CheckLines runs check on each line of a robot's markdown text and returns
// the first problem it reports, as "line N "text": problem", or "" when
// check finds none.
func CheckLines(text string, check func(line string) string) string {
	for i, line := range strings.Split(text, "\n") {
		if p := check(line); p != "" {
			return fmt.Sprintf("line %d %q: %s", i+1, line, p)
		}
	}
	return ""
}

// EscapeProblem is what a fake reports when inline text holds a backslash
// escape: no chat robot documents them, and the group sees the backslash.
const EscapeProblem = "a backslash escape, which the group sees as a backslash"

// HasEscape reports whether inline text holds a backslash escape of
// punctuation, such as "\_" or "\*".
func HasEscape(inline string) bool { return escapedPunct.MatchString(inline) }

// MarkdownCases fails t unless check (a fake's CheckMarkdown) finds
// nothing in ok and finds something in each of bad and in the backslash
// escapes every robot shows as typed.
func MarkdownCases(t *testing.T, check func(string) string, ok string, bad map[string]string) {
	t.Helper()
	if p := check(ok); p != "" {
		t.Errorf("CheckMarkdown(within what the robot renders) = %s", p)
	}
	cases := map[string]string{
		"escaped":      "- spring\\_sale",
		"escaped star": "a \\*b\\*",
	}
	for name, text := range bad {
		cases[name] = text
	}
	for name, text := range cases {
		if check(text) == "" {
			t.Errorf("%s: CheckMarkdown(%q) found nothing", name, text)
		}
	}
}
