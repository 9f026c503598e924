package notify

import "time"

// Locale is how one receiver reads its messages: its language ("en",
// "zh-CN"; "" is English), the zone it reckons times in (nil is UTC),
// the names of its channels, and the public URL its messages link
// campaigns under ("" for no links). The wiring (internal/app) builds
// each receiver's notifier with its configured locale (Service.New), and
// every renderer takes it beside the alert: a stored alert holds data
// only, and reads natively for each receiver. The run reckons a
// receiver's digest day in the zone it is given as run.Receiver.Zone,
// never by asking the notifier.
type Locale struct {
	Language string
	Zone     *time.Location
	// Labels maps "custSpaceId:pageId" of each channel the receiver
	// watches to its display name (campaign.Channel.Label: its id when
	// unnamed); a baseline lists these channels.
	Labels    map[string]string
	PublicURL string
}
