package catalog

import (
	"strconv"
	"time"
)

var enGuardrail = GuardrailWords{
	BreachedTitle: func(rule string) string { return "Guardrail breached: " + rule },
	ResolvedTitle: func(rule string) string { return "Guardrail back within bounds: " + rule },
	Title: func(firing, resolved int) string {
		switch {
		case resolved == 0:
			return enCount(firing, "guardrail", "guardrails") + " breached"
		case firing == 0:
			return enCount(resolved, "guardrail", "guardrails") + " back within bounds"
		}
		return enCount(firing, "guardrail", "guardrails") + " breached, " + strconv.Itoa(resolved) + " back within bounds"
	},
	Breached: "Breached",
	Resolved: "Back within bounds",
	In:       func(campaign, channel string) string { return campaign + " in " + channel },
	CampaignAbove: func(budget, value, limit string) string {
		return budget + " " + value + ", above the cap of " + limit
	},
	CampaignWithin: func(budget, value, limit string) string {
		return budget + " " + value + ", back within the cap of " + limit
	},
	CampaignGone: "removed or no longer active, so the cap no longer applies",
	TotalAbove: func(budgets, value, limit string) string {
		return "active " + budgets + " add up to " + value + ", above the cap of " + limit
	},
	TotalWithin: func(budgets, value, limit string) string {
		return "active " + budgets + " add up to " + value + ", back within the cap of " + limit
	},
	ActiveBelow: func(n, least int64) string {
		return enCount(int(n), "active campaign", "active campaigns") + ", fewer than the " + strconv.FormatInt(least, 10) + " expected"
	},
	ActiveWithin: func(n, least int64) string {
		return enCount(int(n), "active campaign", "active campaigns") + " again (at least " + strconv.FormatInt(least, 10) + " expected)"
	},
	Rule:            "Rule",
	Since:           "Breached since",
	Until:           "Back within bounds at",
	Lasted:          "Lasted",
	Duration:        enDuration,
	DailyBudgets:    "daily budgets",
	LifetimeBudgets: "lifetime budgets",
	DigestHeading:   "Guardrails still breached",
	DigestSince:     func(at string) string { return "since " + at },
}

// enDuration is "45 min", "2 h 10 min", "3 days 4 h".
func enDuration(d time.Duration) string {
	m := int(d.Round(time.Minute) / time.Minute)
	days, hours, mins := m/(24*60), m/60%24, m%60
	switch {
	case days > 0:
		s := enCount(days, "day", "days")
		if hours > 0 {
			s += " " + strconv.Itoa(hours) + " h"
		}
		return s
	case hours > 0:
		s := strconv.Itoa(hours) + " h"
		if mins > 0 {
			s += " " + strconv.Itoa(mins) + " min"
		}
		return s
	}
	return strconv.Itoa(mins) + " min"
}
