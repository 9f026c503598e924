package e2e

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/history"
)

func rowString(r history.Change) string {
	return fmt.Sprintf("g%d %s %s %s %s->%s", r.Generation, r.Type, r.Channel, r.CampaignID, r.Old, r.New)
}

// history runs `history --json` with args and returns its rows.
func (w *World) history(args ...string) []history.Change {
	w.t.Helper()
	r := w.Run(append([]string{"history", "--json"}, args...)...)
	var p history.Page
	if r.Code != 0 || json.Unmarshal([]byte(r.Stdout), &p) != nil {
		w.t.Fatalf("history --json %v: exit %d\n%s\n%s", args, r.Code, r.Stdout, tail(r.Stderr, 2000))
	}
	return p.Changes
}

func rowsString(rs []history.Change) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = rowString(r)
	}
	return strings.Join(s, "; ")
}

// TestHistory: changes over several checks (ten of them overlapping) are
// recorded once each and found by every filter, by the command and by
// GET /history paged while a check commits between pages; the series
// counts the channels as the digest does; on file:// and on the OSS fake.
func TestHistory(t *testing.T) {
	t.Parallel()
	onBothStores(t, func(t *testing.T, w *World) {
		w.baseline()
		if rows := w.history(); len(rows) != 0 {
			t.Fatalf("the baseline recorded changes: %s", rowsString(rows))
		}
		w.BudgetUp()
		w.Check(0)
		w.Edit(chA, idNew, func(c *campaign.Campaign) { c.Status = "PAUSED" })
		w.Edit(chB, idFlash, func(c *campaign.Campaign) { c.CampaignName = "=flash-sale-weekend" })
		w.Check(0)
		w.Remove(chB, idGone)
		w.Check(0)
		w.Edit(chA, idSpring, func(c *campaign.Campaign) { c.Budget = 9000 })
		w.together(10)

		all := w.history()
		want := "g5 budget_changed Brand A 2330010001 8000->9000; g4 removed Brand B 2330020005 ->; " +
			"g3 renamed Brand B 2330020003 flash-sale-weekend->=flash-sale-weekend; g3 status_changed Brand A 2330010002 AVAILABLE->PAUSED; " +
			"g2 budget_changed Brand A 2330010001 6200->8000"
		if got := rowsString(all); got != want {
			t.Fatalf("history:\n got %s\nwant %s", got, want)
		}
		g3 := all[2].At.Format(time.RFC3339Nano)
		for _, tc := range []struct {
			args []string
			want []int // indexes into all
		}{
			{[]string{"--channel", "Brand B"}, []int{1, 2}},
			{[]string{"--channel", chA}, []int{0, 3, 4}},
			{[]string{"--channel", "Brand B", "--channel", chA}, []int{0, 1, 2, 3, 4}},
			{[]string{"--campaign", idSpring}, []int{0, 4}},
			{[]string{"--campaign", idSpring, "--campaign", idGone}, []int{0, 1, 4}},
			{[]string{"--type", "renamed", "--type", "removed"}, []int{1, 2}},
			{[]string{"--campaign", idSpring, "--type", "status_changed"}, nil},
			{[]string{"--channel", "Brand A", "--type", "budget_changed"}, []int{0, 4}},
			{[]string{"--since", g3}, []int{0, 1, 2, 3}},
			{[]string{"--until", g3}, []int{4}},
			{[]string{"--since", "1h", "--until", g3}, []int{4}},
			{[]string{"--since", time.Now().UTC().Format(time.DateOnly)}, []int{0, 1, 2, 3, 4}},
			{[]string{"--limit", "2"}, []int{0, 1}},
		} {
			var wantRows []history.Change
			for _, i := range tc.want {
				wantRows = append(wantRows, all[i])
			}
			if got := w.history(tc.args...); rowsString(got) != rowsString(wantRows) {
				t.Errorf("history %v:\n got %s\nwant %s", tc.args, rowsString(got), rowsString(wantRows))
			}
		}
		for _, args := range [][]string{{"--since", "soon"}, {"--until", "2026-02-30"}, {"--channel", "Brand Z"},
			{"--type", "deleted"}, {"--limit", "0"}, {"--json", "--csv"}} {
			r := w.Run(append([]string{"history"}, args...)...)
			if r.Code != 2 || !strings.Contains(r.Stderr, args[0]) {
				t.Errorf("history %v: exit %d, want 2 naming %s\n%s", args, r.Code, args[0], tail(r.Stderr, 500))
			}
		}

		// The table: time, channel, campaign, what changed, money as in messages.
		table := w.Run("history").Stdout
		for _, s := range []string{"TIME", "CHANNEL", "Brand A", "spring-sale-retargeting (2330010001)", "US$62.00 → US$80.00 (+29%)", "Removed"} {
			if !strings.Contains(table, s) {
				t.Errorf("the table lacks %q:\n%s", s, table)
			}
		}
		csv := w.Run("history", "--csv").Stdout
		if lines := strings.Split(strings.TrimSpace(csv), "\n"); len(lines) != 6 || !strings.HasPrefix(lines[0], "at,generation,type,") || !strings.Contains(csv, ",'=flash-sale-weekend,") {
			t.Errorf("history --csv:\n%s", csv)
		}

		base, _ := w.startServe()
		pageRows, next := w.historyPage(base, "?limit=2")
		w.Edit(chA, idSpring, func(c *campaign.Campaign) { c.Budget = 9500 }) // a check commits between pages
		w.Check(0)
		for next != "" {
			var more []history.Change
			more, next = w.historyPage(base, "?limit=2&cursor="+next)
			pageRows = append(pageRows, more...)
		}
		if rowsString(pageRows) != rowsString(all) {
			t.Errorf("paged with a commit between pages:\n got %s\nwant %s", rowsString(pageRows), rowsString(all))
		}
		w.wantSeries(base)
	})
}

