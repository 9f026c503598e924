package camsemu

import (
	"strings"
	"testing"

	"github.com/alibabacloud-go/tea/tea"
)

func TestQueryRefusals(t *testing.T) {
	for _, tc := range []struct {
		name  string
		query map[string]string
		code  string
		msg   string
	}{
		{"no CustSpaceId", map[string]string{"PageId": "1", "Page": `{"Index":1,"Size":10}`}, "MissingParameter", `"CustSpaceId"`},
		{"no PageId", map[string]string{"CustSpaceId": "a", "Page": `{"Index":1,"Size":10}`}, "MissingParameter", `"PageId"`},
		{"no Page", map[string]string{"CustSpaceId": "a", "PageId": "1"}, "MissingParameter", `"Page"`},
		{"Page not JSON", map[string]string{"CustSpaceId": "a", "PageId": "1", "Page": "1,10"}, "InvalidParameter", `"Page"`},
		{"Page.Index 0", map[string]string{"CustSpaceId": "a", "PageId": "1", "Page": `{"Index":0,"Size":10}`}, "InvalidParameter", `"Page.Index"`},
		{"Page.Size missing", map[string]string{"CustSpaceId": "a", "PageId": "1", "Page": `{"Index":1}`}, "MissingParameter", `"Page.Size"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := New(Options{})
			defer s.Close()
			id, secret, _ := s.AccessKey()
			_, err := signedCall(t, s, id, secret, "", tc.query)
			se, ok := err.(*tea.SDKError)
			if !ok || tea.IntValue(se.StatusCode) != 400 || tea.StringValue(se.Code) != tc.code || !strings.Contains(tea.StringValue(se.Message), tc.msg) {
				t.Fatalf("error %v; want 400 %s naming %s", err, tc.code, tc.msg)
			}
		})
	}
}
