package main

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// bare, when set (-bare), leaves the guardrails and the silences out of
// the runs: the check as it was before either existed.
var bare bool

// guardrailsYAML is the configuration file's guardrails: a few rules of
// every kind, each reading every channel or one, as a real account has
// them. The fakes' budgets run from $10 to $5,010 (makeCampaigns), so the
// cap rules breach about 4 in 10,000 active campaigns of their budget type
// (more after the changed run's raises), the total is breached from the
// first check on, and the count rule never is: every check evaluates all
// of them, and opens and keeps incidents.
func guardrailsYAML(chans []campaign.ChannelID) string {
	first := "Brand " + chans[0].PageID
	return fmt.Sprintf(`guardrails:
  - name: campaign-cap
    campaignBudgetAbove: $5,008
  - name: lifetime-cap
    budgetType: lifetime
    campaignBudgetAbove: $5,008
  - name: first-brand-total
    channels: [%q]
    totalBudgetAbove: $1,000
    urgent: true
  - name: account-dark
    activeCampaignsBelow: 1
`, first)
}

// silences are the silences added before a size's first run, as
// `campaignwatch silence add` arguments: one channel's changes kept from
// every receiver (planned work there), and every guardrail message kept
// from DingTalk. Each check then reads them and matches every change and
// incident it tells against them.
func (f *fakes) silences() [][]string {
	return [][]string{
		{"--for", "2d", "--channel", "Brand " + f.chans[len(f.chans)-1].PageID, "--comment", "perf: planned work on the last brand"},
		{"--for", "2d", "--type", "guardrail", "--receiver", "dingtalk", "--comment", "perf: guardrails go to Slack only"},
	}
}

// addSilences adds f.silences() through c's command line, unless -bare or
// the receivers are not the default two.
func addSilences(ctx context.Context, c child, f *fakes, s settings) error {
	if bare || fileReceivers > 0 {
		return nil
	}
	for _, args := range f.silences() {
		cmd := exec.CommandContext(ctx, c.bin, append([]string{"silence", "add"}, args...)...)
		cmd.Env = f.env(s)
		if c.name != clientBinary {
			cmd.Env = append(cmd.Env, childEnv+"="+c.name)
		}
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("silence add %s: %v\n%s", strings.Join(args, " "), err, out.Bytes())
		}
	}
	return nil
}
