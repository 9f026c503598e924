package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/campaignwatch/campaignwatch/internal/app"
	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/cams/camsemu"
	"github.com/campaignwatch/campaignwatch/internal/config"
	"github.com/campaignwatch/campaignwatch/notify/dingtalk/dingtalktest"
	"github.com/campaignwatch/campaignwatch/notify/feishu/feishutest"
	"github.com/campaignwatch/campaignwatch/notify/slack/slacktest"
	"github.com/campaignwatch/campaignwatch/notify/webhook/webhooktest"
	"github.com/campaignwatch/campaignwatch/notify/wecom/wecomtest"
)

// demo runs the main job on the embedded default: the CAMS emulator with
// the sample campaigns, a snapshot store in a temporary directory, and
// Slack, DingTalk, Feishu, WeCom and generic-webhook fakes on the loopback
// interface. Every message is shown on the terminal as it is posted. It
// needs no account and no network beyond 127.0.0.1.
func setupDemo(_ *flag.FlagSet, env Env) func(context.Context) int {
	return func(ctx context.Context) int {
		if err := runDemo(ctx, env); err != nil {
			fmt.Fprintln(env.Stderr, "campaignwatch demo:", err)
			return exitFailed
		}
		return exitOK
	}
}

const demoSecret = "SEC-demo-signing-secret"

// sampleChannels are the channels of the embedded sample campaigns.
const sampleChannels = "cams-a1:239001?name=Brand%20A,cams-b2:239002?name=Brand%20B"

