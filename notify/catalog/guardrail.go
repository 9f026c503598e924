package catalog

import "time"

// GuardrailWords are what guardrail messages say around the figures, and
// the digest's list of open incidents. Amounts come in as money already
// written ("US$5,000.00"); budgets as "daily budget", totals as "daily
// budgets".
type GuardrailWords struct {
	// BreachedTitle and ResolvedTitle head a message of one incident of
	// rule; Title one of several (firing opened, resolved closed).
	BreachedTitle, ResolvedTitle func(rule string) string
	Title                        func(firing, resolved int) string
	// Breached and Resolved head the two groups of a message.
	Breached, Resolved string
	// In names a campaign within its channel.
	In func(campaign, channel string) string
	// CampaignAbove: one campaign's budget above the cap; CampaignWithin:
	// back within it; CampaignGone: removed or no longer active.
	CampaignAbove, CampaignWithin func(budget, value, limit string) string
	CampaignGone                  string
	// TotalAbove and TotalWithin: the active budgets of the channels,
	// summed (budgets: "daily budgets").
	TotalAbove, TotalWithin func(budgets, value, limit string) string
	// ActiveBelow and ActiveWithin: the active campaigns against the
	// least there must be.
	ActiveBelow, ActiveWithin func(n, least int64) string
	// Labels of the facts.
	Rule, Since, Until, Lasted string
	// Duration is how long an incident lasted, to the minute.
	Duration func(d time.Duration) string
	// DailyBudgets and LifetimeBudgets name summed budgets.
	DailyBudgets, LifetimeBudgets string
	// DigestHeading heads the digest's open incidents; DigestSince is one
	// incident's start.
	DigestHeading string
	DigestSince   func(at string) string
}
