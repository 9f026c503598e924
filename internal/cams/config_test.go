package cams

import (
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

func TestResolveEndpoint(t *testing.T) {
	for _, tc := range []struct {
		region, override string
		want             string // "" for an error
	}{
		{"ap-southeast-1", "", "https://cams.ap-southeast-1.aliyuncs.com"},
		{"cn-hangzhou", "", "https://cams.cn-hangzhou.aliyuncs.com"},
		{"ap-southeast-1", "cams.example.com", "https://cams.example.com"},
		{"ap-southeast-1", "http://127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"ap-southeast-1", "http://127.0.0.1:8080/", "http://127.0.0.1:8080"},
		{"ap-southeast-1", "https://cams.example.com:8443", "https://cams.example.com:8443"},
		{"ap-southeast-1", "ftp://127.0.0.1", ""},
		{"ap-southeast-1", "http://127.0.0.1:8080/v1", ""},
		{"ap-southeast-1", "http://user:pw@127.0.0.1", ""},
		{"ap-southeast-1", "http://", ""},
		{"ap/southeast", "", ""},
	} {
		t.Run(tc.region+" "+tc.override, func(t *testing.T) {
			ep, err := resolveEndpoint(tc.region, tc.override)
			if tc.want == "" {
				if err == nil || campaign.KindOf(err) != campaign.Internal {
					t.Fatalf("got %v, %v; want an internal error", ep, err)
				}
				if strings.Contains(err.Error(), "pw@") {
					t.Errorf("error carries the password: %v", err)
				}
				return
			}
			if err != nil || ep.String() != tc.want {
				t.Errorf("got %v, %v; want %s", ep, err, tc.want)
			}
		})
	}
}

// TestNewRefusesUncheckedValues: cams keeps no defaults or limits of its
// own; values the configuration did not supply are a programming error,
// and no error names a variable.
func TestNewRefusesUncheckedValues(t *testing.T) {
	for _, cfg := range []Config{
		{},
		{Endpoint: "http://127.0.0.1:1", PageSize: 0, Concurrency: 4, QPS: 10},
		{Endpoint: "http://127.0.0.1:1", PageSize: 50, Concurrency: 4, QPS: -3},
		{Endpoint: "ftp://x", PageSize: 50, Concurrency: 4, QPS: 10},
	} {
		_, err := New(cfg)
		if campaign.KindOf(err) != campaign.Internal || strings.Contains(err.Error(), "CAMS_") {
			t.Errorf("New(%+v): %v; want an internal error naming no variable", cfg, err)
		}
	}
}

func TestLimiterKeepsUnderCeiling(t *testing.T) {
	for _, qps := range []float64{0.5, 1, 2, 10, 400, 5000} {
		l := newLimiter(qps, 8)
		if float64(l.Limit()) <= 0 {
			t.Errorf("qps %g: rate %g, want positive", qps, float64(l.Limit()))
			continue
		}
		if qps < 2 {
			continue // below 2 the rate floor of qps/2 rules
		}
		// Take every token the moment it is there, on a simulated clock,
		// and count the calls in every one-second window (both ends in).
		start := time.Unix(0, 0)
		var calls []time.Duration
		for at := time.Duration(0); at < 5*time.Second; at += 100 * time.Microsecond {
			for l.AllowN(start.Add(at), 1) {
				calls = append(calls, at)
			}
		}
		most, lo := 0, 0
		for hi := range calls {
			for calls[hi]-calls[lo] > time.Second {
				lo++
			}
			most = max(most, hi-lo+1)
		}
		if float64(most) > qps {
			t.Errorf("qps %g: %d calls in one second (rate %g, burst %d)", qps, most, float64(l.Limit()), l.Burst())
		}
		if sustained := float64(len(calls)) / 5; sustained < qps*0.9 {
			t.Errorf("qps %g: only %.1f calls a second sustained", qps, sustained)
		}
	}
}