func runDemo(ctx context.Context, env Env) error {
	sample, err := camsemu.LoadCampaigns(bytes.NewReader(env.DemoCampaigns))
	if err != nil {
		return fmt.Errorf("the embedded sample campaigns: %w", err)
	}
	emu := camsemu.New(camsemu.Options{})
	defer emu.Close()
	emu.Load(sample)
	slackFake := slacktest.New()
	defer slackFake.Close()
	dingFake := dingtalktest.New(demoSecret)
	defer dingFake.Close()
	feishuFake := feishutest.New(demoSecret)
	defer feishuFake.Close()
	wecomFake := wecomtest.New()
	defer wecomFake.Close()
	hookFake := webhooktest.New(demoSecret)
	defer hookFake.Close()
	dir, err := os.MkdirTemp("", "campaignwatch-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	id, secret, _ := emu.AccessKey()
	vars := map[string]string{
		"CAMS_CHANNELS":                   sampleChannels,
		"CAMS_ENDPOINT":                   emu.URL(),
		"ALIBABA_CLOUD_ACCESS_KEY_ID":     id,
		"ALIBABA_CLOUD_ACCESS_KEY_SECRET": secret,
		"SNAPSHOT_URL":                    "file://" + dir,
		"SLACK_WEBHOOK_URL":               slackFake.URL(),
		"DINGTALK_WEBHOOK_URL":            dingFake.URL(),
		"DINGTALK_SECRET":                 demoSecret,
		"DINGTALK_AT_MOBILES":             "13800138000",
		"FEISHU_WEBHOOK_URL":              feishuFake.URL(),
		"FEISHU_SECRET":                   demoSecret,
		"WECOM_WEBHOOK_URL":               wecomFake.URL(),
		"WEBHOOK_URL":                     hookFake.URL(),
		"WEBHOOK_SECRET":                  demoSecret,
		"LOG_LEVEL":                       "warn",
		// The messages' language and zone follow the caller's, e.g.
		// MESSAGE_LANGUAGE=zh-CN DIGEST_TIMEZONE=Asia/Shanghai.
		"MESSAGE_LANGUAGE": env.Getenv("MESSAGE_LANGUAGE"),
		"DIGEST_TIMEZONE":  env.Getenv("DIGEST_TIMEZONE"),
	}
	cfg, err := config.Load(func(k string) string { return vars[k] }, config.ForRun(false))
	if err != nil {
		return err
	}
	out := env.Stdout
	a, _, code := build(ctx, cfg, env, app.Options{Wrap: func(n campaign.Notifier) campaign.Notifier {
		return &shown{Notifier: n, w: out}
	}})
	if a == nil {
		return fmt.Errorf("wiring the demo failed (exit %d)", code)
	}

	say := func(s string) { heading(out, s, colorOn(env, env.Stdout)) }
	say("1. First check: the store is empty, so this records the baseline and sends one short note.")
	if err := demoStep(ctx, a, out, campaign.ModeCheck, cfg.Language); err != nil {
		return err
	}

	say("2. Meanwhile in Meta: spring-sale-retargeting's budget goes from US$62.00 to US$80.00, flash-sale-weekend is switched on, new-arrivals-lookalike is paused, and a campaign is added.")
	changeSample(emu)

	say("3. Second check: the changes go to Slack, DingTalk, Feishu, WeCom and the JSON webhook, exactly as posted:")
	if err := demoStep(ctx, a, out, campaign.ModeCheck, cfg.Language); err != nil {
		return err
	}
	say("4. The daily budget digest (normally sent by the morning timer):")
	if err := demoStep(ctx, a, out, campaign.ModeDigest, cfg.Language); err != nil {
		return err
	}
	say(fmt.Sprintf("Done. Slack received %d messages, DingTalk %d, Feishu %d, WeCom %d and the webhook %d, on local fakes. Next, try the commands yourself: `campaignwatch playground`.",
		len(slackFake.Payloads()), len(dingFake.Messages()), len(feishuFake.Messages()), len(wecomFake.Messages()), len(hookFake.Messages())))
	return nil
}

// changeSample makes the demo's changes to the sample campaigns: a budget
// raised, a campaign paused, one added, one switched on.
func changeSample(emu *camsemu.Server) {
	a1 := emu.Campaigns("cams-a1", "239001")
	for i := range a1 {
		switch a1[i].CampaignID {
		case "2330010001":
			a1[i].Budget = 8000
		case "2330010002":
			a1[i].Status = "PAUSED"
		}
	}
	a1 = append(a1, campaign.Campaign{CustSpaceID: "cams-a1", PageID: "239001", CampaignID: "2330010007",
		CampaignName: "black-friday-2026", Status: "AVAILABLE", Budget: 20000, BudgetType: campaign.BudgetDaily,
		AdAccountID: "act_1029384756", CreateTime: 1779753600000})
	emu.SetCampaigns("cams-a1", "239001", a1)
	b2 := emu.Campaigns("cams-b2", "239002")
	for i := range b2 {
		if b2[i].CampaignID == "2330020003" {
			b2[i].Status = "AVAILABLE"
		}
	}
	emu.SetCampaigns("cams-b2", "239002", b2)
}

func demoStep(ctx context.Context, a *app.App, out io.Writer, mode, language string) error {
	var rep *campaign.Report
	var err error
	if mode == campaign.ModeDigest {
		rep, err = a.Runner.SendDigest(ctx, false)
	} else {
		rep, err = a.Runner.Check(ctx, false)
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(out)
	printSummary(out, rep, language)
	if failed := failedReceivers(rep); len(failed) > 0 {
		return fmt.Errorf("could not reach %s", strings.Join(failed, ", "))
	}
	return nil
}

// heading writes a step's heading, bold when colour is on.
func heading(w io.Writer, s string, color bool) {
	if color {
		fmt.Fprintf(w, "\n\033[1m%s\033[0m\n", s)
		return
	}
	fmt.Fprintf(w, "\n%s\n", s)
}

// shown shows each message on the terminal as it is posted.
type shown struct {
	campaign.Notifier
	mu sync.Mutex
	w  io.Writer
}

func (s *shown) Post(ctx context.Context, m campaign.Message) error {
	err := s.Notifier.Post(ctx, m)
	s.mu.Lock()
	defer s.mu.Unlock()
	// DingTalk's markdown is shown as the robot gets it; other services'
	// payloads as their plain text.
	text, kind := m.Text, "message"
	var md struct{ Markdown struct{ Text string } }
	if json.Unmarshal(m.Body, &md) == nil && md.Markdown.Text != "" {
		text, kind = md.Markdown.Text, "markdown as posted"
	}
	fmt.Fprintf(s.w, "\n┌ %s %s %s\n", s.Name(), kind, strings.Repeat("─", 40))
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		fmt.Fprintf(s.w, "│ %s\n", line)
	}
	status := "posted"
	if err != nil {
		status = "FAILED: " + err.Error()
	}
	fmt.Fprintf(s.w, "└ %s (%d bytes of %s payload)\n", status, len(m.Body), s.Name())
	return err
}
