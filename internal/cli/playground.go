//go:build !fcdeploy

package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/app"
	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/cams/camsemu"
	"github.com/campaignwatch/campaignwatch/internal/config"
	"github.com/campaignwatch/campaignwatch/internal/playground"
)

func setupPlayground(fs *flag.FlagSet, env Env) func(context.Context) int {
	base := fs.Int("base-port", playground.DefaultBasePort, "the first `port` of 127.0.0.1 to use (0: any free ports)")
	dir := fs.String("dir", "", "keep the snapshots in this `directory` (default: a temporary one, removed on exit)")
	oss := fs.Bool("oss", false, "keep the snapshots in the OSS fake instead of a directory")
	return func(ctx context.Context) int {
		if *base < 0 || *base > 65535-20 {
			fmt.Fprintf(env.Stderr, "campaignwatch playground: --base-port %d: want 0 (any free ports) or a port from 1 to %d\n", *base, 65535-20)
			return exitUsage
		}
		if *oss && *dir != "" {
			fmt.Fprintln(env.Stderr, "campaignwatch playground: --dir and --oss choose different stores: give one")
			return exitUsage
		}
		if err := runPlayground(ctx, playground.Options{BasePort: *base, Dir: *dir, OSS: *oss}, env); err != nil {
			fmt.Fprintln(env.Stderr, "campaignwatch playground:", err)
			return exitFailed
		}
		return exitOK
	}
}

// runPlayground starts the playground, records the baseline, prints how
// to use it, and serves until ctx ends.
func runPlayground(ctx context.Context, opt playground.Options, env Env) error {
	sample, err := loadSample(env)
	if err != nil {
		return err
	}
	opt.Campaigns, opt.Channels, opt.Out = sample, sampleChannels, env.Stdout
	p, err := playground.Start(opt)
	if err != nil {
		return err
	}
	defer p.Close()

	cfg, err := config.Load(p.Getenv, config.ForServe)
	if err != nil {
		return err
	}
	clock := &playground.Clock{}
	a, _, code := build(ctx, cfg, env, app.Options{Now: clock.Now})
	if a == nil {
		return fmt.Errorf("wiring the playground failed (exit %d)", code)
	}
	srv := &http.Server{Handler: a.Handler, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(p.RoutesListener()) }()
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()

	color := colorOn(env, env.Stdout)
	out := env.Stdout
	heading(out, "campaignwatch playground: everything on 127.0.0.1, nothing leaves this machine.", color)
	for _, s := range p.Services() {
		fmt.Fprintf(out, "  %-16s %s\n", s.Name, s.URL)
	}

	if err := playgroundHistory(ctx, out, color, p, a, cfg, clock); err != nil {
		return err
	}

	heading(out, "In a second terminal, point campaignwatch at the playground:", color)
	// The playground's own values, made up for its fakes on 127.0.0.1:
	// printed on purpose, past the process's redactor, which knows them.
	printExports(unwrapWriter(out), p.Vars())
	routes := p.RoutesURL()
	heading(out, "The dashboard (budgets, campaigns, changes, silences) in your browser:", color)
	fmt.Fprintf(unwrapWriter(out), "  %s/ui/   sign in with the token %s (the playground's own, made up for it)\n", routes, p.Getenv("HTTP_AUTH_TOKEN"))
	heading(out, "Then change a campaign and watch the alert arrive here:", color)
	fmt.Fprintf(out, `  curl -X POST "$CAMS_ENDPOINT%[1]s" -d '{"CustSpaceId":"cams-a1","PageId":"239001","CampaignId":"2330010001","Budget":8000}'
  curl -X POST "$CAMS_ENDPOINT%[1]s" -d '{"CustSpaceId":"cams-a1","PageId":"239001","CampaignId":"2330010002","Status":"PAUSED"}'
  curl -X POST "$CAMS_ENDPOINT%[1]s" -d '{"CustSpaceId":"cams-b2","PageId":"239002","CampaignId":"2330029999","CampaignName":"my-new-campaign","Budget":5000}'
  campaignwatch check
  campaignwatch digest --dry-run
  curl -H "Authorization: Bearer $HTTP_AUTH_TOKEN" '%[2]s/campaigns?format=csv'
  curl -X POST -H "Authorization: Bearer $HTTP_AUTH_TOKEN" %[2]s/check
(go run . COMMAND works the same from the source tree.)
`, camsemu.AdminPath, routes)
	heading(out, "To try a configuration file instead: the playground wrote one, a receiver per team (Slack for Brand A, DingTalk in Chinese for Brand B, Feishu for marketing, the webhook for finance).", color)
	fmt.Fprintf(unwrapWriter(out), `In a third terminal, without the exports above (a setting given both ways is an error):
  export ALIBABA_CLOUD_ACCESS_KEY_ID=%s
  export ALIBABA_CLOUD_ACCESS_KEY_SECRET=%s
  campaignwatch config --config %[3]s
  campaignwatch check --config %[3]s
Copy the file to edit it. Ctrl-C stops the playground.
`, shellQuote(p.Getenv("ALIBABA_CLOUD_ACCESS_KEY_ID")), shellQuote(p.Getenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET")), shellQuote(p.ConfigFile()))

	select {
	case <-ctx.Done():
		fmt.Fprintln(out, "\nplayground stopped.")
		return nil
	case err := <-served:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return fmt.Errorf("serving the HTTP routes: %w", err)
	}
}

// printExports writes one export line per variable, shell-quoted.
func printExports(w io.Writer, vars []playground.Var) {
	for _, v := range vars {
		fmt.Fprintf(w, "  export %s=%s\n", v.Name, shellQuote(v.Value))
	}
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:,@=+", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// loadSample reads the embedded sample campaigns.
func loadSample(env Env) ([]campaign.Campaign, error) {
	cs, err := camsemu.LoadCampaigns(bytes.NewReader(env.DemoCampaigns))
	if err != nil {
		return nil, fmt.Errorf("the embedded sample campaigns: %w", err)
	}
	return cs, nil
}

// historyDays is how many days of history the playground lays down before
// now, so that the dashboard has a chart and changes to show.
const historyDays = 6

// playgroundHistory runs the first check with the clock a week back (the
// baseline, shown as it reaches the fakes), then a check a day up to now
// with some campaigns moved, their messages not shown, and the campaigns
// put back as they were for the last one, so that the sample reads as the
// docs say.
func playgroundHistory(ctx context.Context, out io.Writer, color bool, p *playground.Playground, a *app.App, cfg *config.Config, clock *playground.Clock) error {
	heading(out, "First check, a week ago (when the store is new, it records the baseline and sends one short note):", color)
	var channels []campaign.ChannelID
	for _, ch := range cfg.Channels {
		channels = append(channels, ch.ChannelID)
	}
	changes := 0
	err := playground.LayDown(ctx, p.Emulator, channels, clock, historyDays, true, func(ctx context.Context, day int) error {
		rep, err := a.Runner.Check(ctx, false)
		if err != nil {
			return errors.New(a.Redactor.String(err.Error()))
		}
		if day == -historyDays {
			printSummary(out, rep, cfg.Language)
			heading(out, "A check a day since, for the dashboard's history (their messages reach the fakes, not shown here):", color)
			p.Mute(true)
			return nil
		}
		changes += len(rep.Changes)
		return nil
	})
	p.Mute(false)
	if err != nil {
		return fmt.Errorf("laying down the history: %w", err)
	}
	fmt.Fprintf(out, "  %d checks, %d changes recorded\n", historyDays, changes)
	return nil
}
