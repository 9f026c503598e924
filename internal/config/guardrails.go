package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// fileGuardrail is one rule of the file's guardrails: a name, where it
// looks, and exactly one condition.
type fileGuardrail struct {
	Name                 string   `yaml:"name"`
	Channels             []string `yaml:"channels" max:"1000"`
	Receivers            []string `yaml:"receivers" max:"200"`
	BudgetType           string   `yaml:"budgetType"`
	Urgent               bool     `yaml:"urgent"`
	CampaignBudgetAbove  string   `yaml:"campaignBudgetAbove"`
	TotalBudgetAbove     string   `yaml:"totalBudgetAbove"`
	ActiveCampaignsBelow *int     `yaml:"activeCampaignsBelow"`
}

// maxActiveCampaigns bounds activeCampaignsBelow: more than any account
// holds.
const maxActiveCampaigns = 10_000_000

// fileGuardrails reads the file's guardrails into c.Guardrails, after
// the channels and every receiver (the file's and the variables') are
// known: a rule names both.
func (l *loader) fileGuardrails(c *Config) {
	if l.file == nil {
		return
	}
	byName := channelIndex(c.Channels)
	names := map[string]int{}
	for i, fg := range l.file.Guardrails {
		place := fmt.Sprintf("guardrails[%d]", i)
		ok := true
		bad := func(field, format string, args ...any) {
			l.addf(place+"."+field, place+"."+field+" "+format, args...)
			ok = false
		}
		g := campaign.Guardrail{Name: l.x.expand(place+".name", fg.Name), Urgent: fg.Urgent}
		switch j, dup := names[g.Name]; {
		case g.Name == "":
			bad("name", "is missing: give the rule a name people recognise, e.g. brand-a-total")
		case dup:
			bad("name", "%s repeats the name of guardrails[%d]: names are unique", quote(g.Name), j)
		case len(g.Name) > 100 || strings.ContainsAny(g.Name, "\x00\n\r\t"):
			bad("name", "is longer than 100 bytes or has control characters")
		default:
			names[g.Name] = i
		}
		g.Channels = l.ruleChannels(fg, place, byName, c, bad)
		g.Receivers = l.ruleReceivers(fg, place, c, bad)
		switch bt := l.x.expand(place+".budgetType", fg.BudgetType); bt {
		case "", campaign.BudgetDaily:
			g.BudgetType = campaign.BudgetDaily
		case campaign.BudgetLifetime:
			g.BudgetType = campaign.BudgetLifetime
		default:
			bad("budgetType", "%s is not a budget type: give daily or lifetime", quote(bt))
		}
		l.ruleCondition(fg, place, &g, bad)
		if ok {
			c.Guardrails = append(c.Guardrails, g)
		}
	}
}

// ruleChannels checks a rule's channels: every configured channel when
// it names none.
func (l *loader) ruleChannels(fg fileGuardrail, place string, byName map[string]campaign.ChannelID, c *Config, bad func(field, format string, args ...any)) []campaign.ChannelID {
	if fg.Channels == nil {
		out := make([]campaign.ChannelID, len(c.Channels))
		for i, ch := range c.Channels {
			out[i] = ch.ChannelID
		}
		return out
	}
	return l.channelList(byName, place, fg.Channels, bad)
}

// channelList resolves the channels a receiver or a rule names (a name or
// CustSpaceId:PageId each, after ${NAME} expansion), telling bad of an
// empty list, an unknown channel and a repeat.
func (l *loader) channelList(byName map[string]campaign.ChannelID, place string, names []string, bad func(field, format string, args ...any)) []campaign.ChannelID {
	if names != nil && len(names) == 0 {
		bad("channels", "is empty: leave it out for every channel, or name at least one")
	}
	var out []campaign.ChannelID
	for j, name := range names {
		p := fmt.Sprintf("channels[%d]", j)
		name = l.x.expand(place+"."+p, name)
		id, found := byName[name]
		switch {
		case !found:
			bad(p, "%s is not a configured channel: give a channel's name or its CustSpaceId:PageId", quote(name))
		case slices.Contains(out, id):
			bad(p, "%s repeats a channel: list each once", quote(name))
		default:
			out = append(out, id)
		}
	}
	return out
}

