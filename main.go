// Command campaignwatch watches the Meta ad message campaigns of Chat App
// Message Service channels and posts budget and status changes to Slack and
// DingTalk. Inside Function Compute (FC_RUNTIME_API set) it serves timer and
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

// version is set at build time: -ldflags "-X main.version=v1.2.3".
var version = "dev"

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
// an engineer then reads in the function's logs; and the first invocation
// posts one notice to every receiver that can still be built (from the
// webhook variables, when the rest of the configuration is bad), or logs
// plainly that nobody can be told.
func serveFC() {
	cfg, err := config.Load(os.Getenv, config.ForServe)
	if err != nil {
		fmt.Fprintln(os.Stderr, err) // the problems name variables, never secret values
		rescue := config.Rescue(os.Getenv)
		red := notify.NewRedactor((&config.Config{Receivers: rescue}).Secrets()...)
		log := logging.New(os.Stderr, logging.Options{JSON: true, Redact: red.String})
		fc.Start(handler.MisconfiguredNotice(err, red.String, app.HealthNotifiers(rescue, log), log))
		return
	}
	red := notify.NewRedactor(cfg.Secrets()...)
	log := logging.New(os.Stderr, logging.Options{JSON: true, Level: cfg.LogLevel, Redact: red.String})
	log.Info("starting", "version", version, "config", cfg)
	a, err := app.New(context.Background(), cfg, app.Options{Logger: log, Redactor: red})
	if err != nil {
		log.Error("wiring failed; every invocation will fail until the configuration is fixed", "err", err)
		fc.Start(handler.MisconfiguredNotice(err, red.String, app.HealthNotifiers(cfg.Receivers, log), log))
		return
	}
	fc.Start(a.Handler.Invoke)
}
