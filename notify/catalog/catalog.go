// Package catalog holds every word campaignwatch adds to a chat message,
// one catalogue per language: en.go, zh_cn.go. Adding a language is adding
// a file that fills a Lang and one entry in the languages table below; a
// test checks that every catalogue fills every entry.
//
// It is a typed table rather than a message-ID library such as go-i18n:
// the messages are few, their plurals are simple (Chinese has none), and
// Go's compiler then checks every call's arguments, which a template
// string looked up by ID at run time cannot.
package catalog

import (
	"slices"
	"strings"
)

// Lang is one language's catalogue. Every field must be set: strings are
// words and short sentences; funcs build the sentences that take numbers
// or names (already formatted and cleaned by the caller).
type Lang struct {
	// Tag is the language's name in the configuration: "en", "zh-CN".
	Tag string
	// UI holds the words of the web dashboard's pages.
	UI UI

	// ChangeHeadings are what a group of changes of one type is called,
	// by the type's name (campaign.ChangeTypes: "budget_changed"). Every
	// change type must have one (TestEveryChangeTypeHasItsWords).
	ChangeHeadings map[string]string
	// Daily and Lifetime name the budget types when they stand alone
	// ("daily → lifetime"); DailyBudget and LifetimeBudget with the word
	// budget ("daily budget US$80.00").
	Daily, Lifetime, DailyBudget, LifetimeBudget string
	// Statuses of a campaign, as a marketer says them.
	StatusActive, StatusPaused, StatusDeleted, StatusArchived string

	// Colon separates a label or a campaign from what is said of it.
	Colon string
	// ListSep joins items of a running list ("Brand A, Brand B").
	ListSep string
	// Who names a campaign: "spring-sale (233001)".
	Who func(name, id string) string
	// Paren adds a remark in parentheses: "US$80.00 (+29%)".
	Paren func(s, remark string) string
	// Page names a channel without a display name.
	Page func(pageID, custSpaceID string) string
	// Continued marks a block carried over into the next message.
	Continued string
	// Run names a run's id in a footer: "run r-1".
	Run func(id string) string

	// ChangesTitle is a changes alert's headline.
	ChangesTitle func(changes, channels int) string
	// NoChanges is the headline of an alert without changes.
	NoChanges string
	// FiltersChangedTitle is the headline of an alert that only says
	// channels are watched afresh because their filters changed;
	// FiltersChangedHeading and FiltersChanged say it of one channel
	// (campaigns: what its new filters list).
	FiltersChangedTitle   func(channels int) string
	FiltersChangedHeading string
	FiltersChanged        func(campaigns int) string
	// WasBudget describes a removed campaign's budget: "had a daily budget
	// of US$30.00".
	WasBudget func(budget string) string

	// BaselineTitle and BaselineNote (names nil or empty: no channel
	// list) and BaselineNext are the baseline message.
	BaselineTitle string
	BaselineNote  func(campaigns int, channels []string) string
	BaselineNext  string

	// TestTitle and TestNote are the test message (POST /test).
	TestTitle, TestNote string

	// AllRefused is the note added, once, to the first message a chat
	// took only without its @all mention: why, and the two ways to fix it.
	AllRefused string

	// Digest: its headline, a note on the snapshot and what it is compared
	// with, the figures' labels and the blocks' headings.
	DigestTitle        func(date, zone string) string
	NoDigest           string
	DigestSnapshot     func(generation int64, takenAt string) string
	DigestComparedWith func(at string) string
	DigestNoComparison string
	AllChannels        string
	Campaigns          string
	CampaignCount      func(n int, byStatus []string) string
	StatusCount        func(status string, n int) string
	ActiveDaily        string
	ActiveLifetime     string
	// Since shows a budget sum's move since the compared snapshot: the
	// delta ("+US$18.00, +7.6%" or NoChange) and that snapshot's time.
	Since    func(delta, at string) string
	NoChange string
	// TopDaily and TopLifetime head the largest budgets; NoneActive is
	// their line when there are none.
	TopDaily, TopLifetime, NoneActive string
	// ChangesSince heads the window's change counts; ChangeCount is one
	// line of them; NoChangesInWindow stands for none.
	ChangesSince      func(since string) string
	ChangeCount       func(heading string, n int) string
	NoChangesInWindow string
	// OpenDashboard closes a digest when the reader has a public URL: a
	// link to the dashboard's overview.
	OpenDashboard string

	// Health notices: campaignwatch's own runs failing and recovering.
	// Titles by what fails: the checks, the digest, or the start itself.
	ChecksFailingTitle, DigestFailingTitle, StartupFailingTitle string
	ChecksRecoveredTitle, DigestRecoveredTitle                  string
	// ChecksFailing and DigestFailing open a failing notice: runs failed
	// runs in a row since a time; StartupFailing one of a start that
	// failed.
	ChecksFailing, DigestFailing func(runs int, since string) string
	StartupFailing               func(since string) string
	// ChecksSilence and DigestSilence say what the failure means for the
	// reader: which messages do not come meanwhile.
	ChecksSilence, DigestSilence string
	// ChecksRecovered and DigestRecovered open a recovered notice: runs
	// failed runs since a time, and what happens to what was missed.
	ChecksRecovered, DigestRecovered func(runs int, since string) string
	// HealthDetails and HealthFirst head the facts and the first thing to
	// check; the rest label the facts.
	HealthDetails, HealthFirst                                  string
	HealthFailingWhat, HealthSince, HealthRuns, HealthLastError string
	HealthRecoveredAt                                           string
	// ListingIncomplete leads an incomplete listing's last error: failed
	// of total channels could not be listed (the API's detail follows).
	ListingIncomplete func(failed, total int) string
	// ChecksName and DigestName say what fails, as a fact's value.
	ChecksName, DigestName string
	// HealthDirect notes a notice posted without the store (it may come
	// once per function instance).
	HealthDirect string
	// The first thing to check, by the last error: the credentials, the
	// snapshot bucket, the configuration, the API's own status, or (when
	// nothing more is known) the logs.
	HintCredentials, HintBucket, HintConfiguration, HintAPI, HintLogs string
	// HintRefused is what to do about messages a chat service refused
	// and that were set aside.
	HintRefused string
	// The notice of messages set aside: AsideTitle names the receiver
	// whose messages they were; AsideLead says how many were set aside
	// and what it means, AsideKept what becomes of them and of the next
	// ones; the rest label its facts.
	AsideTitle                                              func(receiver string) string
	AsideLead                                               func(messages int, receiver string) string
	AsideKept                                               string
	AsideReceiver, AsideMessages, AsideSince, AsideRefusals string
	AsideWhy                                                string

	// Guardrail are the words of guardrail messages and of the digest's
	// open incidents (guardrail.go).
	Guardrail GuardrailWords
}

// languages lists every catalogue, the default first.
var languages = []*Lang{&English, &Chinese}

// defaultTag is the language of a receiver that names none.
const defaultTag = "en"

// Lookup returns the catalogue of a language tag, compared without regard
// to case ("zh-cn" is "zh-CN"); ok is false for a language without one.
func Lookup(tag string) (*Lang, bool) {
	for _, l := range languages {
		if strings.EqualFold(l.Tag, tag) {
			return l, true
		}
	}
	return nil, false
}

// For returns the catalogue of tag, English for "" or a tag without one
// (the configuration refuses those before anything is rendered).
func For(tag string) *Lang {
	if l, ok := Lookup(tag); ok {
		return l
	}
	return &English
}

// Tags returns every language's tag, the default first.
func Tags() []string {
	out := make([]string, len(languages))
	for i, l := range languages {
		out[i] = l.Tag
	}
	return slices.Clip(out)
}

// all returns every catalogue, the default first.
func all() []*Lang { return slices.Clone(languages) }
