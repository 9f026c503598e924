package handler

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/run"
)

// MisconfiguredNotice is Misconfigured that also tells someone: the first
// invocation of the process posts one failing notice to each of tell
// (there is no store to count or record it in, so it comes once per
// function instance at most). With nobody to tell, every invocation's log
// says so plainly.
func MisconfiguredNotice(reason error, redact func(string) string, tell []campaign.Notifier, log *slog.Logger) func(context.Context, []byte) (any, error) {
	if redact == nil {
		redact = func(s string) string { return s }
	}
	inner := Misconfigured(reason, redact)
	var once sync.Once
	return func(ctx context.Context, event []byte) (any, error) {
		if len(tell) == 0 {
			log.ErrorContext(ctx, "campaignwatch cannot run and nobody can be told: no receiver could be built from the configuration; fix the configuration and watch these logs",
				"event", "startup_failed", "err", redact(reason.Error()))
		} else {
			once.Do(func() {
				now := time.Now().UTC()
				notice := &campaign.Alert{
					ID: "health-startup", Kind: campaign.AlertHealth, At: now,
					Health: &campaign.Health{State: campaign.HealthFailing, Kind: campaign.HealthStartup, Since: now, Runs: 1,
						LastError: redact(reason.Error()), ErrorKind: campaign.KindOf(reason), Hint: run.HintFor(reason), Direct: true},
				}
				pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
				defer cancel()
				sent := run.PostNotice(pctx, tell, notice, log)
				log.ErrorContext(ctx, "campaignwatch cannot run; the failing notice was posted directly, once for this instance",
					"event", "startup_failed", "receivers", sent, "of", len(tell), "err", redact(reason.Error()))
			})
		}
		return inner(ctx, event)
	}
}
