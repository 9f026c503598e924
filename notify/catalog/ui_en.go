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

	SilencesNone: "There are no silences.",
	SilencesHow:  "Silences mute the messages that match them for a while, for planned work.",

	NotFound:    "There is nothing at this address.",
	Unavailable: "The data could not be read just now. Try again in a minute; if it persists, the function's logs say why.",
}
