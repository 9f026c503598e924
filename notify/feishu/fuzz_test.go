package feishu

import (
	"net/http"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// FuzzReadReply feeds the reply reader any status and body: it never
// panics, delivers only a 2xx answer whose code is 0, and gives every
// failure a kind.
func FuzzReadReply(f *testing.F) {
	f.Add(200, []byte(`{"code":0,"msg":"success","data":{}}`))
	f.Add(200, []byte(`{"StatusCode":0,"StatusMessage":"success"}`))
	f.Add(200, []byte(`{"code":11232,"msg":"frequency limited"}`))
	f.Add(400, []byte(`{"code":9499,"msg":"Bad Request"}`))
	f.Add(200, []byte(`<html>portal</html>`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		r := readReply(status, http.Header{}, body)
		if r.Err == nil {
			code, _, err := decodeReply(body)
			if err != nil || code != codeOK || status < 200 || status > 299 {
				t.Fatalf("delivered: status %d, body %q", status, body)
			}
			return
		}
		if campaign.KindOf(r.Err) == "" {
			t.Fatalf("failure without a kind: %v", r.Err)
		}
	})
}
