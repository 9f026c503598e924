package snapshot

import (
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

func openIncidents(at time.Time) []campaign.Incident {
	return []campaign.Incident{
		{Rule: "cap-spring", Fingerprint: "f1", Condition: campaign.CampaignBudgetAbove, BudgetType: campaign.BudgetDaily,
			CustSpaceID: "cams-a1", PageID: "239001", CampaignID: "c-1", CampaignName: "Spring sale", Value: 900, Limit: 500, Since: at, Told: []string{"slack-1"}},
		{Rule: "brand-total", Fingerprint: "f2", Condition: campaign.TotalBudgetAbove, BudgetType: campaign.BudgetDaily,
			CustSpaceID: "cams-a1", PageID: "239001", Value: 5000, Limit: 4000, Since: at},
	}
}

// TestGuardrailIncidentsLiveInTheIncidentLog: a commit with open incidents
// writes them to the incident log (health/guardrails/), named by the
// manifest, which no longer carries them; every reader gets them back.
// A commit without any writes no record.
func TestGuardrailIncidentsLiveInTheIncidentLog(t *testing.T) {
	ctx := context.Background()
	onEachBackend(t, func(t *testing.T, s *Store, r raw, clk *clock) {
		t0 := clk.now()
		first := testSnapshot(1, t0, fakeCampaigns(10, 1))
		if err := s.Commit(ctx, first, nil); err != nil {
			t.Fatal(err)
		}
		if keys := r.keys(guardrailsDir); len(keys) != 0 {
			t.Fatalf("a commit with nothing open wrote %v", keys)
		}
		snap := testSnapshot(2, t0.Add(time.Hour), fakeCampaigns(10, 1))
		snap.Incidents = openIncidents(t0)
		if err := s.Commit(ctx, snap, nil); err != nil {
			t.Fatal(err)
		}
		keys := r.keys(guardrailsDir)
		if len(keys) != 1 {
			t.Fatalf("incident log records: %v, want one", keys)
		}
		b, _ := r.get(genKey(2))
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		if _, inline := m["incidents"]; inline {
			t.Fatal("the manifest still carries the incidents")
		}
		if string(m["guardrailIncidents"]) != `"`+keys[0]+`"` {
			t.Fatalf("the manifest names %s, the record is %s", m["guardrailIncidents"], keys[0])
		}
		for name, load := range map[string]func() ([]campaign.Incident, error){
			"Latest":     func() ([]campaign.Incident, error) { l, err := s.Latest(ctx); return incidentsOf(l), err },
			"LoadPacked": func() ([]campaign.Incident, error) { l, err := s.LoadPacked(ctx, 2); return incidentsOf(l), err },
			"AsOf": func() ([]campaign.Incident, error) {
				l, err := s.AsOf(ctx, t0.Add(2*time.Hour))
				return incidentsOf(l), err
			},
			"OpenIncidents": func() ([]campaign.Incident, error) {
				open, _, err := s.OpenIncidents(ctx)
				return open, err
			},
		} {
			got, err := load()
			if err != nil || !reflect.DeepEqual(got, snap.Incidents) {
				t.Errorf("%s: %+v, %v; want %+v", name, got, err, snap.Incidents)
			}
		}
		if old, err := s.Load(ctx, 1); err != nil || len(old.Incidents) != 0 {
			t.Errorf("generation 1: %v open, %v; want none", incidentsOf(old), err)
		}
	})
}

func incidentsOf(s *campaign.Snapshot) []campaign.Incident {
	if s == nil {
		return nil
	}
	return s.Incidents
}

// TestGuardrailRecordDamage: a record its manifest names that is missing
// or damaged stops the reader with an error naming it and the way back,
// and is left as it is.
func TestGuardrailRecordDamage(t *testing.T) {
	ctx := context.Background()
	onEachBackend(t, func(t *testing.T, s *Store, r raw, clk *clock) {
		snap := testSnapshot(1, clk.now(), fakeCampaigns(5, 1))
		snap.Incidents = openIncidents(clk.now())
		if err := s.Commit(ctx, snap, nil); err != nil {
			t.Fatal(err)
		}
		key := r.keys(guardrailsDir)[0]
		good, _ := r.get(key)
		for name, bad := range map[string][]byte{
			"damaged":       []byte(`{"schema":1,"generation":1`),
			"other token":   []byte(strings.Replace(string(good), `"token":"`, `"token":"0`, 1)),
			"without rule":  []byte(strings.Replace(string(good), `"rule":"cap-spring"`, `"rule":""`, 1)),
			"unknown field": []byte(strings.Replace(string(good), `"schema":1`, `"schema":1,"extra":1`, 1)),
		} {
			r.set(key, bad)
			_, err := s.Latest(ctx)
			if campaign.KindOf(err) != campaign.Invalid || !strings.Contains(err.Error(), "guardrails/") || !strings.Contains(err.Error(), "move "+genKey(1)+" aside") {
				t.Errorf("%s: Latest = %v; want an Invalid error naming the record and the way back", name, err)
			}
			if now, _ := r.get(key); string(now) != string(bad) {
				t.Errorf("%s: the record was changed", name)
			}
		}
		r.del(key)
		if _, _, err := s.OpenIncidents(ctx); campaign.KindOf(err) != campaign.Invalid || !strings.Contains(err.Error(), "is missing") {
			t.Errorf("missing: OpenIncidents = %v; want an Invalid error saying it is missing", err)
		}
	})
}

// TestManifestWithIncidentsInlineIsRead: a generation committed before
// the incident log held guardrail incidents carries them in its
// manifest; they are still read as open.
func TestManifestWithIncidentsInlineIsRead(t *testing.T) {
	ctx := context.Background()
	onEachBackend(t, func(t *testing.T, s *Store, r raw, clk *clock) {
		if err := s.Commit(ctx, testSnapshot(1, clk.now(), fakeCampaigns(5, 1)), nil); err != nil {
			t.Fatal(err)
		}
		b, _ := r.get(genKey(1))
		var m manifest
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		m.Incidents = openIncidents(clk.now())
		b, _ = json.Marshal(m)
		r.set(genKey(1), b)
		if open, _, err := s.OpenIncidents(ctx); err != nil || !reflect.DeepEqual(open, m.Incidents) {
			t.Fatalf("OpenIncidents = %+v, %v; want the manifest's", open, err)
		}
		if l, err := s.Latest(ctx); err != nil || !reflect.DeepEqual(l.Incidents, m.Incidents) {
			t.Fatalf("Latest = %+v, %v; want the manifest's incidents", incidentsOf(l), err)
		}
	})
}

// TestGuardrailRecordsPruned: the records of pruned generations and of
// commits lost to another run go; those of kept generations and of a
// commit in flight stay.
func TestGuardrailRecordsPruned(t *testing.T) {
	ctx := context.Background()
	onEachBackend(t, func(t *testing.T, s *Store, r raw, clk *clock) {
		start := clk.now()
		for g := int64(1); g <= 6; g++ {
			snap := testSnapshot(g, start.Add(time.Duration(g-1)*24*time.Hour), fakeCampaigns(5, 1))
			snap.Incidents = openIncidents(start)
			if err := s.Commit(ctx, snap, nil); err != nil {
				t.Fatal(err)
			}
		}
		lost, flight := guardrailsKey(5, "00000000000000aa"), guardrailsKey(7, "00000000000000bb")
		r.set(lost, []byte("lost"))
		r.set(flight, []byte("in flight"))
		now := start.Add(5 * 24 * time.Hour)
		clk.add(now.Sub(start))
		if err := s.Prune(ctx, now, 36*time.Hour); err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, k := range r.keys(genDir) {
			g, _ := parseGenKey(k)
			m, _, err := s.manifest(ctx, g)
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, m.GuardrailIncidents)
		}
		want = append(want, flight)
		if got := r.keys(guardrailsDir); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("records kept:\n got %v\nwant %v (the kept generations' and the one in flight)", got, want)
		}
	})
}

