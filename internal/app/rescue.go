package app

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/config"
	"github.com/campaignwatch/campaignwatch/internal/run"
)

// healthNotifiers builds the notifiers of the receivers with Health set,
// each in its language and zone, for an instance that cannot be wired
// (its configuration or its store failed) and still has to tell someone.
// A receiver that cannot be built is logged and left out.
func healthNotifiers(rcs []config.Receiver, log *slog.Logger, version string) []campaign.Notifier {
	nopt := notifyOptions(log, version)
	var out []campaign.Notifier
	for _, rc := range rcs {
		if !rc.Health {
			continue
		}
		// A health notice names no campaign and no channel: it needs no
		// public URL and no channel names.
		n, err := notifierOf(rc, nil, "", nopt)
		if err != nil {
			log.Warn("a receiver for the failure notice could not be built", "receiver", rc.Name, "err", err)
			continue
		}
		out = append(out, n)
	}
	return out
}

// alarmTimeout bounds the startup alarm's posts, as the invocation's
// deadline does when it comes first (run.Detached).
const alarmTimeout = 30 * time.Second

// StartupAlarm tells someone that campaignwatch cannot run: its
// configuration cannot be loaded, or its parts (store, credentials)
// cannot be wired. There is no store to count or record such a failure
// in, so the alarm is per instance: the first failure posts one notice to
// every health receiver that can still be built, and no more until a run
// could start again (Recovered). With nobody to tell, every failure's log
// line says so plainly.
type StartupAlarm struct {
	// Logger gets the startup_failed lines; nil discards them.
	Logger *slog.Logger
	// Version goes into every post's User-Agent.
	Version string

	mu   sync.Mutex
	told bool
	now  func() time.Time
}

// Failed reports that reason stops campaignwatch, with rcs the receivers
// that can still be built (config.Rescue, or a loaded configuration's).
// redact removes secrets from the notice's text.
func (a *StartupAlarm) Failed(ctx context.Context, reason error, rcs []config.Receiver, redact func(string) string) {
	log := a.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if redact == nil {
		redact = func(s string) string { return s }
	}
	a.mu.Lock()
	if a.told {
		a.mu.Unlock()
		log.ErrorContext(ctx, "campaignwatch cannot run; the failing notice was posted by this instance already",
			"event", "startup_failed", "err", redact(reason.Error()))
		return
	}
	a.told = true
	now := time.Now
	if a.now != nil {
		now = a.now
	}
	a.mu.Unlock()
	// The notifiers are built only for a notice to post: once per
	// incident, not on every failed invocation.
	tell := healthNotifiers(rcs, log, a.Version)
	if len(tell) == 0 {
		a.mu.Lock()
		a.told = false
		a.mu.Unlock()
		log.ErrorContext(ctx, "campaignwatch cannot run and nobody can be told: no receiver could be built from the configuration; fix the configuration and watch these logs",
			"event", "startup_failed", "err", redact(reason.Error()))
		return
	}
	at := now().UTC()
	notice := &campaign.Alert{
		ID: "health-startup", Kind: campaign.AlertHealth, At: at,
		Health: &campaign.Health{State: campaign.HealthFailing, Kind: campaign.HealthStartup, Since: at, Runs: 1,
			LastError: redact(reason.Error()), ErrorKind: campaign.KindOf(reason), Hint: run.HintFor(reason), Direct: true},
	}
	pctx, cancel := run.Detached(ctx, alarmTimeout)
	defer cancel()
	sent := run.PostNotice(pctx, tell, notice, log)
	log.ErrorContext(ctx, "campaignwatch cannot run; the failing notice was posted directly, once for this instance",
		"event", "startup_failed", "receivers", sent, "of", len(tell), "err", redact(reason.Error()))
}

// Recovered reports that campaignwatch could start: a later failure is a
// new incident and is told again.
func (a *StartupAlarm) Recovered() {
	a.mu.Lock()
	a.told = false
	a.mu.Unlock()
}
