package e2e

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/app"
	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/config"
	"github.com/campaignwatch/campaignwatch/notify/slack/slacktest"
)

// `test` on the built binary, against every receiver type present (Slack,
// DingTalk), one failing: exit 1 with a line per receiver, without CAMS
// channels or credentials, no CAMS call, no store written.
func TestTestCommand(t *testing.T) {
	w := NewWorld(t, Options{})
	noCAMS := map[string]string{"CAMS_CHANNELS": "", "ALIBABA_CLOUD_ACCESS_KEY_ID": "", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": ""}
	w.Slack.Enqueue(slacktest.NoService)
	r := w.RunEnv(noCAMS, "test", "--json")
	if r.Code != 1 {
		t.Fatalf("test with Slack refusing: exit %d, want 1\n%s", r.Code, r.Stderr)
	}
	var got struct {
		Notifications []Delivery `json:"notifications"`
	}
	if err := json.Unmarshal([]byte(r.Stdout), &got); err != nil || len(got.Notifications) != 2 {
		t.Fatalf("stdout is not {notifications: [2]}: %v\n%s", err, r.Stdout)
	}
	if d := got.Notifications[0]; d.Receiver != "slack" || d.Error == "" {
		t.Errorf("slack: %+v, want its error", d)
	}
	if d := got.Notifications[1]; d.Receiver != "dingtalk" || d.Error != "" || d.Messages != 1 {
		t.Errorf("dingtalk: %+v, want one message", d)
	}
	if !strings.Contains(r.Stderr, "slack: FAILED") {
		t.Errorf("stderr does not name the failed receiver:\n%s", r.Stderr)
	}
	if n := len(w.Ding.Messages()); n != 1 || !strings.Contains(string(w.Ding.Messages()[0].Body), "test") {
		t.Errorf("DingTalk got %d messages, want one test message", n)
	}

	r = w.RunEnv(noCAMS, "test", "--receiver", "slack")
	if r.Code != 0 || w.SlackCount("") != 1 || len(w.Ding.Messages()) != 1 || !strings.Contains(r.Stdout, "slack: ok") {
		t.Fatalf("test --receiver slack: exit %d, slack %d, dingtalk %d\n%s%s", r.Code, w.SlackCount(""), len(w.Ding.Messages()), r.Stdout, r.Stderr)
	}
	posts := w.Posts()
	r = w.RunEnv(noCAMS, "test", "--receiver", "nobody")
	if r.Code != 2 || w.Posts() != posts || !strings.Contains(r.Stderr, "slack, dingtalk") {
		t.Fatalf("test --receiver nobody: exit %d, %d posts\n%s", r.Code, w.Posts()-posts, r.Stderr)
	}

	if seen := w.CAMS.Seen(); len(seen) != 0 {
		t.Errorf("test called CAMS: %v", seen)
	}
	if _, err := os.Stat(w.Dir); !os.IsNotExist(err) {
		t.Errorf("test created the store %s: %v", w.Dir, err)
	}
}

// routedApp builds the product in process from the world's variables, then
// gives the receivers routes. The configuration file that sets routes is
// built beside this work; until it lands, routes are set on config.Config
// here, and everything below it (app, run, store, CAMS emulator, chat
// fakes) is the product's.
func routedApp(t *testing.T, w *World, slackRoute, dingRoute campaign.Route) *app.App {
	t.Helper()
	cfg, err := config.Load(func(k string) string { return w.Env[k] }, config.ForRun(false))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Receivers) != 2 || cfg.Receivers[0].Name != "slack" || cfg.Receivers[1].Name != "dingtalk" {
		t.Fatalf("receivers: %+v", cfg.Receivers)
	}
	cfg.Receivers[0].Route, cfg.Receivers[1].Route = slackRoute, dingRoute
	a, err := app.New(context.Background(), cfg, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func checkNow(t *testing.T, a *app.App) *campaign.Report {
	t.Helper()
	rep, err := a.Runner.Check(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range rep.Notifications {
		if d.Error != "" {
			t.Fatalf("%s: %s", d.Receiver, d.Error)
		}
	}
	return rep
}

func channelID(s string) campaign.ChannelID {
	cust, page, _ := strings.Cut(s, ":")
	return campaign.ChannelID{CustSpaceID: cust, PageID: page}
}

// Two teams on two brands, each receiving only its own changes, on the
// OSS store.
func TestRoutingTwoTeams(t *testing.T) {
	w := NewWorld(t, Options{OSS: true})
	a := routedApp(t, w, campaign.Route{Channels: []campaign.ChannelID{channelID(chA)}}, campaign.Route{Channels: []campaign.ChannelID{channelID(chB)}})
	checkNow(t, a)
	if s, d := w.Slack.Payloads(), w.Ding.Messages(); len(s) != 1 || len(d) != 1 ||
		!strings.Contains(string(s[0]), "6 campaigns in 1 channel: Brand A") || !strings.Contains(string(d[0].Body), "6 campaigns in 1 channel: Brand B") {
		t.Fatalf("baseline notes: slack %d, dingtalk %d", len(s), len(d))
	}
	w.BudgetUp()
	w.Edit(chB, idFlash, func(c *campaign.Campaign) { c.Status = "AVAILABLE" })
	rep := checkNow(t, a)
	if len(rep.Changes) != 2 {
		t.Fatalf("the report lists %d changes, want both brands' 2", len(rep.Changes))
	}
	w.WantCounts(idSpring, 1, 0)
	w.WantCounts(idFlash, 0, 1)
}

// A 20% receiver next to a 0 receiver: 10% + 10% reaches the first only
// on the second move; the second gets both.
func TestRoutingThresholdPerReceiver(t *testing.T) {
	w := NewWorld(t, Options{})
	a := routedApp(t, w, campaign.Route{Threshold: campaign.Threshold{Percent: 20}}, campaign.Route{})
	checkNow(t, a)
	w.Edit(chA, idSpring, func(c *campaign.Campaign) { c.Budget = 6820 })
	checkNow(t, a)
	w.WantCounts(idSpring, 0, 1)
	// A new process: the references come from the store.
	a = routedApp(t, w, campaign.Route{Threshold: campaign.Threshold{Percent: 20}}, campaign.Route{})
	w.Edit(chA, idSpring, func(c *campaign.Campaign) { c.Budget = 7502 })
	checkNow(t, a)
	w.WantCounts(idSpring, 1, 2)
	s := w.Slack.Payloads()
	if last := string(s[len(s)-1]); !strings.Contains(last, "$62.00 → $75.02") {
		t.Fatalf("the 20%% receiver's message:\n%s", last)
	}
}
