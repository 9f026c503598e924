package catalog

import "strconv"

var chineseUI = UI{
	LangName:      "简体中文",
	Overview:      "概览",
	CampaignsPage: "广告系列",
	ChangesPage:   "变更记录",
	SilencesPage:  "静默",
	SignOut:       "退出登录",
	SkipToContent: "跳到正文",

	SignInTitle:    "登录 campaignwatch",
	SignInHint:     "请输入管理员提供的看板令牌（HTTP_AUTH_TOKEN）。登录后本浏览器 12 小时内保持登录。",
	TokenLabel:     "令牌",
	SignIn:         "登录",
	WrongToken:     "令牌不正确，请检查后重试。",
	TooManyTries:   "您的地址输错令牌次数过多，请一分钟后再试。",
	SignInDisabled: "登录已关闭：此部署未配置令牌。请联系管理员设置 HTTP_AUTH_TOKEN。",

	Channel:         "渠道",
	Total:           "全部渠道",
	ActiveCampaigns: "投放中",
	DayOverDay:      "一天内变化",
	NoComparison:    "缺少一天前的数据",
	LastCheck:       "最近一次检查",
	CheckOK:         "成功",
	NoCheckYet:      "尚无检查记录。",
	Guardrails:      "未解除的预算护栏告警",
	NoGuardrails:    "无。",
	Silences:        "生效中的静默",
	NoSilences:      "无。",
	LatestChanges:   "最新变更",
	AllChanges:      "全部变更",
	CheckFailing: func(runs int, since string) string {
		return "失败：自 " + since + " 起连续失败 " + strconv.Itoa(runs) + " 次"
	},
	ChartTitle: func(days int) string { return "近 " + strconv.Itoa(days) + " 天各渠道投放中日预算" },
	NoSeries:   "记录的天数还不够绘制图表。",
	Snapshot: func(generation int64, at string) string {
		return "快照第 " + strconv.FormatInt(generation, 10) + " 代，拍摄于 " + at
	},
	NoSnapshot: "还没有广告系列：首次检查尚未运行。",
	TimesIn:    func(zone string) string { return "时间均为 " + zone + " 时区。" },

	Search:           "搜索",
	SearchHint:       "名称或编号",
	Status:           "状态",
	AnyChannel:       "全部渠道",
	AnyStatus:        "全部状态",
	SortBy:           "排序",
	SortBudgetDesc:   "预算从高到低",
	SortBudgetAsc:    "预算从低到高",
	SortName:         "名称",
	SortNewest:       "最新创建",
	SortOldest:       "最早创建",
	Apply:            "应用",
	DownloadCSV:      "全部下载为 CSV",
	CampaignID:       "广告系列编号",
	CampaignName:     "广告系列",
	Budget:           "预算",
	BudgetType:       "预算类型",
	AdAccount:        "广告账户",
	Created:          "创建时间",
	Previous:         "上一页",
	Next:             "下一页",
	NoCampaignsMatch: "没有匹配的广告系列。",
	Showing: func(from, to, total int) string {
		return "第 " + strconv.Itoa(from) + "–" + strconv.Itoa(to) + " 条，共 " + strconv.Itoa(total) + " 条"
	},
	PageOf: func(page, pages int) string {
		return "第 " + strconv.Itoa(page) + " 页，共 " + strconv.Itoa(pages) + " 页"
	},

	BudgetOverTime:    "预算走势",
	NotInLatest:       "最新快照中没有此广告系列（已移除或从未列出）。",
	CampaignChanges:   "此广告系列的变更",
	NoCampaignChanges: "没有变更记录。",

	When:           "时间",
	Type:           "变更",
	Detail:         "变更内容",
	AnyType:        "全部变更",
	SinceLabel:     "起始",
	UntilLabel:     "截止",
	Older:          "更早的变更",
	NoChangesFound: "此期间没有变更。",
	WhenHint:       "日期（2026-12-01）、时间（RFC 3339）或距现在的时长（36h、7d）",
	ChangesKept:    "变更保留时长与历史记录一致。",

	SilencesNone:           "当前没有静默。",
	SilencesHow:            "静默会在一段时间内屏蔽与之匹配的消息（计划内的调整、结构重组）：被屏蔽的消息不会再发送，但仍记录在变更历史中。",
	SilenceAddTitle:        "新增静默",
	SilenceFor:             "持续时长",
	SilenceForHint:         "如 90m、3h 或 2d；最长 30 天",
	SilenceComment:         "原因",
	SilenceCampaignIDs:     "广告系列编号",
	SilenceCampaignIDsHint: "用逗号或空格分隔",
	SilenceChannels:        "渠道",
	SilenceTypes:           "消息类型",
	SilenceReceivers:       "接收方",
	SilenceAdd:             "新增静默",
	SilenceExpire:          "立即结束",
	SilenceStarts:          "开始",
	SilenceEnds:            "结束",
	SilenceBy:              "创建方式",
	SilenceMatches:         "屏蔽范围",
	SilenceState:           "状态",
	SilenceActive:          "生效中",
	SilencePending:         "未开始",
	SilenceEnded:           "已结束",
	SilenceShowEnded:       "同时显示已结束的静默",
	SilenceNotMade:         "静默未创建：",
	Guardrail:              "预算护栏消息",
	SilenceMatchersHint:    "请至少选择渠道、广告系列编号、消息类型或接收方中的一项。消息须与所选的每一项都匹配才会被屏蔽（同一项内任一取值匹配即可）。",
	SilenceProblem:         zhSilenceProblem,

	SetAsideTitle: "已搁置的消息",
	SetAsideHow:   "接收方的群多次拒收以下消息，campaignwatch 已将其保存在此，并继续发送之后的消息。这些消息不会再次发送；群的最后一次答复说明了拒收原因。",
	SetAsideCount: func(n int) string { return strconv.Itoa(n) + " 条消息" },
	SetAsideItem: func(alertAt string, changes int) string {
		if changes == 0 {
			return alertAt + " 的消息"
		}
		return alertAt + " 的提醒（" + strconv.Itoa(changes) + " 项变更）"
	},
	SetAsideWhy: func(refusals int, at string) string {
		return "被拒收 " + strconv.Itoa(refusals) + " 次后于 " + at + " 搁置"
	},
	SetAsideFor: func(receivers string) string { return "未送达 " + receivers + "（已搁置）" },

	NotFound:    "此地址没有内容。",
	Unavailable: "暂时无法读取数据。请一分钟后重试；如果持续出现，请查看函数日志。",
}

