package snapshot

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// TestDamagedSnapshotIsNamedAndKept damages the latest generation in
// several ways: every read fails with an error that names the object and
// the way back, Prune refuses, and not one stored byte changes. Moving the
// manifest aside, as the error says, brings the previous generation back.
func TestDamagedSnapshotIsNamedAndKept(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		damage func(r raw, m []byte, data string) (key string)
		text   string
	}{
		{"truncated data", func(r raw, _ []byte, data string) string {
			b, _ := r.get(data)
			r.set(data, b[:len(b)/2])
			return data
		}, "checksum mismatch"},
		{"data missing", func(r raw, _ []byte, data string) string {
			r.del(data)
			return data
		}, "is missing"},
		{"garbage manifest", func(r raw, _ []byte, _ string) string {
			r.set(genKey(2), []byte("\x00\x01not json"))
			return genKey(2)
		}, "not valid JSON"},
		{"manifest from the future", func(r raw, m []byte, _ string) string {
			r.set(genKey(2), bytes.Replace(m, []byte(`"schema":1`), []byte(`"schema":9`), 1))
			return genKey(2)
		}, "newer campaignwatch"},
		{"data from the future", func(r raw, _ []byte, data string) string {
			b, _ := r.get(data)
			b[len(dataMagic)] = 9
			r.set(data, b)
			return data
		}, "newer campaignwatch"},
	}
	for _, be := range backends() {
		for _, tc := range tests {
			t.Run(be.name+"/"+tc.name, func(t *testing.T) {
				clk := newClock()
				s, r := be.open(t, clk.now)
				for g := int64(1); g <= 2; g++ {
					if err := s.Commit(ctx, testSnapshot(g, clk.now().Add(time.Duration(g)*time.Minute), fakeCampaigns(40, uint64(g))), nil); err != nil {
						t.Fatal(err)
					}
				}
				m, _ := r.get(genKey(2))
				data := r.keys(dataDir)[1]
				key := tc.damage(r, m, data)
				before := dump(r)

				_, err := s.Latest(ctx)
				if campaign.KindOf(err) != campaign.Invalid {
					t.Fatalf("Latest: %v (kind %q), want kind invalid", err, campaign.KindOf(err))
				}
				for _, want := range []string{s.b.Describe(key), tc.text} {
					if !strings.Contains(err.Error(), want) {
						t.Fatalf("Latest: %q does not say %q", err, want)
					}
				}
				if !strings.Contains(err.Error(), "newer") && !strings.Contains(err.Error(), "roll back to generation 1") {
					t.Fatalf("Latest: %q does not say how to recover", err)
				}
				if _, err := s.AsOf(ctx, clk.now().Add(time.Hour)); err == nil {
					t.Fatal("AsOf read the damaged generation without error")
				}
				if err := s.Prune(ctx, clk.now().Add(30*24*time.Hour), 8*24*time.Hour); err == nil {
					t.Fatal("Prune went ahead over a damaged latest generation")
				}
				if after := dump(r); !equalDumps(before, after) {
					t.Fatalf("stored objects changed:\nbefore %v\nafter  %v", keysOf(before), keysOf(after))
				}

				r.del(genKey(2)) // what the error advises
				got, err := s.Latest(ctx)
				if err != nil || got == nil || got.Generation != 1 {
					t.Fatalf("after moving the manifest aside: %v, %v; want generation 1", got, err)
				}
			})
		}
	}
}

func dump(r raw) map[string]string {
	out := map[string]string{}
	for _, k := range r.keys("") {
		b, _ := r.get(k)
		out[k] = string(b)
	}
	return out
}

func equalDumps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func keysOf(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
