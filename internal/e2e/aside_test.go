package e2e

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/history"
)

// TestAPoisonMessageIsSetAsideAndTheLaterOnesFlow: Slack refuses, for
// what it holds, every message that names one campaign (as it refuses a
// payload it cannot take). The alert is refused on three runs, each of
// which commits a newer change that waits behind it; the third sets it
// aside, and the newer alerts reach Slack, in order. DingTalk gets all.
// The health receivers (both) then get one notice: Slack's message was
// set aside, why, and what to do; nothing tells it twice.
func TestAPoisonMessageIsSetAsideAndTheLaterOnesFlow(t *testing.T) {
	t.Parallel()
	for _, st := range stores {
		t.Run(st.name, func(t *testing.T) {
			t.Parallel()
			w := NewWorld(t, Options{OSS: st.oss})
			w.baseline()
			w.SlkG.On(&Rule{Do: Answer, Status: http.StatusBadRequest, ContentType: "text/plain", Body: "invalid_payload",
				Match: func(r *http.Request) bool {
					b, _ := io.ReadAll(r.Body)
					r.Body = io.NopCloser(bytes.NewReader(b))
					return bytes.Contains(b, []byte("("+idFlash+")"))
				}})
			w.Edit(chB, idFlash, func(c *campaign.Campaign) { c.CampaignName = "flash-sale-weekend-v2" })
			budgets := []int64{7000, 7500, 8000}
			for run, b := range budgets {
				if run > 0 {
					w.Edit(chA, idSpring, func(c *campaign.Campaign) { c.Budget = b })
				}
				code := 1
				if run == len(budgets)-1 {
					code = 0
				}
				r := w.Check(code)
				d := r.Report.Delivery("slack")
				if code == 1 && (!strings.Contains(d.Error, "invalid_payload") || d.SetAside != 0) {
					t.Fatalf("run %d: Slack's line %+v, want the refusal and nothing set aside yet", run+1, d)
				}
				if code == 0 && (d.Error != "" || d.SetAside != 1 || d.Messages != 2) {
					t.Fatalf("run %d: Slack's line %+v, want the refused alert set aside and the 2 later ones delivered", run+1, d)
				}
			}
			if got := w.slackOrder("US$62.00 → US$75.00", "US$75.00 → US$80.00"); strings.Join(got, " | ") != "US$62.00 → US$75.00 | US$75.00 → US$80.00" {
				t.Fatalf("Slack got %q, want the later changes in order", got)
			}
			w.WantCounts(idFlash, 0, 1)
			if keys := w.Keys("aside/"); len(keys) != 1 {
				t.Fatalf("the store keeps %v set aside, want the one alert", keys)
			}
			if r := w.Check(0); r.Report.Delivery("slack").Messages != 1 {
				t.Fatalf("Slack's line %+v: want the notice alone, the message set aside not posted again", r.Report.Delivery("slack"))
			}
			w.WantCounts(idFlash, 0, 1)
			w.wantNotices("messages to slack were set aside", 1, 1)
			var notice string
			for _, m := range w.Ding.Messages() {
				if strings.Contains(m.Markdown.Text, setAside) {
					notice = m.Markdown.Text
				}
			}
			for _, want := range []string{"refused one message to slack again and again", "Messages set aside**: 1", "invalid_payload", "What to check first"} {
				if !strings.Contains(notice, want) {
					t.Errorf("DingTalk's notice lacks %q:\n%s", want, notice)
				}
			}
			w.Check(0)
			w.wantNotices("messages to slack were set aside", 1, 1)
			w.wantSetAsideInHistory()
		})
	}
}

// wantSetAsideInHistory: `history` (JSON and the table) marks the rename
// whose alert was set aside for Slack, with why, and no other change.
func (w *World) wantSetAsideInHistory() {
	w.t.Helper()
	base, stop := w.serve()
	defer stop()
	route, _ := w.historyPage(base, "?since=1d")
	w.wantMarked("GET /history", route)
	w.wantMarked("history --json", w.history("--since", "1d"))
	r := w.Run("history", "--since", "1d")
	if r.Code != 0 || !strings.Contains(r.Stdout, "[set aside for slack after 3 refusals: ") {
		w.t.Errorf("the history table does not mark the change set aside (exit %d):\n%s", r.Code, r.Stdout)
	}
	for _, s := range w.Secrets() {
		if strings.Contains(r.Stdout, s) {
			w.t.Errorf("the history table carries a secret: %s", r.Stdout)
		}
	}
}

// wantMarked: of rows, the rename alone is marked as set aside for
// Slack, after 3 refusals, with Slack's answer.
func (w *World) wantMarked(what string, rows []history.Change) {
	w.t.Helper()
	marked := 0
	for _, c := range rows {
		if len(c.SetAside) == 0 {
			continue
		}
		marked++
		a := c.SetAside[0]
		if c.CampaignID != idFlash || a.Receiver != "slack" || a.Refusals != 3 || !strings.Contains(a.Reason, "invalid_payload") {
			w.t.Errorf("%s marks %s %s as set aside: %+v; want the rename, for slack, after 3 refusals, with Slack's answer", what, c.Type, c.CampaignID, a)
		}
	}
	if marked != 1 {
		w.t.Errorf("%s marks %d changes as set aside, want the one", what, marked)
	}
}
