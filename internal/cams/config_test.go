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
				if err == nil || campaign.KindOf(err) != campaign.Invalid {
					t.Fatalf("got %v, %v; want an invalid error", ep, err)
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

func TestNewRejectsBadConfig(t *testing.T) {
	_, err := New(Config{PageSize: -1, Concurrency: 1000, QPS: -3, Endpoint: "ftp://x"})
	if campaign.KindOf(err) != campaign.Invalid || strings.Count(err.Error(), "\n") != 3 {
		t.Errorf("New: %v; want four invalid problems, one per line", err)
	}
}
