package catalog

import (
	"strconv"
	"strings"
)

// Chinese is the catalogue of "zh-CN" (Simplified Chinese), worded as a
// team in mainland China writes its own notices.
var Chinese = Lang{
	Tag: "zh-CN",

	BudgetChanged:     "预算调整",
	StatusChanged:     "状态变更",
	Added:             "新增广告系列",
	Removed:           "已移除的广告系列",
	BudgetTypeChanged: "预算类型变更",
	Renamed:           "名称变更",
	Daily:             "日预算",
	Lifetime:          "总预算",
	DailyBudget:       "日预算",
	LifetimeBudget:    "总预算",
	StatusActive:      "投放中",
	StatusPaused:      "已暂停",
	StatusDeleted:     "已删除",
	StatusArchived:    "已归档",

	Colon:     "：",
	ListSep:   "，",
	Who:       func(name, id string) string { return name + "（" + id + "）" },
	Paren:     func(s, remark string) string { return s + "（" + remark + "）" },
	Page:      func(pageID, custSpaceID string) string { return "主页 " + pageID + "（" + custSpaceID + "）" },
	Continued: "（续）",
	Run:       func(id string) string { return "运行编号 " + id },

	ChangesTitle: func(changes, channels int) string {
		return "campaignwatch：" + strconv.Itoa(channels) + " 个渠道共 " + strconv.Itoa(changes) + " 项变更"
	},
	NoChanges: "campaignwatch：无变更",
	WasBudget: func(s string) string { return "移除前" + s },

	BaselineTitle: "campaignwatch 已开始监控",
	BaselineNote: func(campaigns int, channels []string) string {
		if len(channels) == 0 {
			return "campaignwatch 已开始监控 " + strconv.Itoa(campaigns) + " 个广告系列。"
		}
		return "campaignwatch 已开始监控 " + strconv.Itoa(len(channels)) + " 个渠道的 " + strconv.Itoa(campaigns) +
			" 个广告系列：" + strings.Join(channels, "、") + "。"
	},
	BaselineNext: "今后这些广告系列的预算、预算类型、状态或名称一有变化，都会在这里通知。",

	TestTitle: "campaignwatch 测试消息",
	TestNote:  "这是 campaignwatch 发来的测试消息：本群能正常收到提醒，无需任何操作。",

	DigestTitle: func(date, zone string) string { return "campaignwatch 预算日报 " + date + "（" + zone + "）" },
	NoDigest:    "暂无日报：还没有任何快照。",
	DigestSnapshot: func(generation int64, takenAt string) string {
		return "数据来自第 " + strconv.FormatInt(generation, 10) + " 次快照（" + takenAt + "），"
	},
	DigestComparedWith: func(at string) string { return "对比 " + at + " 的快照。" },
	DigestNoComparison: "暂无一天前的快照，本期不做对比。",
	AllChannels:        "全部渠道",
	Campaigns:          "广告系列",
	CampaignCount: func(n int, byStatus []string) string {
		s := strconv.Itoa(n) + " 个"
		if len(byStatus) > 0 {
			s += "（" + strings.Join(byStatus, "，") + "）"
		}
		return s
	},
	StatusCount:    func(status string, n int) string { return status + " " + strconv.Itoa(n) },
	ActiveDaily:    "投放中的日预算合计",
	ActiveLifetime: "投放中的总预算合计",
	Since:          func(delta, at string) string { return "较 " + at + " " + delta },
	NoChange:       "无变化",
	TopDaily:       "日预算最高的投放中广告系列",
	TopLifetime:    "总预算最高的投放中广告系列",
	NoneActive:     "无。",

	ChangesSince:      func(since string) string { return since + " 以来的变更" },
	ChangeCount:       func(heading string, n int) string { return heading + "：" + strconv.Itoa(n) + " 项" },
	NoChangesInWindow: "无变更。",
}