// TestCommitLostRaceRemovesItsRecord: a run whose commit loses the race
// leaves no guardrail record behind.
func TestCommitLostRaceRemovesItsRecord(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	s, r := backends()[0].open(t, clk.now)
	if err := s.Commit(ctx, testSnapshot(1, clk.now(), fakeCampaigns(5, 1)), nil); err != nil {
		t.Fatal(err)
	}
	snap := testSnapshot(1, clk.now(), fakeCampaigns(5, 2))
	snap.Incidents = openIncidents(clk.now())
	if err := s.Commit(ctx, snap, nil); campaign.KindOf(err) != campaign.Conflict {
		t.Fatalf("second commit of generation 1: %v, want a Conflict", err)
	}
	if keys := r.keys(guardrailsDir); len(keys) != 0 {
		t.Fatalf("the lost commit left %v", keys)
	}
}

// FuzzDecodeGuardrails: any bytes decode to an error or to incidents of
// the generation and token asked for, each naming its rule, fingerprint
// and start; a record is bounded by maxRecord before it is parsed.
func FuzzDecodeGuardrails(f *testing.F) {
	if seeds, _ := filepath.Glob(filepath.Join("testdata", "fuzz", "FuzzDecodeGuardrails", "*")); len(seeds) == 0 {
		f.Fatal("no seed corpus under testdata/fuzz/FuzzDecodeGuardrails")
	}
	good, err := encodeGuardrails(2, "0123456789abcdef", openIncidents(time.Unix(1700000000, 0).UTC()))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Fuzz(func(t *testing.T, data []byte) {
		open, err := decodeGuardrails(data, 2, "0123456789abcdef")
		if err != nil {
			return
		}
		if len(data) > maxRecord {
			t.Fatalf("accepted a record of %d bytes", len(data))
		}
		for _, in := range open {
			if in.Rule == "" || in.Fingerprint == "" || in.Since.IsZero() {
				t.Fatalf("accepted an incident without a rule, fingerprint or start: %+v", in)
			}
		}
	})
}
