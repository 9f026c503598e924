package notify_test

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/campaignwatch/campaignwatch/notify"
)

// FuzzRedactRuns checks the Redactor's promise on any secret and text: no
// run of notify.RunLen bytes of the secret is left, however the secret is
// cut and whatever surrounds it, and valid UTF-8 stays valid.
func FuzzRedactRuns(f *testing.F) {
	f.Fuzz(func(t *testing.T, secret, before, after string, from, to uint16) {
		if len(secret) < notify.RunLen || strings.ContainsAny(secret, "[]") || secret != strings.TrimSpace(secret) {
			// A secret with brackets could be rebuilt from the
			// "[REDACTED]" marker and the text beside it; NewRedactor
			// trims spaces.
			t.Skip()
		}
		i, j := int(from)%len(secret), int(to)%(len(secret)+1)
		if i > j {
			i, j = j, i
		}
		text := before + secret[i:j] + after
		got := notify.NewRedactor(secret).String(text)
		for _, part := range secretParts(secret) {
			for k := 0; k+notify.RunLen <= len(part); k++ {
				if run := part[k : k+notify.RunLen]; strings.Contains(got, run) {
					t.Fatalf("String(%q) = %q leaves %q of the secret %q", text, got, run, secret)
				}
			}
		}
		if utf8.ValidString(text) && !utf8.ValidString(got) {
			t.Fatalf("String(%q) = %q is not valid UTF-8", text, got)
		}
	})
}

// secretParts is what must not show of secret: all of it, or of a webhook
// URL its query values and a last path segment of 8 bytes or more, as
// they are written in the URL.
func secretParts(secret string) []string {
	u, err := url.Parse(secret)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return []string{secret}
	}
	var parts []string
	rest, _, _ := strings.Cut(secret, "#")
	_, rest, _ = strings.Cut(rest, "://")
	path, query, _ := strings.Cut(rest, "?")
	segs := strings.Split(strings.TrimRight(path, "/"), "/")
	if last := segs[len(segs)-1]; len(segs) > 1 && len(last) >= 8 {
		parts = append(parts, last)
	}
	for _, kv := range strings.Split(query, "&") {
		if _, v, ok := strings.Cut(kv, "="); ok {
			parts = append(parts, v)
		}
	}
	return parts
}
