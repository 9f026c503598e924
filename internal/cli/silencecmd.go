package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/app"
	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/config"
	"github.com/campaignwatch/campaignwatch/internal/silence"
	"github.com/campaignwatch/campaignwatch/notify"
)

var cmdSilence = command{
	name: "silence", summary: "mute matching messages for a while: add, list or expire silences",
	args: "add --for DURATION --comment TEXT [--channel NAME]... [--campaign ID]... [--type TYPE]... [--receiver NAME]... [--json] | list [--all] [--json] | expire ID",
	about: `Silences mute, for a while, the changes and guardrail messages that
match them (planned work: "restructuring Brand A this afternoon"). A
matching item is never sent to the receivers it matches, not even after
the silence ends; the history records it with the silence's id.

  add     makes one: --for (90m, 3h, 2d; at most 30d), --comment (why; at
          most 500 characters) and at least one matcher: --channel (name or
          id), --campaign (id), --type (a change type or guardrail),
          --receiver; each repeatable. Prints the new silence's id.
  list    the active silences (--all: the ended ones kept too, 30 days).
  expire  ends the silence ID now.

Each takes --config PATH (the configuration that names the channels and
receivers); add and list take --json.`,
	vars:     strings.Join([]string{varsStore, "CAMPAIGNWATCH_CONFIG               the configuration: the channels and receivers a silence may name"}, "\n"),
	exits:    "0  done\n1  the store could not be reached\n2  bad usage: a malformed duration, an unknown channel, receiver or type, no matcher, no comment, an unknown id",
	example:  `campaignwatch silence add --for 3h --channel "Brand A" --comment "restructuring Brand A"`,
	operands: true,
	setup:    setupSilence,
}

// silenceFlags are the flags of one silence subcommand.
type silenceFlags struct {
	cfgPath, dur, comment      *string
	all, asJSON                *bool
	channels, campaigns, types names
	receivers                  names
}

func newSilenceFlags(fs *flag.FlagSet, sub string) *silenceFlags {
	f := &silenceFlags{cfgPath: configFlag(fs)}
	f.asJSON = fs.Bool("json", false, "print JSON on stdout (add: the silence; list: as GET /silences)")
	switch sub {
	case "add":
		f.dur = fs.String("for", "", "how long the silence lasts: 90m, 3h, 2d (at most 30d)")
		f.comment = fs.String("comment", "", "why (required, at most 500 characters)")
		fs.Var(&f.channels, "channel", "a channel's name or id (repeatable)")
		fs.Var(&f.campaigns, "campaign", "a campaign id (repeatable)")
		fs.Var(&f.types, "type", "a change type or guardrail (repeatable)")
		fs.Var(&f.receivers, "receiver", "a receiver's name (repeatable)")
	case "list":
		f.all = fs.Bool("all", false, "the ended silences kept too")
	}
	return f
}

// setupSilence is `campaignwatch silence add|list|expire`: the subcommand
// and its own flags follow the command's name.
func setupSilence(fs *flag.FlagSet, env Env) func(context.Context) int {
	return func(ctx context.Context) int {
		args := fs.Args()
		if len(args) == 0 {
			fmt.Fprintln(env.Stderr, "campaignwatch silence: say add, list or expire; `campaignwatch help silence` shows how")
			return exitUsage
		}
		sub := args[0]
		if sub != "add" && sub != "list" && sub != "expire" {
			fmt.Fprintf(env.Stderr, "campaignwatch silence: unknown subcommand %q; say add, list or expire\n", campaign.Clip(sub, 40))
			return exitUsage
		}
		sfs := flag.NewFlagSet("silence "+sub, flag.ContinueOnError)
		sfs.SetOutput(io.Discard)
		f := newSilenceFlags(sfs, sub)
		if err := sfs.Parse(args[1:]); errors.Is(err, flag.ErrHelp) {
			if c := find("silence"); c != nil {
				c.printHelp(env.Stdout, env)
			}
			return exitOK
		} else if err != nil {
			fmt.Fprintf(env.Stderr, "campaignwatch silence %s: %v\n", sub, err)
			return exitUsage
		}
		operands := sfs.Args()
		if want := map[string]int{"add": 0, "list": 0, "expire": 1}[sub]; len(operands) != want {
			fmt.Fprintf(env.Stderr, "campaignwatch silence %s: takes %d argument(s) after its flags, got %d\n", sub, want, len(operands))
			return exitUsage
		}
		cfg, code := loadConfig(ctx, env, *f.cfgPath, config.Needs{Channels: true})
		if cfg == nil {
			return code
		}
		opt := logged(app.Options{}, env, cfg, notify.Process()) // config.LoadFile registered cfg's secrets
		red := opt.Redactor
		svc, err := app.OpenSilences(ctx, cfg, opt)
		if err != nil {
			fmt.Fprintln(env.Stderr, "campaignwatch:", red.String(err.Error()))
			return exitFailed
		}
		switch sub {
		case "add":
			return silenceAdd(ctx, svc, f, env)
		case "list":
			return silenceList(ctx, svc, *f.all, *f.asJSON, env)
		}
		return silenceExpire(ctx, svc, operands[0], env)
	}
}

