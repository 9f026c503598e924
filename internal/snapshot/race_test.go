package snapshot

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

var receivers = []string{"slack-1a2b3c4d5e6f", "dingtalk-0f9e8d7c6b5a"}

// ledger counts, per receiver, how often each change reached it.
type ledger struct {
	mu sync.Mutex
	n  map[string]int
}

func (l *ledger) post(receiver string, a *campaign.Alert) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.n == nil {
		l.n = make(map[string]int)
	}
	for _, c := range a.Changes {
		l.n[fmt.Sprintf("%s %s %s %s->%s", receiver, c.Type, c.CampaignID, c.Old, c.New)]++
	}
}

// deliverAll is a run's delivery step: every pending alert to every
// receiver, one message per alert, under a claim.
func deliverAll(ctx context.Context, t *testing.T, s *Store, now time.Time, l *ledger) {
	for _, r := range receivers {
		pending, err := pendingOf(s, ctx, r)
		if err != nil {
			t.Errorf("Pending(%s): %v", r, err)
			return
		}
		for _, a := range pending {
			c, err := s.Claim(ctx, a.ID, r, now, time.Minute)
			if campaign.KindOf(err) == campaign.Conflict {
				continue // another run has it, or had it
			}
			if err != nil {
				t.Errorf("Claim: %v", err)
				return
			}
			if c.Done[0] {
				continue
			}
			l.post(r, a)
			if err := s.Ack(ctx, c, 0, 1); err != nil {
				t.Errorf("Ack: %v", err)
			}
		}
	}
}

// check is one run: read the latest, wait for ready (so that every run
// starts from one generation), diff against what the API "lists" now,
// commit the next generation with its changes.
func check(ctx context.Context, s *Store, listed []campaign.Campaign, now time.Time, ready func()) (*campaign.Snapshot, error) {
	prev, err := s.Latest(ctx)
	if err != nil {
		return nil, err
	}
	ready()
	next := &campaign.Snapshot{Generation: 1, TakenAt: now, Channels: channelsOf(listed), Campaigns: listed}
	if prev != nil {
		next.Generation = prev.Generation + 1
	}
	changes := campaign.Compare(prev, next, campaign.Threshold{}).Changes
	var alert *campaign.Alert
	if len(changes) > 0 {
		alert = &campaign.Alert{Kind: campaign.AlertChanges, Generation: next.Generation,
			At: now, RunID: fmt.Sprint(now.UnixNano()), Receivers: receivers, Changes: changes}
	}
	return next, s.Commit(ctx, next, alert)
}

// TestConcurrentRunsCommitOnce starts 10 runs from one generation on each
// backend. Exactly one commits; the others learn they lost and send
// nothing; each change reaches each receiver exactly once. Then 10 more
// runs race again and this time every one of them, winner or loser, tries
// to deliver what is pending: claims still let each change through once.
func TestConcurrentRunsCommitOnce(t *testing.T) {
	ctx := context.Background()
	for _, be := range backends() {
		t.Run(be.name, func(t *testing.T) {
			clk := newClock()
			s, _ := be.open(t, clk.now)
			base := fakeCampaigns(200, 9)
			if _, err := check(ctx, s, base, clk.now(), func() {}); err != nil {
				t.Fatal(err)
			}
			l := &ledger{}
			listed := mutate(base)
			for round, winnersOnly := range []bool{true, false} {
				clk.add(10 * time.Minute)
				var wg, read sync.WaitGroup
				read.Add(10)
				ready := func() { read.Done(); read.Wait() }
				var mu sync.Mutex
				commits, conflicts := 0, 0
				for range 10 {
					wg.Go(func() {
						_, err := check(ctx, s, listed, clk.now(), ready)
						mu.Lock()
						switch campaign.KindOf(err) {
						case "":
							commits++
						case campaign.Conflict:
							conflicts++
						default:
							t.Errorf("run: %v", err)
						}
						mu.Unlock()
						if err == nil || !winnersOnly {
							deliverAll(ctx, t, s, clk.now(), l)
						}
					})
				}
				wg.Wait()
				if commits != 1 || conflicts != 9 {
					t.Fatalf("round %d: %d commits and %d conflicts, want 1 and 9", round, commits, conflicts)
				}
				listed = mutate(listed)
			}
			changes := 0
			for k, n := range l.n {
				if n != 1 {
					t.Errorf("%s delivered %d times, want once", k, n)
				}
				changes++
			}
			if want := 2 * len(receivers) * 5; changes != want {
				t.Fatalf("%d (receiver, change) pairs delivered, want %d", changes, want)
			}
			for _, r := range receivers {
				if p, err := pendingOf(s, ctx, r); err != nil || len(p) != 0 {
					t.Fatalf("Pending(%s) after delivery: %d alerts, %v; want none", r, len(p), err)
				}
			}
		})
	}
}

// mutate returns a copy with 5 changes: a budget, a status, a rename, one
// removed and one added campaign.
func mutate(cs []campaign.Campaign) []campaign.Campaign {
	out := append([]campaign.Campaign(nil), cs[1:]...) // cs[0] removed
	out[10].Budget += 1000
	if out[20].Status == "PAUSED" {
		out[20].Status = "AVAILABLE"
	} else {
		out[20].Status = "PAUSED"
	}
	out[30].CampaignName += "-v2"
	added := out[len(out)-1]
	added.CampaignID += "7"
	out = append(out, added)
	campaign.SortCampaigns(out)
	return out
}
