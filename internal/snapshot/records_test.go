package snapshot

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

func validManifest(t testing.TB) []byte {
	a, _ := json.Marshal(campaign.Alert{ID: genAlertID(2, "0123456789abcdef"), Kind: campaign.AlertChanges, Generation: 2, At: time.Unix(1700000000, 0).UTC(), Receivers: []string{"slack-1"}})
	b, err := json.Marshal(manifest{
		Schema: 1, Generation: 2, TakenAt: time.Unix(1700000000, 0).UTC(), CommittedAt: time.Unix(1700000001, 0).UTC(),
		Token: "0123456789abcdef", Data: dataKey(2, "0123456789abcdef"), DataSize: 100, Campaigns: 3,
		Channels: []campaign.ChannelState{{ChannelID: campaign.ChannelID{CustSpaceID: "cams-a1", PageID: "239001"}, Total: 3, Complete: true}},
		Alert:    a,
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeManifest(t *testing.T) {
	good := string(validManifest(t))
	tests := []struct {
		name string
		json string
		want string // "" for success
	}{
		{"valid", good, ""},
		{"no schema", strings.Replace(good, `"schema":1,`, ``, 1), `no "schema" field`},
		{"newer schema", strings.Replace(good, `"schema":1`, `"schema":2`, 1), "newer campaignwatch"},
		{"unknown field", strings.Replace(good, `"schema":1`, `"schema":1,"extra":true`, 1), "unknown field"},
		{"other generation", strings.Replace(good, `"generation":2`, `"generation":3`, 1), "its key says 2"},
		{"data elsewhere", strings.Replace(good, `"data":"data/`, `"data":"../`, 1), "points to data"},
		{"bad token", strings.Replace(good, `0123456789abcdef"`, `XYZ"`, 1), "malformed token"},
		{"bad content hash", strings.Replace(good, `"schema":1`, `"schema":1,"contentHash":"ABC"`, 1), "malformed contentHash"},
		{"guardrails elsewhere", strings.Replace(good, `"schema":1`, `"schema":1,"guardrailIncidents":"data/x.json"`, 1), "points to guardrail incidents"},
		{"alert of another generation", strings.Replace(good, `"id":"g2-`, `"id":"g9-`, 1), "carries alert"},
		{"trailing data", good + "{}", "not valid JSON"},
		{"not json", "\x00garbage", "not valid JSON"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, _, err := decodeManifest([]byte(tc.json), 2)
			if tc.want == "" {
				if err != nil || m.Campaigns != 3 {
					t.Fatalf("got %+v, %v", m, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

// FuzzDecodeManifest: any bytes decode to an error or to a manifest that
// meets every invariant the store relies on.
func FuzzDecodeManifest(f *testing.F) {
	if seeds, _ := filepath.Glob(filepath.Join("testdata", "fuzz", "FuzzDecodeManifest", "*")); len(seeds) == 0 {
		f.Fatal("no seed corpus under testdata/fuzz/FuzzDecodeManifest")
	}
	f.Add(validManifest(f))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, a, err := decodeManifest(data, 2)
		if err != nil {
			return
		}
		if m.Schema != schemaVersion || m.Generation != 2 || m.Data != dataKey(2, m.Token) || m.Campaigns < 0 {
			t.Fatalf("accepted an invalid manifest: %+v", m)
		}
		if m.ContentHash != "" && !validContentHash(m.ContentHash) ||
			m.GuardrailIncidents != "" && m.GuardrailIncidents != guardrailsKey(2, m.Token) {
			t.Fatalf("accepted a manifest naming a malformed hash or another record: %+v", m)
		}
		if a != nil && (a.ID != genAlertID(2, "0123456789abcdef") || a.Generation != 2) {
			t.Fatalf("accepted an alert of another generation: %+v", a)
		}
	})
}

// FuzzDecodeClaim: any bytes decode to an error or to the claim its key
// names.
func FuzzDecodeClaim(f *testing.F) {
	if seeds, _ := filepath.Glob(filepath.Join("testdata", "fuzz", "FuzzDecodeClaim", "*")); len(seeds) == 0 {
		f.Fatal("no seed corpus under testdata/fuzz/FuzzDecodeClaim")
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := decodeClaim(data, "g2", "slack-1", 3)
		if err != nil {
			return
		}
		if c.AlertID != "g2" || c.Receiver != "slack-1" || c.Seq != 3 || c.Expires.IsZero() {
			t.Fatalf("accepted a claim of another key: %+v", c)
		}
	})
}

func TestEscapeRoundTrip(t *testing.T) {
	for _, s := range []string{"slack-1a2b3c4d5e6f", "digest-2026-03-01", "../..", "a/b", "~7E", "dingtalk#2", "春"} {
		e := escape(s)
		if strings.ContainsAny(e, "./#") {
			t.Errorf("escape(%q) = %q keeps a path character", s, e)
		}
		if back, ok := unescape(e); !ok || back != s {
			t.Errorf("unescape(escape(%q)) = %q, %v", s, back, ok)
		}
	}
}
