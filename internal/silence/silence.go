// Package silence makes, lists and expires silences for the command
// line, the HTTP routes and the dashboard alike: one reading of a silence
// request, one set of checks, one store (campaign.Silences).
package silence

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// Request is a silence as asked for: a duration (For, "3h", "2d") or an
// end (EndsAt, RFC 3339), a comment, and at least one matcher. Field
// names are those of POST /silences.
type Request struct {
	For         string   `json:"for"`
	EndsAt      string   `json:"endsAt"`
	Comment     string   `json:"comment"`
	Channels    []string `json:"channels"`
	CampaignIDs []string `json:"campaignIds"`
	Types       []string `json:"types"`
	Receivers   []string `json:"receivers"`
}

// Known is what a request's matchers may name: the configuration's
// channels and receivers.
type Known struct {
	Channels  []campaign.Channel
	Receivers []string
}

// Problem is one thing wrong with a request, naming its field as the
// caller spelled it (Service.Field maps "for" to "--for" for the command).
type Problem struct {
	Field string
	Msg   string
	// Code says which check failed, and Value is what it failed on (the
	// value as given, clipped), so that a page in another language can
	// say it in its own words (catalog UI.SilenceProblem); Msg is the
	// English.
	Code  string
	Value string
}

// The checks a silence request can fail (Problem.Code).
const (
	ProblemBothEnds        = "both-ends"        // for and endsAt both given
	ProblemBadFor          = "bad-for"          // Value: not a duration
	ProblemNotPositive     = "not-positive"     // Value: a duration of 0 or less
	ProblemBadEnd          = "bad-end"          // Value: not an RFC 3339 time
	ProblemEndPast         = "end-past"         // Value: a time not in the future
	ProblemNoEnd           = "no-end"           // neither for nor endsAt
	ProblemTooLong         = "too-long"         // Value: the end, over 30 days away
	ProblemNoComment       = "no-comment"       // an empty comment
	ProblemLongComment     = "long-comment"     // Value: its length in characters
	ProblemUnknownChannel  = "unknown-channel"  // Value: the name given
	ProblemBadCampaignID   = "bad-campaign-id"  // Value: the id given
	ProblemUnknownType     = "unknown-type"     // Value: the type given
	ProblemUnknownReceiver = "unknown-receiver" // Value: the name given
	ProblemNoMatcher       = "no-matcher"       // no matcher at all
)

// ProblemCodes lists every Problem.Code Make gives.
var ProblemCodes = []string{ProblemBothEnds, ProblemBadFor, ProblemNotPositive, ProblemBadEnd, ProblemEndPast,
	ProblemNoEnd, ProblemTooLong, ProblemNoComment, ProblemLongComment, ProblemUnknownChannel,
	ProblemBadCampaignID, ProblemUnknownType, ProblemUnknownReceiver, ProblemNoMatcher}

func (p Problem) String() string { return p.Field + ": " + p.Msg }

// Problems is every problem of one request; as an error it is of kind
// Invalid (400, exit 2).
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Service is the silences of one store, checked against one
// configuration.
type Service struct {
	Store campaign.Silences
	Known Known
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC().Truncate(time.Second)
	}
	return s.Now().UTC().Truncate(time.Second)
}

// Add checks req and stores the silence it asks for, made by createdBy
// ("cli" or "dashboard"). A request that fails a check returns Problems
// (wrapped in an error of kind Invalid) and stores nothing.
func (s *Service) Add(ctx context.Context, req Request, createdBy string) (campaign.Silence, error) {
	sl, probs := s.Make(req, createdBy)
	if len(probs) > 0 {
		return campaign.Silence{}, campaign.Wrap(campaign.Invalid, probs, "the silence was not made")
	}
	if err := s.Store.AddSilence(ctx, sl); err != nil {
		return campaign.Silence{}, err
	}
	return sl, nil
}

// Make checks req and returns the silence it asks for, with a new id,
// starting now; or every problem found.
func (s *Service) Make(req Request, createdBy string) (campaign.Silence, Problems) {
	now := s.now()
	sl := campaign.Silence{ID: newID(), StartsAt: now, CreatedBy: createdBy,
		CampaignIDs: []string{}, Types: []string{}, Receivers: []string{}, Channels: []string{}}
	var ps Problems
	add := func(field, code, value, format string, args ...any) {
		ps = append(ps, Problem{Field: field, Code: code, Value: campaign.Clip(value, 64), Msg: fmt.Sprintf(format, args...)})
	}
	s.end(req, now, &sl, add)
	comment := strings.TrimSpace(req.Comment)
	switch n := utf8.RuneCountInString(comment); {
	case n == 0:
		add("comment", ProblemNoComment, "", "say why (planned work, who asked): a silence needs a comment")
	case n > campaign.MaxSilenceComment || !utf8.ValidString(comment):
		add("comment", ProblemLongComment, strconv.Itoa(n), "%d characters; at most %d, in UTF-8", n, campaign.MaxSilenceComment)
	}
	sl.Comment = comment
	s.matchers(req, &sl, add)
	if len(req.Channels)+len(req.CampaignIDs)+len(req.Types)+len(req.Receivers) == 0 {
		add("channels", ProblemNoMatcher, "", "a silence needs at least one matcher (channels, campaignIds, types or receivers): one without would mute everything")
	}
	return sl, ps
}

