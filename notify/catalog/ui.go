package catalog

// UI is every word of the web dashboard's pages, beside the words of
// messages that the pages show too (change names, statuses, budget
// types, the digest's figures' labels): one catalogue per language for
// both, so that a page and a message never name one thing two ways.
type UI struct {
	// LangName is the language's own name, for the language switch.
	LangName string
	// Nav: the pages' names in the navigation, and the sign-out button.
	Overview, CampaignsPage, ChangesPage, SilencesPage, SignOut string
	// SkipToContent is the first link, for keyboard users.
	SkipToContent string

	// Sign-in form.
	SignInTitle, SignInHint, TokenLabel, SignIn string
	WrongToken, TooManyTries, SignInDisabled    string

	// Overview.
	Channel, Total, ActiveCampaigns, DayOverDay, NoComparison string
	LastCheck, CheckOK, NoCheckYet, Guardrails, NoGuardrails  string
	Silences, NoSilences, LatestChanges, AllChanges           string
	// CheckFailing says checks fail: how many in a row, since when.
	CheckFailing func(runs int, since string) string
	// ChartTitle heads the chart of each channel's active daily budget
	// over days; NoSeries stands for a chart without data.
	ChartTitle func(days int) string
	NoSeries   string
	// Snapshot names the snapshot a page shows: its generation and time.
	Snapshot func(generation int64, at string) string
	// NoSnapshot: nothing has been checked yet.
	NoSnapshot string
	// TimesIn says which zone the page's times are in.
	TimesIn func(zone string) string

	// Campaigns table and its filters.
	Search, SearchHint, Status, AnyChannel, AnyStatus, SortBy        string
	SortBudgetDesc, SortBudgetAsc, SortName, SortNewest, SortOldest  string
	Apply, DownloadCSV, CampaignID, CampaignName, Budget, BudgetType string
	AdAccount, Created, Previous, Next, NoCampaignsMatch             string
	// Showing says which rows of how many a page shows.
	Showing func(from, to, total int) string
	// PageOf names a page of the table.
	PageOf func(page, pages int) string

	// One campaign.
	BudgetOverTime, NotInLatest, CampaignChanges, NoCampaignChanges string

	// Changes page.
	When, Type, Detail, AnyType, SinceLabel, UntilLabel, Older, NoChangesFound string
	// WhenHint explains the accepted forms of a time filter.
	WhenHint string
	// ChangesKept says how far back the page reaches.
	ChangesKept string

	// Silences page: the list, the form to add one, the button to end one.
	SilencesNone, SilencesHow, SilenceAddTitle, SilenceFor, SilenceForHint      string
	SilenceComment, SilenceCampaignIDs, SilenceCampaignIDsHint, SilenceChannels string
	SilenceTypes, SilenceReceivers, SilenceAdd, SilenceExpire, SilenceStarts    string
	SilenceEnds, SilenceBy, SilenceMatches, SilenceState, SilenceActive         string
	SilencePending, SilenceEnded, SilenceShowEnded, SilenceNotMade, Guardrail   string
	// SilenceMatchersHint says that at least one matcher is needed and how
	// they combine.
	SilenceMatchersHint string
	// SilenceProblem says why the form's silence was not made: code is
	// the check it failed (silence.Problem.Code), value what it failed
	// on; "" for a code it does not know.
	SilenceProblem func(code, value string) string

	// Messages set aside (a receiver's chat refused them again and
	// again): the overview's list, per receiver, and the mark on a
	// change whose check's message was set aside.
	SetAsideTitle, SetAsideHow string
	// SetAsideCount counts one receiver's messages set aside.
	SetAsideCount func(n int) string
	// SetAsideItem names one: the alert's time and how many changes it
	// held (0: a message without changes).
	SetAsideItem func(alertAt string, changes int) string
	// SetAsideWhy says when it was set aside, after how many refusals.
	SetAsideWhy func(refusals int, at string) string
	// SetAsideFor marks a change: not delivered to these receivers.
	SetAsideFor func(receivers string) string

	// Errors shown as a page.
	NotFound, Unavailable string
}
