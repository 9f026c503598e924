package notify_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
)

func TestRedact(t *testing.T) {
	const slackURL = "https://hooks.slack.com/services/T0AAAA/B0BBBB/xyzTOKENxyz123"
	const dingURL = "https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789"
	tests := []struct {
		name    string
		text    string
		secrets []string
		want    string
	}{
		{"whole url", `Post "` + slackURL + `": EOF`, []string{slackURL}, `Post "[REDACTED]": EOF`},
		{"slack token alone", "token xyzTOKENxyz123 leaked", []string{slackURL}, "token [REDACTED] leaked"},
		{"url without scheme", "hooks.slack.com/services/T0AAAA/B0BBBB/xyzTOKENxyz123", []string{slackURL}, "[REDACTED]"},
		{"access token in reordered query", "/robot/send?sign=x&access_token=abcdef0123456789&timestamp=1", []string{dingURL}, "/robot/send?sign=x&access_token=[REDACTED]&timestamp=1"},
		{"escaped secret", "sec%2Bret%2Fvalue", []string{"sec+ret/value"}, "[REDACTED]"},
		{"short strings are not secrets", "a b c", []string{"a", ""}, "a b c"},
		{"no secrets", "plain", nil, "plain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := notify.NewRedactor(tt.secrets...).String(tt.text); got != tt.want {
				t.Errorf("Redact = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRedactorError(t *testing.T) {
	r := notify.NewRedactor("s3cr3t-value")
	tests := []struct {
		name     string
		err      error
		kind     campaign.Kind
		isCancel bool
	}{
		{"kind kept", campaign.Errorf(campaign.Unauthorized, "bad s3cr3t-value"), campaign.Unauthorized, false},
		{"cancel kept", campaign.Wrap(campaign.Unavailable, fmt.Errorf("s3cr3t-value: %w", context.Canceled), "post"), campaign.Unavailable, true},
		{"clean error untouched", campaign.Errorf(campaign.Invalid, "nothing here"), campaign.Invalid, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.Error(tt.err)
			if strings.Contains(got.Error(), "s3cr3t-value") {
				t.Errorf("error still carries the secret: %v", got)
			}
			for e := errors.Unwrap(got); e != nil; e = errors.Unwrap(e) {
				if strings.Contains(e.Error(), "s3cr3t-value") {
					t.Errorf("a cause still carries the secret: %v", e)
				}
			}
			if k := campaign.KindOf(got); k != tt.kind {
				t.Errorf("kind = %q, want %q", k, tt.kind)
			}
			if errors.Is(got, context.Canceled) != tt.isCancel {
				t.Errorf("errors.Is(context.Canceled) = %v, want %v", !tt.isCancel, tt.isCancel)
			}
		})
	}
	if r.Error(nil) != nil {
		t.Error("Error(nil) is not nil")
	}
}

// TestRedactorAdd: secrets added later are hidden from then on, with the
// earlier ones, and adding one again changes nothing.
func TestRedactorAdd(t *testing.T) {
	r := notify.NewRedactor("firstAlphaQ7w3e9r1t5")
	const text = "a firstAlphaQ7w3e9r1t5 and a secondZuluK8m2x4n6b9"
	if got := r.String(text); got != "a [REDACTED] and a secondZuluK8m2x4n6b9" {
		t.Fatalf("before Add: %q", got)
	}
	r.Add("secondZuluK8m2x4n6b9", "firstAlphaQ7w3e9r1t5", "", "short")
	if got := r.String(text); got != "a [REDACTED] and a [REDACTED]" {
		t.Fatalf("after Add: %q", got)
	}
	var zero notify.Redactor
	if zero.String(text) != text {
		t.Fatal("the zero Redactor hid something")
	}
	zero.Add("secondZuluK8m2x4n6b9")
	if got := zero.String(text); got != "a firstAlphaQ7w3e9r1t5 and a [REDACTED]" {
		t.Fatalf("the zero Redactor after Add: %q", got)
	}
}
