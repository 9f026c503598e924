package notify

import (
	"time"

	"github.com/campaignwatch/campaignwatch/notify/catalog"
)

// The words messages use for campaign data, for the pages that show the
// same data (the dashboard), so that a marketer reads one campaign the
// same way in chat and in the browser.

// Money renders US cents as messages do: "US$62.00".
func Money(cents int64) string { return money(cents) }

// ZoneTime renders a time as messages do, with its zone:
// "2024-06-03 12:00 UTC+08:00".
func ZoneTime(t time.Time, loc *time.Location) string { return zoneTime(t, loc) }

// StatusWord names a campaign status: "active", "投放中".
func StatusWord(l *catalog.Lang, status string) string { return statusWord(l, status) }

// BudgetTypeWord names a budget type: "daily", "日预算".
func BudgetTypeWord(l *catalog.Lang, t string) string { return budgetTypeWord(l, t) }

// Percent renders a move from old to new in percent as messages do:
// "+29%"; ok is false when old is zero.
func Percent(old, new int64) (string, bool) { return percent(old, new) }
