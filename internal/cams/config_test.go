package cams

import (
	"strings"
	"testing"

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
