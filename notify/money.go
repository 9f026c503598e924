package notify

import (
	"math"
	"strconv"
	"strings"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify/catalog"
)

// Money renders US cents as an amount that names its currency, read the
// same in every language: 6200 -> "US$62.00", 123450 -> "US$1,234.50",
// -150 -> "-US$1.50". The API's budgets are US cents; a team in Singapore
// or Hong Kong must not take them for local dollars. Exported, as are
// Percent, ZoneTime, StatusWord and BudgetTypeWord, for the pages that
// show the same data (the dashboard), so that a marketer reads one
// campaign the same way in chat and in the browser.
func Money(cents int64) string {
	s := campaign.FormatMoney(cents) // "$62.00", "-$1.50"
	if neg, ok := strings.CutPrefix(s, "-"); ok {
		return "-US" + neg
	}
	return "US" + s
}

// moneyChange renders a budget move in cents as a person reads it:
// "US$62.00 → US$80.00 (+29%)" ("（+29%）" in Chinese). The percentage is
// left out when old is zero.
func moneyChange(l *catalog.Lang, old, new int64) string {
	s := Money(old) + " → " + Money(new)
	if p, ok := Percent(old, new); ok {
		s = l.Paren(s, p)
	}
	return s
}

// moneyDelta renders the difference new-old as "+US$18.00, +29%", or the
// catalogue's "no change"; the percentage is left out when old is zero.
func moneyDelta(l *catalog.Lang, old, new int64) string {
	if old == new {
		return l.NoChange
	}
	d := new - old
	s := Money(d)
	if d > 0 {
		s = "+" + s
	}
	if p, ok := Percent(old, new); ok {
		s += l.ListSep + p
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
