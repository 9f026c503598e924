package notifytest

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
)

// MeterAlerts are the alerts a service's notify.Meter is checked on:
// every golden kind in both languages, and long alerts of many short
// blocks and of long lines (hostile names of markup, escapes, Chinese and
// invisible characters, ids that make long links), with and without a
// public URL.
func MeterAlerts() []GoldenAlert {
	var out []GoldenAlert
	for _, r := range GoldenReaders() {
		out = append(out, GoldenAlerts(r.Language, r.Zone)...)
		for _, n := range []int{1, 40, 151} {
			for _, url := range []string{"", PublicURL} {
				loc := notify.Locale{Language: r.Language, Zone: r.Zone, Labels: Labels(), PublicURL: url}
				out = append(out,
					GoldenAlert{Name: fmt.Sprintf("spread-%d", n), Alert: SpreadChanges(n, 1+n/10), Locale: loc},
					GoldenAlert{Name: fmt.Sprintf("hostile-%d", n), Alert: hostileChanges(n), Locale: loc})
			}
		}
	}
	return out
}

// hostileChanges is ManyChanges(n) with names and ids that escape, cut
// and link at length.
func hostileChanges(n int) *campaign.Alert {
	names := []string{
		strings.Repeat(`<!channel> & "quoted" \ back`, 6),
		strings.Repeat("春季大促 <b>&amp;</b> ", 12),
		"line\u2028break\u2029para\x00nul\tTab \xff\xfe invalid \u202eoverride",
		strings.Repeat("*bold* _it_ `code` [x](y) @all |", 5),
	}
	a := ManyChanges(n)
	for i := range a.Changes {
		c := &a.Changes[i]
		c.CampaignName = names[i%len(names)]
		if i%3 == 0 {
			c.CampaignID = strings.Repeat("id&<>/", 40+i%50)
		}
		c.PageID = fmt.Sprint(1 + i%7)
	}
	return a
}

// CheckMeter checks that a service packs every alert of MeterAlerts, for
// each of mentions, with its meter (newMeter) into the same messages as
// notify's split finds by encoding candidates, encoding each message
// once: the meter never disagrees with encode.
func CheckMeter(t *testing.T, encode func(notify.Doc, notify.Mention) ([]byte, bool, error), newMeter func(notify.Mention) notify.Meter, mentions ...notify.Mention) {
	t.Helper()
	for _, c := range MeterAlerts() {
		for _, m := range mentions {
			if !notify.Mentions(c.Alert) {
				m = notify.Mention{}
			}
			want, err := notify.RenderDocMentioning(c.Alert, c.Locale, m, encode)
			if err != nil {
				t.Fatalf("%s (%s): %v", c.Name, c.Locale.Language, err)
			}
			encoded := 0
			got, err := notify.RenderDocMetered(c.Alert, c.Locale, m, func(d notify.Doc, m notify.Mention) ([]byte, bool, error) {
				encoded++
				return encode(d, m)
			}, newMeter(m))
			if err != nil {
				t.Fatalf("%s (%s): %v", c.Name, c.Locale.Language, err)
			}
			if encoded != len(got) {
				t.Errorf("%s (%s, %+v): %d messages took %d encodings: the meter found a message to fit that does not", c.Name, c.Locale.Language, m, len(got), encoded)
			}
			if len(got) != len(want) {
				t.Errorf("%s (%s, %+v): metered into %d messages, split into %d", c.Name, c.Locale.Language, m, len(got), len(want))
				continue
			}
			for i := range got {
				if !bytes.Equal(got[i].Body, want[i].Body) || got[i].Text != want[i].Text {
					t.Errorf("%s (%s, %+v): message %d metered differs from split:\n%s\nwant:\n%s", c.Name, c.Locale.Language, m, i+1, got[i].Text, want[i].Text)
					break
				}
			}
		}
	}
}
