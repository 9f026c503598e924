package snapshot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/history"
)

// commitDays commits a generation every 4 hours for days days (the first
// a baseline), each after the first changing the budget of campaign
// g%len and renaming campaign (g+1)%len; it returns every change recorded,
// newest first.
func commitDays(t *testing.T, s *Store, clk *clock, days int) []history.Change {
	t.Helper()
	ctx := context.Background()
	cs := fakeCampaigns(40, 7)
	names := make(map[string]string)
	for _, ch := range channelsOf(cs) {
		names[ch.ChannelID.String()] = ch.Name
	}
	var want []history.Change
	for g := int64(1); g <= int64(days*6); g++ {
		at := clk.now()
		var a *campaign.Alert
		if g == 1 {
			a = &campaign.Alert{Kind: campaign.AlertBaseline, Generation: g, At: at, Watching: len(cs)}
		} else {
			i, j := int(g)%len(cs), (int(g)+1)%len(cs)
			old := cs[i].Budget
			cs[i].Budget += 100
			oldName := cs[j].CampaignName
			cs[j].CampaignName = fmt.Sprintf("%s-g%d", strings.Split(oldName, "-g")[0], g)
			a = &campaign.Alert{Kind: campaign.AlertChanges, Generation: g, At: at, Changes: []campaign.Change{
				{Type: campaign.BudgetChanged, CustSpaceID: cs[i].CustSpaceID, PageID: cs[i].PageID, CampaignID: cs[i].CampaignID, CampaignName: cs[i].CampaignName, Old: fmt.Sprint(old), New: fmt.Sprint(cs[i].Budget)},
				{Type: campaign.Renamed, CustSpaceID: cs[j].CustSpaceID, PageID: cs[j].PageID, CampaignID: cs[j].CampaignID, CampaignName: cs[j].CampaignName, Old: oldName, New: cs[j].CampaignName},
			}, Silenced: []campaign.SilencedChange{{Change: 1, Silences: []string{"s-1"}}}}
			for k, c := range a.Changes {
				sil := []string{}
				if k == 1 {
					sil = []string{"s-1"}
				}
				want = append(want, history.Change{At: at.UTC(), Generation: g, Index: k, Type: c.Type, CustSpaceID: c.CustSpaceID, PageID: c.PageID,
					Channel: names[c.CustSpaceID+":"+c.PageID], CampaignID: c.CampaignID, CampaignName: c.CampaignName, Old: c.Old, New: c.New, Silenced: sil})
			}
		}
		if err := s.Commit(ctx, testSnapshot(g, at, slices.Clone(cs)), a); err != nil {
			t.Fatal(err)
		}
		clk.add(4 * time.Hour)
	}
	slices.Reverse(want)
	return want
}

