package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/app"
	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/cams/camsemu"
	"github.com/campaignwatch/campaignwatch/internal/config"
	"github.com/campaignwatch/campaignwatch/notify/dingtalk/dingtalktest"
	"github.com/campaignwatch/campaignwatch/notify/slack/slacktest"
)

// TestEachReceiverInItsLanguageAndZone runs the wired product with an
// English Slack receiver in UTC and a Chinese DingTalk receiver in
// Shanghai: each gets the baseline and the changes of the same run in
// its own words and clock. Receivers from environment variables all share
// MESSAGE_LANGUAGE and DIGEST_TIMEZONE; per-receiver values come from the
// configuration file, so the configuration is set in Go here.
func TestEachReceiverInItsLanguageAndZone(t *testing.T) {
	emu, slackFake, dingFake, cfg := twoReceivers(t)
	sh, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	for i := range cfg.Receivers {
		if cfg.Receivers[i].Type == "dingtalk" {
			cfg.Receivers[i].Language, cfg.Receivers[i].Zone = "zh-CN", sh
		}
	}
	ctx := context.Background()
	a, err := app.New(ctx, cfg, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Runner.Check(ctx, false); err != nil {
		t.Fatal(err)
	}
	cs := emu.Campaigns("cams-a1", "239001")
	cs[0].Budget, cs[0].Status = 8000, "PAUSED"
	emu.SetCampaigns("cams-a1", "239001", cs)
	if _, err := a.Runner.Check(ctx, false); err != nil {
		t.Fatal(err)
	}

	var slackText []string
	for _, p := range slackFake.Payloads() {
		slackText = append(slackText, string(p))
	}
	var dingText []string
	for _, m := range dingFake.Messages() {
		dingText = append(dingText, m.Markdown.Text)
	}
	if len(slackText) != 2 || len(dingText) != 2 {
		t.Fatalf("slack got %d messages, dingtalk %d; want the baseline and the changes each", len(slackText), len(dingText))
	}
	for _, want := range []string{"campaignwatch is now watching 1 campaign", "daily budget US$62.00 → US$80.00 (+29%)", "active → paused", " UTC · run "} {
		if !strings.Contains(strings.Join(slackText, "\n"), want) {
			t.Errorf("the English Slack receiver's messages lack %q:\n%s", want, slackText)
		}
	}
	for _, want := range []string{"campaignwatch 已开始监控", "日预算 US$62.00 → US$80.00（+29%）", "投放中 → 已暂停", "UTC+08:00 · 运行编号"} {
		if !strings.Contains(strings.Join(dingText, "\n"), want) {
			t.Errorf("the Chinese DingTalk receiver's messages lack %q:\n%s", want, dingText)
		}
	}
	if joined := strings.Join(dingText, "\n"); strings.Contains(joined, "Budget") || strings.Contains(joined, " UTC ·") {
		t.Errorf("the Chinese receiver got English words or UTC times:\n%s", joined)
	}
}

// twoReceivers is the wired product's rig: the CAMS emulator with Brand
// A's spring-sale, a Slack fake and a DingTalk fake, and the
// configuration that watches the one channel and posts to both. The
// emulator and the fakes close when the test ends.
func twoReceivers(t *testing.T) (*camsemu.Server, *slacktest.Server, *dingtalktest.Server, *config.Config) {
	t.Helper()
	emu := camsemu.New(camsemu.Options{})
	t.Cleanup(emu.Close)
	emu.SetCampaigns("cams-a1", "239001", []campaign.Campaign{
		{CustSpaceID: "cams-a1", PageID: "239001", CampaignID: "233001", CampaignName: "spring-sale", Status: "AVAILABLE", Budget: 6200, BudgetType: "daily", AdAccountID: "act_1", CreateTime: 1730293928381},
	})
	slackFake := slacktest.New()
	t.Cleanup(slackFake.Close)
	dingFake := dingtalktest.New("")
	t.Cleanup(dingFake.Close)
	id, secret, _ := emu.AccessKey()
	vars := map[string]string{
		"CAMS_CHANNELS": "cams-a1:239001", "CAMS_ENDPOINT": emu.URL(),
		"ALIBABA_CLOUD_ACCESS_KEY_ID": id, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": secret,
		"SNAPSHOT_URL": "file://" + t.TempDir(), "LOG_LEVEL": "error",
		"SLACK_WEBHOOK_URL": slackFake.URL(), "DINGTALK_WEBHOOK_URL": dingFake.URL(),
	}
	cfg, err := config.Load(func(k string) string { return vars[k] }, config.ForRun(false))
	if err != nil {
		t.Fatal(err)
	}
	return emu, slackFake, dingFake, cfg
}
