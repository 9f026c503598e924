package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/campaignwatch/campaignwatch/internal/config"
	"github.com/campaignwatch/campaignwatch/notify/receivers"
)

// A command is one entry of the command line: its help and its flags
// live next to the code that runs it. Adding a command is adding one
// entry to commands.
type command struct {
	name    string
	summary string // one line, in the list of commands
	args    string // the synopsis after the name: "[--dry-run] [--json]"
	about   string // what it does, in a few sentences
	vars    string // the variables it reads, one per line
	exits   string // its exit codes, one per line
	example string
	// operands: the command takes arguments after its flags (help's
	// COMMAND); others refuse them.
	operands bool
	// setup declares the command's flags on fs and returns what runs it
	// once they are parsed.
	setup func(fs *flag.FlagSet, env Env) func(ctx context.Context) int
}

// Variables that several commands read, for their help.
const (
	varsCAMS = `CAMS_CHANNELS                      the channels to watch: CustSpaceId:PageId[?filters],...
CAMS_REGION, CAMS_ENDPOINT         where CAMS is (default ap-southeast-1)
CAMS_PAGE_SIZE, CAMS_CONCURRENCY, CAMS_QPS   paging, parallelism, call ceiling
ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET, ALIBABA_CLOUD_SECURITY_TOKEN   credentials`
	varsStore = `SNAPSHOT_URL                       oss://BUCKET/PREFIX or file://DIR (default file://.campaignwatch)
OSS_REGION, OSS_ENDPOINT           where OSS is`
	varsLog   = `LOG_LEVEL                          debug, info, warn or error (default info); logs go to stderr`
	varsColor = `NO_COLOR                           any value: no colour (colour and progress need a terminal anyway)`

	exitsRun = `0  done
1  the run failed (the reason on stderr), or a receiver could not be reached
   (its messages are kept and go out on a later run)
2  bad usage or configuration (every problem, one per line)`
)

// varsReceivers are the receivers' variables: the configuration file,
// each service's (notify/receivers, in its order), then what shapes
// their messages.
var varsReceivers = strings.Join(append(append(
	[]string{varLine("CAMPAIGNWATCH_CONFIG", "a configuration file (path or oss://BUCKET/KEY): channels, receivers, routing")},
	serviceVarLines()...),
	varLine("BUDGET_CHANGE_THRESHOLD", "smallest budget move announced: 10% or $50"),
	varLine("DIGEST_TIMEZONE", "the zone of times in messages (default UTC)"),
	varLine("PUBLIC_URL", "the address of the HTTP routes: messages link campaigns to their dashboard pages")), "\n")

// serviceVarLines are the help's lines of every service's variables.
func serviceVarLines() []string {
	var out []string
	for _, s := range receivers.All() {
		out = append(out, varLine(strings.Join(s.Vars.Names(), ", "), s.Vars.About))
	}
	return out
}

// varLine is one line of a command's variables: the names, then what
// they are from column 36 (three spaces further when the names are longer).
func varLine(names, about string) string {
	const col = 35
	if len(names) < col-1 {
		return names + strings.Repeat(" ", col-len(names)) + about
	}
	return names + "   " + about
}

// serviceTitles names every service of notify/receivers, in its order:
// "Slack, DingTalk, ... and Webhook".
func serviceTitles() string {
	var titles []string
	for _, s := range receivers.All() {
		titles = append(titles, s.Title)
	}
	return andList(titles)
}

// andList joins items as a sentence does: "a, b and c".
func andList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// chatPorts lists the playground's chat fakes' ports, in the order of
// notify/receivers: "B+10 (slack), B+11 (dingtalk), ...".
func chatPorts() string {
	types := receivers.Types()
	for i, typ := range types {
		types[i] = fmt.Sprintf("B+%d (%s)", 10+i, typ)
	}
	return strings.Join(types, ", ")
}

