// Package cli is campaignwatch's command line (docs/commands.md): every
// command of the commands list (`campaignwatch help` shows them), their
// flags, their output and their exit codes. It parses, wires through internal/app and prints; the
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
	"time"

	"github.com/campaignwatch/campaignwatch/internal/app"
	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/config"
	"github.com/campaignwatch/campaignwatch/internal/logging"
	"github.com/campaignwatch/campaignwatch/notify"
)

// Exit codes (docs/commands.md).
const (
	exitOK     = 0
	exitFailed = 1 // the run failed, or a receiver could not be reached
	exitUsage  = 2 // bad usage or configuration
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
	// Source, when set, lists the campaigns of check instead of the CAMS
	// client: the perf harness measures the API's SDK used plainly
	// through it.
	Source campaign.Source
}

// Main runs the command named by args (without the program name) and
// returns the process's exit code. Everything it prints passes the
// process's Redactor (notify.Process), which knows the secret variables'
// values from the start and each configuration's secrets once loaded.
func Main(ctx context.Context, args []string, env Env) int {
	notify.Process().Add(config.EnvSecrets(env.Getenv)...)
	env.Stdout, env.Stderr = redacting(env.Stdout), redacting(env.Stderr)
	if len(args) == 0 {
		overview(env.Stderr)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "-h", "-help", "--help":
		name = "help"
	case "-version", "--version":
		name = "version"
	}
	c := find(name)
	if c == nil {
		unknown(name, env.Stderr)
		return exitUsage
	}
	fs := flag.NewFlagSet("campaignwatch "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // a mistake gets badFlag's line, not the flag package's
	fs.Usage = func() {}     // help is asked for with -h and printed below
	run := c.setup(fs, env)
	if err := fs.Parse(rest); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			c.printHelp(env.Stdout, env)
			return exitOK
		}
		badFlag(c, fs, err, env.Stderr)
		return exitUsage
	}
	if fs.NArg() > 0 && !c.operands {
		fmt.Fprintf(env.Stderr, "campaignwatch %s: unexpected argument %q; run `campaignwatch help %s` for its flags\n", c.name, fs.Arg(0), c.name)
		return exitUsage
	}
	return run(ctx)
}

func setupVersion(_ *flag.FlagSet, env Env) func(context.Context) int {
	return func(context.Context) int {
		fmt.Fprintln(env.Stdout, Version(env.Version))
		return exitOK
	}
}

func setupJob(mode string, fs *flag.FlagSet, env Env) func(context.Context) int {
	dryRunHelp := "list and diff only: send nothing, commit nothing"
	if mode == campaign.ModeDigest {
		dryRunHelp = "print the digest as it would be sent: send nothing, store nothing"
	}
	dryRun := fs.Bool("dry-run", false, dryRunHelp)
	asJSON := fs.Bool("json", false, "print the report as JSON on stdout (no progress)")
	cfgPath := configFlag(fs)
	return func(ctx context.Context) int { return runJob(ctx, mode, *cfgPath, *dryRun, *asJSON, env) }
}

func runJob(ctx context.Context, mode, cfgPath string, dryRun, asJSON bool, env Env) int {
	cfg, code := loadConfig(ctx, env, cfgPath, config.ForRun(dryRun))
	if cfg == nil {
		return code
	}
	opt := app.Options{Source: env.Source}
	var bar *progressBar
	if mode == campaign.ModeCheck && !asJSON && showProgress(env) {
		bar = newProgressBar(env.Stderr, time.Now)
		opt.Progress = bar.update
	}
	a, _, code := build(ctx, cfg, env, opt)
	if a == nil {
		return code
	}
	var rep *campaign.Report
	var err error
	if mode == campaign.ModeDigest {
		rep, err = a.Runner.SendDigest(ctx, dryRun)
	} else {
		rep, err = a.Runner.Check(ctx, dryRun)
	}
	bar.done()
	return finish(rep, err, mode, dryRun, asJSON, a.Redactor, env, cfg.Language)
}

// logged returns opt with what every command that builds a part of the
// product gives it: red, the redactor of cfg's secrets, and a logger to
// env.Stderr at cfg's level whose lines red redacts.
func logged(opt app.Options, env Env, cfg *config.Config, red *notify.Redactor) app.Options {
	opt.Logger, opt.Redactor = logging.New(env.Stderr, logging.Options{Level: cfg.LogLevel, Redact: red.String}), red
	return opt
}

// build wires the product; on failure it prints why and returns the exit
// code.
func build(ctx context.Context, cfg *config.Config, env Env, opt app.Options) (*app.App, *slog.Logger, int) {
	opt = logged(opt, env, cfg, notify.Process()) // config.LoadFile registered cfg's secrets
	opt.Version = env.Version
	red, log := opt.Redactor, opt.Logger
	a, err := app.New(ctx, cfg, opt)
	if err != nil {
		fmt.Fprintln(env.Stderr, "campaignwatch:", red.String(err.Error()))
		if campaign.KindOf(err) == campaign.Invalid {
			return nil, log, exitUsage // SNAPSHOT_URL, a webhook URL or the bucket is unusable as configured
		}
		return nil, log, exitFailed
	}
	return a, log, exitOK
}

// finish prints the outcome of a run and returns its exit code; language
// is MESSAGE_LANGUAGE, for a dry-run digest.
func finish(rep *campaign.Report, err error, mode string, dryRun, asJSON bool, red *notify.Redactor, env Env, language string) int {
	// A run that failed before it listed or delivered anything has no
	// summary worth a line: "0 campaigns in 0 channels" would read as a
	// run that worked. stderr says what failed.
	quiet := err != nil && (rep == nil || len(rep.Channels) == 0 && !delivered(rep))
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
	} else if !quiet {
		printSummary(env.Stdout, rep, language)
	}
	// Each error is printed once: a person reads the summary, which names
	// each failed receiver with its error, and stderr says what it means;
	// with --json the report carries the errors and stderr names them.
	if err != nil {
		fmt.Fprintln(env.Stderr, "campaignwatch:", red.String(err.Error()))
		return exitFailed
	}
	if failed := failedReceivers(rep); len(failed) > 0 {
		if asJSON {
			for _, d := range rep.Failed() {
				fmt.Fprintf(env.Stderr, "campaignwatch: %s: %s\n", d.Receiver, d.Error)
			}
		}
		fmt.Fprintf(env.Stderr, "campaignwatch: could not reach %s; the pending messages are kept and go out on a later run once the receiver takes them\n",
			strings.Join(failed, ", "))
		return exitFailed
	}
	return exitOK
}

// failedReceivers names the receivers of rep that could not be reached.
func failedReceivers(rep *campaign.Report) []string {
	var out []string
	for _, d := range rep.Failed() {
		out = append(out, d.Receiver)
	}
	return out
}

// delivered reports whether a run posted something, or failed to: a
// failed run that did is worth its summary.
func delivered(rep *campaign.Report) bool {
	for _, d := range rep.Notifications {
		if d.Messages > 0 || d.Error != "" {
			return true
		}
	}
	return false
}
