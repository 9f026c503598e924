package history

import (
	"strings"
	"testing"
)

// FuzzDecodeCursor: any text is a cursor or an Invalid error, never a
// panic; a cursor decoded encodes back to the same text.
func FuzzDecodeCursor(f *testing.F) {
	f.Add(Cursor{Generation: 42, Index: 3}.String())
	f.Add("")
	f.Add("aDEuMS4w")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := DecodeCursor(s)
		if err != nil {
			return
		}
		if c.String() != s {
			t.Fatalf("cursor %q decodes to %v, which encodes as %q", s, c, c.String())
		}
	})
}

// FuzzFormQuery: any parameters give a query or an error naming a
// parameter; a query's limit is within bounds and since is not after
// until.
func FuzzFormQuery(f *testing.F) {
	f.Add("30d", "", "Brand A", "233001", "budget_changed", "500", "")
	f.Add("2026-12-05", "2026-12-06T00:00:00Z", "cams-a1:1", "", "renamed", "5000", Cursor{Generation: 1}.String())
	f.Add("-1d", "x", ":", "", "nope", "0", "%%")
	f.Fuzz(func(t *testing.T, since, until, channel, campaignID, typ, limit, cursor string) {
		form := Form{Since: since, Until: until, Limit: limit, Cursor: cursor}
		for _, v := range []struct {
			dst *[]string
			s   string
		}{{&form.Channels, channel}, {&form.CampaignIDs, campaignID}, {&form.Types, typ}} {
			if v.s != "" {
				*v.dst = strings.Split(v.s, ",")
			}
		}
		q, err := form.Query(testNow, shanghai, testChannels, RouteNames)
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				name, _, ok := strings.Cut(line, ": ")
				if !ok || RouteNames[name] == "" {
					t.Fatalf("error line %q names no parameter", line)
				}
			}
			return
		}
		if q.Limit < 1 || q.Limit > MaxLimit || !q.Until.IsZero() && q.Since.After(q.Until) {
			t.Fatalf("query out of bounds: %+v", q)
		}
	})
}
