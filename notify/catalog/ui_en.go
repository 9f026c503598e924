package catalog

import "strconv"

var englishUI = UI{
	LangName:      "English",
	Overview:      "Overview",
	CampaignsPage: "Campaigns",
	ChangesPage:   "Changes",
	SilencesPage:  "Silences",
	SignOut:       "Sign out",
	SkipToContent: "Skip to content",

	SignInTitle:    "Sign in to campaignwatch",
	SignInHint:     "Enter the dashboard token your administrator gave you (HTTP_AUTH_TOKEN). You stay signed in for 12 hours on this browser.",
	TokenLabel:     "Token",
	SignIn:         "Sign in",
	WrongToken:     "That token is not right. Check it and try again.",
	TooManyTries:   "Too many wrong tokens from your address. Wait a minute, then try again.",
	SignInDisabled: "Sign-in is turned off: this deployment has no token configured. Ask your administrator to set HTTP_AUTH_TOKEN.",

	Channel:         "Channel",
	Total:           "All channels",
	ActiveCampaigns: "Active",
	DayOverDay:      "Change in a day",
	NoComparison:    "no data a day back",
	LastCheck:       "Last check",
	CheckOK:         "succeeded",
	NoCheckYet:      "No check has been recorded yet.",
	Guardrails:      "Open guardrail incidents",
	NoGuardrails:    "None.",
	Silences:        "Active silences",
	NoSilences:      "None.",
	LatestChanges:   "Latest changes",
	AllChanges:      "All changes",
	CheckFailing: func(runs int, since string) string {
		return "failing: " + enCount(runs, "failed run", "failed runs in a row") + " since " + since
	},
	ChartTitle: func(days int) string { return "Active daily budget per channel, last " + strconv.Itoa(days) + " days" },
	NoSeries:   "Not enough days recorded for a chart yet.",
	Snapshot: func(generation int64, at string) string {
		return "Snapshot " + strconv.FormatInt(generation, 10) + ", taken " + at
	},
	NoSnapshot: "No campaigns yet: the first check has not run.",
	TimesIn:    func(zone string) string { return "Times are in " + zone + "." },

	Search:           "Search",
	SearchHint:       "name or id",
	Status:           "Status",
	AnyChannel:       "Every channel",
	AnyStatus:        "Every status",
	SortBy:           "Sort by",
	SortBudgetDesc:   "Budget, largest first",
	SortBudgetAsc:    "Budget, smallest first",
	SortName:         "Name",
	SortNewest:       "Newest first",
	SortOldest:       "Oldest first",
	Apply:            "Apply",
	DownloadCSV:      "Download all as CSV",
	CampaignID:       "Campaign id",
	CampaignName:     "Campaign",
	Budget:           "Budget",
	BudgetType:       "Budget type",
	AdAccount:        "Ad account",
	Created:          "Created",
	Previous:         "Previous",
	Next:             "Next",
	NoCampaignsMatch: "No campaign matches.",
	Showing: func(from, to, total int) string {
		return "Showing " + strconv.Itoa(from) + "–" + strconv.Itoa(to) + " of " + strconv.Itoa(total)
	},
	PageOf: func(page, pages int) string { return "Page " + strconv.Itoa(page) + " of " + strconv.Itoa(pages) },

	BudgetOverTime:    "Budget over time",
	NotInLatest:       "This campaign is not in the latest snapshot (removed, or never listed).",
	CampaignChanges:   "Changes of this campaign",
	NoCampaignChanges: "No recorded changes.",

	When:           "When",
	Type:           "Change",
	Detail:         "What changed",
	AnyType:        "Every change",
	SinceLabel:     "Since",
	UntilLabel:     "Until",
	Older:          "Older changes",
	NoChangesFound: "No changes in this period.",
	WhenHint:       "a date (2026-12-01), a time (RFC 3339) or a span back from now (36h, 7d)",
	ChangesKept:    "Changes are kept as long as the history keeps them.",

	SilencesNone:           "There are no silences.",
	SilencesHow:            "A silence mutes, for a while, the messages that match it (planned work, a restructuring): what it mutes is never sent, but stays in the history.",
	SilenceAddTitle:        "Add a silence",
	SilenceFor:             "For how long",
	SilenceForHint:         "90m, 3h or 2d; at most 30 days",
	SilenceComment:         "Why",
	SilenceCampaignIDs:     "Campaign ids",
	SilenceCampaignIDsHint: "separated by commas or spaces",
	SilenceChannels:        "Channels",
	SilenceTypes:           "Kinds of message",
	SilenceReceivers:       "Receivers",
	SilenceAdd:             "Add the silence",
	SilenceExpire:          "End now",
	SilenceStarts:          "Starts",
	SilenceEnds:            "Ends",
	SilenceBy:              "Made with",
	SilenceMatches:         "Mutes",
	SilenceState:           "State",
	SilenceActive:          "active",
	SilencePending:         "not started",
	SilenceEnded:           "ended",
	SilenceShowEnded:       "Show ended silences too",
	SilenceNotMade:         "The silence was not made:",
	Guardrail:              "Guardrail message",
	SilenceMatchersHint:    "Choose at least one of channels, campaign ids, kinds or receivers. A message is muted when it matches every one you chose (any of the values within one).",
	SilenceProblem:         enSilenceProblem,

	SetAsideTitle: "Messages set aside",
	SetAsideHow:   "A receiver's chat refused these messages again and again, so campaignwatch kept them here and went on with the later ones. They are not sent again; the chat's last answer says what it refused.",
	SetAsideCount: func(n int) string {
		if n == 1 {
			return "1 message"
		}
		return strconv.Itoa(n) + " messages"
	},
	SetAsideItem: func(alertAt string, changes int) string {
		switch changes {
		case 0:
			return "The message of " + alertAt
		case 1:
			return "The alert of " + alertAt + " (1 change)"
		}
		return "The alert of " + alertAt + " (" + strconv.Itoa(changes) + " changes)"
	},
	SetAsideWhy: func(refusals int, at string) string {
		return "set aside " + at + " after " + strconv.Itoa(refusals) + " refusals"
	},
	SetAsideFor: func(receivers string) string { return "Not delivered to " + receivers + " (set aside)" },

	NotFound:    "There is nothing at this address.",
	Unavailable: "The data could not be read just now. Try again in a minute; if it persists, the function's logs say why.",
}

