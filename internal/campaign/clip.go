package campaign

import (
	"strings"
	"unicode/utf8"
)

// Clip cuts s to at most max bytes, on a character boundary, marking the
// cut with "…" (counted in max). It is how campaignwatch quotes text it
// did not write (a payload, a path, a server's message, a configured
// value) in an error or into a field with a byte limit. Every layer
// imports this package, so it is the one home of byte clipping; notify
// keeps its own character-counted Clean for message text, which also
// neutralises what it keeps.
func Clip(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if cut < 0 {
		cut = 0
	}
	return s[:cut] + "…"
}

// CSVCell keeps a text cell from being read as a formula by a spreadsheet
// (OWASP "CSV injection"): campaign names come from outside, and marketing
// teams open the CSV answers in Excel. A leading ' is what spreadsheets
// show as nothing and take as "text". Every CSV answer uses it.
func CSVCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