// ruleReceivers checks the receivers a rule names: configured, and with
// guardrails on.
func (l *loader) ruleReceivers(fg fileGuardrail, place string, c *Config, bad func(field, format string, args ...any)) []string {
	if fg.Receivers == nil {
		return nil
	}
	if len(fg.Receivers) == 0 {
		bad("receivers", "is empty: leave it out for every receiver of the rule's channels, or name at least one")
	}
	out := []string{}
	for j, name := range fg.Receivers {
		p := fmt.Sprintf("receivers[%d]", j)
		name = l.x.expand(place+"."+p, name)
		i := slices.IndexFunc(c.Receivers, func(r Receiver) bool { return r.Name == name })
		switch {
		case i < 0:
			bad(p, "%s is not a configured receiver's name", quote(name))
		case !c.Receivers[i].Guardrails:
			bad(p, "%s has guardrails: false, so it would never get this rule's messages: set it to true or drop it here", quote(name))
		case slices.Contains(out, name):
			bad(p, "%s repeats a receiver: list each once", quote(name))
		default:
			out = append(out, name)
		}
	}
	return out
}

// ruleCondition checks that a rule has exactly one condition, and its
// amount or count.
func (l *loader) ruleCondition(fg fileGuardrail, place string, g *campaign.Guardrail, bad func(field, format string, args ...any)) {
	given := 0
	if raw := l.x.expand(place+".campaignBudgetAbove", fg.CampaignBudgetAbove); raw != "" {
		given++
		g.Condition = campaign.CampaignBudgetAbove
		g.Limit = l.ruleMoney(raw, "campaignBudgetAbove", bad)
	}
	if raw := l.x.expand(place+".totalBudgetAbove", fg.TotalBudgetAbove); raw != "" {
		given++
		g.Condition = campaign.TotalBudgetAbove
		g.Limit = l.ruleMoney(raw, "totalBudgetAbove", bad)
	}
	if fg.ActiveCampaignsBelow != nil {
		given++
		g.Condition = campaign.ActiveCampaignsBelow
		g.Limit = int64(*fg.ActiveCampaignsBelow)
		if g.Limit < 1 || g.Limit > maxActiveCampaigns {
			bad("activeCampaignsBelow", "%d is not a count of campaigns from 1 to %d", g.Limit, maxActiveCampaigns)
		}
	}
	switch given {
	case 0:
		bad("campaignBudgetAbove", "is missing: give the rule one condition: campaignBudgetAbove, totalBudgetAbove or activeCampaignsBelow")
	case 1:
	default:
		bad("campaignBudgetAbove", "and the rule's other conditions are given together: give exactly one of campaignBudgetAbove, totalBudgetAbove and activeCampaignsBelow (two limits are two rules)")
	}
}

// ruleMoney reads a rule's amount: "$500", "US$5,000", "$12.50".
func (l *loader) ruleMoney(raw, field string, bad func(field, format string, args ...any)) int64 {
	cents, ok := parseMoney(raw)
	if !ok {
		bad(field, "%s is not an amount of money: give dollars such as $500, US$5,000 or $12.50 (a bare number could mean dollars or cents)", quote(raw))
	}
	return cents
}

// parseMoney reads "$5,000.50" or "US$500" as cents; thousands separators
// must group by three.
func parseMoney(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	rest, ok := strings.CutPrefix(s, "US$")
	if !ok {
		if rest, ok = strings.CutPrefix(s, "$"); !ok {
			return 0, false
		}
	}
	whole, frac, hasFrac := strings.Cut(rest, ".")
	if strings.Contains(whole, ",") {
		groups := strings.Split(whole, ",")
		if len(groups[0]) == 0 || len(groups[0]) > 3 {
			return 0, false
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return 0, false
			}
		}
		whole = strings.Join(groups, "")
	}
	if hasFrac {
		whole += "." + frac
	}
	return parseDollars(whole)
}
