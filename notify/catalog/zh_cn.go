package catalog

import (
	"strconv"
	"strings"
)

// Chinese is the catalogue of "zh-CN" (Simplified Chinese), worded as a
// team in mainland China writes its own notices.
var Chinese = Lang{
	Tag: "zh-CN",
	UI:  chineseUI,

	ChangeHeadings: map[string]string{
		"budget_changed":      "预算调整",
		"status_changed":      "状态变更",
		"added":               "新增广告系列",
		"removed":             "已移除的广告系列",
		"budget_type_changed": "预算类型变更",
		"renamed":             "名称变更",
	},
	Daily:          "日预算",
	Lifetime:       "总预算",
	DailyBudget:    "日预算",
	LifetimeBudget: "总预算",
	StatusActive:   "投放中",
	StatusPaused:   "已暂停",
	StatusDeleted:  "已删除",
	StatusArchived: "已归档",

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
	FiltersChangedTitle: func(channels int) string {
		return "campaignwatch：" + strconv.Itoa(channels) + " 个渠道的筛选条件已更改"
	},
	FiltersChangedHeading: "筛选条件已更改",
	FiltersChanged: func(campaigns int) string {
		return "该渠道的筛选条件已更改，campaignwatch 将重新开始监控该渠道：现有 " + strconv.Itoa(campaigns) +
			" 个广告系列。此后的变化照常通知；更改筛选条件本身不会逐个广告系列通知。"
	},
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

	AllRefused: "本群的 campaignwatch 提醒将不再 @所有人：本群只允许群主和群管理员 @所有人。如需提醒所有人，请群主在群设置中允许所有成员 @所有人；或请 campaignwatch 的维护人员在配置文件中删除本群接收方的 mention.all。此说明只显示一次。",

	DigestTitle: func(date, zone string) string { return "campaignwatch 预算日报 " + date + "（" + zone + "）" },
	NoDigest:    "暂无日报：还没有任何快照。",
	DigestSnapshot: func(generation int64, takenAt string) string {
		return "数据来自第 " + strconv.FormatInt(generation, 10) + " 次快照（" + takenAt + "），"
	},
	DigestComparedWith: func(at string) string { return "对比 " + at + " 的快照。" },
	DigestNoComparison: "暂无一天前的快照，预算暂不与前一天对比；下方仍列出这段时间内各次检查发现的全部变更。",
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
	OpenDashboard:     "打开看板，查看预算、广告系列和变更",

	ChecksFailingTitle:   "campaignwatch：广告系列检查失败",
	DigestFailingTitle:   "campaignwatch：预算日报发送失败",
	StartupFailingTitle:  "campaignwatch 无法启动",
	ChecksRecoveredTitle: "campaignwatch：广告系列检查已恢复",
	DigestRecoveredTitle: "campaignwatch：预算日报已恢复",
	ChecksFailing: func(runs int, since string) string {
		return "自 " + since + " 起，campaignwatch 已连续 " + strconv.Itoa(runs) + " 次未能检查广告系列。"
	},
	DigestFailing: func(runs int, since string) string {
		return "自 " + since + " 起，campaignwatch 已连续 " + strconv.Itoa(runs) + " 次未能发送预算日报。"
	},
	StartupFailing: func(since string) string {
		return "自 " + since + " 起，campaignwatch 无法加载配置或连接所需的服务，目前不会检查任何广告系列。"
	},
	ChecksSilence: "修复之前，预算和状态的变化都不会在这里通知：没有消息不代表没有变化。",
	DigestSilence: "修复之前收不到预算日报；变更提醒不受影响。",
	ChecksRecovered: func(runs int, since string) string {
		return "广告系列检查已恢复正常（自 " + since + " 起共失败 " + strconv.Itoa(runs) + " 次）。期间发生的变更会照常由本次或下一次检查通知。"
	},
	DigestRecovered: func(runs int, since string) string {
		return "预算日报已恢复正常（自 " + since + " 起共失败 " + strconv.Itoa(runs) + " 次）。"
	},
	HealthDetails:     "详情",
	HealthFirst:       "请先检查",
	HealthFailingWhat: "故障项",
	HealthSince:       "开始失败",
	HealthRuns:        "失败次数",
	HealthLastError:   "最近一次错误",
	HealthRecoveredAt: "恢复时间",
	ListingIncomplete: func(failed, total int) string {
		return strconv.Itoa(total) + " 个渠道中有 " + strconv.Itoa(failed) + " 个未能完整列出，因此没有保存快照，也没有发送变更通知（下一次成功的检查会报告所有变更）"
	},
	ChecksName:   "广告系列检查",
	DigestName:   "预算日报",
	HealthDirect: "快照存储无法记录本通知，因此直接发送：其他函数实例可能会再发一次。",
	HintCredentials: "访问凭证：AccessKey 或函数角色被拒绝。请检查 ALIBABA_CLOUD_ACCESS_KEY_ID 和 ALIBABA_CLOUD_ACCESS_KEY_SECRET，" +
		"或确认函数角色有权调用 cams:ListMessageCampaign 并读写快照存储桶。",
	HintBucket:        "快照存储桶：请确认 SNAPSHOT_URL 中的存储桶存在、函数角色可以读写，且未开启版本控制。",
	HintConfiguration: "配置：用函数的设置和配置文件运行“campaignwatch config”，或查看函数日志，日志中逐项列出了每个问题。",
	HintAPI:           "CAMS API 自身的状态：接口返回错误或没有响应。请查看阿里云服务状态页和 Chat App Message Service 控制台；接口恢复后，检查会自动继续。",
	HintLogs:          "函数日志：搜索 event run_failed。",
	HintRefused: "上面的拒收原因说明了聊天服务不接受什么。如果它指向聊天群或机器人的某项设置（提及、权限），请在那里或在该接收方的设置中修改；" +
		"否则请把拒收原因和运行编号发给负责 campaignwatch 的人。之后的消息无需处理。",
	AsideTitle: func(receiver string) string { return "campaignwatch：发往 " + receiver + " 的消息已被搁置" },
	AsideLead: func(n int, receiver string) string {
		return "聊天服务多次拒收发往 " + receiver + " 的 " + strconv.Itoa(n) + " 条消息，campaignwatch 已将其搁置，以便之后的消息照常送达。" +
			receiver + " 没有收到被搁置的消息。"
	},
	AsideKept:     "被搁置的消息保存在 campaignwatch 的存储中。在发往该接收方的消息恢复送达之前，再有被拒收的消息也会被搁置，不再另行通知。",
	AsideReceiver: "接收方",
	AsideMessages: "已搁置消息",
	AsideSince:    "开始拒收",
	AsideRefusals: "拒收次数",
	AsideWhy:      "拒收原因",
	Guardrail:     zhGuardrail,
}