// fill breaks text into lines of at most width bytes, between words.
func fill(text string, width int) string {
	var b strings.Builder
	line := 0
	for _, w := range strings.Fields(text) {
		switch {
		case line == 0:
		case line+1+len(w) > width:
			b.WriteByte('\n')
			line = 0
		default:
			b.WriteByte(' ')
			line++
		}
		b.WriteString(w)
		line += len(w)
	}
	return b.String()
}

// commands is the command line, in the order help lists it. It is filled
// in init: help's own entry reads it.
var commands []command

func init() {
	commands = []command{cmdDemo, cmdPlayground, cmdCheck, cmdDigest, cmdServe, cmdConfig, cmdTest, cmdHistory, cmdSilence, cmdVersion, cmdHelp}
}

var cmdDemo = command{
	name: "demo", summary: "the whole product on sample data: no cloud account, no network", args: "[--all]",
	about: fill("Runs campaignwatch end to end on the embedded sample campaigns: the CAMS emulator, "+
		"a snapshot store in a temporary directory, and a fake of every chat service ("+serviceTitles()+") on 127.0.0.1. "+
		"It records a baseline, changes some campaigns, checks again and sends the digest, "+
		"showing each message once with the services it was posted to (--all: each service's own rendering). "+
		"Nothing is left behind. To try the commands yourself, run `campaignwatch playground` instead.", 72),
	vars:    varsColor,
	exits:   "0  done\n1  the demo failed (the reason on stderr)\n2  bad usage",
	example: "campaignwatch demo",
	setup:   setupDemo,
}

var cmdPlayground = command{
	name: "playground", summary: "the emulator, a store and chat fakes on fixed local ports, until Ctrl-C",
	args: "[--base-port 8080] [--dir DIR] [--oss]",
	about: `Starts campaignwatch's outside world on 127.0.0.1 and keeps it running:
the CAMS emulator loaded with the sample campaigns, a snapshot store, a
fake of every chat service (each message they receive is shown here),
and the HTTP routes of ` + "`serve`" + `. It prints the export lines that point
check, digest, serve and curl at it from a second terminal, and records
the baseline, so that the next change you make is announced.

Change campaigns through the emulator's admin route, e.g. a budget:
  curl -X POST $CAMS_ENDPOINT/_emulator/campaigns -d '{"CustSpaceId":"cams-a1",
    "PageId":"239001","CampaignId":"2330010001","Budget":8000}'
"Status":"PAUSED" pauses one; a new CampaignId adds one; GET lists them.

` + fill("Ports, from --base-port B: CAMS emulator B, OSS fake B+1, HTTP routes B+2, chat fakes "+chatPorts()+".", 72),
	vars:    varsColor,
	exits:   "0  stopped with Ctrl-C\n1  a service could not start (e.g. a port is taken)\n2  bad usage",
	example: "campaignwatch playground --dir ./playground-store",
	setup:   setupPlayground,
}

var cmdCheck = command{
	name: "check", summary: "one check: list, diff, commit, deliver", args: "[--dry-run] [--json]",
	about: `Lists the campaigns of every channel, compares them with the latest
snapshot, commits the new snapshot with the messages owed, and posts the
changes to every receiver. The first check of an empty store records the
baseline and sends one short note. On a terminal, progress is shown on
stderr while the channels are listed.`,
	vars:    strings.Join([]string{varsCAMS, varsStore, varsReceivers, varsLog, varsColor}, "\n"),
	exits:   exitsRun,
	example: "campaignwatch check --dry-run",
	setup:   func(fs *flag.FlagSet, env Env) func(context.Context) int { return setupJob("check", fs, env) },
}

