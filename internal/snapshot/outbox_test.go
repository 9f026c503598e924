package snapshot

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// commitAlert commits generation 1 with an alert of three changes for
// both receivers.
func commitAlert(t *testing.T, s *Store, at time.Time) *campaign.Alert {
	t.Helper()
	cs := fakeCampaigns(30, 4)
	a := &campaign.Alert{Kind: campaign.AlertChanges, Generation: 1, At: at, Receivers: receivers}
	for _, c := range cs[:3] {
		a.Changes = append(a.Changes, campaign.Change{Type: campaign.Added, CustSpaceID: c.CustSpaceID, PageID: c.PageID, CampaignID: c.CampaignID})
	}
	if err := s.Commit(context.Background(), testSnapshot(1, at, cs), a); err != nil {
		t.Fatal(err)
	}
	return a
}

// receiver is a chat service that records posts and can be told to fail.
type receiver struct {
	posted []int // message indexes, in order
	failAt int   // index that fails; -1 for none
}

var errDown = errors.New("receiver down")

// send is one run delivering alert a (3 messages) to r under a claim,
// following the Store's contract.
func send(ctx context.Context, s *Store, id string, rc *receiver, a *campaign.Alert, now time.Time) error {
	c, err := s.Claim(ctx, a.ID, id, now, 30*time.Second)
	if err != nil {
		return err
	}
	const total = 3
	for i := range total {
		if c.Done[i] {
			continue
		}
		if i == rc.failAt {
			rc.failAt = -1
			_ = s.Release(ctx, c)
			return errDown
		}
		rc.posted = append(rc.posted, i)
		if err := s.Ack(ctx, c, i, total); err != nil {
			return err
		}
	}
	return nil
}

func TestOutboxRetriesOnlyTheFailedReceiver(t *testing.T) {
	ctx := context.Background()
	for _, be := range backends() {
		t.Run(be.name, func(t *testing.T) {
			clk := newClock()
			s, _ := be.open(t, clk.now)
			a := commitAlert(t, s, clk.now())
			rA, rB := receivers[0], receivers[1]
			recA, recB := &receiver{failAt: 1}, &receiver{failAt: -1}

			// Run 1: A takes message 0, then fails on 1; B gets all three.
			if err := send(ctx, s, rA, recA, a, clk.now()); !errors.Is(err, errDown) {
				t.Fatalf("run 1, A: %v, want the receiver's failure", err)
			}
			if err := send(ctx, s, rB, recB, a, clk.now()); err != nil {
				t.Fatalf("run 1, B: %v", err)
			}
			assertPending(t, s, rA, []string{a.ID})
			assertPending(t, s, rB, nil)

			// Run 2, a second later: A's released claim is free at once.
			clk.add(time.Second)
			for _, r := range []struct {
				id  string
				rec *receiver
			}{{rA, recA}, {rB, recB}} {
				pending, err := pendingOf(s, ctx, r.id)
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range pending {
					if err := send(ctx, s, r.id, r.rec, p, clk.now()); err != nil {
						t.Fatalf("run 2, %s: %v", r.id, err)
					}
				}
			}
			if want := []int{0, 1, 2}; !reflect.DeepEqual(recA.posted, want) {
				t.Fatalf("A got messages %v, want %v (each once)", recA.posted, want)
			}
			if want := []int{0, 1, 2}; !reflect.DeepEqual(recB.posted, want) {
				t.Fatalf("B got messages %v, want %v (each once)", recB.posted, want)
			}
			assertPending(t, s, rA, nil)
			if _, err := s.Claim(ctx, a.ID, rB, clk.now(), time.Minute); campaign.KindOf(err) != campaign.Conflict {
				t.Fatalf("claiming an alert B had in full: %v, want Conflict", err)
			}
		})
	}
}

func TestClaimOfDeadRunExpires(t *testing.T) {
	ctx := context.Background()
	for _, be := range backends() {
		t.Run(be.name, func(t *testing.T) {
			clk := newClock()
			s, _ := be.open(t, clk.now)
			id := commitAlert(t, s, clk.now()).ID
			r := receivers[0]
			dead, err := s.Claim(ctx, id, r, clk.now(), 30*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			steps := []struct {
				name  string
				after time.Duration
				kind  campaign.Kind
			}{
				{"while the dead run's claim lives", 10 * time.Second, campaign.Conflict},
				{"at its expiry", 20 * time.Second, ""},
			}
			var next *campaign.Claim
			for _, st := range steps {
				clk.add(st.after)
				next, err = s.Claim(ctx, id, r, clk.now(), 30*time.Second)
				if campaign.KindOf(err) != st.kind {
					t.Fatalf("%s: %v, want kind %q", st.name, err, st.kind)
				}
			}
			if next.Seq != dead.Seq+1 {
				t.Fatalf("new claim is %d, want %d", next.Seq, dead.Seq+1)
			}
			// The run was only slow: its message is recorded, and it is
			// told to stop.
			if err := s.Ack(ctx, dead, 0, 3); campaign.KindOf(err) != campaign.Conflict {
				t.Fatalf("Ack under an overtaken claim: %v, want Conflict", err)
			}
			again, err := s.Claim(ctx, id, r, clk.now().Add(time.Hour), time.Minute)
			if err != nil || !again.Done[0] || again.Done[1] {
				t.Fatalf("later claim: %+v, %v; want message 0 done, 1 not", again, err)
			}
		})
	}
}

func assertPending(t *testing.T, s *Store, receiver string, want []string) {
	t.Helper()
	got, err := pendingOf(s, context.Background(), receiver)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range got {
		ids = append(ids, a.ID)
	}
	if !reflect.DeepEqual(ids, want) {
		t.Fatalf("Pending(%s) = %v, want %v", receiver, ids, want)
	}
}

func TestPendingForReadsOnceForAllReceivers(t *testing.T) {
	ctx := context.Background()
	for _, be := range backends() {
		t.Run(be.name, func(t *testing.T) {
			clk := newClock()
			s, _ := be.open(t, clk.now)
			a := commitAlert(t, s, clk.now())
			rA, rB := receivers[0], receivers[1]
			if err := send(ctx, s, rB, &receiver{failAt: -1}, a, clk.now()); err != nil {
				t.Fatal(err)
			}

			before := s.Stats()
			if _, err := pendingOf(s, ctx, rA); err != nil {
				t.Fatal(err)
			}
			one := s.Stats()
			got, err := s.PendingFor(ctx, []string{rA, rB})
			if err != nil {
				t.Fatal(err)
			}
			two := s.Stats()
			if len(got[rA]) != 1 || got[rA][0].ID != a.ID || len(got[rB]) != 0 {
				t.Fatalf("PendingFor = %v, want %s pending for %s only", got, a.ID, rA)
			}
			if l1, l2 := one.Lists-before.Lists, two.Lists-one.Lists; l2 != l1 {
				t.Errorf("PendingFor for two receivers listed %d times, Pending for one %d", l2, l1)
			}
			if r1, r2 := one.Reads-before.Reads, two.Reads-one.Reads; r2 != r1 {
				t.Errorf("PendingFor for two receivers read %d objects, Pending for one %d", r2, r1)
			}
		})
	}
}

// pendingOf is what s owes one receiver (Store.PendingFor for one).
func pendingOf(s *Store, ctx context.Context, receiver string) ([]*campaign.Alert, error) {
	all, err := s.PendingFor(ctx, []string{receiver})
	return all[receiver], err
}
