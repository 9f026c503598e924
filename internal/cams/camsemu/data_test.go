package camsemu

import (
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

const sampleFile = `[
 {"CustSpaceId":"cams-a1","PageId":"239001","CampaignId":"233001","CampaignName":"spring-sale","Status":"AVAILABLE","Budget":6200,"BudgetType":"daily","AdAccountId":"2339001","CreateTime":1730293928380},
 {"CustSpaceId":"cams-b2","PageId":"239002","CampaignId":"233002","CampaignName":"brand","Status":"PAUSED","Budget":150000,"BudgetType":"lifetime","AdAccountId":"2339002","CreateTime":1730293928381}
]`

func TestLoadCampaigns(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		n          int
		err        string
	}{
		{"sample", sampleFile, 2, ""},
		{"empty array", `[]`, 0, ""},
		{"not an array", `{"CampaignId":"1"}`, 0, "want a JSON array"},
		{"unknown field", `[{"CustSpaceId":"a","PageId":"1","CampaignId":"1","BudgetType":"daily","Bugdet":5}]`, 0, `unknown field "Bugdet"`},
		{"missing ids", `[{"CampaignId":"1","BudgetType":"daily"}]`, 0, "entry 0: CustSpaceId, PageId, CampaignName missing"},
		{"no name", `[{"CustSpaceId":"a","PageId":"1","CampaignId":"1","Status":"AVAILABLE","BudgetType":"daily"}]`, 0, "entry 0: CampaignName missing"},
		{"lower-case status", `[{"CustSpaceId":"a","PageId":"1","CampaignId":"1","CampaignName":"x","Status":"paused","BudgetType":"daily"}]`, 0, `Status "paused" is not one the API returns`},
		{"no status", `[{"CustSpaceId":"a","PageId":"1","CampaignId":"1","CampaignName":"x","BudgetType":"daily"}]`, 0, `Status "" is not one the API returns`},
		{"bad budget type", `[{"CustSpaceId":"a","PageId":"1","CampaignId":"1","CampaignName":"x","Status":"AVAILABLE","BudgetType":"weekly"}]`, 0, `BudgetType "weekly"`},
		{"duplicate", `[{"CustSpaceId":"a","PageId":"1","CampaignId":"1","CampaignName":"x","Status":"PAUSED","BudgetType":"daily"},{"CustSpaceId":"a","PageId":"1","CampaignId":"1","CampaignName":"x","Status":"PAUSED","BudgetType":"daily"}]`, 0, "a:1/1 is listed twice"},
		{"trailing data", `[] []`, 0, "unexpected data after"},
		{"budget a string", `[{"CustSpaceId":"a","PageId":"1","CampaignId":"1","BudgetType":"daily","Budget":"62"}]`, 0, "Budget"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cs, err := LoadCampaigns(strings.NewReader(tc.file))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v; want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil || len(cs) != tc.n {
				t.Fatalf("got %d campaigns, %v; want %d", len(cs), err, tc.n)
			}
		})
	}
}

func TestLoadServesEachChannel(t *testing.T) {
	cs, err := LoadCampaigns(strings.NewReader(sampleFile))
	if err != nil {
		t.Fatal(err)
	}
	s := NewHandler(Options{})
	s.Load(cs)
	got := s.Campaigns("cams-b2", "239002")
	want := campaign.Campaign{CustSpaceID: "cams-b2", PageID: "239002", CampaignID: "233002", CampaignName: "brand",
		Status: "PAUSED", Budget: 150000, BudgetType: "lifetime", AdAccountID: "2339002", CreateTime: 1730293928381}
	if len(got) != 1 || got[0] != want {
		t.Errorf("cams-b2:239002 holds %+v; want %+v", got, want)
	}
}

func TestStatsMaxQPSIsASlidingWindow(t *testing.T) {
	s := NewHandler(Options{})
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	// 3 calls late in second 0 and 3 early in second 1: no clock second
	// holds more than 3, but one sliding second holds 6.
	for _, ms := range []int{700, 800, 900, 1000, 1100, 1200, 2500} {
		s.stats.arrivals = append(s.stats.arrivals, t0.Add(time.Duration(ms)*time.Millisecond))
	}
	st := s.Stats()
	if st.Calls != 7 || st.MaxQPS != 6 {
		t.Errorf("Calls %d MaxQPS %d; want 7 and 6", st.Calls, st.MaxQPS)
	}
	if want := []int{6, 1}; len(st.PerSecond) != 2 || st.PerSecond[0] != want[0] || st.PerSecond[1] != want[1] {
		t.Errorf("PerSecond %v; want %v (seconds since the first call)", st.PerSecond, want)
	}
	if !st.First.Equal(t0.Add(700 * time.Millisecond)) {
		t.Errorf("First %v", st.First)
	}
}

func FuzzLoadCampaigns(f *testing.F) {
	f.Add([]byte(sampleFile))
	f.Fuzz(func(t *testing.T, b []byte) {
		cs, err := LoadCampaigns(strings.NewReader(string(b)))
		if err != nil {
			return
		}
		seen := map[campaign.Key]bool{}
		for _, c := range cs {
			if c.CustSpaceID == "" || c.PageID == "" || c.CampaignID == "" || seen[c.Key()] ||
				(c.BudgetType != campaign.BudgetDaily && c.BudgetType != campaign.BudgetLifetime) {
				t.Fatalf("accepted %+v", c)
			}
			seen[c.Key()] = true
		}
	})
}

// TestStatsLastIsWhenTheLastAnswerWasSent: Last is zero before any call,
// and then the time the last call to end ended, not the last to arrive.
func TestStatsLastIsWhenTheLastAnswerWasSent(t *testing.T) {
	s := NewHandler(Options{})
	if st := s.Stats(); !st.Last.IsZero() {
		t.Fatalf("Last %v before any call", st.Last)
	}
	first, second := s.begin(), s.begin()
	second()
	before := time.Now()
	first() // the call that arrived first is answered last
	after := time.Now()
	st := s.Stats()
	if st.Last.Before(before) || st.Last.After(after) {
		t.Fatalf("Last %v, want the end of the last answer, between %v and %v", st.Last, before, after)
	}
	s.ResetStats()
	if st := s.Stats(); !st.Last.IsZero() {
		t.Fatalf("Last %v after ResetStats", st.Last)
	}
}
