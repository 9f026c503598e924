package campaign

import (
	"maps"
	"testing"
	"time"
)

func TestQuietHoursOpen(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	night := &QuietHours{Start: 22 * 60, End: 8 * 60, Zone: shanghai}
	lunch := &QuietHours{Start: 12 * 60, End: 13 * 60}
	tests := []struct {
		name string
		q    *QuietHours
		at   string // UTC
		want bool
	}{
		{"wrapping window, late evening there", night, "2026-11-27T14:30:00Z", true},  // 22:30 in Shanghai
		{"wrapping window, early morning there", night, "2026-11-27T23:59:00Z", true}, // 07:59
		{"wrapping window closes at its end", night, "2026-11-28T00:00:00Z", false},   // 08:00
		{"wrapping window, daytime", night, "2026-11-27T05:00:00Z", false},            // 13:00
		{"plain window open", lunch, "2026-11-27T12:30:00Z", true},
		{"plain window before", lunch, "2026-11-27T11:59:00Z", false},
		{"nil is never open", nil, "2026-11-27T12:30:00Z", false},
		{"empty window is never open", &QuietHours{Start: 60, End: 60}, "2026-11-27T01:00:00Z", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at, _ := time.Parse(time.RFC3339, tt.at)
			if got := tt.q.Open(at); got != tt.want {
				t.Errorf("%s.Open(%s) = %v, want %v", tt.q, tt.at, got, tt.want)
			}
		})
	}
	if got := night.String(); got != "22:00-08:00" {
		t.Errorf("String() = %q", got)
	}
}

// TestRouteLabels: a receiver reads the channels its route takes by their
// labels (an unnamed one by its id), and no other channel.
func TestRouteLabels(t *testing.T) {
	a := ChannelID{CustSpaceID: "a", PageID: "1"}
	b := ChannelID{CustSpaceID: "b", PageID: "2"}
	chs := []Channel{{ChannelID: a, Name: "Brand A"}, {ChannelID: b}}
	if got, want := (Route{}).Labels(chs), map[string]string{"a:1": "Brand A", "b:2": "b:2"}; !maps.Equal(got, want) {
		t.Errorf("every channel: %v, want %v", got, want)
	}
	if got, want := (Route{Channels: []ChannelID{b}}).Labels(chs), map[string]string{"b:2": "b:2"}; !maps.Equal(got, want) {
		t.Errorf("channel b only: %v, want %v", got, want)
	}
}