// allPages reads every page of q.
func allPages(t *testing.T, s *Store, q history.Query) []history.Change {
	t.Helper()
	var got []history.Change
	for range 1000 {
		p, err := s.Changes(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, p.Changes...)
		if p.Next == "" {
			return got
		}
		if len(p.Changes) != q.Limit {
			t.Fatalf("a page of %d rows with a next cursor; limit %d", len(p.Changes), q.Limit)
		}
		q.After, err = history.DecodeCursor(p.Next)
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Fatal("paging never ended")
	return nil
}

func TestHistoryBeforeAndAfterCompaction(t *testing.T) {
	ctx := context.Background()
	for _, be := range backends() {
		t.Run(be.name, func(t *testing.T) {
			clk := newClock()
			s, r := be.open(t, clk.now)
			want := commitDays(t, s, clk, 5)
			all := history.Query{Since: time.Time{}, Limit: 7}
			check := func(when string) {
				sameChanges(t, when+": paged", allPages(t, s, all), want)
				q := history.Query{Limit: 500, CampaignIDs: []string{want[3].CampaignID}, Types: []campaign.ChangeType{campaign.Renamed}}
				p, err := s.Changes(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				var w []history.Change
				for _, c := range want {
					if c.CampaignID == want[3].CampaignID && c.Type == campaign.Renamed {
						w = append(w, c)
					}
				}
				sameChanges(t, when+": filtered", p.Changes, w)
			}
			check("before compaction")
			if err := s.Prune(ctx, clk.now(), time.Hour); err != nil {
				t.Fatal(err)
			}
			// From 09:00 on March 1st every 4 hours: 5 days over, and 2
			// checks on March 6th.
			if n := len(r.keys(historyDir)); n != 5 {
				t.Fatalf("%d day objects after compaction, want 5 (the last day is not over): %v", n, r.keys(historyDir))
			}
			if g := r.keys(genDir); len(g) != 2 {
				t.Fatalf("prune kept %d manifests, want the 2 of the day not compacted", len(g))
			}
			check("after compaction")

			series, err := s.Series(ctx, history.SeriesQuery{Since: clk.now().Add(-10 * 24 * time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			// 6 days of checks, 4 channels a day.
			if len(series.Days) != 6*4 || series.Days[0].Date != "2026-03-01" || series.Days[len(series.Days)-1].Date != "2026-03-06" {
				t.Fatalf("series: %d days, %v .. %v", len(series.Days), series.Days[0], series.Days[len(series.Days)-1])
			}

			// A damaged day object fails the query, named; never deleted.
			// (A store that read it before it was damaged keeps what it
			// decoded: here, as an instance that has not read it yet.)
			key := r.keys(historyDir)[1]
			r.set(key, []byte("CWHD\x01garbage"))
			s.days = &dayCache{}
			_, err = s.Changes(ctx, history.Query{Limit: 5000})
			if err == nil || !strings.Contains(err.Error(), strings.TrimPrefix(key, "")) {
				t.Fatalf("query over a damaged day: %v; want an error naming %s", err, key)
			}
			if err := s.Prune(ctx, clk.now(), time.Hour); err != nil {
				t.Fatalf("prune with a damaged day object: %v", err)
			}
			if _, ok := r.get(key); !ok {
				t.Fatal("prune deleted a damaged day object before its time")
			}
			// Retention: 2 days kept drops the days before.
			s.historyKeep = 2 * 24 * time.Hour
			if err := s.Prune(ctx, clk.now(), time.Hour); err != nil {
				t.Fatal(err)
			}
			for _, k := range r.keys(historyDir) {
				if d, _ := parseDayKey(k); d.date < "2026-03-04" {
					t.Fatalf("retention kept %s", k)
				}
			}
		})
	}
}

func TestDayCodecRoundTrip(t *testing.T) {
	d := &dayRecord{Date: "2026-03-01", First: 3, Last: 9,
		Changes: []history.Change{
			{At: time.UnixMilli(1772355600000).UTC(), Generation: 3, Index: 0, Type: campaign.Added, CustSpaceID: "c", PageID: "p", Channel: "Brand A", CampaignID: "1", CampaignName: "=cmd", Silenced: []string{}},
			{At: time.UnixMilli(1772355700000).UTC(), Generation: 9, Index: 4, Type: campaign.BudgetChanged, CustSpaceID: "c", PageID: "p", Channel: "Brand A", CampaignID: "1", CampaignName: "x", Old: "100", New: "200", Silenced: []string{"s1", "s2"}},
		},
		Series: []seriesRow{{At: time.UnixMilli(1772355700000).UTC(), Generation: 9, ChannelSum: campaign.ChannelSum{ChannelID: campaign.ChannelID{CustSpaceID: "c", PageID: "p"}, Name: "Brand A", Campaigns: 3, Active: 2, DailyBudget: 500, LifetimeBudget: -1}}},
	}
	got, err := decodeDay(encodeDay(d))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(d) {
		t.Fatalf("round trip\n got %v\nwant %v", got, d)
	}
	b := encodeDay(d)
	for i := dayHeader; i < len(b); i++ {
		c := slices.Clone(b)
		c[i] ^= 0x40
		if _, err := decodeDay(c); err == nil {
			t.Fatalf("a flipped byte %d decoded", i)
		}
	}
}

func sameChanges(t *testing.T, what string, got, want []history.Change) {
	t.Helper()
	for i := range min(len(got), len(want)) {
		if fmt.Sprint(got[i]) != fmt.Sprint(want[i]) {
			t.Fatalf("%s: row %d\n got %v\nwant %v", what, i, got[i], want[i])
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%s: %d rows, want %d", what, len(got), len(want))
	}
}

// FuzzDecodeDay: any bytes decode to a day object that encodes back to
// the same bytes, or to an error; never a panic or a huge allocation.
func FuzzDecodeDay(f *testing.F) {
	f.Add(encodeDay(&dayRecord{Date: "2026-03-01", First: 1, Last: 1}))
	f.Add(encodeDay(&dayRecord{Date: "2026-03-01", First: 3, Last: 9, Changes: []history.Change{
		{At: time.UnixMilli(1772355600000).UTC(), Generation: 3, Type: campaign.Added, CustSpaceID: "c", PageID: "p", Channel: "Brand A", CampaignID: "1", CampaignName: "n", Silenced: []string{"s"}}},
		Series: []seriesRow{{At: time.UnixMilli(1772355600000).UTC(), Generation: 9, ChannelSum: campaign.ChannelSum{ChannelID: campaign.ChannelID{CustSpaceID: "c", PageID: "p"}, Campaigns: 1}}}}))
	f.Add([]byte("CWHD\x01\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := decodeDay(b)
		if err != nil {
			return
		}
		if len(d.Changes) > len(b) || len(d.Series) > len(b) {
			t.Fatalf("%d bytes decoded to %d changes and %d series rows", len(b), len(d.Changes), len(d.Series))
		}
	})
}
