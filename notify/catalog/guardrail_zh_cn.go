package catalog

import (
	"strconv"
	"strings"
	"time"
)

var zhGuardrail = GuardrailWords{
	BreachedTitle: func(rule string) string { return "预算护栏告警：" + rule },
	ResolvedTitle: func(rule string) string { return "预算护栏已恢复：" + rule },
	Title: func(firing, resolved int) string {
		switch {
		case resolved == 0:
			return strconv.Itoa(firing) + " 条预算护栏告警"
		case firing == 0:
			return strconv.Itoa(resolved) + " 条预算护栏已恢复"
		}
		return strconv.Itoa(firing) + " 条预算护栏告警，" + strconv.Itoa(resolved) + " 条已恢复"
	},
	Breached: "告警",
	Resolved: "已恢复",
	In: func(campaign, channel string) string {
		if strings.HasSuffix(channel, "）") {
			return channel + "的 " + campaign // no space after a full-width bracket
		}
		return channel + " 的 " + campaign
	},
	CampaignAbove: func(budget, value, limit string) string {
		return budget + " " + value + "，超过上限 " + limit
	},
	CampaignWithin: func(budget, value, limit string) string {
		return budget + " " + value + "，已回到上限 " + limit + " 以内"
	},
	CampaignGone: "已删除或已停止投放，不再受此上限约束",
	TotalAbove: func(budgets, value, limit string) string {
		return "投放中的" + budgets + "合计 " + value + "，超过上限 " + limit
	},
	TotalWithin: func(budgets, value, limit string) string {
		return "投放中的" + budgets + "合计 " + value + "，已回到上限 " + limit + " 以内"
	},
	ActiveBelow: func(n, least int64) string {
		return "投放中的广告系列 " + strconv.FormatInt(n, 10) + " 个，少于应有的 " + strconv.FormatInt(least, 10) + " 个"
	},
	ActiveWithin: func(n, least int64) string {
		return "投放中的广告系列已恢复到 " + strconv.FormatInt(n, 10) + " 个（至少应有 " + strconv.FormatInt(least, 10) + " 个）"
	},
	Rule:            "规则",
	Since:           "告警开始",
	Until:           "恢复时间",
	Lasted:          "持续",
	Duration:        zhDuration,
	DailyBudgets:    "日预算",
	LifetimeBudgets: "总预算",
	DigestHeading:   "仍在告警的预算护栏",
	DigestSince:     func(at string) string { return "自 " + at + " 起" },
}

// zhDuration is "45 分钟", "2 小时 10 分钟", "3 天 4 小时".
func zhDuration(d time.Duration) string {
	m := int(d.Round(time.Minute) / time.Minute)
	days, hours, mins := m/(24*60), m/60%24, m%60
	switch {
	case days > 0:
		s := strconv.Itoa(days) + " 天"
		if hours > 0 {
			s += " " + strconv.Itoa(hours) + " 小时"
		}
		return s
	case hours > 0:
		s := strconv.Itoa(hours) + " 小时"
		if mins > 0 {
			s += " " + strconv.Itoa(mins) + " 分钟"
		}
		return s
	}
	return strconv.Itoa(mins) + " 分钟"
}