var cmdDigest = command{
	name: "digest", summary: "the budget digest, sent now", args: "[--dry-run] [--json]",
	about: `Builds the budget digest of the latest snapshot (what the morning timer
sends) and posts it to every receiver. With --dry-run it prints the
digest as it would be sent and sends nothing.`,
	vars:    strings.Join([]string{varsStore, varsReceivers, varsLog}, "\n"),
	exits:   exitsRun,
	example: "campaignwatch digest --dry-run",
	setup:   func(fs *flag.FlagSet, env Env) func(context.Context) int { return setupJob("digest", fs, env) },
}

var cmdServe = command{
	name: "serve", summary: "the HTTP trigger's routes on a local port", args: "[--addr 127.0.0.1:9000]",
	about: `Serves the routes of the function's HTTP trigger on a local address
until Ctrl-C: GET /healthz, and with Authorization: Bearer
$HTTP_AUTH_TOKEN, POST /check, GET /campaigns, GET and POST /digest,
POST /test, GET /history, GET /series, GET and POST /silences and DELETE
/silences/{id}.`,
	vars: strings.Join([]string{varsCAMS, varsStore, varsReceivers,
		"HTTP_AUTH_TOKEN                    the bearer token of the protected routes", varsLog}, "\n"),
	exits:   "0  stopped with Ctrl-C\n1  serving failed\n2  bad usage or configuration, or the address is unusable",
	example: "campaignwatch serve --addr 127.0.0.1:9000",
	setup:   setupServe,
}

var cmdConfig = command{
	name: "config", summary: "validate the configuration and print it, secrets masked", args: "[--json]",
	about: `Reads the configuration (the file named by --config or
CAMPAIGNWATCH_CONFIG, and the environment), checks it without touching
the network (but to read the file itself), and prints the effective
configuration: each channel, and each receiver with its type, channels,
change types, threshold, language, time zone, quiet hours, mentions and
whether it gets the digest. Secrets show as ***.`,
	vars:    strings.Join([]string{varsCAMS, varsStore, varsReceivers}, "\n"),
	exits:   "0  the configuration is valid\n1  the file could not be fetched (OSS unreachable)\n2  bad usage, or the configuration is not valid (every problem, one per line)",
	example: "campaignwatch config --config campaignwatch.yaml",
	setup:   setupConfig,
}

var cmdTest = command{
	name: "test", summary: "post a test message to each receiver (or those named)",
	args: "[--receiver NAME]... [--json]",
	about: `Posts one short test message to each receiver, or to those named with
--receiver (repeatable), and prints per receiver whether its service
took it. It needs no CAMS channels or credentials, lists nothing and
reads or writes no snapshot: run it right after setting up a webhook.`,
	vars:    strings.Join([]string{varsReceivers, varsLog}, "\n"),
	exits:   "0  every receiver took its message\n1  a receiver did not (its error on stderr)\n2  bad usage or configuration, or a name that is no receiver's",
	example: "campaignwatch test --receiver slack",
	setup:   setupTest,
}

var cmdVersion = command{
	name: "version", summary: "the version, commit and Go version of this binary",
	about:   "Prints the version (set at build time, else the module's version or \"devel\"), the commit and its time when known, and the Go version.",
	exits:   "0  always\n2  bad usage",
	example: "campaignwatch version",
	setup:   setupVersion,
}

var cmdHelp = command{
	name: "help", summary: "help on a command", args: "[COMMAND]",
	about:    "Prints the list of commands, or a command's help: what it does, its flags, the variables it reads, its exit codes and an example. `campaignwatch COMMAND --help` prints the same.",
	exits:    "0  done\n2  no such command",
	example:  "campaignwatch help check",
	operands: true,
	setup:    setupHelp,
}

// find returns the named command, or nil.
func find(name string) *command {
	for i := range commands {
		if commands[i].name == name {
			return &commands[i]
		}
	}
	return nil
}

// overview is the list of commands.
func overview(w io.Writer) {
	fmt.Fprintln(w, "campaignwatch watches Meta ad message campaigns in Chat App Message Service")
	fmt.Fprintln(w, "and posts budget and status changes to chat.")
	fmt.Fprintln(w, "\nUsage:\n  campaignwatch COMMAND [flags]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-11s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun `campaignwatch help COMMAND` for a command's flags, variables and exit codes.")
	fmt.Fprintln(w, "Start with `campaignwatch demo`, then `campaignwatch playground`.")
}

