package notify

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// TypeHeading is what messages call a change type: "Budget changed",
// "New campaigns". An unknown type is shown as it is.
func TypeHeading(t campaign.ChangeType) string {
	switch t {
	case campaign.BudgetChanged:
		return "Budget changed"
	case campaign.StatusChanged:
		return "Status changed"
	case campaign.Added:
		return "New campaigns"
	case campaign.Removed:
		return "Removed campaigns"
	case campaign.BudgetTypeChanged:
		return "Budget type changed"
	case campaign.Renamed:
		return "Renamed"
	}
	return Clean(string(t))
}

// ChangeLine renders one change as one line a person reads without
// thinking, e.g. "spring-sale (233001): $62.00 → $80.00 (+29%) daily".
// Budgets are shown as money; a value the API gave in a form that is not
// understood is shown as it came.
func ChangeLine(c campaign.Change) string {
	who := Clean(c.CampaignName) + " (" + Clean(c.CampaignID) + ")"
	budget := campaign.FormatMoney(c.Budget)
	if c.BudgetType != "" {
		budget += " " + Clean(c.BudgetType)
	}
	switch c.Type {
	case campaign.BudgetChanged:
		old, ok1 := cents(c.Old)
		nw, ok2 := cents(c.New)
		move := Clean(c.Old) + " → " + Clean(c.New)
		if ok1 && ok2 {
			move = MoneyChange(old, nw)
		}
		if c.BudgetType != "" {
			move += " " + Clean(c.BudgetType)
		}
		return who + ": " + move
	case campaign.StatusChanged:
		return who + ": " + Clean(c.Old) + " → " + Clean(c.New)
	case campaign.Added:
		return who + ": " + budget + withStatus(c.Status)
	case campaign.Removed:
		return who + ": was " + budget + withStatus(c.Status)
	case campaign.BudgetTypeChanged:
		return who + ": " + Clean(c.Old) + " → " + Clean(c.New) + " (" + campaign.FormatMoney(c.Budget) + ")"
	case campaign.Renamed:
		return Clean(c.Old) + " → " + Clean(c.New) + " (" + Clean(c.CampaignID) + ")"
	}
	line := who
	if c.Old != "" || c.New != "" {
		line += ": " + Clean(c.Old) + " → " + Clean(c.New)
	}
	return line
}

func withStatus(s string) string {
	if s == "" {
		return ""
	}
	return ", " + Clean(s)
}

// typeRank orders change types as campaign.ChangeTypes does; unknown types
// come last.
func typeRank(t campaign.ChangeType) int {
	if i := slices.Index(campaign.ChangeTypes, t); i >= 0 {
		return i
	}
	return len(campaign.ChangeTypes)
}

// ChangesDoc renders a changes alert: one section per channel (ordered by
// channel id), one block per change type (in the order of
// campaign.ChangeTypes), one line per change, and a footer with the
// alert's time and run id. It reads only the alert, so it is deterministic.
func ChangesDoc(a *campaign.Alert) Doc {
	changes := slices.Clone(a.Changes)
	slices.SortStableFunc(changes, func(x, y campaign.Change) int {
		if c := cmp.Compare(x.CustSpaceID, y.CustSpaceID); c != 0 {
			return c
		}
		if c := cmp.Compare(x.PageID, y.PageID); c != 0 {
			return c
		}
		if c := cmp.Compare(typeRank(x.Type), typeRank(y.Type)); c != 0 {
			return c
		}
		return cmp.Compare(x.Type, y.Type)
	})
	channels := 0
	var blocks []Block
	for i, c := range changes {
		if i == 0 || c.Channel() != changes[i-1].Channel() {
			channels++
		}
		if i == 0 || c.Channel() != changes[i-1].Channel() || c.Type != changes[i-1].Type {
			blocks = append(blocks, Block{Section: Clean(a.Label(c.Channel())), Heading: TypeHeading(c.Type)})
		}
		last := &blocks[len(blocks)-1]
		last.Lines = append(last.Lines, ChangeLine(c))
	}
	title := "campaignwatch: " + plural(len(changes), "change", "changes") + " in " + plural(channels, "channel", "channels")
	if len(changes) == 0 {
		title = "campaignwatch: no changes"
	}
	return Doc{Title: title, Blocks: blocks, Footer: Footer(a.At, a.RunID)}
}

// Footer is the closing line of every message: "2026-11-26 09:00 UTC · run
// r-123". The time is shown in UTC so that a message reads the same
// wherever it was rendered.
func Footer(at time.Time, runID string) string {
	s := at.UTC().Format("2006-01-02 15:04 UTC")
	if runID != "" {
		s += " · run " + Clean(runID)
	}
	return s
}

// BaselineDoc renders a baseline alert: one short note that campaignwatch
// now watches a.Watching campaigns in the channels of a.Labels.
func BaselineDoc(a *campaign.Alert) Doc {
	note := "campaignwatch is now watching " + plural(a.Watching, "campaign", "campaigns")
	if n := len(a.Labels); n > 0 {
		labels := make([]string, 0, n)
		for id, name := range a.Labels {
			if name == "" {
				name = id
			}
			labels = append(labels, Clean(name))
		}
		slices.Sort(labels)
		note += " in " + plural(n, "channel", "channels") + ": " + strings.Join(labels, ", ")
	}
	return Doc{
		Title: "campaignwatch is watching",
		Blocks: []Block{{Lines: []string{
			note + ".",
			"From now on, changes to their budgets, budget types, statuses and names are announced here.",
		}}},
		Footer: Footer(a.At, a.RunID),
	}
}

// DocOf renders any alert: ChangesDoc, BaselineDoc, DigestDoc or HealthDoc by its
// kind, with the alert's labels, time and run id. An unknown kind is an
// error of kind Invalid.
func DocOf(a *campaign.Alert) (Doc, error) {
	switch a.Kind {
	case campaign.AlertChanges:
		return ChangesDoc(a), nil
	case campaign.AlertBaseline:
		return BaselineDoc(a), nil
	case campaign.AlertDigest:
		footer := Footer(a.At, a.RunID)
		if a.Digest != nil {
			footer = zoneTime(a.At, a.Digest.Zone) + " · run " + Clean(a.RunID)
		}
		return DigestDoc(a.Digest, a.Label, footer), nil
	case campaign.AlertHealth:
		return HealthDoc(a), nil
	}
	return Doc{}, campaign.Errorf(campaign.Invalid, "notify: alert %q has unknown kind %q; it cannot be rendered", a.ID, a.Kind)
}
