package handler

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/history"
	"github.com/campaignwatch/campaignwatch/internal/snapshot"
)

// TestHistoryRoutes drives GET /history and GET /series over HTTP against
// a file store with three committed checks: JSON, CSV with formula
// characters neutralised, filters, paging, 400 naming the parameter, 401
// without the token, and 500 naming a damaged day object.
func TestHistoryRoutes(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	now := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	st, err := snapshot.Open(ctx, "file://"+dir, snapshot.Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	a1 := campaign.ChannelID{CustSpaceID: "cams-a1", PageID: "239001"}
	camp := func(id, name string, budget int64) campaign.Campaign {
		return campaign.Campaign{CustSpaceID: a1.CustSpaceID, PageID: a1.PageID, CampaignID: id, CampaignName: name, Status: "AVAILABLE", Budget: budget, BudgetType: "daily"}
	}
	cs := []campaign.Campaign{camp("233001", "spring-sale", 6200), camp("233002", "=HYPERLINK(\"x\")", 1000)}
	for g := int64(1); g <= 3; g++ {
		at := now.Add(time.Duration(g-4) * time.Hour)
		var a *campaign.Alert
		if g > 1 {
			old := cs[0].Budget
			cs[0].Budget += 100
			a = &campaign.Alert{Kind: campaign.AlertChanges, Generation: g, At: at, Changes: []campaign.Change{
				{Type: campaign.BudgetChanged, CustSpaceID: a1.CustSpaceID, PageID: a1.PageID, CampaignID: "233001", CampaignName: "spring-sale", Old: itoa(old), New: itoa(cs[0].Budget)},
				{Type: campaign.Renamed, CustSpaceID: a1.CustSpaceID, PageID: a1.PageID, CampaignID: "233002", CampaignName: "=HYPERLINK(\"x\")", Old: "b", New: "=HYPERLINK(\"x\")"},
			}}
		}
		snap := &campaign.Snapshot{Generation: g, TakenAt: at, Campaigns: append([]campaign.Campaign(nil), cs...),
			Channels: []campaign.ChannelState{{ChannelID: a1, Name: "Brand A", Total: 2, Complete: true}}}
		if err := st.Commit(ctx, snap, a); err != nil {
			t.Fatal(err)
		}
	}
	h, _ := newTestHandler(t, stockedJobs(), testToken)
	h.history, h.clock = st, clock
	h.channels = history.Channels{{ChannelID: a1, Name: "Brand A"}}
	srv := httptest.NewServer(h)
	defer srv.Close()
	get := func(path string) (int, string, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("Authorization", bearer)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
	}

	code, _, body := get("/history?channel=Brand%20A&type=budget_changed")
	var page history.Page
	if err := json.Unmarshal([]byte(body), &page); code != 200 || err != nil {
		t.Fatalf("GET /history: %d %s", code, body)
	}
	if len(page.Changes) != 2 || page.Changes[0].Generation != 3 || page.Changes[0].New != "6400" || page.Changes[0].Channel != "Brand A" || page.Next != "" {
		t.Fatalf("GET /history: %s", body)
	}
	if !strings.Contains(body, `"silenced":[]`) || !strings.Contains(body, `"at":"2026-12-05T09:00:00Z"`) {
		t.Fatalf("GET /history: want silenced [] and the check's time: %s", body)
	}
	// Paging: one row a page, four rows, no repeats.
	seen := map[string]bool{}
	cursor := ""
	for range 5 {
		_, _, body := get("/history?limit=1" + cursor)
		var p history.Page
		_ = json.Unmarshal([]byte(body), &p)
		for _, c := range p.Changes {
			k := itoa(c.Generation) + string(c.Type)
			if seen[k] {
				t.Fatalf("row %s repeated", k)
			}
			seen[k] = true
		}
		if p.Next == "" {
			break
		}
		cursor = "&cursor=" + p.Next
	}
	if len(seen) != 4 {
		t.Fatalf("paging found %d rows, want 4", len(seen))
	}

	code, ctype, body := get("/history?format=csv&campaignId=233002")
	lines := strings.Split(strings.TrimSpace(body), "\n")
	if code != 200 || ctype != "text/csv; charset=utf-8" || len(lines) != 3 ||
		lines[0] != "at,generation,type,custSpaceId,pageId,channel,campaignId,campaignName,old,new,silenced" ||
		!strings.Contains(lines[1], `"'=HYPERLINK(""x"")"`) {
		t.Fatalf("CSV: %d %s\n%s", code, ctype, body)
	}

	code, _, body = get("/series?since=2026-12-04")
	var series history.Series
	if err := json.Unmarshal([]byte(body), &series); code != 200 || err != nil || series.Zone != "UTC" || len(series.Days) != 1 { // nothing was recorded on the 4th
		t.Fatalf("GET /series: %d %s", code, body)
	}
	if d := series.Days[0]; d.Date != "2026-12-05" || d.Channel != "Brand A" || d.Campaigns != 2 || d.Active != 2 || d.DailyBudget != 6400+1000 {
		t.Fatalf("GET /series today: %+v", d)
	}

	for path, want := range map[string]string{
		"/history?since=yesterday":          "since:",
		"/history?until=2026-13-01":         "until:",
		"/history?since=1d&until=2d":        "since:",
		"/history?limit=0":                  "limit:",
		"/history?limit=1,2":                "limit:",
		"/history?cursor=xyz":               "cursor:",
		"/history?type=deleted":             "type:",
		"/history?channel=Brand%20Z":        "channel:",
		"/history?campaign=1":               `unknown query parameter \"campaign\"`,
		"/history?format=xml":               "format",
		"/series?type=added":                `unknown query parameter \"type\"`,
		"/series?since=2026-12-06&until=1d": "since:",
	} {
		if code, _, body := get(path); code != http.StatusBadRequest || !strings.Contains(body, want) {
			t.Errorf("GET %s: %d %s, want 400 naming %s", path, code, body, want)
		}
	}
	resp, err := http.Get(srv.URL + "/history")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("GET /history without a token: %d", resp.StatusCode)
	}

	// A day object that cannot be read: 500 naming it.
	now = now.Add(24 * time.Hour)
	cs[0].Budget++
	snap := &campaign.Snapshot{Generation: 4, TakenAt: now, Campaigns: cs, Channels: []campaign.ChannelState{{ChannelID: a1, Name: "Brand A", Total: 2, Complete: true}}}
	if err := st.Commit(ctx, snap, nil); err != nil {
		t.Fatal(err)
	}
	if err := st.Prune(ctx, now, 8*24*time.Hour); err != nil {
		t.Fatal(err)
	}
	days, _ := filepath.Glob(filepath.Join(dir, "history", "*", "*.hist"))
	if len(days) != 1 {
		t.Fatalf("day objects: %v", days)
	}
	if err := os.WriteFile(days[0], []byte("damaged"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, body := get("/history?since=7d"); code != http.StatusInternalServerError || !strings.Contains(body, filepath.Base(days[0])) {
		t.Fatalf("GET /history over a damaged day: %d %s", code, body)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