// flagOf names a request field as the command spells it.
var flagOf = map[string]string{"for": "--for", "endsAt": "--for", "comment": "--comment", "channels": "--channel",
	"campaignIds": "--campaign", "types": "--type", "receivers": "--receiver"}

func silenceAdd(ctx context.Context, svc *silence.Service, f *silenceFlags, env Env) int {
	req := silence.Request{For: *f.dur, Comment: *f.comment, Channels: f.channels, CampaignIDs: f.campaigns, Types: f.types, Receivers: f.receivers}
	sl, err := svc.Add(ctx, req, "cli")
	var ps silence.Problems
	if errors.As(err, &ps) {
		for _, p := range ps {
			fmt.Fprintf(env.Stderr, "campaignwatch silence add: %s: %s\n", flagOf[p.Field], p.Msg)
		}
		return exitUsage
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, "campaignwatch silence add:", err)
		return exitFailed
	}
	if *f.asJSON {
		printJSON(env.Stdout, silence.View{Silence: sl, Active: true})
		return exitOK
	}
	fmt.Fprintln(env.Stdout, sl.ID)
	return exitOK
}

func silenceList(ctx context.Context, svc *silence.Service, all, asJSON bool, env Env) int {
	views, err := svc.List(ctx, all)
	if err != nil {
		fmt.Fprintln(env.Stderr, "campaignwatch silence list:", err)
		return exitFailed
	}
	if asJSON {
		printJSON(env.Stdout, struct {
			Silences []silence.View `json:"silences"`
		}{views})
		return exitOK
	}
	if len(views) == 0 {
		fmt.Fprintln(env.Stdout, "no silences")
	}
	for _, v := range views {
		state := "active"
		if !v.Active {
			state = "ended"
			if v.StartsAt.After(time.Now()) {
				state = "pending"
			}
		}
		fmt.Fprintf(env.Stdout, "%s  %-7s until %s  by %s  %s\n  %s\n", v.ID, state, v.EndsAt.Format(time.RFC3339), v.CreatedBy, matchersOf(v.Silence), v.Comment)
	}
	return exitOK
}

func matchersOf(s campaign.Silence) string {
	var parts []string
	for _, m := range []struct {
		name string
		vals []string
	}{{"channels", s.Channels}, {"campaigns", s.CampaignIDs}, {"types", s.Types}, {"receivers", s.Receivers}} {
		if len(m.vals) > 0 {
			parts = append(parts, m.name+"="+strings.Join(m.vals, ","))
		}
	}
	return strings.Join(parts, " ")
}

func silenceExpire(ctx context.Context, svc *silence.Service, id string, env Env) int {
	err := svc.Expire(ctx, id)
	switch {
	case campaign.KindOf(err) == campaign.NotFound:
		fmt.Fprintln(env.Stderr, "campaignwatch silence expire:", err)
		return exitUsage
	case err != nil:
		fmt.Fprintln(env.Stderr, "campaignwatch silence expire:", err)
		return exitFailed
	}
	fmt.Fprintf(env.Stdout, "silence %s expired\n", id)
	return exitOK
}

func printJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}
