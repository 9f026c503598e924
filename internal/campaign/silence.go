package campaign

import (
	"context"
	"slices"
	"time"
)

// Silence limits, the same for the command, the HTTP route and the
// dashboard.
const (
	// MaxSilence is the longest a silence may last.
	MaxSilence = 30 * 24 * time.Hour
	// MaxSilenceComment bounds a silence's comment, in characters.
	MaxSilenceComment = 500
	// SilenceKept is how long an ended silence is kept before it is pruned.
	SilenceKept = 30 * 24 * time.Hour
	// SilenceGuardrail is the item type of a guardrail message in a
	// silence's Types, beside the change types.
	SilenceGuardrail = "guardrail"
)

// Silence mutes, between StartsAt and EndsAt, the items (changes and
// guardrail messages) that match it: such an item is not sent to the
// receivers it matches, then or ever. A matcher left empty matches
// everything; an item matches when every matcher given matches it, and a
// matcher matches when any of its values does.
type Silence struct {
	ID       string    `json:"id"`
	StartsAt time.Time `json:"startsAt"`
	EndsAt   time.Time `json:"endsAt"`
	Comment  string    `json:"comment"`
	// CreatedBy is "cli" or "dashboard".
	CreatedBy string `json:"createdBy"`
	// Channels are channel ids ("cams-a1:239001"); names are resolved when
	// the silence is made.
	Channels    []string `json:"channels"`
	CampaignIDs []string `json:"campaignIds"`
	// Types are change types, or "guardrail".
	Types     []string `json:"types"`
	Receivers []string `json:"receivers"`
}

// Active reports whether s mutes items at t.
func (s *Silence) Active(t time.Time) bool {
	return !t.Before(s.StartsAt) && t.Before(s.EndsAt)
}

// Item is what a silence is matched against: one change or one guardrail
// message, as one receiver would get it.
type Item struct {
	// Channels are the channels the item is about: one for a change or a
	// campaign's incident, the rule's for a rule's incident.
	Channels   []ChannelID
	CampaignID string
	// Type is the change type, or SilenceGuardrail.
	Type     string
	Receiver string
}

// Matches reports whether s matches it. An item about several channels
// matches a channel matcher only when every one of them is silenced, so
// that silencing one brand never hides a total that covers another.
func (s *Silence) Matches(it Item) bool {
	if len(s.Channels) > 0 {
		if len(it.Channels) == 0 {
			return false
		}
		for _, id := range it.Channels {
			if !slices.Contains(s.Channels, id.String()) {
				return false
			}
		}
	}
	if len(s.CampaignIDs) > 0 && (it.CampaignID == "" || !slices.Contains(s.CampaignIDs, it.CampaignID)) {
		return false
	}
	if len(s.Types) > 0 && !slices.Contains(s.Types, it.Type) {
		return false
	}
	if len(s.Receivers) > 0 && !slices.Contains(s.Receivers, it.Receiver) {
		return false
	}
	return true
}

// Muting returns the ids of the silences of ss active at t that match it,
// nil when none does.
func Muting(ss []Silence, t time.Time, it Item) []string {
	var ids []string
	for i := range ss {
		if ss[i].Active(t) && ss[i].Matches(it) {
			ids = append(ids, ss[i].ID)
		}
	}
	return ids
}

// Silences keeps silences. Every write is create-only: two processes
// adding silences at once keep both, and expiring one is a record of its
// own. Implementations: internal/snapshot.
type Silences interface {
	// AddSilence stores s, whose ID must be new (Conflict otherwise).
	AddSilence(ctx context.Context, s Silence) error
	// ListSilences returns every silence kept (active, future and ended),
	// each with EndsAt moved to when it was expired, ordered by StartsAt.
	ListSilences(ctx context.Context) ([]Silence, error)
	// ExpireSilence ends silence id at at (when it would end later). An
	// unknown id is an error of kind NotFound.
	ExpireSilence(ctx context.Context, id string, at time.Time) error
	// PruneSilences deletes the silences that ended more than SilenceKept
	// before now.
	PruneSilences(ctx context.Context, now time.Time) error
}