// zhSilenceProblem is UI.SilenceProblem in Chinese.
func zhSilenceProblem(code, v string) string {
	switch code {
	case "both-ends":
		return "请填写持续时长或结束时间，二者只能选其一"
	case "bad-for":
		return "“" + v + "”不是有效的时长，请填写如 90m、3h 或 2d"
	case "not-positive":
		return "“" + v + "”的时长为零，请填写如 90m、3h 或 2d"
	case "bad-end":
		return "“" + v + "”不是有效的时间，请填写如 2026-12-07T18:00:00+08:00"
	case "end-past":
		return v + " 不是将来的时间"
	case "no-end":
		return "请填写静默持续多久，如 3h 或 2d"
	case "too-long":
		return "静默最长 30 天；此静默将在 " + v + " 结束"
	case "no-comment":
		return "请填写原因（计划内的调整、由谁提出）：静默必须注明原因"
	case "long-comment":
		return "原因共 " + v + " 个字，最多 500 个字"
	case "unknown-channel":
		return "“" + v + "”不是所监控的渠道"
	case "bad-campaign-id":
		return "“" + v + "”不是有效的广告系列编号"
	case "unknown-type":
		return "“" + v + "”不是有效的消息类型"
	case "unknown-receiver":
		return "“" + v + "”不是已配置的接收方"
	case "no-matcher":
		return "请至少选择一个渠道、广告系列编号、消息类型或接收方：不选任何一项会屏蔽所有消息"
	}
	return ""
}