// adder records one Problem: the field, its code and value, the English.
type adder func(field, code, value, format string, args ...any)

// end checks when req's silence ends and sets sl.EndsAt.
func (s *Service) end(req Request, now time.Time, sl *campaign.Silence, add adder) {
	switch {
	case req.For != "" && req.EndsAt != "":
		add("for", ProblemBothEnds, "", "give for or endsAt, not both")
	case req.For != "":
		d, err := ParseDuration(req.For)
		switch {
		case err != nil:
			add("for", ProblemBadFor, req.For, "%v", err)
		case d <= 0:
			add("for", ProblemNotPositive, req.For, "%q is not a positive duration", req.For)
		default:
			sl.EndsAt = now.Add(d)
		}
	case req.EndsAt != "":
		t, err := time.Parse(time.RFC3339, req.EndsAt)
		switch {
		case err != nil:
			add("endsAt", ProblemBadEnd, req.EndsAt, "%q is not an RFC 3339 time such as 2026-12-07T18:00:00+08:00", campaign.Clip(req.EndsAt, 64))
		case !t.After(now):
			add("endsAt", ProblemEndPast, req.EndsAt, "%s is not in the future", req.EndsAt)
		default:
			sl.EndsAt = t.UTC()
		}
	default:
		add("for", ProblemNoEnd, "", "say how long the silence lasts (for: 3h, 2d) or when it ends (endsAt)")
	}
	if !sl.EndsAt.IsZero() && sl.EndsAt.Sub(now) > campaign.MaxSilence {
		field := "for"
		if req.EndsAt != "" {
			field = "endsAt"
		}
		end := sl.EndsAt.Format(time.RFC3339)
		add(field, ProblemTooLong, end, "a silence lasts at most 30 days; this one would end %s", end)
	}
}

// matchers checks and copies req's matchers into sl, channels by id.
func (s *Service) matchers(req Request, sl *campaign.Silence, add adder) {
	for _, name := range req.Channels {
		i := slices.IndexFunc(s.Known.Channels, func(c campaign.Channel) bool {
			return c.Name == name || c.ChannelID.String() == name
		})
		if i < 0 {
			add("channels", ProblemUnknownChannel, name, "%q is no configured channel's name or id", campaign.Clip(name, 64))
			continue
		}
		if id := s.Known.Channels[i].ChannelID.String(); !slices.Contains(sl.Channels, id) {
			sl.Channels = append(sl.Channels, id)
		}
	}
	for _, id := range req.CampaignIDs {
		if id = strings.TrimSpace(id); id == "" || len(id) > 64 {
			add("campaignIds", ProblemBadCampaignID, id, "%q is not a campaign id", campaign.Clip(id, 64))
			continue
		}
		sl.CampaignIDs = append(sl.CampaignIDs, id)
	}
	for _, t := range req.Types {
		if t != campaign.SilenceGuardrail && !campaign.IsChangeType(t) {
			add("types", ProblemUnknownType, t, "%q is not a change type (%s) or guardrail", campaign.Clip(t, 64), campaign.ChangeTypeNames())
			continue
		}
		sl.Types = append(sl.Types, t)
	}
	for _, r := range req.Receivers {
		if !slices.Contains(s.Known.Receivers, r) {
			add("receivers", ProblemUnknownReceiver, r, "%q is no configured receiver", campaign.Clip(r, 64))
			continue
		}
		sl.Receivers = append(sl.Receivers, r)
	}
}

// View is a silence as listed: with whether it is active now.
type View struct {
	campaign.Silence
	Active bool `json:"active"`
}

// List returns the silences not ended yet (all: every one kept), ordered
// by when they start.
func (s *Service) List(ctx context.Context, all bool) ([]View, error) {
	ss, err := s.Store.ListSilences(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := []View{}
	for _, sl := range ss {
		if !all && !sl.EndsAt.After(now) {
			continue
		}
		out = append(out, View{Silence: sl, Active: sl.Active(now)})
	}
	return out, nil
}

// Expire ends silence id now; an unknown id is of kind NotFound.
func (s *Service) Expire(ctx context.Context, id string) error {
	return s.Store.ExpireSilence(ctx, id, s.now())
}

// newID is 16 random hex digits.
func newID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// ParseDuration reads a silence's length: Go's durations ("90m", "3h30m")
// and whole days ("2d").
func ParseDuration(s string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok && n != "" && !strings.ContainsAny(n, "hms.+-") {
		var days int
		if _, err := fmt.Sscanf(n, "%d", &days); err == nil && fmt.Sprint(days) == n && days <= 10000 {
			return time.Duration(days) * 24 * time.Hour, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration such as 90m, 3h or 2d", campaign.Clip(s, 64))
	}
	return d, nil
}
