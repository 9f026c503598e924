package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/app"
	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/config"
	"github.com/campaignwatch/campaignwatch/internal/run"
	"github.com/campaignwatch/campaignwatch/notify"
)

// names is a repeatable string flag.
type names []string

func (n *names) String() string { return strings.Join(*n, ",") }

func (n *names) Set(v string) error {
	if strings.TrimSpace(v) == "" {
		return errors.New("want a receiver's name")
	}
	*n = append(*n, v)
	return nil
}

// testBody is what test --json prints: the same as POST /test answers.
type testBody struct {
	Notifications []campaign.Delivery `json:"notifications"`
}

// setupTest is `campaignwatch test [--receiver NAME]... [--json]`: one
// short test message to each receiver, or to those named. It needs no
// channels and no credentials: it lists nothing and opens no store.
func setupTest(fs *flag.FlagSet, env Env) func(context.Context) int {
	var only names
	fs.Var(&only, "receiver", "post only to the receiver of this name (repeatable)")
	asJSON := fs.Bool("json", false, "print the result as JSON on stdout")
	cfgPath := configFlag(fs)
	return func(ctx context.Context) int { return testReceivers(ctx, only, *cfgPath, *asJSON, env) }
}

func testReceivers(ctx context.Context, only names, cfgPath string, asJSON bool, env Env) int {
	cfg, code := loadConfig(ctx, env, cfgPath, config.ForTest)
	if cfg == nil {
		return code
	}
	opt := logged(app.Options{}, env, cfg, notify.Process()) // config.LoadFile registered cfg's secrets
	red := opt.Redactor
	rcvs, err := app.Receivers(cfg, opt)
	if err != nil {
		fmt.Fprintln(env.Stderr, "campaignwatch:", red.String(err.Error()))
		return exitUsage
	}
	ds, err := run.SendTest(ctx, rcvs, only, time.Now(), red.String)
	if err != nil {
		fmt.Fprintln(env.Stderr, "campaignwatch test:", red.String(err.Error()))
		if campaign.KindOf(err) == campaign.Invalid {
			return exitUsage
		}
		return exitFailed
	}
	if asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		_ = enc.Encode(testBody{Notifications: ds})
	}
	code = exitOK
	for _, d := range ds {
		switch {
		case d.Error != "":
			code = exitFailed
			fmt.Fprintf(env.Stderr, "campaignwatch test: %s: FAILED: %s\n", d.Receiver, d.Error)
		case !asJSON:
			fmt.Fprintf(env.Stdout, "%s: ok, %s posted\n", d.Receiver, plural(d.Messages, "message"))
		}
	}
	return code
}
