package notify_test

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/notify"
)

// TestJSONLen: JSONLen is the length encoding/json gives a string, with
// and without HTML escaping, for every kind of character it escapes and
// for random strings of them; and it adds up over pieces.
func TestJSONLen(t *testing.T) {
	alphabet := []string{"a", " ", "\"", "\\", "/", "<", ">", "&", "\b", "\f", "\n", "\r", "\t", "\x00", "\x1f", "\x7f",
		"é", "春", "😀", "\u2028", "\u2029", "\ufffd", "\xff", "\xe6\x98", "\u200b"}
	cases := append([]string{""}, alphabet...)
	rnd := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		var b strings.Builder
		for range rnd.IntN(20) {
			b.WriteString(alphabet[rnd.IntN(len(alphabet))])
		}
		cases = append(cases, b.String())
	}
	for i, s := range cases {
		html, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var plain bytes.Buffer
		enc := json.NewEncoder(&plain)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if got, want := notify.JSONLen(s, true), len(html)-2; got != want {
			t.Errorf("JSONLen(%q, true) = %d, want %d (%s)", s, got, want, html)
		}
		if got, want := notify.JSONLen(s, false), plain.Len()-3; got != want {
			t.Errorf("JSONLen(%q, false) = %d, want %d (%s)", s, got, want, plain.Bytes())
		}
		if i > 0 {
			prev := cases[i-1]
			if got, want := notify.JSONLen(prev+s, true), notify.JSONLen(prev, true)+notify.JSONLen(s, true); got != want && strings.ToValidUTF8(prev, "") == prev && strings.ToValidUTF8(s, "") == s {
				t.Errorf("JSONLen(%q+%q) = %d, the pieces' sum %d", prev, s, got, want)
			}
		}
	}
}

// TestIsOneLine: text isOneLine says oneLine keeps is kept as it is by
// the whole of oneLine's work (collapse), and what collapse returns is
// such text but for a U+FFFD, over random strings of what oneLine
// removes or collapses.
func TestIsOneLine(t *testing.T) {
	alphabet := []string{"a", "Z", " ", "  ", "\t", "\n", "\r\n", "\x00", "\x7f", "\u0085", "\u00a0", "\u00ad", "\u2028", "\u2029",
		"\u200b", "\u202e", "\ufeff", "\ufffd", "\xff", "春", "😀", "&", "<"}
	rnd := rand.New(rand.NewPCG(3, 4))
	for range 5000 {
		var b strings.Builder
		for range rnd.IntN(8) {
			b.WriteString(alphabet[rnd.IntN(len(alphabet))])
		}
		s := b.String()
		if notify.IsOneLine(s) && notify.Collapse(s) != s {
			t.Errorf("isOneLine(%q), but oneLine makes it %q", s, notify.Collapse(s))
		}
		if c := notify.Collapse(s); !notify.IsOneLine(c) && !strings.ContainsRune(c, '\ufffd') {
			t.Errorf("oneLine(%q) = %q, which isOneLine refuses", s, c)
		}
	}
}
