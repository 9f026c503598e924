package notify_test

import (
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/notify"
)

// benchSecrets are a configuration's worth: two webhook URLs, a signing
// secret, an access key pair with an STS token of a few hundred bytes, and
// an HTTP token.
func benchSecrets() []string {
	return []string{fragSlackURL, fragDingURL, fragDingSecret, "LTAI5tAbCdEfGhIjKlMnOpQr", "kP3mZ8qR2vW9xT4yB7nL1cF6hJ0gD5",
		"CAIS" + strings.Repeat("x7Yp+Q2/vZ9k", 40) + "==", "Zt8Lq2Vn5Rw1Xy4Kp7Hs0Md3"}
}

func BenchmarkNewRedactor(b *testing.B) {
	s := benchSecrets()
	for b.Loop() {
		notify.NewRedactor(s...)
	}
}

func BenchmarkRedactorString(b *testing.B) {
	r := notify.NewRedactor(benchSecrets()...)
	report := `Slack refused the message: HTTP 403 <html><body><h1>Request blocked</h1><p>POST /services/T04ABCD12/B05EFGH34/` +
		fragSlackToken[:22] + `… was refused by policy 42; DingTalk answered HTTP 502 (<p>upstream /robot/send?access_token=` + fragDingToken[:30] + `)`
	page := strings.Repeat("<tr><td>ordinary reply text, nothing secret in it at all</td></tr>\n", 1000) // 66 KB
	for _, c := range []struct {
		name, text string
	}{{"report", report}, {"clean-64KB", page}, {"short-log-attr", "notify: retrying"}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.text)))
			for b.Loop() {
				r.String(c.text)
			}
		})
	}
}
