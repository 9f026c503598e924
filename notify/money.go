package notify

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// MoneyChange renders a budget move in cents as a person reads it:
// "$62.00 → $80.00 (+29%)". The percentage is left out when old is zero.
func MoneyChange(old, new int64) string {
	s := campaign.FormatMoney(old) + " → " + campaign.FormatMoney(new)
	if p, ok := Percent(old, new); ok {
		s += " (" + p + ")"
	}
	return s
}

// MoneyDelta renders the difference new-old as "+$18.00, +29%", or
// "no change"; the percentage is left out when old is zero.
func MoneyDelta(old, new int64) string {
	if old == new {
		return "no change"
	}
	d := new - old
	s := campaign.FormatMoney(d)
	if d > 0 {
		s = "+" + s
	}
	if p, ok := Percent(old, new); ok {
		s += ", " + p
	}
	return s
}

// Percent renders the relative change from old to new with its sign:
// "+29%", "-4.5%" (one decimal below 10%). It reports false when old is
// zero, where a percentage means nothing.
func Percent(old, new int64) (string, bool) {
	p, ok := campaign.PercentChange(old, new)
	if !ok {
		return "", false
	}
	var s string
	if math.Abs(p) >= 9.95 {
		s = strconv.FormatFloat(math.Round(p), 'f', 0, 64)
	} else {
		s = strconv.FormatFloat(p, 'f', 1, 64)
	}
	if !strings.HasPrefix(s, "-") {
		s = "+" + s
	}
	return s + "%", true
}

// cents parses a budget the API gave as a string; ok is false when it is
// not an integer.
func cents(s string) (int64, bool) {
	v, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return v, err == nil
}

// maxTextRunes bounds any one piece of data (a campaign name, a label) in a
// message, so that one line always fits a message on its own.
const maxTextRunes = 200

// Clean makes data safe for one line of a message: control characters
// (newlines included) become spaces, and text longer than 200 characters is
// cut with "…".
func Clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > maxTextRunes {
		r := []rune(s)
		s = string(r[:maxTextRunes-1]) + "…"
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
