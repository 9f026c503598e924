package app

import (
	"log/slog"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/config"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/receivers"
)

// HealthNotifiers builds the notifiers of the receivers with Health set,
// for an instance that cannot be wired (its configuration or its store
// failed) and still has to tell someone. A receiver that cannot be built
// is logged and left out.
func HealthNotifiers(rcs []config.Receiver, log *slog.Logger) []campaign.Notifier {
	nopt := notify.Options{HTTPClient: pooledClient(15 * time.Second), Logger: log, MaxWait: maxNotifyWait}
	var out []campaign.Notifier
	for _, rc := range rcs {
		if !rc.Health {
			continue
		}
		svc, ok := receivers.Lookup(rc.Type)
		if !ok {
			continue
		}
		n, err := svc.New(rc.Target, nopt)
		if err != nil {
			log.Warn("a receiver for the failure notice could not be built", "receiver", rc.Name, "err", err)
			continue
		}
		out = append(out, n)
	}
	return out
}
