package notify

import (
	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify/catalog"
)

// GuardrailDoc renders the guardrail incidents of a (a.Guardrails) for r,
// as a finance person reads them: which rule, which campaign or channels,
// the value against the limit in money, since when; a resolved incident
// says when it ended and how long it lasted. Breached incidents come
// first, each group in rule order.
func GuardrailDoc(a *campaign.Alert, r Reader) Doc {
	l := r.lang()
	w := &l.Guardrail
	events := append([]campaign.GuardrailEvent(nil), a.Guardrails...)
	campaign.SortEvents(events)
	firing := 0
	for _, e := range events {
		if e.State == campaign.StateFiring {
			firing++
		}
	}
	resolved := len(events) - firing
	var doc Doc
	switch {
	case len(events) == 1 && firing == 1:
		doc.Title = w.BreachedTitle(Clean(events[0].Rule))
	case len(events) == 1:
		doc.Title = w.ResolvedTitle(Clean(events[0].Rule))
	default:
		doc.Title = w.Title(firing, resolved)
	}
	for _, e := range events {
		section := w.Breached
		if e.State != campaign.StateFiring {
			section = w.Resolved
		}
		doc.Blocks = append(doc.Blocks, Block{Section: section, Heading: GuardrailLine(l, r, e), Fields: guardrailFields(l, r, e)})
	}
	doc.Footer = footer(r, a.At, a.RunID)
	doc.Lang = l
	return doc
}

// GuardrailLine is one incident in one sentence: "spring-sale (233001) in
// Brand A: daily budget US$800.00, above the cap of US$500.00".
func GuardrailLine(l *catalog.Lang, r Reader, e campaign.GuardrailEvent) string {
	w := &l.Guardrail
	firing := e.State == campaign.StateFiring
	budgets := w.DailyBudgets
	if e.BudgetType == campaign.BudgetLifetime {
		budgets = w.LifetimeBudgets
	}
	where := guardrailChannels(l, r, e.Channels)
	var what string
	switch {
	case e.Condition == campaign.CampaignBudgetAbove:
		ch := r.Channel(campaign.ChannelID{CustSpaceID: e.CustSpaceID, PageID: e.PageID})
		where = w.In(r.who(l, e.CampaignName, campaign.Key{CustSpaceID: e.CustSpaceID, PageID: e.PageID, CampaignID: e.CampaignID}), ch)
		budget := l.DailyBudget
		if e.BudgetType == campaign.BudgetLifetime {
			budget = l.LifetimeBudget
		}
		switch {
		case firing:
			what = w.CampaignAbove(budget, Money(e.Value), Money(e.Limit))
		case e.Gone:
			what = w.CampaignGone
		default:
			what = w.CampaignWithin(budget, Money(e.Value), Money(e.Limit))
		}
	case e.Condition == campaign.TotalBudgetAbove && firing:
		what = w.TotalAbove(budgets, Money(e.Value), Money(e.Limit))
	case e.Condition == campaign.TotalBudgetAbove:
		what = w.TotalWithin(budgets, Money(e.Value), Money(e.Limit))
	case firing:
		what = w.ActiveBelow(e.Value, e.Limit)
	default:
		what = w.ActiveWithin(e.Value, e.Limit)
	}
	return where + l.Colon + what
}

// guardrailChannels names a rule's channels: "Brand A, Brand B".
func guardrailChannels(l *catalog.Lang, r Reader, ids []campaign.ChannelID) string {
	s := ""
	for i, id := range ids {
		if i > 0 {
			s += l.ListSep
		}
		s += r.Channel(id)
	}
	return s
}

func guardrailFields(l *catalog.Lang, r Reader, e campaign.GuardrailEvent) []field {
	w := &l.Guardrail
	fs := []field{{Label: w.Rule, Value: Clean(e.Rule)}, {Label: w.Since, Value: ZoneTime(e.Since, r.Zone)}}
	if e.State != campaign.StateFiring {
		fs = append(fs, field{Label: w.Until, Value: ZoneTime(e.Until, r.Zone)},
			field{Label: w.Lasted, Value: w.Duration(e.Until.Sub(e.Since))})
	}
	return fs
}

// openGuardrailsBlock lists the incidents still open, for the digest: one
// line each, with its start.
func openGuardrailsBlock(l *catalog.Lang, r Reader, ins []campaign.Incident) Block {
	b := Block{Heading: l.Guardrail.DigestHeading}
	for _, in := range ins {
		e := campaign.GuardrailEvent{Incident: in, State: campaign.StateFiring}
		b.Lines = append(b.Lines, l.Paren(GuardrailLine(l, r, e), Clean(in.Rule)+l.ListSep+l.Guardrail.DigestSince(ZoneTime(in.Since, r.Zone))))
	}
	return b
}
