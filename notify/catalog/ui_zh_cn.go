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

	SilencesNone: "当前没有静默。",
	SilencesHow:  "静默会在一段时间内屏蔽与之匹配的消息，适用于计划内的调整。",

	NotFound:    "此地址没有内容。",
	Unavailable: "暂时无法读取数据。请一分钟后重试；如果持续出现，请查看函数日志。",
}
