// Package run is one pass of campaignwatch, whatever triggered it: list the
// channels, diff against the latest snapshot, commit the new snapshot with
// its alert, and deliver every pending alert to every receiver; or build and
// send the day's digest. It knows the domain interfaces only; the CAMS
// client, the stores and the notifiers are passed in.
package run

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"slices"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/logging"
	"github.com/campaignwatch/campaignwatch/internal/retry"
)

// Defaults of Options.
const (
	// defaultHistory is how long snapshots and alerts are kept: the digest
	// needs a day, the margin makes a week's outage recoverable.
	defaultHistory = 8 * 24 * time.Hour
)

// Receiver is one receiver as a run sees it: where its messages go and
// what it gets.
type Receiver struct {
	// Notifier renders and posts its messages; its Name is the
	// receiver's.
	Notifier campaign.Notifier
	// Route is what it gets of every check, and when its messages are
	// held.
	Route campaign.Route
	// Digest: it gets the daily digest.
	Digest bool
	// Health: it gets the notices of campaignwatch's own failures and
	// recoveries (health.go).
	Health bool
	// Zone is the zone it reckons days in: its digest is of that zone's
	// day (digest.go). nil means Options.Zone (DIGEST_TIMEZONE).
	Zone *time.Location
	// Guardrails: it gets guardrail messages (guardrail.go).
	Guardrails bool
}

// Options are a Runner's parts and settings.
type Options struct {
	Source campaign.Source
	Store  campaign.Store
	// Receivers are the receivers, each with its route; names are unique.
	Receivers []Receiver
	Channels  []campaign.Channel
	// Threshold is the check's threshold: the report's changes are those
	// past it.
	Threshold campaign.Threshold
	// Zone is DIGEST_TIMEZONE; nil means UTC.
	Zone *time.Location
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Sleep waits d or until ctx is done (returning ctx's error then): a
	// wait a chat service asks for that delivery waits out (wait.go), and
	// each poll of another run's claim (order.go). nil means a real timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// Redact removes secrets from error texts that reach the report.
	Redact func(string) string
	Logger *slog.Logger
	// ClaimTTL and History default to defaultClaimTTL and defaultHistory.
	ClaimTTL time.Duration
	History  time.Duration
	// Incidents counts failed runs and messages set aside and keeps their
	// incidents, so that each notice goes once per incident (the
	// snapshot store keeps one beside its outbox: pass it here too); nil:
	// runs are not counted.
	Incidents campaign.IncidentLog
	// SetAside keeps the refusals of messages and the messages set aside
	// after them (aside.go); nil means a refused message is never set
	// aside, and holds its receiver's later messages back.
	SetAside campaign.SetAsider
	// Silences are the silences a check consults; nil: none.
	Silences campaign.Silences
	// Guardrails are the rules every check evaluates; names are unique.
	Guardrails []campaign.Guardrail
}

// Runner runs checks and digests. It is safe for concurrent use: two runs
// at once are kept apart by the store's create-only commits and claims.
type Runner struct {
	opt       Options
	receivers []Receiver
	labels    map[string]string
	direct    directNotices
}

// New returns a Runner; it panics if Source or Store is missing, which is a
// wiring bug.
func New(opt Options) *Runner {
	if opt.Source == nil || opt.Store == nil {
		panic("run.New: Source and Store are required")
	}
	if opt.Zone == nil {
		opt.Zone = time.UTC
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Sleep == nil {
		opt.Sleep = retry.Sleep
	}
	if opt.Redact == nil {
		opt.Redact = func(s string) string { return s }
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.ClaimTTL <= 0 {
		opt.ClaimTTL = defaultClaimTTL
	}
	if opt.History <= 0 {
		opt.History = defaultHistory
	}
	// The digest records every channel's name (a route of every channel).
	labels := campaign.Route{}.Labels(opt.Channels)
	receivers := slices.Clone(opt.Receivers)
	seen := make(map[string]bool, len(receivers))
	for _, rc := range receivers {
		if seen[rc.Notifier.Name()] {
			panic("run.New: two receivers are named " + rc.Notifier.Name()) // the configuration makes names unique
		}
		seen[rc.Notifier.Name()] = true
	}
	return &Runner{opt: opt, receivers: receivers, labels: labels}
}

// Latest returns the newest committed snapshot, or (nil, nil) when the store
// is empty.
func (r *Runner) Latest(ctx context.Context) (*campaign.Snapshot, error) {
	return r.opt.Store.Latest(ctx)
}

func (r *Runner) newReport(mode string, dryRun bool) (*campaign.Report, string) {
	id := newRunID()
	return &campaign.Report{
		Mode: mode, DryRun: dryRun, RunID: id,
		Channels: []campaign.ChannelReport{}, Changes: []campaign.Change{},
		Notifications: []campaign.Delivery{},
	}, id
}

// needReceiver refuses a run that would send with no receiver configured.
// The fault is the deployment's, not the caller's: kind Unavailable (an
// HTTP caller gets 503, not 400). The configuration says how to add one.
func (r *Runner) needReceiver(dryRun bool) error {
	if dryRun || len(r.receivers) > 0 {
		return nil
	}
	return campaign.Errorf(campaign.Unavailable, "no receiver is configured, and sending needs at least one: add a receiver to the configuration, or ask for a dry run")
}

func newRunID() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// withRun returns ctx carrying the run id for the log lines of this run.
func withRun(ctx context.Context, id string) context.Context {
	return logging.WithRunID(ctx, id)
}
