package notify

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify/catalog"
)

// Reader is whom a message is written for: the receiver's language, its
// time zone and the channels' display names.
type Reader struct {
	// Lang is the catalogue of the receiver's language; nil is English.
	Lang *catalog.Lang
	// Zone is where the receiver reckons days and times; nil is UTC (for
	// a digest: the zone it was reckoned in).
	Zone *time.Location
	// Labels maps "custSpaceId:pageId" to a channel's display name.
	Labels map[string]string
	// PublicURL is the dashboard's address (PUBLIC_URL); "" for none.
	// With one, each campaign a message names links to its page.
	PublicURL string
}

// ReaderOf is the reader a receiver of locale loc renders for: loc's
// language, zone, channel labels and public URL.
func ReaderOf(loc Locale) Reader {
	return Reader{Lang: catalog.For(loc.Language), Zone: loc.Zone, Labels: loc.Labels, PublicURL: loc.PublicURL}
}

// who names a campaign as l.Who does, its name linking to its dashboard
// page when r has a public URL.
func (r Reader) who(l *catalog.Lang, name string, k campaign.Key) string {
	return l.Who(link(Name(name), CampaignURL(r.PublicURL, k)), Clean(k.CampaignID))
}

func (r Reader) lang() *catalog.Lang {
	if r.Lang == nil {
		return &catalog.English
	}
	return r.Lang
}

// Channel is what a channel is called in r's messages: its display name,
// else its page and customer space in words ("Page 239001 (cams-a1)").
func (r Reader) Channel(id campaign.ChannelID) string {
	// A label that is only the id (campaign.Channel.Label of an unnamed
	// channel) is no name.
	if name := Clean(r.Labels[id.String()]); name != "" && name != id.String() {
		return name
	}
	return r.lang().Page(Clean(id.PageID), Clean(id.CustSpaceID))
}

// TypeHeading is what messages call a change type, for the history's
// table: "Budget changed", "预算调整".
func TypeHeading(l *catalog.Lang, t campaign.ChangeType) string { return typeHeading(l, t) }

// typeHeading is what messages call a change type: "Budget changed",
// "预算调整", from the catalogue's ChangeHeadings. Every type of
// campaign.ChangeTypes has one (TestEveryChangeTypeHasItsWords); a type
// the catalogue does not know (a record from a later version) is shown as
// it is.
func typeHeading(l *catalog.Lang, t campaign.ChangeType) string {
	if h := l.ChangeHeadings[string(t)]; h != "" {
		return h
	}
	return Clean(string(t))
}

// StatusWord is a campaign status as a marketer says it: AVAILABLE and
// ACTIVE are "active" ("投放中"), PAUSED "paused" ("已暂停"). A status
// without a word is shown as the API gave it; the report keeps the API's
// value in every case.
func StatusWord(l *catalog.Lang, status string) string {
	switch status {
	case "AVAILABLE", "ACTIVE":
		return l.StatusActive
	case "PAUSED":
		return l.StatusPaused
	case "DELETED":
		return l.StatusDeleted
	case "ARCHIVED":
		return l.StatusArchived
	}
	return Clean(status)
}

// BudgetTypeWord names a budget type alone ("daily" → "lifetime").
func BudgetTypeWord(l *catalog.Lang, t string) string {
	switch t {
	case campaign.BudgetDaily:
		return l.Daily
	case campaign.BudgetLifetime:
		return l.Lifetime
	}
	return Clean(t)
}

// budgetOf names an amount with its budget type: "daily budget US$80.00".
func budgetOf(l *catalog.Lang, t, amount string) string {
	switch t {
	case campaign.BudgetDaily:
		return l.DailyBudget + " " + amount
	case campaign.BudgetLifetime:
		return l.LifetimeBudget + " " + amount
	case "":
		return amount
	}
	return Clean(t) + " " + amount
}

// ChangeLine renders one change as one line a person reads without
// thinking, e.g. "spring-sale (233001): daily budget US$62.00 → US$80.00
// (+29%)". A value the API gave in a form that is not understood is shown
// as it came.
func ChangeLine(l *catalog.Lang, c campaign.Change) string { return changeLine(l, Reader{}, c) }

// changeLine is ChangeLine for r: the campaign's name links to its page
// when r has a public URL (a rename's "old → new" as one link).
func changeLine(l *catalog.Lang, r Reader, c campaign.Change) string {
	k := campaign.Key{CustSpaceID: c.CustSpaceID, PageID: c.PageID, CampaignID: c.CampaignID}
	if c.Type == campaign.Renamed {
		return l.Who(link(Name(c.Old)+" → "+Name(c.New), CampaignURL(r.PublicURL, k)), Clean(c.CampaignID))
	}
	who := r.who(l, c.CampaignName, k)
	if d := ChangeDetail(l, c); d != "" {
		return who + l.Colon + d
	}
	return who
}