// enSilenceProblem is UI.SilenceProblem in English.
func enSilenceProblem(code, v string) string {
	switch code {
	case "both-ends":
		return "give how long it lasts or when it ends, not both"
	case "bad-for":
		return strconv.Quote(v) + " is not a length of time such as 90m, 3h or 2d"
	case "not-positive":
		return strconv.Quote(v) + " is no time at all: give 90m, 3h or 2d"
	case "bad-end":
		return strconv.Quote(v) + " is not a time such as 2026-12-07T18:00:00+08:00"
	case "end-past":
		return v + " is not in the future"
	case "no-end":
		return "say how long the silence lasts, such as 3h or 2d"
	case "too-long":
		return "a silence lasts at most 30 days; this one would end " + v
	case "no-comment":
		return "say why (planned work, who asked): a silence needs a reason"
	case "long-comment":
		return v + " characters; at most 500"
	case "unknown-channel":
		return strconv.Quote(v) + " is not one of the channels watched"
	case "bad-campaign-id":
		return strconv.Quote(v) + " is not a campaign id"
	case "unknown-type":
		return strconv.Quote(v) + " is not a kind of message"
	case "unknown-receiver":
		return strconv.Quote(v) + " is not one of the receivers"
	case "no-matcher":
		return "choose at least one channel, campaign id, kind or receiver: a silence without would mute everything"
	}
	return ""
}
