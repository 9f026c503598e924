package campaign

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestParseChannel(t *testing.T) {
	tests := []struct {
		in   string
		want Channel
		err  string // "" for success
	}{
		{in: "cams-a1:239001", want: Channel{ChannelID: chA}},
		{in: "cams-a1:239001?name=Brand%20A", want: Channel{ChannelID: chA, Name: "Brand A"}},
		{in: "cams-a1:239001?adAccountId=act_1&status=AVAILABLE&campaignName=spring&campaignId=101&name=A",
			want: Channel{ChannelID: chA, Name: "A", Filters: Filters{AdAccountID: "act_1", Status: "AVAILABLE", CampaignName: "spring", CampaignID: "101"}}},
		{in: "cams-a1:239001?", want: Channel{ChannelID: chA}},
		{in: "cams-a1", err: "want CustSpaceId:PageId"},
		{in: ":239001", err: "want CustSpaceId:PageId"},
		{in: "cams-a1:", err: "want CustSpaceId:PageId"},
		{in: "cams-a1:239001:7", err: "want CustSpaceId:PageId"},
		{in: "cams a1:239001", err: "want CustSpaceId:PageId"},
		{in: "cams-a1:239001?color=red", err: `unknown filter "color"`},
		{in: "cams-a1:239001?status=A&status=B", err: "given 2 times"},
		{in: "cams-a1:239001?name=%zz", err: "not a valid URL query"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseChannel(tc.in)
			if tc.err != "" {
				if KindOf(err) != Invalid || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("got %v, want an invalid error containing %q", err, tc.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}

func TestChannelLabel(t *testing.T) {
	if got := (Channel{ChannelID: chA, Name: "Brand A"}).Label(); got != "Brand A" {
		t.Fatalf("named: %q", got)
	}
	if got := (Channel{ChannelID: chA}).Label(); got != "cams-a1:239001" {
		t.Fatalf("unnamed: %q", got)
	}
}

func TestFormatMoney(t *testing.T) {
	tests := []struct {
		cents int64
		want  string
	}{
		{0, "$0.00"},
		{5, "$0.05"},
		{6200, "$62.00"},
		{-150, "-$1.50"},
		{123456789, "$1,234,567.89"},
		{100000, "$1,000.00"},
		{99999, "$999.99"},
		{math.MaxInt64, "$92,233,720,368,547,758.07"},
		{math.MinInt64, "-$92,233,720,368,547,758.08"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			if got := FormatMoney(tc.cents); got != tc.want {
				t.Fatalf("FormatMoney(%d) = %q, want %q", tc.cents, got, tc.want)
			}
		})
	}
}

// FuzzParseChannel: any CAMS_CHANNELS entry parses to a channel with both
// ids set, or to an error of kind Invalid that quotes it.
func FuzzParseChannel(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		ch, err := ParseChannel(s)
		if err != nil {
			if KindOf(err) != Invalid {
				t.Fatalf("error of kind %q: %v", KindOf(err), err)
			}
			return
		}
		if ch.CustSpaceID == "" || ch.PageID == "" || strings.Contains(ch.PageID, ":") {
			t.Fatalf("accepted %q as %+v", s, ch)
		}
		if !strings.HasPrefix(s, ch.ChannelID.String()) {
			t.Fatalf("%q parsed to %s", s, ch.ChannelID)
		}
	})
}
