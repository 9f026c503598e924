package e2e

import (
	"fmt"
	"strings"
	"testing"
)

// configVars are the variables of the variables table of docs/configuration.md (and FC_REGION, read
// for OSS): every line of a configuration error names one of them.
var configVars = []string{
	"CAMS_CHANNELS", "CAMS_REGION", "CAMS_ENDPOINT", "CAMS_PAGE_SIZE", "CAMS_CONCURRENCY", "CAMS_QPS",
	"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN",
	"SNAPSHOT_URL", "OSS_REGION", "OSS_ENDPOINT", "FC_REGION", "SLACK_WEBHOOK_URL", "DINGTALK_WEBHOOK_URL",
	"DINGTALK_SECRET", "DINGTALK_AT_MOBILES", "BUDGET_CHANGE_THRESHOLD", "DIGEST_TIMEZONE",
	"HTTP_AUTH_TOKEN", "LOG_LEVEL",
}

// badConfig is one malformed configuration: the variables changed (""
// unsets), the variables the error must name, one line each, and the
// values that must not be echoed (secrets).
type badConfig struct {
	name   string
	env    map[string]string
	want   []string
	secret []string
}

var badConfigs = []badConfig{
	{"channels unset", map[string]string{"CAMS_CHANNELS": ""}, []string{"CAMS_CHANNELS"}, nil},
	{"channel without page", map[string]string{"CAMS_CHANNELS": "cams-a1"}, []string{"CAMS_CHANNELS"}, nil},
	{"channel list with an empty entry", map[string]string{"CAMS_CHANNELS": chA + ",," + chB}, []string{"CAMS_CHANNELS"}, nil},
	{"channel listed twice", map[string]string{"CAMS_CHANNELS": chA + "," + chA}, []string{"CAMS_CHANNELS"}, nil},
	{"channel with an unknown filter", map[string]string{"CAMS_CHANNELS": chA + "?colour=red"}, []string{"CAMS_CHANNELS"}, nil},
	{"channel with a bad escape", map[string]string{"CAMS_CHANNELS": chA + "?name=%zz"}, []string{"CAMS_CHANNELS"}, nil},
	{"region not a region", map[string]string{"CAMS_REGION": "Mars Base"}, []string{"CAMS_REGION"}, nil},
	{"endpoint with a path", map[string]string{"CAMS_ENDPOINT": "http://127.0.0.1:9/api"}, []string{"CAMS_ENDPOINT"}, nil},
	{"endpoint not http", map[string]string{"CAMS_ENDPOINT": "ftp://cams.example.com"}, []string{"CAMS_ENDPOINT"}, nil},
	{"endpoint with a password", map[string]string{"CAMS_ENDPOINT": "http://user:pw0rdLeak@cams.example.com"}, []string{"CAMS_ENDPOINT"}, []string{"pw0rdLeak"}},
	{"page size not a number", map[string]string{"CAMS_PAGE_SIZE": "fifty"}, []string{"CAMS_PAGE_SIZE"}, nil},
	{"page size zero", map[string]string{"CAMS_PAGE_SIZE": "0"}, []string{"CAMS_PAGE_SIZE"}, nil},
	{"page size too large", map[string]string{"CAMS_PAGE_SIZE": "1000"}, []string{"CAMS_PAGE_SIZE"}, nil},
	{"concurrency negative", map[string]string{"CAMS_CONCURRENCY": "-1"}, []string{"CAMS_CONCURRENCY"}, nil},
	{"concurrency too large", map[string]string{"CAMS_CONCURRENCY": "100000"}, []string{"CAMS_CONCURRENCY"}, nil},
	{"qps not a number", map[string]string{"CAMS_QPS": "fast"}, []string{"CAMS_QPS"}, nil},
	{"qps zero", map[string]string{"CAMS_QPS": "0"}, []string{"CAMS_QPS"}, nil},
	{"qps NaN", map[string]string{"CAMS_QPS": "NaN"}, []string{"CAMS_QPS"}, nil},
	{"no credentials", map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": "", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": ""}, []string{"ALIBABA_CLOUD_ACCESS_KEY_ID"}, nil},
	{"key id without secret", map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_SECRET": ""}, []string{"ALIBABA_CLOUD_ACCESS_KEY_SECRET"}, []string{"LTAIfakeossaccesskey"}},
	{"secret without key id", map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": ""}, []string{"ALIBABA_CLOUD_ACCESS_KEY_ID"}, []string{akSecret}},
	{"security token alone", map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": "", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "", "ALIBABA_CLOUD_SECURITY_TOKEN": "stsTok3nLeak"}, []string{"ALIBABA_CLOUD_SECURITY_TOKEN"}, []string{"stsTok3nLeak"}},
	{"secret with a space", map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_SECRET": "abc d3fLeak"}, []string{"ALIBABA_CLOUD_ACCESS_KEY_SECRET"}, []string{"d3fLeak"}},
	{"snapshot url of another scheme", map[string]string{"SNAPSHOT_URL": "s3://bucket/prefix"}, []string{"SNAPSHOT_URL"}, nil},
	{"snapshot url without bucket", map[string]string{"SNAPSHOT_URL": "oss://"}, []string{"SNAPSHOT_URL"}, nil},
	{"snapshot url with a bad bucket", map[string]string{"SNAPSHOT_URL": "oss://Bad_Bucket/x"}, []string{"SNAPSHOT_URL"}, nil},
	{"snapshot url without directory", map[string]string{"SNAPSHOT_URL": "file://"}, []string{"SNAPSHOT_URL"}, nil},
	{"oss region not a region", map[string]string{"OSS_REGION": "Hangzhou!"}, []string{"OSS_REGION"}, nil},
	{"fc region not a region", map[string]string{"FC_REGION": "??"}, []string{"FC_REGION"}, nil},
	{"oss endpoint not a host", map[string]string{"OSS_ENDPOINT": "not a host"}, []string{"OSS_ENDPOINT"}, nil},
	{"slack webhook over http", map[string]string{"SLACK_WEBHOOK_URL": "http://hooks.slack.example/services/T0/B0/sl4ckLeak"}, []string{"SLACK_WEBHOOK_URL"}, []string{"sl4ckLeak"}},
	{"slack webhook not a URL", map[string]string{"SLACK_WEBHOOK_URL": "hooks.slack.example/services/T0/B0/sl4ckLeak2"}, []string{"SLACK_WEBHOOK_URL"}, []string{"sl4ckLeak2"}},
	{"slack webhook list with an empty entry", map[string]string{"SLACK_WEBHOOK_URL": "https://hooks.slack.example/services/T0/B0/sl4ckLeak3,"}, []string{"SLACK_WEBHOOK_URL"}, []string{"sl4ckLeak3"}},
	{"slack webhook repeated", map[string]string{"SLACK_WEBHOOK_URL": "https://hooks.slack.example/x/sl4ckLeak4,https://hooks.slack.example/x/sl4ckLeak4"}, []string{"SLACK_WEBHOOK_URL"}, []string{"sl4ckLeak4"}},
	{"dingtalk webhook not https", map[string]string{"DINGTALK_WEBHOOK_URL": "ftp://oapi.dingtalk.example/robot/send?access_token=d1ngLeak"}, []string{"DINGTALK_WEBHOOK_URL"}, []string{"d1ngLeak"}},
	{"dingtalk secret without webhook", map[string]string{"DINGTALK_WEBHOOK_URL": ""}, []string{"DINGTALK_SECRET"}, []string{dingSecret}},
	{"dingtalk secret with quotes", map[string]string{"DINGTALK_SECRET": `"SECquot3dLeak"`}, []string{"DINGTALK_SECRET"}, []string{"SECquot3dLeak"}},
	{"mobile not a number", map[string]string{"DINGTALK_AT_MOBILES": "13800138000,call-me"}, []string{"DINGTALK_AT_MOBILES"}, []string{"call-me"}},
	{"mobiles without dingtalk", map[string]string{"DINGTALK_WEBHOOK_URL": "", "DINGTALK_SECRET": "", "DINGTALK_AT_MOBILES": "13800138000"}, []string{"DINGTALK_AT_MOBILES"}, []string{"13800138000"}},
	{"threshold not a number", map[string]string{"BUDGET_CHANGE_THRESHOLD": "ten"}, []string{"BUDGET_CHANGE_THRESHOLD"}, nil},
	{"threshold negative", map[string]string{"BUDGET_CHANGE_THRESHOLD": "-5%"}, []string{"BUDGET_CHANGE_THRESHOLD"}, nil},
	{"time zone unknown", map[string]string{"DIGEST_TIMEZONE": "Mars/Olympus_Mons"}, []string{"DIGEST_TIMEZONE"}, nil},
	{"time zone Local", map[string]string{"DIGEST_TIMEZONE": "Local"}, []string{"DIGEST_TIMEZONE"}, nil},
	{"http token too short", map[string]string{"HTTP_AUTH_TOKEN": "shortT0k"}, []string{"HTTP_AUTH_TOKEN"}, []string{"shortT0k"}},
	{"log level unknown", map[string]string{"LOG_LEVEL": "loud"}, []string{"LOG_LEVEL"}, nil},
	{"no receiver", map[string]string{"SLACK_WEBHOOK_URL": "", "DINGTALK_WEBHOOK_URL": "", "DINGTALK_SECRET": ""}, []string{"SLACK_WEBHOOK_URL"}, nil},
	{"several at once", map[string]string{
		"CAMS_PAGE_SIZE": "0", "CAMS_QPS": "fast", "SNAPSHOT_URL": "s3://x", "LOG_LEVEL": "loud", "HTTP_AUTH_TOKEN": "shortT0k2",
		"DIGEST_TIMEZONE": "Nowhere/Town",
	}, []string{"CAMS_PAGE_SIZE", "CAMS_QPS", "SNAPSHOT_URL", "DIGEST_TIMEZONE", "HTTP_AUTH_TOKEN", "LOG_LEVEL"}, []string{"shortT0k2"}},
}

// TestConfigErrors runs the binary with each malformed configuration: it
// exits 2 before touching anything, and says on stderr every problem, one
// per line, each naming its variable, without echoing a secret.
func TestConfigErrors(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{})
	for _, tc := range badConfigs {
		t.Run(tc.name, func(t *testing.T) {
			for _, args := range [][]string{{"check", "--json"}, {"digest"}} {
				r := w.RunEnv(tc.env, args...)
				if r.Code != 2 {
					t.Fatalf("%s: exit %d, want 2\nstderr:\n%s", args, r.Code, r.Stderr)
				}
				lines := strings.Split(strings.TrimSpace(r.Stderr), "\n")
				if len(lines) != len(tc.want) {
					t.Errorf("%s: %d lines on stderr, want %d, one per problem:\n%s", args, len(lines), len(tc.want), r.Stderr)
				}
				for i, v := range tc.want {
					if i < len(lines) && !strings.Contains(lines[i], v) {
						t.Errorf("%s: line %d does not name %s: %q", args, i+1, v, lines[i])
					}
				}
				for _, l := range lines {
					if !namesAVariable(l) {
						t.Errorf("%s: line names no variable: %q", args, l)
					}
				}
				for _, leak := range noSecrets([]output{{fmt.Sprint(args, " stderr"), r.Stderr}, {fmt.Sprint(args, " stdout"), r.Stdout}}, tc.secret) {
					t.Error(leak)
				}
			}
		})
	}
	if s := w.StoreState(); len(s) != 0 {
		t.Errorf("runs refused for their configuration wrote %d objects to the store", len(s))
	}
}

func namesAVariable(line string) bool {
	for _, v := range configVars {
		if strings.Contains(line, v) {
			return true
		}
	}
	return false
}
