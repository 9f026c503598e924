package notifytest

import (
	"strings"
	"testing"
)

func TestCheckLines(t *testing.T) {
	noStar := func(line string) string {
		if strings.Contains(line, "*") {
			return "a star"
		}
		return ""
	}
	if p := CheckLines("a\nb", noStar); p != "" {
		t.Errorf("CheckLines(no star) = %q, want nothing", p)
	}
	if p, want := CheckLines("a\nb *c\n*d", noStar), `line 2 "b *c": a star`; p != want {
		t.Errorf("CheckLines = %q, want %q", p, want)
	}
	for _, s := range []string{`spring\_sale`, `a \*b\*`, `\#`} {
		if !HasEscape(s) {
			t.Errorf("HasEscape(%q) = false", s)
		}
	}
	for _, s := range []string{`C:\dir`, "＊x＊", "plain"} {
		if HasEscape(s) {
			t.Errorf("HasEscape(%q) = true", s)
		}
	}
}
