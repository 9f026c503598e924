//go:build !fcdeploy

package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/campaignwatch/campaignwatch/internal/app"
	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/cams/camsemu"
	"github.com/campaignwatch/campaignwatch/internal/config"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/receivers"
	"github.com/campaignwatch/campaignwatch/notify/receivers/receiverstest"
)

// demo runs the main job on the embedded default: the CAMS emulator with
// the sample campaigns, a snapshot store in a temporary directory, and the
// fake of every service of notify/receivers on the loopback interface. Each message is shown once, with the services it went to
// (--all: every service's rendering). It needs no account and no network
// beyond 127.0.0.1.
func setupDemo(fs *flag.FlagSet, env Env) func(context.Context) int {
	all := fs.Bool("all", false, "show every service's rendering of each message (the webhook's as its JSON body), not each message once")
	return func(ctx context.Context) int {
		if err := runDemo(ctx, env, *all); err != nil {
			fmt.Fprintln(env.Stderr, "campaignwatch demo:", err)
			return exitFailed
		}
		return exitOK
	}
}

const demoSecret = "SEC-demo-signing-secret"

// sampleChannels are the channels of the embedded sample campaigns.
const sampleChannels = "cams-a1:239001?name=Brand%20A,cams-b2:239002?name=Brand%20B"

// demoFakes are what the demo runs against: the CAMS emulator, a chat
// fake of each service of notify/receivers and a snapshot directory.
type demoFakes struct {
	emu   *camsemu.Server
	chats []demoChat
	dir   string
}

// demoChat is one service and its running fake.
type demoChat struct {
	svc  notify.Service
	fake receiverstest.Fake
}

func startDemoFakes(sample []campaign.Campaign) (*demoFakes, error) {
	dir, err := os.MkdirTemp("", "campaignwatch-demo-")
	if err != nil {
		return nil, err
	}
	f := &demoFakes{emu: camsemu.New(camsemu.Options{}), dir: dir}
	for _, svc := range receivers.All() {
		fake, ok := receiverstest.Start(svc, demoSecret)
		if !ok {
			f.close()
			return nil, fmt.Errorf("the %s service registers no fake (notify/%s/fake.go)", svc.Title, svc.Type)
		}
		f.chats = append(f.chats, demoChat{svc, fake})
	}
	f.emu.Load(sample)
	return f, nil
}

func (f *demoFakes) close() {
	f.emu.Close()
	for _, c := range f.chats {
		c.fake.Close()
	}
	os.RemoveAll(f.dir)
}

// vars point campaignwatch at the fakes, mentioning a sample number where
// a service takes numbers; the messages' language and zone follow the
// caller's (MESSAGE_LANGUAGE=zh-CN DIGEST_TIMEZONE=Asia/Shanghai).
func (f *demoFakes) vars(env Env) map[string]string {
	id, secret, _ := f.emu.AccessKey()
	vars := map[string]string{
		"CAMS_CHANNELS":                   sampleChannels,
		"CAMS_ENDPOINT":                   f.emu.URL(),
		"ALIBABA_CLOUD_ACCESS_KEY_ID":     id,
		"ALIBABA_CLOUD_ACCESS_KEY_SECRET": secret,
		"SNAPSHOT_URL":                    "file://" + f.dir,
		"LOG_LEVEL":                       "warn",
		"MESSAGE_LANGUAGE":                env.Getenv("MESSAGE_LANGUAGE"),
		"DIGEST_TIMEZONE":                 env.Getenv("DIGEST_TIMEZONE"),
	}
	for _, c := range f.chats {
		for _, v := range receiverstest.Vars(c.svc, c.fake) {
			vars[v.Name] = v.Value
		}
		if c.svc.Vars.Mobiles != "" {
			vars[c.svc.Vars.Mobiles] = "13800138000"
		}
	}
	return vars
}

// received says how many messages each fake received: "Slack received 3
// messages, DingTalk 3, ... and Webhook 3".
func (f *demoFakes) received() string {
	parts := make([]string, len(f.chats))
	for i, c := range f.chats {
		parts[i] = fmt.Sprintf("%s %d", c.svc.Title, len(c.fake.Bodies()))
		if i == 0 {
			parts[i] = fmt.Sprintf("%s received %d messages", c.svc.Title, len(c.fake.Bodies()))
		}
	}
	return andList(parts)
}

// formats names each service's format, in the registry's order: "Slack
// Block Kit, DingTalk markdown, ...".
func (f *demoFakes) formats() string {
	out := make([]string, len(f.chats))
	for i, c := range f.chats {
		out[i] = c.fake.Format
	}
	return strings.Join(out, ", ")
}

func runDemo(ctx context.Context, env Env, all bool) error {
	sample, err := camsemu.LoadCampaigns(bytes.NewReader(env.DemoCampaigns))
	if err != nil {
		return fmt.Errorf("the embedded sample campaigns: %w", err)
	}
	fakes, err := startDemoFakes(sample)
	if err != nil {
		return err
	}
	defer fakes.close()
	vars := fakes.vars(env)
	cfg, err := config.Load(func(k string) string { return vars[k] }, config.ForRun(false))
	if err != nil {
		return err
	}
	out := env.Stdout
	posts := &postLog{}
	a, _, code := build(ctx, cfg, env, app.Options{Wrap: func(n campaign.Notifier) campaign.Notifier {
		return &shown{Notifier: n, log: posts}
	}})
	if a == nil {
		return fmt.Errorf("wiring the demo failed (exit %d)", code)
	}

	say := func(s string) { heading(out, s, colorOn(env, env.Stdout)) }
	step := func(mode string) error {
		err := demoStep(ctx, a, mode)
		posts.flush(out, all)
		return err
	}
	say("1. First check: the store is empty, so this records the baseline and sends one short note.")
	if err := step(campaign.ModeCheck); err != nil {
		return err
	}

	say("2. Meanwhile in Meta: spring-sale-retargeting's budget goes from US$62.00 to US$80.00, flash-sale-weekend is switched on, new-arrivals-lookalike is paused, and a campaign is added.")
	changeSample(fakes.emu)

	say("3. Second check: one alert with the changes, to every service:")
	if err := step(campaign.ModeCheck); err != nil {
		return err
	}
	say("4. The daily budget digest (normally sent by the morning timer):")
	if err := step(campaign.ModeDigest); err != nil {
		return err
	}
	say("Done. " + fakes.received() + ", on local fakes.")
	if !all {
		fmt.Fprintln(out, "Each service got each message in its own format ("+fakes.formats()+"): `campaignwatch demo --all` shows every one.")
	}
	fmt.Fprintln(out, "Next, try the commands yourself: `campaignwatch playground`.")
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

// demoStep runs one check or digest; what it posted is shown after it, by
// the caller.
func demoStep(ctx context.Context, a *app.App, mode string) error {
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
