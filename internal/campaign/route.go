package campaign

import (
	"fmt"
	"slices"
	"time"
)

// Route is what one receiver gets of every check: the changes of its
// channels, of its change types, past its budget threshold.
type Route struct {
	// Channels are the channels whose changes it gets; nil means every
	// channel.
	Channels []ChannelID
	// Changes are the change types it gets; nil means every type.
	Changes []ChangeType
	// Threshold is its smallest budget move; moves below it add up, per
	// receiver, until they pass it.
	Threshold Threshold
	// Quiet holds its messages while open; nil means never.
	Quiet *QuietHours
}

// HasChannel reports whether the route takes the changes of channel id.
func (r Route) HasChannel(id ChannelID) bool {
	return r.Channels == nil || slices.Contains(r.Channels, id)
}

// Labels maps "custSpaceId:pageId" of each channel of chs the route takes
// to its label (Channel.Label): the names a receiver on the route reads
// its channels by, and the channels its baseline note lists.
func (r Route) Labels(chs []Channel) map[string]string {
	out := make(map[string]string, len(chs))
	for _, ch := range chs {
		if r.HasChannel(ch.ChannelID) {
			out[ch.ChannelID.String()] = ch.Label()
		}
	}
	return out
}

// HasType reports whether the route takes changes of type t.
func (r Route) HasType(t ChangeType) bool {
	return r.Changes == nil || slices.Contains(r.Changes, t)
}

// QuietHours is a daily window, in a receiver's zone, during which its
// messages are held: "22:00-08:00" wraps midnight. Start == End is never
// open.
type QuietHours struct {
	// Start and End are minutes after midnight, in [0, 1440).
	Start, End int
	// Zone is the receiver's zone; nil means UTC.
	Zone *time.Location
}

// Open reports whether the window is open at t.
func (q *QuietHours) Open(t time.Time) bool {
	if q == nil || q.Start == q.End {
		return false
	}
	zone := q.Zone
	if zone == nil {
		zone = time.UTC
	}
	lt := t.In(zone)
	m := lt.Hour()*60 + lt.Minute()
	if q.Start < q.End {
		return m >= q.Start && m < q.End
	}
	return m >= q.Start || m < q.End
}

// String is the window as configured: "22:00-08:00".
func (q *QuietHours) String() string {
	if q == nil {
		return ""
	}
	return fmt.Sprintf("%02d:%02d-%02d:%02d", q.Start/60, q.Start%60, q.End/60, q.End%60)
}
