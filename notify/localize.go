package notify

import (
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// Localize returns n rendering every alert for a receiver that reads
// language ("en", "zh-CN") in zone: it fills the alert's Language and Zone
// on a copy before n renders it. Name, ID and Post are n's. The wiring
// (internal/app) wraps each receiver's notifier with its configured
// language and zone, so that the service packages need to know about
// neither. The run reckons a receiver's digest day in the zone it is
// given as run.Receiver.Zone, never by asking the notifier.
func Localize(n campaign.Notifier, language string, zone *time.Location) campaign.Notifier {
	return &localized{Notifier: n, language: language, zone: zone}
}

type localized struct {
	campaign.Notifier
	language string
	zone     *time.Location
}

// Render renders a copy of a with the receiver's language and zone.
func (l *localized) Render(a *campaign.Alert) ([]campaign.Message, error) {
	c := *a
	c.Language, c.Zone = l.language, l.zone
	return l.Notifier.Render(&c)
}
