package cli

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/config"
)

// guardrailView is one guardrail rule as `config` shows it.
type guardrailView struct {
	Name       string   `json:"name"`
	Channels   []string `json:"channels"`
	Receivers  []string `json:"receivers"`
	BudgetType string   `json:"budgetType"`
	Urgent     bool     `json:"urgent"`
	Condition  string   `json:"condition"`
	// Limit is money as the file writes it ("$5,000.00"), or a count.
	Limit string `json:"limit"`
}

func guardrailViews(c *config.Config, labels map[campaign.ChannelID]string) []guardrailView {
	var out []guardrailView
	for _, g := range c.Guardrails {
		gv := guardrailView{Name: g.Name, Channels: []string{}, Receivers: []string{}, BudgetType: g.BudgetType,
			Urgent: g.Urgent, Condition: string(g.Condition), Limit: campaign.FormatMoney(g.Limit)}
		if g.Condition == campaign.ActiveCampaignsBelow {
			gv.Limit = strconv.FormatInt(g.Limit, 10)
		}
		for _, id := range g.Channels {
			gv.Channels = append(gv.Channels, labels[id])
		}
		if g.Receivers != nil {
			gv.Receivers = append(gv.Receivers, g.Receivers...)
		} else {
			for _, r := range c.Receivers {
				if r.Guardrails && slices.ContainsFunc(g.Channels, r.Route.HasChannel) {
					gv.Receivers = append(gv.Receivers, r.Name)
				}
			}
		}
		out = append(out, gv)
	}
	return out
}

func printGuardrails(w io.Writer, gs []guardrailView) {
	if len(gs) == 0 {
		return
	}
	fmt.Fprintf(w, "\nguardrails (%d):\n", len(gs))
	for _, g := range gs {
		urgent := ""
		if g.Urgent {
			urgent = ", urgent (passes quiet hours)"
		}
		fmt.Fprintf(w, "  %s: %s %s (%s budgets)%s\n", g.Name, g.Condition, g.Limit, g.BudgetType, urgent)
		fmt.Fprintf(w, "    channels: %s\n", strings.Join(g.Channels, ", "))
		to := strings.Join(g.Receivers, ", ")
		if to == "" {
			to = "none (no receiver with guardrails on gets these channels)"
		}
		fmt.Fprintf(w, "    receivers: %s\n", to)
	}
}
