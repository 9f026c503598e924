package notify_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/notify"
)

// Secrets shaped like the real ones: a Slack token of 24 characters, a
// DingTalk access_token of 64 hex digits and a signing secret.
const (
	fragSlackToken = "q9Wm2ZrT7vXc4LpB8nHs3KdY"
	fragSlackURL   = "https://hooks.slack.com/services/T04ABCD12/B05EFGH34/" + fragSlackToken
	fragDingToken  = "3f9a1c7e5b2d4068a9c1e3f5b7d90a2c4e6f8a0b1c3d5e7f9a2b4c6d8e0f1a3b"
	fragDingURL    = "https://oapi.dingtalk.com/robot/send?access_token=" + fragDingToken
	fragDingSecret = "SEC7d0c3b5a9e1f4d6c8b0a2e4f6d8c0b2a4e6f8d0c2b4a6e8f0d2c4b6a8e0f2d4c"
)

// fragSlackTail is the secret part of the Slack URL's path.
const fragSlackTail = "T04ABCD12/B05EFGH34/" + fragSlackToken

// fragParts are the secret material of the secrets above, in the forms
// text may carry them.
var fragParts = []string{fragSlackToken, fragSlackTail, url.QueryEscape(fragSlackTail), lowerEscapes(url.QueryEscape(fragSlackTail)),
	fragDingToken, fragDingSecret}

// lowerEscapes writes s's percent-escapes in lower case ("%2f").
func lowerEscapes(s string) string {
	return regexp.MustCompile(`%[0-9A-F]{2}`).ReplaceAllStringFunc(s, strings.ToLower)
}

// leak12 returns the first run of 12 or more bytes of a secret found in
// text, or "".
func leak12(text string, secrets ...string) string {
	for _, s := range secrets {
		for i := 0; i+12 <= len(s); i++ {
			if strings.Contains(text, s[i:i+12]) {
				return s[i : i+12]
			}
		}
	}
	return ""
}

func TestRedactFragments(t *testing.T) {
	r := notify.NewRedactor(fragSlackURL, fragDingURL, fragDingSecret, "short1")
	tests := []struct {
		name string
		text string
		want string // "" when only "no 12-byte run" is asserted
	}{
		{"slack token cut by an excerpt", `<p>Request to /services/T04ABCD12/B05EFGH34/` + fragSlackToken[:22] + "…", ""},
		{"slack token tail alone", "token ..." + fragSlackToken[2:] + " refused", "token ...[REDACTED] refused"},
		{"twelve bytes of the token", "x" + fragSlackToken[5:17] + "y", "x[REDACTED]y"},
		{"dingtalk access_token cut", "access_token=" + fragDingToken[:30], "access_token=[REDACTED]"},
		{"dingtalk token middle", "..." + fragDingToken[17:40] + "...", "...[REDACTED]..."},
		{"query context with a short piece of the token", "robot/send?access_token=" + fragDingToken[:5] + "…", "robot/send?access_token=[REDACTED]…"},
		{"signing secret cut", "secret " + fragDingSecret[:13] + "…", "secret [REDACTED]…"},
		{"escaped url", url.QueryEscape(fragSlackURL)[:60], ""},
		{"lower-case escapes", lowerEscapes(url.QueryEscape("/B05EFGH34/" + fragSlackToken[:10])), ""},
		{"short secret exact", "a short1 b", "a [REDACTED] b"},
		{"advice text is kept", "the access_token in DINGTALK_WEBHOOK_URL is not a robot's; see https://oapi.dingtalk.com/robot/send", "the access_token in DINGTALK_WEBHOOK_URL is not a robot's; see https://oapi.dingtalk.com/robot/send"},
		{"eleven bytes are kept", "z" + fragSlackToken[0:11] + "z", "z" + fragSlackToken[0:11] + "z"},
		{"whole url", `Post "` + fragDingURL + `": EOF`, `Post "[REDACTED]": EOF`},
		{"non-ascii around", "名字" + fragDingToken[3:20] + "名字", "名字[REDACTED]名字"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.String(tt.text)
			if l := leak12(got, fragParts...); l != "" {
				t.Errorf("String(%q) = %q: %q of a secret is left", tt.text, got, l)
			}
			if tt.want != "" && got != tt.want {
				t.Errorf("String(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

// TestRedactEveryRun checks the promise itself: every run of 12 bytes of
// every secret, wherever it starts and whatever surrounds it, is hidden.
func TestRedactEveryRun(t *testing.T) {
	secrets := []string{fragSlackURL, fragDingURL, fragDingSecret, "LTAI5tAbCdEfGhIjKlMnOpQr", "CAIS+abc/DEF==ghi+jkl/MNO=="}
	r := notify.NewRedactor(secrets...)
	parts := []string{fragSlackToken, fragDingToken, fragDingSecret, "LTAI5tAbCdEfGhIjKlMnOpQr", "CAIS+abc/DEF==ghi+jkl/MNO==",
		url.QueryEscape("CAIS+abc/DEF==ghi+jkl/MNO==")}
	for _, p := range parts {
		for i := 0; i+12 <= len(p); i++ {
			for j := i + 12; j <= len(p); j++ {
				text := fmt.Sprintf("<a href=%q>%s</a>", p[i:j], p[i:j])
				if got := r.String(text); leak12(got, parts...) != "" {
					t.Fatalf("String(%q) = %q leaks", text, got)
				}
			}
		}
	}
}
