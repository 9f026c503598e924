package cams

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

const okRow = `{"PageId":"238001","Status":"AVAILABLE","CampaignId":"233001","CreateTime":173029392838,"AdAccountId":"2339001","CampaignName":"campaign-name","Budget":62,"BudgetType":"daily"}`

func TestDecodePage(t *testing.T) {
	for _, tc := range []struct {
		name     string
		body     string
		kind     campaign.Kind // "" for success
		contains string
		rows     int
	}{
		{"the API page's example, Code OK", `{"AccessDeniedDetail":"None","Message":"OK","RequestId":"23AB","Total":70,"Data":[` + okRow + `],"Code":"OK","Success":true}`, "", "", 1},
		{"unknown fields are ignored", `{"Code":"OK","Success":true,"Total":1,"RequestId":"r","Data":[` + okRow + `],"NextToken":"x"}`, "", "", 1},
		{"empty with Data missing", `{"Code":"OK","Success":true,"Total":0,"RequestId":"r"}`, "", "", 0},
		{"empty with Data empty", `{"Code":"OK","Success":true,"Total":0,"RequestId":"r","Data":[]}`, "", "", 0},
		{"Success false", `{"Code":"InvalidCustSpaceId.NotFound","Message":"no such channel","Success":false,"RequestId":"R1"}`, campaign.Invalid, "InvalidCustSpaceId.NotFound (no such channel, request id R1)", 0},
		{"Code not OK with Success true", `{"Code":"Forbidden.NoPermission","Message":"denied","Success":true,"RequestId":"R2","Total":0}`, campaign.Unauthorized, "request id R2", 0},
		{"Success false without Code", `{"Success":false,"RequestId":"R3"}`, campaign.Invalid, "Success:false", 0},
		{"throttled in a 200", `{"Code":"Throttling.User","Success":false,"RequestId":"R4"}`, campaign.Unavailable, "Throttling.User", 0},
		{"not JSON", `<html>502</html>`, campaign.Invalid, "not JSON", 0},
		{"an array", `[1,2]`, campaign.Invalid, "want a JSON object", 0},
		{"trailing data", `{"Code":"OK","Success":true,"Total":0} {}`, campaign.Invalid, "data after", 0},
		{"Code missing", `{"Success":true,"Total":0,"RequestId":"R5"}`, campaign.Invalid, "Code is missing", 0},
		{"Success missing", `{"Code":"OK","Total":0}`, campaign.Invalid, "Success is missing", 0},
		{"Total missing", `{"Code":"OK","Success":true,"Data":[]}`, campaign.Invalid, "Total is missing", 0},
		{"Total negative", `{"Code":"OK","Success":true,"Total":-1,"Data":[]}`, campaign.Invalid, "Total is -1", 0},
		{"Total a string", `{"Code":"OK","Success":true,"Total":"70","Data":[]}`, campaign.Invalid, "Total is string; want a whole number", 0},
		{"Total a fraction", `{"Code":"OK","Success":true,"Total":1.5,"Data":[]}`, campaign.Invalid, "Total is number 1.5", 0},
		{"Data null with Total", `{"Code":"OK","Success":true,"Total":3,"Data":null}`, campaign.Invalid, "Data is missing or null while Total is 3", 0},
		{"Data an object", `{"Code":"OK","Success":true,"Total":3,"Data":{}}`, campaign.Invalid, "Data is object", 0},
		{"row without CampaignId", `{"Code":"OK","Success":true,"Total":1,"Data":[{"Budget":1}]}`, campaign.Invalid, "Data[0].CampaignId is missing", 0},
		{"row without Budget", `{"Code":"OK","Success":true,"Total":1,"Data":[{"CampaignId":"1"}]}`, campaign.Invalid, "Data[0].Budget is missing", 0},
		{"Budget a string", `{"Code":"OK","Success":true,"Total":1,"Data":[{"CampaignId":"1","Budget":"62"}]}`, campaign.Invalid, "Data.Budget is string", 0},
		{"CampaignId a number", `{"Code":"OK","Success":true,"Total":1,"Data":[{"CampaignId":233,"Budget":1}]}`, campaign.Invalid, "Data.CampaignId is number", 0},
		{"CreateTime negative", `{"Code":"OK","Success":true,"Total":1,"Data":[{"CampaignId":"1","Budget":1,"CreateTime":-5}]}`, campaign.Invalid, "Data[0].CreateTime is -5", 0},
		{"Success a string", `{"Code":"OK","Success":"true","Total":0}`, campaign.Invalid, "Success is string; want true or false", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := decodePage([]byte(tc.body))
			if tc.kind == "" {
				if err != nil {
					t.Fatalf("decodePage: %v", err)
				}
				if len(p.Rows) != tc.rows {
					t.Errorf("%d rows, want %d", len(p.Rows), tc.rows)
				}
				return
			}
			if err == nil {
				t.Fatalf("decodePage succeeded with %+v, want a %s error", p, tc.kind)
			}
			if k := kindOfCall(err); k != tc.kind {
				t.Errorf("kind = %s, want %s (%v)", k, tc.kind, err)
			}
			if !strings.Contains(err.Error(), tc.contains) {
				t.Errorf("error %q does not contain %q", err, tc.contains)
			}
		})
	}
}

func TestDecodePageFields(t *testing.T) {
	p, err := decodePage([]byte(`{"Code":"OK","Success":true,"Total":70,"RequestId":"23AB","Data":[` + okRow + `]}`))
	if err != nil {
		t.Fatal(err)
	}
	want := campaign.Campaign{PageID: "238001", CampaignID: "233001", CampaignName: "campaign-name", Status: "AVAILABLE",
		Budget: 62, BudgetType: "daily", AdAccountID: "2339001", CreateTime: 173029392838}
	if p.Total != 70 || p.RequestID != "23AB" || p.Rows[0] != want {
		t.Errorf("got %+v, want Total 70, RequestId 23AB, row %+v", p, want)
	}
}