func (w *World) historyPage(base, query string) ([]history.Change, string) {
	w.t.Helper()
	code, b := w.get(base + "/history" + query)
	var p history.Page
	if code != 200 || json.Unmarshal([]byte(b), &p) != nil {
		w.t.Fatalf("GET /history%s: %d %s", query, code, b)
	}
	return p.Changes, p.Next
}

// wantSeries checks today's series row of each channel against the
// emulator's campaigns, counted as the digest counts them.
func (w *World) wantSeries(base string) {
	w.t.Helper()
	code, b := w.get(base + "/series?since=1d")
	var s history.Series
	if code != 200 || json.Unmarshal([]byte(b), &s) != nil || s.Zone != "UTC" {
		w.t.Fatalf("GET /series: %d %s", code, b)
	}
	today := time.Now().UTC().Format(time.DateOnly)
	var got []string
	for _, d := range s.Days {
		if d.Date == today {
			got = append(got, fmt.Sprintf("%s:%s %s %d/%d %d %d", d.CustSpaceID, d.PageID, d.Channel, d.Active, d.Campaigns, d.DailyBudget, d.LifetimeBudget))
		}
	}
	var want []string
	for _, ch := range []struct{ id, name string }{{chA, "Brand A"}, {chB, "Brand B"}} {
		cust, page, _ := strings.Cut(ch.id, ":")
		n, active, daily, life := 0, 0, int64(0), int64(0)
		for _, c := range w.Emu.Campaigns(cust, page) {
			n++
			if c.Status == "AVAILABLE" || c.Status == "ACTIVE" {
				active++
				if c.BudgetType == "daily" {
					daily += c.Budget
				} else {
					life += c.Budget
				}
			}
		}
		want = append(want, fmt.Sprintf("%s %s %d/%d %d %d", ch.id, ch.name, active, n, daily, life))
	}
	if !slices.Equal(got, want) {
		w.t.Fatalf("series today:\n got %v\nwant %v\n%s", got, want, b)
	}
}

// TestHistoryKilledMidCommit: a check killed before its commit point
// recorded nothing; the next check records the change once. One killed
// after the commit (while posting) recorded it, and the next adds nothing.
func TestHistoryKilledMidCommit(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{OSS: true})
	w.baseline()
	w.BudgetUp()
	w.killAt(w.OSSG.On(&Rule{Do: Hold, Match: putOf("gen/")}))
	if rows := w.history(); len(rows) != 0 {
		t.Fatalf("a check killed before its commit recorded %s", rowsString(rows))
	}
	w.Check(0)
	if got := rowsString(w.history()); got != "g2 budget_changed Brand A 2330010001 6200->8000" {
		t.Fatalf("after the next check: %s", got)
	}
	w.Edit(chA, idSpring, func(c *campaign.Campaign) { c.Budget = 9000 })
	w.killAt(w.SlkG.On(&Rule{Do: Hold, Times: 1}))
	if got := rowsString(w.history()); !strings.HasPrefix(got, "g3 budget_changed Brand A 2330010001 8000->9000; g2") {
		t.Fatalf("a check killed after its commit: %s", got)
	}
	w.Check(0)
	if n := len(w.history()); n != 2 {
		t.Fatalf("the check after the killed one: %d rows, want 2", n)
	}
}

// TestHistoryDamageAndRetention: a damaged history object neither stops
// nor fails a check (it alerts as ever), fails the queries that reach its
// date naming it, and is not deleted before its time; one older than
// HISTORY_DAYS is deleted by the next committing check; on both stores.
func TestHistoryDamageAndRetention(t *testing.T) {
	t.Parallel()
	onBothStores(t, func(t *testing.T, w *World) {
		w.baseline()
		old := "history/2020-01-01/00000000000000000001-00000000000000000001.hist"
		recent := "history/" + time.Now().UTC().AddDate(0, 0, -3).Format(time.DateOnly) + "/00000000000000000001-00000000000000000001.hist"
		w.WriteObject(old, []byte("damaged"))
		w.WriteObject(recent, []byte("damaged"))
		w.BudgetUp()
		r := w.Check(0)
		if r.Report.ChangeOf(idSpring) == nil {
			t.Fatalf("the check did not find the change: %+v", r.Report.Changes)
		}
		w.WantCounts(idSpring, 1, 1)
		keys := w.Keys("history/")
		if slices.Contains(keys, old) || !slices.Contains(keys, recent) {
			t.Fatalf("after a committing check the history holds %v; want %s deleted (older than 400 days), %s kept", keys, old, recent)
		}
		if got := rowsString(w.history("--since", "1h")); got != "g2 budget_changed Brand A 2330010001 6200->8000" {
			t.Fatalf("a query of today only: %s", got)
		}
		q := w.Run("history", "--since", "7d")
		if q.Code != 1 || !strings.Contains(q.Stderr, strings.TrimPrefix(recent, "history/")) {
			t.Fatalf("a query reaching the damaged day: exit %d\n%s", q.Code, tail(q.Stderr, 1000))
		}
	})
}

// onBothStores runs f in parallel with a world on file:// and one on the
// OSS fake.
func onBothStores(t *testing.T, f func(t *testing.T, w *World)) {
	for _, oss := range []bool{false, true} {
		name := map[bool]string{false: "file", true: "oss"}[oss]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f(t, NewWorld(t, Options{OSS: oss}))
		})
	}
}
