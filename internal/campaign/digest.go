package campaign

import "time"

// Digest is one day's budget digest of the latest snapshot, reckoned in a
// time zone. Money is in US cents.
type Digest struct {
	// Date is the day the digest is for, "YYYY-MM-DD" in Zone.
	Date string `json:"date"`
	Zone string `json:"zone"`
	// Generation and TakenAt identify the snapshot the digest describes.
	Generation int64     `json:"generation"`
	TakenAt    time.Time `json:"takenAt"`
	// Since and Until bound the window the digest covers (DigestWindow):
	// the same wall-clock time on the previous day in Zone, up to the
	// digest's time; 24 hours, or 23 or 25 across a daylight-saving change.
	Since time.Time `json:"since"`
	Until time.Time `json:"until"`
	// ComparedTo is when the snapshot compared against was taken (at Since,
	// or the newest before that); nil when the history does not reach back
	// to Since, and then no comparison is made.
	ComparedTo *time.Time      `json:"comparedTo"`
	Total      DigestSection   `json:"total"`
	Channels   []DigestSection `json:"channels"`
	// TopDaily are the largest daily budgets of the active campaigns, at
	// most topN, largest first; TopLifetime the same for lifetime
	// budgets. The two are ranked apart: a day's spend and a whole
	// campaign's are not comparable.
	TopDaily    []Campaign `json:"topDaily"`
	TopLifetime []Campaign `json:"topLifetime"`
	// Changes are the changes committed in [Since, Until), grouped by type
	// in the order of ChangeTypes.
	Changes []ChangeGroup `json:"changes"`
	// Guardrails are the guardrail incidents still open in the digest's
	// channels; left out when there are none.
	Guardrails []Incident `json:"guardrails,omitempty"`
}

// DigestSection is the digest's arithmetic over one channel, or over all.
type DigestSection struct {
	// ChannelID and Name are empty for the section over all channels.
	ChannelID
	Name      string        `json:"name,omitempty"`
	Campaigns int           `json:"campaigns"`
	ByStatus  []StatusCount `json:"byStatus"`
	// DailyBudget sums the daily budgets of the active campaigns;
	// LifetimeBudget the lifetime budgets of the active campaigns.
	DailyBudget    int64 `json:"dailyBudget"`
	LifetimeBudget int64 `json:"lifetimeBudget"`
	// PrevDailyBudget and PrevLifetimeBudget are the same sums at
	// ComparedTo; nil without a comparison.
	PrevDailyBudget    *int64 `json:"prevDailyBudget"`
	PrevLifetimeBudget *int64 `json:"prevLifetimeBudget"`
}

// StatusCount is how many campaigns have one status.
type StatusCount struct {
	Status string `json:"status"`
	Count  int    `json:"count"`
}

// ChangeGroup is the changes of one type.
type ChangeGroup struct {
	Type    ChangeType `json:"type"`
	Changes []Change   `json:"changes"`
}