// kindOfCall is the kind of a decodePage or call error.
func kindOfCall(err error) campaign.Kind {
	if ce, ok := err.(*callError); ok {
		return ce.kind
	}
	return campaign.KindOf(err)
}

func FuzzDecodePage(f *testing.F) {
	f.Add([]byte(`{"Code":"OK","Success":true,"Total":1,"RequestId":"r","Data":[` + okRow + `]}`))
	full := []byte(`{"Code":"OK","Success":true,"Total":70,"RequestId":"r","Data":[` + okRow + `,` + okRow + `,` + okRow + `]}`)
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := decodePage(body)
		// Decoded into the rows of a page before, as a caller does, it
		// reads the same.
		var kept pageDecoder
		if _, err := kept.decode(full, nil); err != nil {
			t.Fatal(err)
		}
		// The strings decoded refer to the body, which a caller reuses
		// for the next answer: what the page and its error hold are
		// copies, unchanged when the body is overwritten.
		reused := bytes.Clone(body)
		q, qerr := kept.decode(reused, nil)
		var qmsg string
		if qerr != nil {
			qmsg = qerr.Error()
		}
		for i := range reused {
			reused[i] = 'x'
		}
		if fmt.Sprint(err) != fmt.Sprint(qerr) || (qerr != nil && qerr.Error() != qmsg) || !reflect.DeepEqual(p, q) {
			t.Fatalf("decoded afresh: %+v, %v; into kept rows, its body overwritten after: %+v, %v", p, err, q, qerr)
		}
		if err != nil {
			if k := kindOfCall(err); k != campaign.Invalid && k != campaign.Unauthorized && k != campaign.Unavailable {
				t.Fatalf("error of kind %s: %v", k, err)
			}
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if p.Total < 0 || p.Total > maxTotal {
			t.Fatalf("accepted Total %d", p.Total)
		}
		for i, r := range p.Rows {
			if strings.TrimSpace(r.CampaignID) == "" || r.CreateTime < 0 {
				t.Fatalf("accepted row %d: %+v", i, r)
			}
		}
	})
}

// TestDecoderForgetsThePreviousPage decodes pages into the rows of
// the page before, as a caller does: what a page lacks is missing, never
// the previous page's value.
func TestDecoderForgetsThePreviousPage(t *testing.T) {
	full := `{"Code":"OK","Success":true,"Total":70,"RequestId":"r1","Data":[` + okRow + `,` + okRow + `]}`
	var rows pageDecoder
	for _, tc := range []struct{ body, want string }{
		{`{"Code":"OK","Success":true,"Total":70,"RequestId":"r2","Data":[{"CampaignId":"9","Status":"PAUSED"}]}`, "Budget is missing"},
		{`{"Code":"OK","Success":true,"Total":70,"RequestId":"r2b","Data":[{"CampaignId":"9","Budget":null}]}`, "Budget is missing"},
		{`{"Code":"OK","Success":true,"Total":70,"RequestId":"r2c","Data":[{"CampaignId":"8","Budget":4},{"CampaignId":"9"}]}`, "Data[1].Budget is missing"},
		{`{"Code":"OK","Success":true,"Total":70,"RequestId":"r3","Data":[{"Budget":5}]}`, "CampaignId is missing"},
		{`{"Code":"OK","Success":true,"Total":70,"RequestId":"r4"}`, "Data is missing or null"},
		{`{"Code":"OK","Success":true,"Total":70,"RequestId":"r5","Data":null}`, "Data is missing or null"},
	} {
		if p, err := rows.decode([]byte(full), nil); err != nil || len(p.Rows) != 2 {
			t.Fatalf("a full page: %d rows, %v", len(p.Rows), err)
		}
		p, err := rows.decode([]byte(tc.body), nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s after a full page: %+v, %v; want an error saying %q", tc.body, p, err, tc.want)
		}
	}
	// [] with Total 0 is an empty listing, as decodePage has it.
	if p, err := rows.decode([]byte(`{"Code":"OK","Success":true,"Total":0,"Data":[]}`), nil); err != nil || len(p.Rows) != 0 {
		t.Errorf("an empty page after a full one: %+v, %v", p, err)
	}
	p, err := rows.decode([]byte(`{"Code":"OK","Success":true,"Total":1,"Data":[{"CampaignId":"7","Budget":3}]}`), nil)
	if err != nil || len(p.Rows) != 1 || p.Rows[0].Status != "" || p.Rows[0].CampaignName != "" || p.Rows[0].Budget != 3 {
		t.Errorf("a sparse row after full ones: %+v, %v; want only its own fields", p, err)
	}
	// The number a row's Budget holds before decoding (pageDecoder.unmarshal)
	// is a budget like any other when the page sends it, and so is 0.
	for _, b := range []int64{math.MinInt64, 0} {
		if _, err := rows.decode([]byte(full), nil); err != nil {
			t.Fatal(err)
		}
		body := fmt.Sprintf(`{"Code":"OK","Success":true,"Total":2,"Data":[{"CampaignId":"1","Budget":%d},{"CampaignId":"2","Budget":7}]}`, b)
		p, err := rows.decode([]byte(body), nil)
		if err != nil || len(p.Rows) != 2 || p.Rows[0].Budget != b || p.Rows[1].Budget != 7 {
			t.Errorf("Budget %d after a full page: %+v, %v", b, p, err)
		}
	}
}
