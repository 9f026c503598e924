package config

import (
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

var guardrailEnv = map[string]string{
	"SLACK_BRAND_A":           "https://hooks.slack.com/services/T0/B0/brandA",
	"DINGTALK_BRAND_B":        "https://oapi.dingtalk.com/robot/send?access_token=brandB",
	"DINGTALK_BRAND_B_SECRET": "SECbrandB",
	"FINANCE_HOOK":            "https://finance.example.com/hooks/campaigns",
}

func TestGuardrailExampleIsValid(t *testing.T) {
	f, err := ReadPath("testdata/config/guardrails.yaml", "../..")
	if err != nil {
		t.Fatal(err)
	}
	c, err := LoadFile(env(guardrailEnv), f, Needs{Channels: true})
	if err != nil {
		t.Fatalf("the example is invalid:\n%v", err)
	}
	a := campaign.ChannelID{CustSpaceID: "cams-a1", PageID: "239001"}
	b := campaign.ChannelID{CustSpaceID: "cams-b2", PageID: "239002"}
	want := []campaign.Guardrail{
		{Name: "brand-a-campaign-cap", Channels: []campaign.ChannelID{a}, BudgetType: "daily", Condition: campaign.CampaignBudgetAbove, Limit: 50000},
		{Name: "brand-a-total", Channels: []campaign.ChannelID{a}, BudgetType: "daily", Urgent: true, Condition: campaign.TotalBudgetAbove, Limit: 500000},
		{Name: "brand-b-lifetime-cap", Channels: []campaign.ChannelID{b}, BudgetType: "lifetime", Condition: campaign.CampaignBudgetAbove, Limit: 2000000},
		{Name: "brand-b-dark", Channels: []campaign.ChannelID{b}, Receivers: []string{"brand-b-ops"}, BudgetType: "daily", Condition: campaign.ActiveCampaignsBelow, Limit: 1},
	}
	if len(c.Guardrails) != len(want) {
		t.Fatalf("guardrails %+v", c.Guardrails)
	}
	for i := range want {
		if g := c.Guardrails[i]; g.Name != want[i].Name || g.Limit != want[i].Limit || g.Condition != want[i].Condition ||
			g.BudgetType != want[i].BudgetType || g.Urgent != want[i].Urgent || len(g.Channels) != 1 || g.Channels[0] != want[i].Channels[0] ||
			strings.Join(g.Receivers, ",") != strings.Join(want[i].Receivers, ",") {
			t.Errorf("guardrails[%d] = %+v, want %+v", i, g, want[i])
		}
	}
	for _, r := range c.Receivers {
		if !r.Guardrails {
			t.Errorf("receiver %s has guardrails off; the default is on", r.Name)
		}
	}
}

// Every problem of a rule comes out at once, each naming its place.
func TestGuardrailProblems(t *testing.T) {
	head := "version: 1\nchannels:\n  - {id: cams-a1:239001, name: Brand A}\nreceivers:\n" +
		"  - {name: finance, type: webhook, url: \"${FINANCE_HOOK}\"}\n" +
		"  - {name: quiet, type: webhook, url: \"${FINANCE_HOOK}\", guardrails: false}\nguardrails:\n"
	for _, tc := range []struct {
		name, rules string
		want        []string
	}{
		{"no condition", "  - {name: a}\n", []string{"guardrails[0].campaignBudgetAbove is missing"}},
		{"two conditions", "  - {name: a, campaignBudgetAbove: $5, activeCampaignsBelow: 2}\n", []string{"guardrails[0].campaignBudgetAbove and the rule's other conditions"}},
		{"bad amount", "  - {name: a}\n  - {name: b}\n  - {name: c, totalBudgetAbove: \"5000\"}\n", []string{`guardrails[2].totalBudgetAbove "5000" is not an amount of money`}},
		{"bad separators", "  - {name: a, totalBudgetAbove: \"$50,00\"}\n", []string{`guardrails[0].totalBudgetAbove "$50,00" is not an amount`}},
		{"unknown channel", "  - {name: a, channels: [Brand Z], campaignBudgetAbove: $5}\n", []string{`guardrails[0].channels[0] "Brand Z" is not a configured channel`}},
		{"unknown receiver", "  - {name: a, receivers: [ops], campaignBudgetAbove: $5}\n", []string{`guardrails[0].receivers[0] "ops" is not a configured receiver`}},
		{"receiver without guardrails", "  - {name: a, receivers: [quiet], campaignBudgetAbove: $5}\n", []string{`guardrails[0].receivers[0] "quiet" has guardrails: false`}},
		{"duplicate name", "  - {name: a, campaignBudgetAbove: $5}\n  - {name: a, campaignBudgetAbove: $6}\n", []string{`guardrails[1].name "a" repeats the name of guardrails[0]`}},
		{"bad budget type", "  - {name: a, budgetType: weekly, campaignBudgetAbove: $5}\n", []string{`guardrails[0].budgetType "weekly" is not a budget type`}},
		{"bad count", "  - {name: a, activeCampaignsBelow: 0}\n", []string{"guardrails[0].activeCampaignsBelow 0 is not a count"}},
		{"unknown key", "  - {name: a, campaignBudgetAbove: $5, cap: 1}\n", []string{"guardrails[0]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadFile(env(guardrailEnv), &File{Name: "g.yaml", Data: []byte(head + tc.rules)}, Needs{Channels: true})
			if err == nil {
				t.Fatal("a bad rule was accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("problems lack %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestParseMoney(t *testing.T) {
	for in, want := range map[string]int64{"$500": 50000, "US$5,000": 500000, "$12.50": 1250, "$1,234,567.8": 123456780} {
		if got, ok := parseMoney(in); !ok || got != want {
			t.Errorf("parseMoney(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"500", "$", "$5,00", "$,500", "$1,2345", "€5", "$5.123", "$-5"} {
		if _, ok := parseMoney(in); ok {
			t.Errorf("parseMoney(%q) accepted", in)
		}
	}
}
