package notify

import (
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// Locale is how one receiver reads its messages: its language ("en",
// "zh-CN"), the zone it reckons times in (nil is UTC), and the public
// URL its messages link campaigns under ("" for no links).
type Locale struct {
	Language  string
	Zone      *time.Location
	PublicURL string
}

// Localize returns n rendering every alert for a receiver of locale loc:
// it fills the alert's Language, Zone and PublicURL on a copy before n
// renders it. Name, ID and Post are n's. The wiring (internal/app) wraps
// each receiver's notifier with its configured locale, so that the
// service packages need to know about none of it. The run reckons a
// receiver's digest day in the zone it is given as run.Receiver.Zone,
// never by asking the notifier.
func Localize(n campaign.Notifier, loc Locale) campaign.Notifier {
	return &localized{Notifier: n, loc: loc}
}

type localized struct {
	campaign.Notifier
	loc Locale
}

// Render renders a copy of a with the receiver's locale.
func (l *localized) Render(a *campaign.Alert) ([]campaign.Message, error) {
	c := *a
	c.Language, c.Zone, c.PublicURL = l.loc.Language, l.loc.Zone, l.loc.PublicURL
	return l.Notifier.Render(&c)
}
