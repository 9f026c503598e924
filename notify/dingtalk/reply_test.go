package dingtalk

import (
	"net/http"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

func TestReadReply(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		kind   campaign.Kind
		retry  bool
	}{
		{"ok", 200, `{"errcode":0,"errmsg":"ok"}`, "", false},
		{"system busy", 200, `{"errcode":-1,"errmsg":"系统繁忙"}`, campaign.Unavailable, true},
		{"throttled", 200, `{"errcode":130101,"errmsg":"send too fast"}`, campaign.Unavailable, true},
		{"security", 200, `{"errcode":310000,"errmsg":"keywords not in content"}`, campaign.Unauthorized, false},
		{"token", 200, `{"errcode":300001,"errmsg":"token is not exist"}`, campaign.Unauthorized, false},
		{"too large", 200, `{"errcode":460101,"errmsg":"message too long"}`, campaign.Invalid, false},
		{"other code", 200, `{"errcode":40035,"errmsg":"缺少参数 json"}`, campaign.Invalid, false},
		{"no errcode", 200, `{"errmsg":"ok"}`, campaign.Unavailable, true},
		{"html from a proxy", 200, `<html>login</html>`, campaign.Unavailable, true},
		{"502", 502, `bad gateway`, campaign.Unavailable, true},
		{"403", 403, `forbidden`, campaign.Invalid, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := readReply(tt.status, http.Header{}, []byte(tt.body))
			if k := campaign.KindOf(r.Err); k != tt.kind || r.Retry != tt.retry {
				t.Errorf("kind %q retry %v (%v), want %q %v", k, r.Retry, r.Err, tt.kind, tt.retry)
			}
		})
	}
}

// FuzzDecodeReply feeds arbitrary bodies to the reply decoder and reader:
// no panic; success only for errcode 0; errors on one bounded line.
func FuzzDecodeReply(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		code, msg, err := decodeReply(body)
		if err == nil && strings.ContainsAny(msg, "\n\r") {
			t.Errorf("errmsg %q spans lines", msg)
		}
		r := readReply(http.StatusOK, http.Header{}, body)
		if (r.Err == nil) != (err == nil && code == codeOK) {
			t.Errorf("delivered = %v for code %d, err %v", r.Err == nil, code, err)
		}
		if r.Err != nil {
			if m := r.Err.Error(); strings.ContainsAny(m, "\n\r") || len(m) > 1200 {
				t.Errorf("error is not one bounded line: %q", m)
			}
			if r.Retry != (campaign.KindOf(r.Err) == campaign.Unavailable) {
				t.Errorf("retry %v with kind %q", r.Retry, campaign.KindOf(r.Err))
			}
		}
	})
}
