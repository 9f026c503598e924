package snapshot

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

func TestStreaksEndAndSettle(t *testing.T) {
	ctx := context.Background()
	for _, be := range backends() {
		t.Run(be.name, func(t *testing.T) {
			clk := newClock()
			s, raw := be.open(t, clk.now)
			cur, ended, err := s.Streaks(ctx, "check")
			if err != nil || cur.N != 1 || len(cur.Failures) != 0 || ended.N != 0 {
				t.Fatalf("empty log: current %+v, ended %+v, %v; want streak 1 without failures, none ended", cur, ended, err)
			}
			t0 := clk.now()
			for i := range 3 {
				f := campaign.Occurrence{At: t0.Add(time.Duration(i) * time.Minute), RunID: "r", Error: "boom", Kind: campaign.Unavailable}
				if err := s.Record(ctx, "check", 1, f); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.Record(ctx, "digest", 1, campaign.Occurrence{At: t0, Error: "other kind"}); err != nil {
				t.Fatal(err)
			}
			cur, _, err = s.Streaks(ctx, "check")
			if err != nil || len(cur.Failures) != 3 || !cur.Failures[0].Equal(t0) || cur.Last == nil || cur.Last.Error != "boom" {
				t.Fatalf("after 3 failures: %+v, %v", cur, err)
			}
			if err := s.OpenIncident(ctx, "check", 1); err != nil {
				t.Fatal(err)
			}
			if err := s.OpenIncident(ctx, "check", 1); campaign.KindOf(err) != campaign.Conflict {
				t.Fatalf("second OpenIncident = %v, want Conflict", err)
			}
			if ok, err := s.HasIncident(ctx, "check", 1); !ok || err != nil {
				t.Fatalf("HasIncident = %v, %v", ok, err)
			}
			if err := s.EndStreak(ctx, "check", 1); err != nil {
				t.Fatal(err)
			}
			cur, ended, err = s.Streaks(ctx, "check")
			if err != nil || cur.N != 2 || len(cur.Failures) != 0 || ended.N != 1 || !ended.Incident || ended.Settled || len(ended.Failures) != 3 {
				t.Fatalf("after the end: current %+v, ended %+v, %v", cur, ended, err)
			}
			// Streak 2 fails once and ends; settling it deletes streak 1.
			if err := s.Record(ctx, "check", 2, campaign.Occurrence{At: t0.Add(time.Hour), Error: "again"}); err != nil {
				t.Fatal(err)
			}
			for _, step := range []func(context.Context, string, int) error{s.EndStreak, s.SettleStreak} {
				if err := step(ctx, "check", 2); err != nil {
					t.Fatal(err)
				}
			}
			if left := raw.keys("health/check/00000001/"); len(left) != 0 {
				t.Errorf("settling streak 2 left streak 1's records: %v", left)
			}
			if left := raw.keys("health/digest/"); len(left) != 1 {
				t.Errorf("settling a check streak touched the digest's records: %v", left)
			}
			cur, ended, err = s.Streaks(ctx, "check")
			if err != nil || cur.N != 3 || ended.N != 2 || !ended.Settled {
				t.Fatalf("after settling: current %+v, ended %+v, %v", cur, ended, err)
			}
		})
	}
}

// TestHealthOverlappingRunsCountOnceAndOpenOnce: 10 runs failing at once
// each add their own failure, and exactly one opens the incident.
func TestHealthOverlappingRunsCountOnceAndOpenOnce(t *testing.T) {
	ctx := context.Background()
	for _, be := range backends() {
		t.Run(be.name, func(t *testing.T) {
			clk := newClock()
			s, _ := be.open(t, clk.now)
			var wg sync.WaitGroup
			errs := make([]error, 10)
			for i := range 10 {
				wg.Go(func() {
					if err := s.Record(ctx, "check", 1, campaign.Occurrence{At: clk.now(), Error: "x"}); err != nil {
						errs[i] = err
						return
					}
					errs[i] = s.OpenIncident(ctx, "check", 1)
				})
			}
			wg.Wait()
			won := 0
			for _, err := range errs {
				switch {
				case err == nil:
					won++
				case campaign.KindOf(err) != campaign.Conflict:
					t.Fatalf("unexpected error: %v", err)
				}
			}
			cur, _, err := s.Streaks(ctx, "check")
			if err != nil {
				t.Fatal(err)
			}
			if won != 1 || len(cur.Failures) != 10 {
				t.Errorf("%d runs opened the incident and %d failures are counted; want 1 and 10", won, len(cur.Failures))
			}
		})
	}
}
