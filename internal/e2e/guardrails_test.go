package e2e

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// guardEvent is one entry of the report's guardrails, by its documented
// field names.
type guardEvent struct {
	Rule        string `json:"rule"`
	State       string `json:"state"`
	CustSpaceID string `json:"custSpaceId"`
	PageID      string `json:"pageId"`
	CampaignID  string `json:"campaignId"`
	Value       int64  `json:"value"`
	Limit       int64  `json:"limit"`
}

// guardReport is the report's guardrails and each receiver's silenced.
type guardReport struct {
	Guardrails    []guardEvent `json:"guardrails"`
	Notifications []struct {
		Receiver string `json:"receiver"`
		Silenced int    `json:"silenced"`
		Held     int    `json:"held"`
		Messages int    `json:"messages"`
	} `json:"notifications"`
}

func guardsOf(t *testing.T, r Result) guardReport {
	t.Helper()
	var g guardReport
	if err := json.Unmarshal([]byte(r.Stdout), &g); err != nil {
		t.Fatalf("report: %v\n%s", err, r.Stdout)
	}
	return g
}

// events lists the report's guardrail events as "state rule campaignId".
func (g guardReport) events() string {
	var out []string
	for _, e := range g.Guardrails {
		out = append(out, strings.TrimSpace(e.State+" "+e.Rule+" "+e.CampaignID))
	}
	return strings.Join(out, "; ")
}

// slackWith and dingWith count the messages that contain s.
func (w *World) slackWith(s string) int {
	n := 0
	for _, p := range w.Slack.Payloads() {
		if bytes.Contains(p, []byte(s)) {
			n++
		}
	}
	return n
}

func (w *World) dingWith(s string) int {
	n := 0
	for _, m := range w.Ding.Messages() {
		if bytes.Contains(m.Body, []byte(s)) {
			n++
		}
	}
	return n
}

const guardReceivers = `receivers:
  - {name: brand-a-team, type: slack, url: "${E2E_SLACK_URL}", channels: [Brand A]}
  - {name: ops, type: dingtalk, url: "${E2E_DING_URL}", secret: "${E2E_DING_SECRET}", language: zh-CN}
`

// TestGuardrailLifecycle, on the built binary: the baseline evaluates; a
// cap crossed in small steps below the change threshold opens once; the
// incident stays quiet; it resolves once; a campaign added above the cap
// opens its own; an edited rule resolves silently and evaluates afresh; a
// removed campaign resolves.
func TestGuardrailLifecycle(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{})
	rules := func(total string) string {
		return "version: 1\nbudgetChangeThreshold: 50%\n" + fileChannels + guardReceivers + `guardrails:
  - {name: a-cap, channels: [Brand A], campaignBudgetAbove: $100}
  - {name: a-total, channels: [Brand A], totalBudgetAbove: "` + total + `"}
`
	}
	path := w.useFile(rules("$250"), true)
	step := func(want string) guardReport {
		t.Helper()
		g := guardsOf(t, w.Check(0))
		if got := g.events(); got != want {
			t.Fatalf("guardrail events %q, want %q", got, want)
		}
		return g
	}
	// Baseline: new-arrivals-lookalike's $125.00 is over the $100 cap.
	step("firing a-cap " + idNew)
	if w.slackWith("Guardrail breached: a-cap") != 1 || w.dingWith("预算护栏告警：a-cap") != 1 {
		t.Fatalf("baseline guardrail messages: slack %d, dingtalk %d", w.slackWith("Guardrail breached"), w.dingWith("预算护栏告警"))
	}
	// Small steps, each under the 50% change threshold: $62 → $90 → $105.
	w.Edit(chA, idSpring, func(c *campaign.Campaign) { c.Budget = 9000 })
	step("")
	w.Edit(chA, idSpring, func(c *campaign.Campaign) { c.Budget = 10500 })
	g := step("firing a-cap " + idSpring + "; firing a-total")
	if g.Guardrails[1].Value != 26500 || g.Guardrails[1].Limit != 25000 {
		t.Errorf("a-total event %+v, want 26500 against 25000", g.Guardrails[1])
	}
	if w.slackWith("spring-sale-retargeting (2330010001) in Brand A: daily budget US$105.00, above the cap of US$100.00") != 1 ||
		w.slackWith("active daily budgets add up to US$265.00, above the cap of US$250.00") != 1 {
		t.Fatalf("breached messages:\n%s", bytes.Join(w.Slack.Payloads(), []byte("\n")))
	}
	step("") // still breached: quiet
	w.Edit(chA, idSpring, func(c *campaign.Campaign) { c.Budget = 9500 })
	step("resolved a-cap " + idSpring)
	if w.slackWith("back within the cap of US$100.00") != 1 || w.dingWith("已回到上限") != 1 {
		t.Fatalf("resolved messages: slack %d, dingtalk %d", w.slackWith("back within"), w.dingWith("已回到上限"))
	}
	// A campaign added above the cap: "added" alone would not say it.
	cs := w.Emu.Campaigns("cams-a1", "239001")
	cs = append(cs, campaign.Campaign{CustSpaceID: "cams-a1", PageID: "239001", CampaignID: "2330010099",
		CampaignName: "mega-launch", Status: "AVAILABLE", Budget: 30000, BudgetType: "daily"})
	w.Emu.SetCampaigns("cams-a1", "239001", cs)
	step("firing a-cap 2330010099")
	// The total rule edited: its incident resolves silently, the new one opens.
	before := w.slackWith("a-total")
	w.writeFile(path, rules("$400"))
	step("firing a-total")
	if got := w.slackWith("a-total"); got != before+1 {
		t.Fatalf("the edited rule sent %d messages, want one (the new incident's)", got-before)
	}
	// The campaign removed: its incident resolves, saying so; the total too.
	w.Remove(chA, "2330010099")
	step("resolved a-cap 2330010099; resolved a-total")
	if w.slackWith("removed or no longer active") != 1 || w.slackWith("Lasted") < 2 {
		t.Fatalf("resolved messages:\n%s", bytes.Join(w.Slack.Payloads(), []byte("\n")))
	}
	step("")
}

