package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/app"
	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/config"
	"github.com/campaignwatch/campaignwatch/internal/history"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/catalog"
)

var cmdHistory = command{
	name: "history", summary: "the recorded changes, newest first: who changed what, and when",
	args: "[--since WHEN] [--until WHEN] [--channel NAME]... [--campaign ID]... [--type TYPE]... [--limit N] [--json | --csv]",
	about: `Prints the changes committed checks recorded (kept HISTORY_DAYS days),
newest first: on a terminal a table (the time in DIGEST_TIMEZONE, the
channel, the campaign, what changed, money as in messages); --json the
same object as GET /history, --csv the same rows as GET /history?format=csv.
WHEN is an RFC 3339 time, a date YYYY-MM-DD (midnight in DIGEST_TIMEZONE)
or a duration back from now (36h, 7d); --since defaults to 7d. --channel
(a name or custSpaceId:pageId), --campaign and --type are repeatable: any
value of one flag, every flag given. It reads the store only.`,
	vars: strings.Join([]string{varsStore,
		"DIGEST_TIMEZONE                    the zone of the times shown and of dates (default UTC)",
		"HISTORY_DAYS                       how many days the history is kept (default 400)"}, "\n"),
	exits:   "0  done\n1  the store could not be read (the error names the object)\n2  bad usage: a malformed time, limit, type or an unknown channel (each naming its flag)",
	example: `campaignwatch history --since 30d --campaign 233001`,
	setup:   setupHistory,
}

// list is a repeatable flag whose values the history's Form checks.
type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

// historyFlags names the Form's fields as the command spells them.
var historyFlags = history.Names{"since": "--since", "until": "--until", "channel": "--channel", "campaignId": "--campaign",
	"type": "--type", "limit": "--limit", "cursor": "--cursor"}

func setupHistory(fs *flag.FlagSet, env Env) func(context.Context) int {
	cfgPath := configFlag(fs)
	var f history.Form
	var channels, campaigns, types list
	fs.StringVar(&f.Since, "since", "7d", "the oldest time shown: RFC 3339, YYYY-MM-DD or a duration back (36h, 7d)")
	fs.StringVar(&f.Until, "until", "", "the time before which changes are shown (default: now)")
	fs.Var(&channels, "channel", "a channel's name or custSpaceId:pageId (repeatable)")
	fs.Var(&campaigns, "campaign", "a campaign id (repeatable)")
	fs.Var(&types, "type", "a change type (repeatable)")
	fs.StringVar(&f.Limit, "limit", "", fmt.Sprintf("the most changes shown, 1..%d (default %d)", history.MaxLimit, history.DefaultLimit))
	asJSON := fs.Bool("json", false, "print the same JSON as GET /history")
	asCSV := fs.Bool("csv", false, "print the same CSV as GET /history?format=csv")
	return func(ctx context.Context) int {
		if *asJSON && *asCSV {
			fmt.Fprintln(env.Stderr, "campaignwatch history: --json and --csv: give one")
			return exitUsage
		}
		cfg, code := loadConfig(ctx, env, *cfgPath, config.Needs{})
		if cfg == nil {
			return code
		}
		f.Channels, f.CampaignIDs, f.Types = channels, campaigns, types
		q, err := f.Query(time.Now(), cfg.DigestZone, cfg.Channels, historyFlags)
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				fmt.Fprintln(env.Stderr, "campaignwatch history:", line)
			}
			return exitUsage
		}
		opt := logged(app.Options{}, env, cfg, notify.NewRedactor(cfg.Secrets()...))
		red := opt.Redactor
		r, err := app.OpenHistory(ctx, cfg, opt)
		var page *history.Page
		if err == nil {
			page, err = r.Changes(ctx, q)
		}
		if err != nil {
			fmt.Fprintln(env.Stderr, "campaignwatch history:", red.String(err.Error()))
			return exitFailed
		}
		switch {
		case *asJSON:
			printJSON(env.Stdout, page)
		case *asCSV:
			_ = history.WriteCSV(env.Stdout, page.Changes)
		default:
			printHistory(env.Stdout, page, catalog.For(cfg.Language), cfg.DigestZone)
			if page.Next != "" {
				fmt.Fprintf(env.Stderr, "campaignwatch history: %d changes shown, more are recorded: narrow --since, or raise --limit (at most %d)\n", len(page.Changes), history.MaxLimit)
			}
		}
		return exitOK
	}
}

// printHistory prints a page as a table: the time in zone, the channel,
// the campaign and what changed, worded and with money as in messages.
func printHistory(w io.Writer, page *history.Page, l *catalog.Lang, zone *time.Location) {
	if len(page.Changes) == 0 {
		fmt.Fprintln(w, "no changes recorded in that time")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TIME\tCHANNEL\tCAMPAIGN\tCHANGE")
	for _, c := range page.Changes {
		ch := campaign.Change{Type: c.Type, CustSpaceID: c.CustSpaceID, PageID: c.PageID, CampaignID: c.CampaignID,
			CampaignName: c.CampaignName, Old: c.Old, New: c.New, Status: c.Status, Budget: c.Budget, BudgetType: c.BudgetType}
		who := l.Who(notify.Name(c.CampaignName), notify.Clean(c.CampaignID))
		what := notify.ChangeLine(l, ch)
		if rest, ok := strings.CutPrefix(what, who+l.Colon); ok {
			what = notify.TypeHeading(l, c.Type) + l.Colon + rest
		} else if c.Type == campaign.Renamed {
			what = notify.TypeHeading(l, c.Type) + l.Colon + notify.Name(c.Old) + " → " + notify.Name(c.New)
		}
		if len(c.Silenced) > 0 {
			what += " [silenced: " + strings.Join(c.Silenced, ", ") + "]"
		}
		for _, a := range c.SetAside {
			what += fmt.Sprintf(" [set aside for %s after %d refusals: %s]", a.Receiver, a.Refusals, campaign.Clip(notify.Clean(a.Reason), 120))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.At.In(zone).Format("2006-01-02 15:04 MST"), campaign.Clip(notify.Name(c.Channel), 40),
			campaign.Clip(who, 60), what)
	}
	_ = tw.Flush()
}