// ChangeDetail is what ChangeLine says of a change after the campaign:
// "daily budget US$62.00 → US$80.00 (+29%)"; for a rename, "old → new".
// Pages that show the campaign in a column of its own (the dashboard)
// show this beside it.
func ChangeDetail(l *catalog.Lang, c campaign.Change) string {
	switch c.Type {
	case campaign.BudgetChanged:
		old, ok1 := cents(c.Old)
		nw, ok2 := cents(c.New)
		move := Clean(c.Old) + " → " + Clean(c.New)
		if ok1 && ok2 {
			move = moneyChange(l, old, nw)
		}
		return budgetOf(l, c.BudgetType, move)
	case campaign.StatusChanged:
		return StatusWord(l, c.Old) + " → " + StatusWord(l, c.New)
	case campaign.Added:
		return withStatus(l, c.Status, budgetOf(l, c.BudgetType, Money(c.Budget)))
	case campaign.Removed:
		return l.WasBudget(withStatus(l, c.Status, budgetOf(l, c.BudgetType, Money(c.Budget))))
	case campaign.BudgetTypeChanged:
		return l.Paren(BudgetTypeWord(l, c.Old)+" → "+BudgetTypeWord(l, c.New), Money(c.Budget))
	case campaign.Renamed:
		return Name(c.Old) + " → " + Name(c.New)
	}
	if c.Old != "" || c.New != "" {
		return Clean(c.Old) + " → " + Clean(c.New)
	}
	return ""
}

// withStatus puts a campaign's status before what follows: "active, daily
// budget US$80.00".
func withStatus(l *catalog.Lang, status, rest string) string {
	if status == "" {
		return rest
	}
	return StatusWord(l, status) + l.ListSep + rest
}

// weight is how much a change matters to a budget owner: the money it
// moves (a budget change's difference, else the campaign's budget), and
// whether it starts or stops spending.
func weight(c campaign.Change) (spend bool, money int64) {
	switch c.Type {
	case campaign.BudgetChanged:
		old, ok1 := cents(c.Old)
		nw, ok2 := cents(c.New)
		if ok1 && ok2 {
			d := nw - old
			if d < 0 {
				d = -d
			}
			return true, d
		}
		return true, 0
	case campaign.StatusChanged:
		return campaign.IsActive(c.Old) != campaign.IsActive(c.New), c.Budget
	}
	return false, c.Budget
}

