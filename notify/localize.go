package notify

import (
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// Localize returns n rendering every alert for a receiver that reads
// language ("en", "zh-CN") in zone: it fills the alert's Language and Zone
// on a copy before n renders it. Name, ID and Post are n's. The wiring
// (internal/app) wraps each receiver's notifier with its configured
// language and zone, so that neither the run nor the service packages
// need to know about either.
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

// Zone is the zone the receiver reckons days and times in (nil: UTC, or
// the digest's zone), so that a run can build the digest over that zone's
// day.
func (l *localized) Zone() *time.Location { return l.zone }
