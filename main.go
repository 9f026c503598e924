// Command campaignwatch watches the Meta ad message campaigns of Chat App
// Message Service channels and posts their changes, and a daily budget
// digest, to Slack, DingTalk, Feishu/Lark, WeCom or a signed JSON webhook.
// Inside Function Compute (FC_RUNTIME_API set) it serves timer and
// HTTP trigger invocations; elsewhere it is a command line (see README.md).
package main

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // DIGEST_TIMEZONE works without the system's zone files

	"github.com/aliyun/fc-runtime-go-sdk/fc"

	"github.com/campaignwatch/campaignwatch/handler"
	"github.com/campaignwatch/campaignwatch/internal/app"
	"github.com/campaignwatch/campaignwatch/internal/cli"
	"github.com/campaignwatch/campaignwatch/internal/config"
	"github.com/campaignwatch/campaignwatch/internal/logging"
	"github.com/campaignwatch/campaignwatch/notify"
)

// version may be set at build time: -ldflags "-X main.version=v1.2.3".
// Unset, the version comes from the build information (cli.Version).
var version string

//go:embed testdata/demo/campaigns.json
var demoCampaigns []byte

func main() {
	if os.Getenv("FC_RUNTIME_API") != "" {
		serveFC()
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], cli.Env{
		Getenv: os.Getenv, Stdout: os.Stdout, Stderr: os.Stderr,
		Version: version, DemoCampaigns: demoCampaigns,
	})
	stop()
	os.Exit(code)
}

// serveFC serves Function Compute invocations until the runtime stops the
// instance. A configuration problem does not crash the instance in a loop:
// every invocation fails with the list of problems instead, which is what
// an engineer then reads in the function's logs; and the first such
// invocation posts one notice to every health receiver that can still be
// built (config.Rescue: the file's sound receivers and the webhook
// variables'), or logs plainly that nobody can be told. A configuration
// file in OSS is asked for again at the start of every invocation (one
// conditional request when unchanged), so that an edit applies on the next
// run.
func serveFC() {
	red := notify.Process() // config.LoadFile and config.Rescue register every secret there
	red.Add(config.EnvSecrets(os.Getenv)...)
	loader, err := app.NewConfigLoader(os.Getenv, "", config.ForServe)
	if err != nil {
		fmt.Fprintln(os.Stderr, red.String(err.Error()))
		rescue := config.Rescue(os.Getenv, nil)
		alarm := &app.StartupAlarm{Logger: logging.New(os.Stderr, logging.Options{JSON: true, Redact: red.String}), Version: version}
		misconfigured := handler.Misconfigured(err, red.String)
		fc.Start(handler.Redacted(func(ctx context.Context, event []byte) (any, error) {
			alarm.Failed(ctx, err, rescue, red.String)
			return misconfigured(ctx, event)
		}, red.String))
		return
	}
	startLog := logging.New(os.Stderr, logging.Options{JSON: true, Redact: red.String})
	live := app.NewLive(loader, func(ctx context.Context, cfg *config.Config) (*app.App, error) {
		log := logging.New(os.Stderr, logging.Options{JSON: true, Level: cfg.LogLevel, Redact: red.String})
		log.Info("configuration loaded", "version", cli.Version(version), "file", loader.Location().String(), "config", cfg)
		return app.New(ctx, cfg, app.Options{Logger: log, Redactor: red, Version: version})
	})
	live.OnError = func(err error) {
		startLog.Error("configuration or wiring failed; this invocation does nothing until it is fixed", "err", err)
	}
	live.Alarm = &app.StartupAlarm{Logger: startLog, Version: version}
	fc.Start(handler.Redacted(live.Invoke, red.String))
}
