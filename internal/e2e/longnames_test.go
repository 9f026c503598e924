package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// chLong is the channel of long names: one campaign named with 10,000
// characters, 300 with 300-byte names sharing a naming-convention prefix
// (100 Chinese characters), as the adversarial probe of issue 11 found
// wedging every later run.
const chLong = "cams-l3:239003"

// longNameCampaigns are chLong's campaigns and the id of the one with the
// 10,000-character name.
func longNameCampaigns() ([]campaign.Campaign, string) {
	const idHuge = "2330030000"
	prefix := string([]rune(strings.Repeat("品牌春季促销活动", 13))[:97]) + "_" // 292 bytes
	cs := []campaign.Campaign{{
		CustSpaceID: "cams-l3", PageID: "239003", CampaignID: idHuge, CampaignName: strings.Repeat("长", 5000) + strings.Repeat("L", 5000),
		Status: "AVAILABLE", Budget: 6200, BudgetType: campaign.BudgetDaily, AdAccountID: "2339003", CreateTime: 1730293928380,
	}}
	for i := range 300 {
		cs = append(cs, campaign.Campaign{
			CustSpaceID: "cams-l3", PageID: "239003", CampaignID: fmt.Sprint(2330030001 + i),
			CampaignName: prefix + fmt.Sprintf("-%07d", i+1), Status: "AVAILABLE", Budget: int64(1000 + i),
			BudgetType: campaign.BudgetDaily, AdAccountID: "2339003", CreateTime: 1730293928380 + int64(i),
		})
	}
	return cs, idHuge
}

// TestLongCampaignNames: a channel with a 10,000-character campaign name
// and 300 long names sharing a prefix. The baseline, a change (announced
// once, however long the name), the digest and GET /campaigns all work,
// and the snapshot and the report keep every name whole; only the chat
// messages may shorten one.
func TestLongCampaignNames(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{OSS: true})
	w.Env["CAMS_CHANNELS"] = channels + "," + chLong + "?name=Long%20names"
	w.Env["CAMS_PAGE_SIZE"] = "50"
	cs, idHuge := longNameCampaigns()
	w.Emu.SetCampaigns("cams-l3", "239003", cs)
	names := map[string]string{}
	for _, c := range cs {
		names[c.CampaignID] = c.CampaignName
	}

	w.baseline()
	w.Edit(chLong, idHuge, func(c *campaign.Campaign) { c.Budget = 8000 })
	r := w.Check(0)
	ch := r.Report.ChangeOf(idHuge)
	if ch == nil || len(r.Report.Changes) != 1 {
		t.Fatalf("the change of the long-named campaign: %+v", r.Report.Changes)
	}
	if ch.CampaignName != names[idHuge] {
		t.Errorf("the report cut the name to %d bytes of %d", len(ch.CampaignName), len(names[idHuge]))
	}
	w.WantCounts(idHuge, 1, 1)
	// The snapshot that check wrote is read by the next: nothing new.
	if r := w.Check(0); len(r.Report.Changes) != 0 || r.Report.Campaigns != len(cs)+12 {
		t.Errorf("the check after: %d changes, %d campaigns; want none and %d", len(r.Report.Changes), r.Report.Campaigns, len(cs)+12)
	}
	w.WantCounts(idHuge, 1, 1)
	if r := w.Run("digest", "--json"); r.Code != 0 || r.Report == nil || r.Report.Mode != "digest" {
		t.Fatalf("digest: exit %d\n%s\n%s", r.Code, tail(r.Stdout, 500), tail(r.Stderr, 2000))
	}

	base, stop := w.serve()
	defer stop()
	for _, path := range []string{"/campaigns", "/digest"} {
		code, body := w.get(base + path)
		if code != 200 {
			t.Fatalf("GET %s: %d %.300s", path, code, body)
		}
		if path != "/campaigns" {
			continue
		}
		var got struct {
			Campaigns []struct {
				CampaignID   string `json:"campaignId"`
				CampaignName string `json:"campaignName"`
			} `json:"campaigns"`
		}
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatalf("GET /campaigns: %v", err)
		}
		whole := 0
		for _, c := range got.Campaigns {
			if want, ok := names[c.CampaignID]; ok {
				if c.CampaignName != want {
					t.Errorf("GET /campaigns: %s is named with %d bytes, want %d", c.CampaignID, len(c.CampaignName), len(want))
				}
				whole++
			}
		}
		if whole != len(cs) {
			t.Errorf("GET /campaigns lists %d of the %d long-named campaigns", whole, len(cs))
		}
	}
}

// serve starts `campaignwatch serve` on a free port and returns its base
// URL and a function that stops it with SIGTERM.
func (w *World) serve() (string, func()) {
	w.t.Helper()
	p := w.Start(nil, "serve", "--addr", "127.0.0.1:0")
	addrRE := regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := addrRE.FindStringSubmatch(p.stdout.String()); m != nil {
			return m[1], func() {
				_ = p.cmd.Process.Signal(syscallTERM)
				if r := p.Wait(w.t); r.Code != 0 {
					w.t.Errorf("serve after SIGTERM: exit %d\n%s", r.Code, tail(r.Stderr, 2000))
				}
			}
		}
		select {
		case <-p.done:
			w.t.Fatalf("serve ended: exit %d\n%s", p.res.Code, tail(p.res.Stderr, 2000))
		default:
		}
	}
	w.t.Fatalf("serve did not say where it listens within a minute:\n%s", p.stdout.String())
	return "", nil
}

// get sends an authorized GET and returns the status and body.
func (w *World) get(url string) (int, string) {
	w.t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		w.t.Fatal(err)
	}
	req.Header.Set("Authorization", bearer())
	resp, err := (&http.Client{Timeout: time.Minute}).Do(req)
	if err != nil {
		w.t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	w.Record("serve answer", string(b))
	return resp.StatusCode, string(b)
}
