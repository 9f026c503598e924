package snapshot

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// Per-receiver budget references survive a commit, a receiver with none
// included; a manifest written before they existed has none and no
// "receiverRefs" key, so older manifests read as before.
func TestReceiverRefsRoundTrip(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	s, _ := backends()[0].open(t, clk.now)
	cs := fakeCampaigns(3, 1)
	plain := testSnapshot(1, clk.now(), cs)
	plain.BudgetRefs = map[campaign.Key]int64{cs[0].Key(): 100}
	if err := s.Commit(ctx, plain, nil); err != nil {
		t.Fatal(err)
	}
	raw, err := s.b.Get(ctx, genKey(1))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "receiverRefs") {
		t.Fatalf("a snapshot without receiver references writes them: %s", raw)
	}
	got, err := s.Latest(ctx)
	if err != nil || got.ReceiverRefs != nil {
		t.Fatalf("ReceiverRefs = %v, %v; want none", got.ReceiverRefs, err)
	}

	next := testSnapshot(2, clk.now().Add(time.Hour), cs)
	next.ReceiverRefs = map[string]map[campaign.Key]int64{
		"brand-a": {cs[1].Key(): 250},
		"finance": {},
	}
	if err := s.Commit(ctx, next, nil); err != nil {
		t.Fatal(err)
	}
	got, err = s.Latest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.ReceiverRefs, next.ReceiverRefs) {
		t.Fatalf("ReceiverRefs = %v, want %v", got.ReceiverRefs, next.ReceiverRefs)
	}
}