// TestGuardrailIncompleteListing: a listing that fails part-way neither
// opens nor resolves an incident of its channel; the next good run does.
func TestGuardrailIncompleteListing(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{})
	w.useFile("version: 1\n"+fileChannels+guardReceivers+`guardrails:
  - {name: b-cap, channels: [Brand B], campaignBudgetAbove: $200}
`, true)
	g := guardsOf(t, w.Check(0))
	if g.events() != "firing b-cap 2330020006" {
		t.Fatalf("baseline events %q", g.events())
	}
	w.Edit(chB, "2330020006", func(c *campaign.Campaign) { c.Budget = 15000 })
	rule := w.CAMS.On(&Rule{Do: Answer, Status: 500, Body: internalError, Match: page(channelB, 2)})
	r := w.Check(1)
	if g := guardsOf(t, r); len(g.Guardrails) != 0 || w.dingWith("已回到上限") != 0 {
		t.Fatalf("an incomplete listing resolved %q", g.events())
	}
	w.CAMS.Clear()
	_ = rule
	if g := guardsOf(t, w.Check(0)); g.events() != "resolved b-cap 2330020006" || w.dingWith("已回到上限") != 1 {
		t.Fatalf("the good run after: %q, %d resolved messages", g.events(), w.dingWith("已回到上限"))
	}
}

// TestGuardrailOverlappingChecks: ten checks at once after a breach send
// one message per receiver between them.
func TestGuardrailOverlappingChecks(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{})
	w.useFile("version: 1\n"+fileChannels+guardReceivers+`guardrails:
  - {name: a-total, channels: [Brand A], totalBudgetAbove: $300}
`, true)
	w.Check(0)
	w.Edit(chA, idSpring, func(c *campaign.Campaign) { c.Budget = 20000 })
	w.overlapping(10, 0)
	w.Check(0) // delivers anything a superseded run left
	if s, d := w.slackWith("Guardrail breached: a-total"), w.dingWith("预算护栏告警：a-total"); s != 1 || d != 1 {
		t.Fatalf("ten overlapping checks sent slack %d, dingtalk %d breached messages; want 1 each", s, d)
	}
}

// TestGuardrailUrgentPassesQuietHours: in a receiver's quiet hours an
// urgent rule's message is sent, another rule's is held until after.
func TestGuardrailUrgentPassesQuietHours(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{})
	file := func(quiet string) string {
		return "version: 1\n" + fileChannels + `receivers:
  - {name: night, type: slack, url: "${E2E_SLACK_URL}", timezone: UTC, quietHours: "` + quiet + `"}
guardrails:
  - {name: a-total, channels: [Brand A], totalBudgetAbove: $300, urgent: true}
  - {name: a-cap, channels: [Brand A], campaignBudgetAbove: $150}
`
	}
	closed := quietWindow(time.UTC, 2*time.Hour, 3*time.Hour)
	path := w.useFile(file(closed), true)
	w.Check(0)
	w.writeFile(path, file(quietWindow(time.UTC, -time.Hour, time.Hour)))
	w.Edit(chA, idSpring, func(c *campaign.Campaign) { c.Budget = 20000 })
	g := guardsOf(t, w.Check(0))
	if g.events() != "firing a-total; firing a-cap "+idSpring {
		t.Fatalf("events %q", g.events())
	}
	if w.slackWith("Guardrail breached: a-total") != 1 || w.slackWith("a-cap") != 0 {
		t.Fatalf("in quiet hours: urgent %d (want 1), other %d (want 0 until after)", w.slackWith("Guardrail breached: a-total"), w.slackWith("a-cap"))
	}
	if n := g.Notifications[0]; n.Messages != 1 || n.Held < 2 {
		t.Errorf("report line %+v; want 1 sent (urgent), the change and the cap held", n)
	}
	w.writeFile(path, file(closed))
	w.Check(0)
	if w.slackWith("Guardrail breached: a-total") != 1 || w.slackWith("Guardrail breached: a-cap") != 1 || w.SlackCount(idSpring) != 2 {
		t.Fatalf("after the window: urgent %d, cap %d (want 1 each), messages naming the campaign %d (want 2: the change and the cap)",
			w.slackWith("Guardrail breached: a-total"), w.slackWith("Guardrail breached: a-cap"), w.SlackCount(idSpring))
	}
}
