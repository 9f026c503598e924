package campaign

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Condition is what a guardrail rule watches.
type Condition string

// The conditions of a rule: exactly one per rule.
const (
	// CampaignBudgetAbove: one active campaign's budget is above Limit
	// (cents). Its subjects are the campaigns.
	CampaignBudgetAbove Condition = "campaignBudgetAbove"
	// TotalBudgetAbove: the rule's channels' active budgets, summed, are
	// above Limit (cents). Its subject is the rule.
	TotalBudgetAbove Condition = "totalBudgetAbove"
	// ActiveCampaignsBelow: the rule's channels together have fewer than
	// Limit active campaigns. Its subject is the rule.
	ActiveCampaignsBelow Condition = "activeCampaignsBelow"
)

// Guardrail is one checked rule of the configuration's guardrails.
type Guardrail struct {
	Name string
	// Channels are the channels the rule reads: every configured channel
	// when the configuration names none.
	Channels []ChannelID
	// Receivers name the receivers that get its messages; nil: every
	// receiver with guardrails on whose channels include the rule's.
	Receivers []string
	// BudgetType is BudgetDaily or BudgetLifetime: the budgets it reads.
	BudgetType string
	// Urgent messages pass through quiet hours.
	Urgent    bool
	Condition Condition
	// Limit is cents for the budget conditions, a count for
	// ActiveCampaignsBelow.
	Limit int64
}

// Fingerprint identifies what the rule measures: its channels, budget
// type, condition and limit. An incident opened under one fingerprint is
// resolved silently when the rule's fingerprint changes (the rule was
// edited) or the rule is gone. Receivers and urgency are left out: who
// hears of a breach does not change the breach.
func (g *Guardrail) Fingerprint() string {
	var b strings.Builder
	b.WriteString(string(g.Condition))
	b.WriteByte(0)
	b.WriteString(g.BudgetType)
	b.WriteByte(0)
	b.WriteString(strconv.FormatInt(g.Limit, 10))
	for _, id := range g.Channels {
		b.WriteByte(0)
		b.WriteString(id.String())
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:6])
}

// Incident is one open guardrail incident: a subject that a rule found
// breached, since when, and what it stood at when last evaluated. A
// snapshot's incidents are committed with it.
type Incident struct {
	Rule        string    `json:"rule"`
	Fingerprint string    `json:"fingerprint"`
	Condition   Condition `json:"condition"`
	BudgetType  string    `json:"budgetType"`
	// CustSpaceID and PageID are the campaign's channel, or the rule's
	// when it reads exactly one; empty for a rule over several.
	CustSpaceID string `json:"custSpaceId,omitempty"`
	PageID      string `json:"pageId,omitempty"`
	// CampaignID is set for campaign subjects only.
	CampaignID   string `json:"campaignId,omitempty"`
	CampaignName string `json:"campaignName,omitempty"`
	// Channels are the rule's channels, for a rule subject only.
	Channels []ChannelID `json:"channels,omitempty"`
	Value    int64       `json:"value"`
	Limit    int64       `json:"limit"`
	Since    time.Time   `json:"since"`
	// Told are the receivers that were sent its opening (not silenced):
	// they, and only they, are sent its end.
	Told []string `json:"told,omitempty"`
}

// key is the incident's subject within its rule: its campaign, or its
// rule's one channel, or nothing.
func (in *Incident) key() Key {
	return Key{CustSpaceID: in.CustSpaceID, PageID: in.PageID, CampaignID: in.CampaignID}
}

// subject identifies an incident within its rule.
func (in *Incident) subject() string {
	return in.Rule + "\x00" + in.Fingerprint + "\x00" + in.CustSpaceID + ":" + in.PageID + "/" + in.CampaignID
}

// Guardrail event states.
const (
	StateFiring   = "firing"
	StateResolved = "resolved"
)

// GuardrailEvent is an incident opened or resolved by one check: an item
// of the report's guardrails and of a guardrail message.
type GuardrailEvent struct {
	Incident
	State string `json:"state"`
	// Until is when a resolved incident was found within bounds again.
	Until time.Time `json:"until,omitzero"`
	// Gone: the campaign was removed or is no longer active (resolved
	// campaign subjects only).
	Gone   bool `json:"gone,omitempty"`
	Urgent bool `json:"urgent,omitempty"`
	// Receivers are the receivers the event is for (set in alerts only).
	Receivers []string `json:"receivers,omitempty"`
}

// SortEvents orders events as messages list them: firing before
// resolved, then by rule and subject.
func SortEvents(es []GuardrailEvent) {
	slices.SortStableFunc(es, func(a, b GuardrailEvent) int {
		if a.State != b.State {
			return cmp.Compare(a.State, b.State) // "firing" < "resolved"
		}
		return strings.Compare(a.subject(), b.subject())
	})
}
