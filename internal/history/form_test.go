package history

import (
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

var (
	testNow      = time.Date(2026, 12, 7, 1, 30, 0, 0, time.UTC)
	shanghai, _  = time.LoadLocation("Asia/Shanghai")
	testChannels = Channels{{ChannelID: campaign.ChannelID{CustSpaceID: "cams-a1", PageID: "239001"}, Name: "Brand A"}}
)

func TestParseWhen(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"2026-12-05T08:00:00+08:00", time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)},
		{"2026-12-05", time.Date(2026, 12, 4, 16, 0, 0, 0, time.UTC)}, // midnight in Shanghai
		{"36h", testNow.Add(-36 * time.Hour)},
		{"7d", testNow.Add(-7 * 24 * time.Hour)},
		{"90m", testNow.Add(-90 * time.Minute)},
	} {
		got, err := ParseWhen(tc.in, testNow, shanghai)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("ParseWhen(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "yesterday", "-7d", "7 d", "+7d", "2026-13-01", "7d12h", "1e9d", "99999999999d", "-3h", strings.Repeat("1", 100)} {
		if _, err := ParseWhen(bad, testNow, shanghai); err == nil {
			t.Errorf("ParseWhen(%q) took it", bad)
		}
	}
}

func TestFormQuery(t *testing.T) {
	q, err := Form{Since: "30d", Until: "2026-12-06", Channels: []string{"Brand A", "cams-b2:239002"}, CampaignIDs: []string{"233001"},
		Types: []string{"budget_changed", "renamed"}, Limit: "50", Cursor: Cursor{Generation: 42, Index: 3}.String()}.Query(testNow, shanghai, testChannels, RouteNames)
	if err != nil {
		t.Fatal(err)
	}
	if !q.Since.Equal(testNow.Add(-30*24*time.Hour)) || !q.Until.Equal(time.Date(2026, 12, 5, 16, 0, 0, 0, time.UTC)) || q.Limit != 50 ||
		len(q.Channels) != 2 || q.Channels[0].PageID != "239001" || q.Channels[1].CustSpaceID != "cams-b2" || *q.After != (Cursor{42, 3}) {
		t.Fatalf("query: %+v", q)
	}
	q, err = Form{}.Query(testNow, shanghai, testChannels, RouteNames)
	if err != nil || q.Limit != DefaultLimit || !q.Since.Equal(testNow.Add(-DefaultChangesSince)) || !q.Until.IsZero() {
		t.Fatalf("defaults: %+v, %v", q, err)
	}
	for _, tc := range []struct {
		form Form
		name string
	}{
		{Form{Since: "soon"}, "since:"},
		{Form{Until: "2026-02-30"}, "until:"},
		{Form{Since: "1d", Until: "2d"}, "since:"},
		{Form{Channels: []string{"Brand Z"}}, "channel:"},
		{Form{Types: []string{"deleted"}}, "type:"},
		{Form{Limit: "0"}, "limit:"},
		{Form{Limit: "5001"}, "limit:"},
		{Form{Limit: "ten"}, "limit:"},
		{Form{Cursor: "abc"}, "cursor:"},
		{Form{CampaignIDs: []string{""}}, "campaignId:"},
	} {
		_, err := tc.form.Query(testNow, shanghai, testChannels, RouteNames)
		if err == nil || !strings.HasPrefix(err.Error(), tc.name) || campaign.KindOf(err) != campaign.Invalid {
			t.Errorf("%+v: %v; want an Invalid error starting %q", tc.form, err, tc.name)
		}
	}
	_, err = Form{Since: "x", Limit: "y"}.Query(testNow, shanghai, testChannels, Names{"since": "--since", "limit": "--limit"})
	if err == nil || err.Error() != strings.Join([]string{
		`--since: "x" is not a time; give an RFC 3339 time (2026-12-05T08:00:00Z), a date (2026-12-05) or a duration back from now (36h, 7d)`,
		`--limit: "y" is not a number from 1 to 5000`}, "\n") {
		t.Fatalf("two problems, flag names: %v", err)
	}
}

func TestCursorRoundTrip(t *testing.T) {
	for _, c := range []Cursor{{1, 0}, {42, 7}, {1<<62 + 5, 1 << 30}} {
		got, err := DecodeCursor(c.String())
		if err != nil || *got != c {
			t.Fatalf("DecodeCursor(%v.String()) = %v, %v", c, got, err)
		}
	}
	c := &Cursor{Generation: 10, Index: 2}
	for _, tc := range []struct {
		gen   int64
		index int
		want  bool
	}{{11, 0, false}, {10, 3, false}, {10, 2, false}, {10, 1, true}, {9, 99, true}} {
		if got := c.Before(tc.gen, tc.index); got != tc.want {
			t.Errorf("Before(%d, %d) = %v", tc.gen, tc.index, got)
		}
	}
}