// printHelp writes c's help.
func (c *command) printHelp(w io.Writer, env Env) {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	c.setup(fs, env)
	usage := "campaignwatch " + c.name
	if c.args != "" {
		usage += " " + c.args
	}
	fmt.Fprintf(w, "Usage: %s\n\n%s\n", usage, c.about)
	var flags []string
	fs.VisitAll(func(f *flag.Flag) {
		name, text := flag.UnquoteUsage(f)
		head := "--" + f.Name
		if name != "" {
			head += " " + name
		}
		if f.DefValue != "" && f.DefValue != "false" {
			text += " (default " + f.DefValue + ")"
		}
		flags = append(flags, fmt.Sprintf("%-20s %s", head, text))
	})
	flags = append(flags, fmt.Sprintf("%-20s %s", "-h, --help", "this help"))
	section(w, "Flags", strings.Join(flags, "\n"))
	if c.vars != "" {
		section(w, "Variables", c.vars)
	}
	section(w, "Exit codes", c.exits)
	section(w, "Example", c.example)
}

func section(w io.Writer, title, body string) {
	fmt.Fprintf(w, "\n%s:\n", title)
	for _, line := range strings.Split(body, "\n") {
		fmt.Fprintf(w, "  %s\n", line)
	}
}

func setupHelp(fs *flag.FlagSet, env Env) func(context.Context) int {
	return func(context.Context) int {
		switch fs.NArg() {
		case 0:
			overview(env.Stdout)
			return exitOK
		case 1:
			c := find(fs.Arg(0))
			if c == nil {
				unknown(fs.Arg(0), env.Stderr)
				return exitUsage
			}
			c.printHelp(env.Stdout, env)
			return exitOK
		}
		fmt.Fprintln(env.Stderr, "campaignwatch help: name one command, e.g. `campaignwatch help check`")
		return exitUsage
	}
}

// unknown reports a command that does not exist, with the nearest one.
func unknown(name string, w io.Writer) {
	fmt.Fprintf(w, "campaignwatch: unknown command %q", name)
	if s := suggest(name); s != "" {
		fmt.Fprintf(w, "; did you mean %q?", s)
	}
	fmt.Fprintln(w, "\nRun `campaignwatch help` for the list of commands.")
}

// suggest returns the command nearest to name when it is near enough to
// be a typo: at most two edits, or a prefix.
func suggest(name string) string {
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
	}
	return nearest(name, names)
}

// nearest returns the candidate nearest to name when it is near enough to
// be a typo (at most two edits, or a prefix), else "". Commands and flags
// share it, so that both get the same did-you-mean.
func nearest(name string, candidates []string) string {
	name = strings.ToLower(name)
	best, bestD := "", 3
	for _, c := range candidates {
		if d := config.EditDistance(name, c); d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" && len(name) >= 2 {
		for _, c := range candidates {
			if strings.HasPrefix(c, name) {
				return c
			}
		}
	}
	return best
}

// badFlag says what is wrong with a command line the flag package refused,
// in one line: an unknown flag with the nearest one of the command, or
// the flag package's own reason.
func badFlag(c *command, fs *flag.FlagSet, err error, w io.Writer) {
	const undefined = "flag provided but not defined: "
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, undefined); ok {
		name = strings.TrimLeft(name, "-")
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		msg = fmt.Sprintf("unknown flag --%s", name)
		if s := nearest(name, names); s != "" {
			msg += fmt.Sprintf("; did you mean --%s?", s)
		}
	}
	fmt.Fprintf(w, "campaignwatch %s: %s\nRun `campaignwatch help %s` for its flags.\n", c.name, msg, c.name)
}
