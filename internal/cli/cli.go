// Package cli is campaignwatch's command line (interface.md, "Commands"):
// demo, check, digest, serve and version, their flags, their output and
// their exit codes. It parses, wires through internal/app and prints; the
// work itself is internal/run's.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/campaignwatch/campaignwatch/internal/app"
	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/config"
	"github.com/campaignwatch/campaignwatch/internal/logging"
	"github.com/campaignwatch/campaignwatch/notify"
)

// Exit codes (interface.md).
const (
	ExitOK     = 0
	ExitFailed = 1 // the run failed, or a receiver could not be reached
	ExitUsage  = 2 // bad usage or configuration
)

// Env is what a command reads and writes: the process's environment and
// standard streams, injectable for tests.
type Env struct {
	Getenv         func(string) string
	Stdout, Stderr io.Writer
	Version        string
	// DemoCampaigns is the sample data of `campaignwatch demo`: a JSON
	// array of campaigns with the API's field names (testdata/demo).
	DemoCampaigns []byte
}

const usage = `usage:
  campaignwatch demo                        the embedded default: no cloud account, no network
  campaignwatch check  [--dry-run] [--json] one check: list, diff, notify, commit
  campaignwatch digest [--dry-run] [--json] the budget digest, sent now
  campaignwatch serve  [--addr 127.0.0.1:9000]   the HTTP trigger's routes on a local port
  campaignwatch config [--json]             validate the configuration and print it, secrets masked
  campaignwatch version
Every command but version takes --config PATH|oss://BUCKET/KEY (or CAMPAIGNWATCH_CONFIG).
Configuration comes from environment variables and that file: see README.md.
`

// Main runs the command named by args (without the program name) and
// returns the process's exit code.
func Main(ctx context.Context, args []string, env Env) int {
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, usage)
		return ExitUsage
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "check", "digest":
		return runJob(ctx, cmd, rest, env)
	case "serve":
		return serve(ctx, rest, env)
	case "config":
		return configCmd(ctx, rest, env)
	case "demo":
		return demo(ctx, rest, env)
	case "version", "--version", "-version":
		if len(rest) > 0 {
			fmt.Fprintf(env.Stderr, "campaignwatch version: unexpected argument %q\n", rest[0])
			return ExitUsage
		}
		fmt.Fprintln(env.Stdout, env.Version)
		return ExitOK
	case "help", "-h", "--help":
		fmt.Fprint(env.Stdout, usage)
		return ExitOK
	default:
		fmt.Fprintf(env.Stderr, "campaignwatch: unknown command %q\n%s", cmd, usage)
		return ExitUsage
	}
}

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(name string, env Env) *flag.FlagSet {
	fs := flag.NewFlagSet("campaignwatch "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "%s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return errors.New("unexpected argument")
	}
	return nil
}

func runJob(ctx context.Context, mode string, args []string, env Env) int {
	fs := newFlags(mode, env)
	dryRunHelp := "list and diff only: send nothing, commit nothing"
	if mode == campaign.ModeDigest {
		dryRunHelp = "build the digest only: send nothing, store nothing"
	}
	dryRun := fs.Bool("dry-run", false, dryRunHelp)
	asJSON := fs.Bool("json", false, "print the report as JSON on stdout")
	cfgPath := configFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	cfg, code := loadConfig(ctx, env, *cfgPath, config.ForRun(*dryRun))
	if cfg == nil {
		return code
	}
	a, _, code := build(ctx, cfg, env, app.Options{})
	if a == nil {
		return code
	}
	var rep *campaign.Report
	var err error
	if mode == campaign.ModeDigest {
		rep, err = a.Runner.SendDigest(ctx, *dryRun)
	} else {
		rep, err = a.Runner.Check(ctx, *dryRun)
	}
	return finish(rep, err, mode, *dryRun, *asJSON, a.Redactor, env)
}

// build wires the product; on failure it prints why and returns the exit
// code.
func build(ctx context.Context, cfg *config.Config, env Env, opt app.Options) (*app.App, *slog.Logger, int) {
	red := notify.NewRedactor(cfg.Secrets()...)
	log := logging.New(env.Stderr, logging.Options{Level: cfg.LogLevel, Redact: red.String})
	opt.Logger, opt.Redactor = log, red
	a, err := app.New(ctx, cfg, opt)
	if err != nil {
		fmt.Fprintln(env.Stderr, "campaignwatch:", red.String(err.Error()))
		if campaign.KindOf(err) == campaign.Invalid {
			return nil, log, ExitUsage // SNAPSHOT_URL, a webhook URL or the bucket is unusable as configured
		}
		return nil, log, ExitFailed
	}
	return a, log, ExitOK
}

// finish prints the outcome of a run and returns its exit code.
func finish(rep *campaign.Report, err error, mode string, dryRun, asJSON bool, red *notify.Redactor, env Env) int {
	if rep == nil {
		rep = &campaign.Report{Mode: mode, DryRun: dryRun, Channels: []campaign.ChannelReport{},
			Changes: []campaign.Change{}, Notifications: []campaign.Delivery{}}
	}
	if err != nil && rep.Error == "" {
		rep.Error = red.String(err.Error())
	}
	if asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false) // campaign names as they are: "<" not "\u003c"
		_ = enc.Encode(rep)
	} else {
		printSummary(env.Stdout, rep)
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, "campaignwatch:", red.String(err.Error()))
		return ExitFailed
	}
	if failed := failedReceivers(rep); len(failed) > 0 {
		for _, d := range rep.Notifications {
			if d.Error != "" {
				fmt.Fprintf(env.Stderr, "campaignwatch: %s: %s\n", d.Receiver, d.Error)
			}
		}
		fmt.Fprintf(env.Stderr, "campaignwatch: could not reach %s; the pending messages are kept and go out on a later run once the receiver takes them\n",
			strings.Join(failed, ", "))
		return ExitFailed
	}
	return ExitOK
}

func failedReceivers(rep *campaign.Report) []string {
	var out []string
	for _, d := range rep.Notifications {
		if d.Error != "" {
			out = append(out, d.Receiver)
		}
	}
	return out
}
