package cams

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	gojson "github.com/goccy/go-json"
)

// pageBodies are pages go-json must decode as json.Unmarshal does, or
// refuse.
var pageBodies = []string{
	`{"AccessDeniedDetail":"None","Message":"OK","RequestId":"23AB","Total":70,"Data":[` + okRow + `],"Code":"OK","Success":true}`,
	`{"Code":"OK","Success":true,"Total":2,"RequestId":"r","Data":[` + okRow + `,` + okRow + `],"NextToken":"x","Extra":{"a":[1,2,{"b":false}],"c":-3}}`,
	" \n{ \"Code\" : \"OK\" , \"Success\" : true , \"Total\" : 0 , \"Data\" : [ ] } \r\n",
	`{"Code":"OK","Success":true,"Total":0}`,
	`{"Code":"OK","Success":true,"Total":1,"Data":[{"CampaignId":"名前","CampaignName":"春のセール","Budget":-0}]}`,
	`{"Code":"OK","Success":true,"Total":1,"Data":[{"CampaignId":"1","CampaignName":"a\"b","Budget":1}]}`,
	`{"Code":"OK","Success":true,"Total":1,"Data":[{"CampaignId":"1","Budget":1,"budget":2}]}`,
	`{"Code":"OK","code":"NO","Success":true,"Total":0}`,
	`{"Code":"OK","Code":"NO","Success":true,"Total":0}`,
	`{"Code":"OK","Success":true,"Total":1,"Data":[{"CampaignId":"1","Budget":1,"Budget":2}]}`,
	`{"Code":"OK","Success":true,"Total":1.5,"Data":[]}`,
	`{"Code":"OK","Success":true,"Total":1e2,"Data":[]}`,
	`{"Code":"OK","Success":true,"Total":01,"Data":[]}`,
	`{"Code":"OK","Success":true,"Total":99999999999999999999,"Data":[]}`,
	`{"Code":null,"Success":true,"Total":0}`,
	`{"Code":"OK","Success":true,"Total":3,"Data":null}`,
	`{"Code":"OK","Success":"true","Total":0}`,
	`{"Code":"OK","Success":true,"Total":0} {}`,
	`{"Code":"OK","Success":true,"Total":0,}`,
	`{"Code":"OK","Success":true,"Total":1,"Data":[{"CampaignId":"1","Budget":1,"X":null}]}`,
	"{\"Code\":\"OK\",\"Success\":true,\"Total\":1,\"Data\":[{\"CampaignId\":\"\xff\",\"Budget\":1}]}",
	`<html>502</html>`,
	`[1,2]`,
	`null`,
	``,
}

func TestPageDecodersAgree(t *testing.T) {
	for _, body := range pageBodies {
		checkDecoders(t, []byte(body))
	}
}

func TestPageDecodersAgreeOnRealPages(t *testing.T) {
	rows := strings.Repeat(okRow+",", 49) + okRow
	body := `{"AccessDeniedDetail":"","Message":"OK","RequestId":"E5A1C0DE-0000-4000-8000-000000000001","Total":1000,"Data":[` + rows + `],"Code":"OK","Success":true}`
	var w wirePage
	if err := gojson.Unmarshal([]byte(body), &w); err != nil {
		t.Fatalf("go-json refused an ordinary page: %v", err)
	}
	if len(*w.Data) != 50 {
		t.Fatalf("%d rows, want 50", len(*w.Data))
	}
	checkDecoders(t, []byte(body))
}

// checkDecoders fails when go-json takes body and decodes it other than
// json.Unmarshal does, or takes what json.Unmarshal refuses.
func checkDecoders(t *testing.T, body []byte) {
	t.Helper()
	var fast wirePage
	if gojson.Unmarshal(body, &fast) != nil {
		return
	}
	var slow wirePage
	if err := json.Unmarshal(body, &slow); err != nil {
		t.Fatalf("go-json took %q, which json.Unmarshal refuses: %v", body, err)
	}
	if slow.Data != nil && len(*slow.Data) == 0 && fast.Data != nil && len(*fast.Data) == 0 {
		slow.Data = fast.Data // an empty slice either way
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("go-json decoded %q as %+v; json.Unmarshal as %+v", body, fast, slow)
	}
}

func FuzzPageDecoders(f *testing.F) {
	for _, b := range pageBodies {
		f.Add([]byte(b))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		checkDecoders(t, body)
	})
}