// orderChanges orders changes by what matters: channels by their largest
// budget move (then by id), within a channel by type (budget moves, then
// status changes, then the rest, as campaign.ChangeTypes), and within a
// type the largest move first (a status change that starts or stops
// spending before one that does not), then by campaign id. It returns a
// new slice.
func orderChanges(cs []campaign.Change) []campaign.Change {
	largest := map[campaign.ChannelID]int64{}
	for _, c := range cs {
		if c.Type == campaign.BudgetChanged {
			if _, m := weight(c); m > largest[c.Channel()] {
				largest[c.Channel()] = m
			}
		}
	}
	// Sort small keys, each change's figures worked out once, rather
	// than the changes themselves: a change is ten strings to move.
	type key struct {
		c       *campaign.Change
		largest int64
		rank    int
		spend   bool
		money   int64
	}
	keys := make([]key, len(cs))
	for i := range cs {
		c := &cs[i]
		spend, money := weight(*c)
		keys[i] = key{c: c, largest: largest[c.Channel()], rank: campaign.TypeRank(c.Type), spend: spend, money: money}
	}
	slices.SortStableFunc(keys, func(kx, ky key) int {
		x, y := kx.c, ky.c
		if x.CustSpaceID != y.CustSpaceID || x.PageID != y.PageID {
			if c := cmp.Compare(ky.largest, kx.largest); c != 0 {
				return c
			}
			if c := cmp.Compare(x.CustSpaceID, y.CustSpaceID); c != 0 {
				return c
			}
			return cmp.Compare(x.PageID, y.PageID)
		}
		if c := cmp.Compare(kx.rank, ky.rank); c != 0 {
			return c
		}
		if c := cmp.Compare(x.Type, y.Type); c != 0 {
			return c
		}
		if kx.spend != ky.spend {
			if kx.spend {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(ky.money, kx.money); c != 0 {
			return c
		}
		return cmp.Compare(x.CampaignID, y.CampaignID)
	})
	out := make([]campaign.Change, len(keys))
	for i, k := range keys {
		out[i] = *k.c
	}
	return out
}

// ChangesDoc renders a changes alert for r: one section per channel, one
// block per change type, one line per change, in the order of
// orderChanges, and a footer with the alert's time and run id. It reads
// only the alert and r, so it is deterministic.
func ChangesDoc(a *campaign.Alert, r Reader) Doc {
	l := r.lang()
	changes := orderChanges(a.Changes)
	channels := 0
	var blocks []Block
	for i, c := range changes {
		if i == 0 || c.Channel() != changes[i-1].Channel() {
			channels++
		}
		if i == 0 || c.Channel() != changes[i-1].Channel() || c.Type != changes[i-1].Type {
			blocks = append(blocks, Block{Section: r.Channel(c.Channel()), Heading: typeHeading(l, c.Type)})
		}
		last := &blocks[len(blocks)-1]
		last.Lines = append(last.Lines, changeLine(l, r, c))
	}
	title := l.ChangesTitle(len(changes), channels)
	switch {
	case len(changes) == 0 && len(a.Rebaselined) > 0:
		title = l.FiltersChangedTitle(len(a.Rebaselined))
	case len(changes) == 0:
		title = l.NoChanges
	}
	var notes []Block
	for _, rb := range a.Rebaselined {
		notes = append(notes, Block{Section: r.Channel(rb.ChannelID), Heading: l.FiltersChangedHeading,
			Lines: []string{l.FiltersChanged(rb.Watching)}})
	}
	return Doc{Title: title, Blocks: append(notes, blocks...), Footer: footer(r, a.At, a.RunID), Lang: l}
}

// footer is the closing line of every message: the time in r's zone, with
// the zone shown, and the run's id: "2026-11-26 17:00 UTC+08:00 · run
// r-123".
func footer(r Reader, at time.Time, runID string) string {
	s := ZoneTime(at, r.Zone)
	if runID != "" {
		s += " · " + r.lang().Run(Clean(runID))
	}
	return s
}

// ZoneTime shows t in loc with the offset rather than an abbreviation
// ("CST" is China's and America's): "2024-06-03 04:00 UTC+08:00"; in UTC,
// "2024-06-03 04:00 UTC", when loc is nil or UTC.
func ZoneTime(t time.Time, loc *time.Location) string {
	if loc == nil || loc == time.UTC || loc.String() == "UTC" {
		return t.UTC().Format("2006-01-02 15:04 UTC")
	}
	return t.In(loc).Format("2006-01-02 15:04 UTC-07:00")
}

// BaselineDoc renders a baseline alert: one short note that campaignwatch
// now watches a.Watching campaigns in the channels of r.Labels (the
// receiver's channels).
func BaselineDoc(a *campaign.Alert, r Reader) Doc {
	l := r.lang()
	labels := make([]string, 0, len(r.Labels))
	for id := range r.Labels {
		cs, page, _ := strings.Cut(id, ":")
		labels = append(labels, r.Channel(campaign.ChannelID{CustSpaceID: cs, PageID: page}))
	}
	slices.Sort(labels)
	return Doc{
		Title:  l.BaselineTitle,
		Blocks: []Block{{Lines: []string{l.BaselineNote(a.Watching, labels), l.BaselineNext}}},
		Footer: footer(r, a.At, a.RunID),
		Lang:   l,
	}
}

// testDoc renders a test message: it says only that the receiver is
// reached.
func testDoc(a *campaign.Alert, r Reader) Doc {
	l := r.lang()
	return Doc{Title: l.TestTitle, Blocks: []Block{{Lines: []string{l.TestNote}}}, Footer: footer(r, a.At, a.RunID), Lang: l}
}

// DocOf renders any alert for a receiver of locale loc (ReaderOf):
// ChangesDoc, BaselineDoc, DigestDoc, testDoc or HealthDoc by its kind.
// An unknown kind is an error of kind Invalid.
func DocOf(a *campaign.Alert, loc Locale) (Doc, error) {
	r := ReaderOf(loc)
	switch a.Kind {
	case campaign.AlertChanges:
		return ChangesDoc(a, r), nil
	case campaign.AlertBaseline:
		return BaselineDoc(a, r), nil
	case campaign.AlertTest:
		return testDoc(a, r), nil
	case campaign.AlertDigest:
		if r.Zone == nil && a.Digest != nil {
			r.Zone = digestZone(a.Digest)
		}
		return DigestDoc(a.Digest, r, footer(r, a.At, a.RunID)), nil
	case campaign.AlertHealth:
		return HealthDoc(a, r), nil
	case campaign.AlertGuardrail:
		return GuardrailDoc(a, r), nil
	}
	return Doc{}, campaign.Errorf(campaign.Invalid, "notify: alert %q has unknown kind %q; it cannot be rendered", a.ID, a.Kind)
}
