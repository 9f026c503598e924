package silence_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/silence"
	"github.com/campaignwatch/campaignwatch/internal/snapshot"
)

var brandA = campaign.Channel{ChannelID: campaign.ChannelID{CustSpaceID: "cams-a1", PageID: "239001"}, Name: "Brand A"}

func service(t *testing.T, now *time.Time) *silence.Service {
	t.Helper()
	st, err := snapshot.Open(context.Background(), "file://"+t.TempDir(), snapshot.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return &silence.Service{Store: st, Known: silence.Known{Channels: []campaign.Channel{brandA}, Receivers: []string{"finance"}},
		Now: func() time.Time { return *now }}
}

func TestMakeNamesEveryBadField(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	svc := service(t, &now)
	for _, tc := range []struct {
		name string
		req  silence.Request
		want []string
	}{
		{"no matcher", silence.Request{For: "3h", Comment: "x"}, []string{"channels: a silence needs at least one matcher"}},
		{"bad duration", silence.Request{For: "3 hours", Comment: "x", Types: []string{"added"}}, []string{`for: "3 hours" is not a duration`}},
		{"past 30 days", silence.Request{For: "31d", Comment: "x", Types: []string{"added"}}, []string{"for: a silence lasts at most 30 days"}},
		{"end past 30 days", silence.Request{EndsAt: "2027-02-01T00:00:00Z", Comment: "x", Types: []string{"added"}}, []string{"endsAt: a silence lasts at most 30 days"}},
		{"no comment", silence.Request{For: "3h", Types: []string{"added"}}, []string{"comment: say why"}},
		{"long comment", silence.Request{For: "3h", Comment: strings.Repeat("é", 501), Types: []string{"added"}}, []string{"comment: 501 characters; at most 500"}},
		{"unknowns", silence.Request{For: "3h", Comment: "x", Channels: []string{"Brand Z"}, Types: []string{"moved"}, Receivers: []string{"nobody"}},
			[]string{`channels: "Brand Z" is no configured channel`, `types: "moved" is not a change type`, `receivers: "nobody" is no configured receiver`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := svc.Add(context.Background(), tc.req, "cli")
			var ps silence.Problems
			if !errors.As(err, &ps) || campaign.KindOf(err) != campaign.Invalid {
				t.Fatalf("err = %v, want problems of kind invalid", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(ps.Error(), w) {
					t.Errorf("problems %q lack %q", ps.Error(), w)
				}
			}
			if got, _ := svc.List(context.Background(), true); len(got) != 0 {
				t.Errorf("a refused request stored %d silences", len(got))
			}
		})
	}
}

func TestAddListExpirePrune(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	svc := service(t, &now)
	sl, err := svc.Add(ctx, silence.Request{For: "2d", Comment: "restructuring Brand A", Channels: []string{"Brand A"}, Types: []string{"guardrail", "added"}}, "cli")
	if err != nil {
		t.Fatal(err)
	}
	if sl.Channels[0] != "cams-a1:239001" || !sl.EndsAt.Equal(now.Add(48*time.Hour)) || sl.CreatedBy != "cli" {
		t.Fatalf("made %+v", sl)
	}
	got, err := svc.List(ctx, false)
	if err != nil || len(got) != 1 || !got[0].Active || got[0].ID != sl.ID || got[0].Comment != "restructuring Brand A" {
		t.Fatalf("List = %+v, %v", got, err)
	}
	now = now.Add(time.Hour)
	if err := svc.Expire(ctx, sl.ID); err != nil {
		t.Fatal(err)
	}
	if err := svc.Expire(ctx, "0123456789abcdef"); campaign.KindOf(err) != campaign.NotFound {
		t.Fatalf("expiring an unknown id: %v, want not found", err)
	}
	if got, _ := svc.List(ctx, false); len(got) != 0 {
		t.Fatalf("an expired silence is listed as active: %+v", got)
	}
	got, _ = svc.List(ctx, true)
	if len(got) != 1 || got[0].Active || !got[0].EndsAt.Equal(now) {
		t.Fatalf("List(all) = %+v, want the silence ended at %v", got, now)
	}
	st := svc.Store
	if err := st.PruneSilences(ctx, now.Add(29*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, _ := svc.List(ctx, true); len(got) != 1 {
		t.Fatalf("pruned a silence ended 29 days ago: %+v", got)
	}
	if err := st.PruneSilences(ctx, now.Add(31*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, _ := svc.List(ctx, true); len(got) != 0 {
		t.Fatalf("kept a silence ended 31 days ago: %+v", got)
	}
}

// Two processes adding silences at once keep both: each silence is an
// object of its own, created once.
func TestConcurrentAddsKeepEvery(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	var wg sync.WaitGroup
	for i := range 10 {
		wg.Go(func() {
			st, err := snapshot.Open(ctx, "file://"+dir, snapshot.Options{})
			if err != nil {
				t.Error(err)
				return
			}
			svc := &silence.Service{Store: st, Known: silence.Known{Receivers: []string{"finance"}}, Now: func() time.Time { return now }}
			if _, err := svc.Add(ctx, silence.Request{For: "1h", Comment: "run " + string(rune('a'+i)), Receivers: []string{"finance"}}, "cli"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	st, _ := snapshot.Open(ctx, "file://"+dir, snapshot.Options{})
	all, err := st.ListSilences(ctx)
	if err != nil || len(all) != 10 {
		t.Fatalf("ListSilences = %d silences, %v; want all 10", len(all), err)
	}
}

func TestMatches(t *testing.T) {
	a1 := campaign.ChannelID{CustSpaceID: "cams-a1", PageID: "239001"}
	b2 := campaign.ChannelID{CustSpaceID: "cams-b2", PageID: "239002"}
	s := campaign.Silence{Channels: []string{"cams-a1:239001"}, Types: []string{"guardrail"}}
	for _, tc := range []struct {
		it   campaign.Item
		want bool
	}{
		{campaign.Item{Channels: []campaign.ChannelID{a1}, Type: "guardrail", Receiver: "x"}, true},
		{campaign.Item{Channels: []campaign.ChannelID{a1}, Type: "added"}, false},
		{campaign.Item{Channels: []campaign.ChannelID{b2}, Type: "guardrail"}, false},
		{campaign.Item{Channels: []campaign.ChannelID{a1, b2}, Type: "guardrail"}, false},
	} {
		if got := s.Matches(tc.it); got != tc.want {
			t.Errorf("Matches(%+v) = %v, want %v", tc.it, got, tc.want)
		}
	}
	r := campaign.Silence{Receivers: []string{"finance"}, CampaignIDs: []string{"1"}}
	if !r.Matches(campaign.Item{CampaignID: "1", Receiver: "finance", Type: "added"}) || r.Matches(campaign.Item{CampaignID: "1", Receiver: "ops"}) ||
		r.Matches(campaign.Item{Receiver: "finance"}) {
		t.Error("receiver and campaign matchers")
	}
}
