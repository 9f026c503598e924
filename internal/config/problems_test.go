package config

import (
	"reflect"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/notify/receivers"
)

// allURLVars names every service's webhook URL variable as the "no
// receiver" problem lists them: "SLACK_WEBHOOK_URL, ... and WEBHOOK_URL".
func allURLVars() string {
	v := receivers.URLVars()
	return strings.Join(v[:len(v)-1], ", ") + " and " + v[len(v)-1]
}

// leakedSecrets returns the secret values of e (whole, and each
// comma-separated entry) of at least minLen bytes that text contains.
func leakedSecrets(e map[string]string, text string, minLen int) []string {
	var out []string
	for _, v := range secretVars {
		vals := append([]string{strings.TrimSpace(e[v])}, splitList(e[v])...)
		for _, s := range vals {
			if len(s) >= minLen && strings.Contains(text, s) {
				out = append(out, v+"="+s)
			}
		}
	}
	return out
}

func TestLoadProblems(t *testing.T) {
	type problem struct{ v, in string }
	tests := []struct {
		name string
		env  map[string]string // applied over valid()
		want []problem
	}{
		{"channel empty entry", map[string]string{"CAMS_CHANNELS": "cams-a1:1,,cams-b2:2"}, []problem{{"CAMS_CHANNELS", "entry #2 is empty"}}},
		{"channel without page", map[string]string{"CAMS_CHANNELS": "cams-a1"}, []problem{{"CAMS_CHANNELS", `entry #1: channel "cams-a1": want CustSpaceId:PageId`}}},
		{"channel unknown filter", map[string]string{"CAMS_CHANNELS": "cams-a1:1?colour=red"}, []problem{{"CAMS_CHANNELS", `unknown filter "colour"`}}},
		{"channel duplicate", map[string]string{"CAMS_CHANNELS": "cams-a1:1, cams-b2:2, cams-a1:1?name=A"}, []problem{{"CAMS_CHANNELS", `entry #3 repeats channel "cams-a1:1" of entry #1`}}},
		{"region", map[string]string{"CAMS_REGION": "Singapore"}, []problem{{"CAMS_REGION", `"Singapore" is not a region id`}}},
		{"endpoint scheme", map[string]string{"CAMS_ENDPOINT": "ftp://cams.example.com"}, []problem{{"CAMS_ENDPOINT", "is not an http or https URL"}}},
		{"endpoint host", map[string]string{"CAMS_ENDPOINT": "cams example.com"}, []problem{{"CAMS_ENDPOINT", "is not a host or host:port"}}},
		{"endpoint port", map[string]string{"CAMS_ENDPOINT": "127.0.0.1:99999"}, []problem{{"CAMS_ENDPOINT", "is not a host or host:port"}}},
		{"endpoint path", map[string]string{"CAMS_ENDPOINT": "http://127.0.0.1:8080/api"}, []problem{{"CAMS_ENDPOINT", "has a path, query or fragment"}}},
		{"endpoint user", map[string]string{"CAMS_ENDPOINT": "http://u:p@127.0.0.1"}, []problem{{"CAMS_ENDPOINT", "CAMS_ENDPOINT (value not shown: it has an @) carries a user name or password"}}},
		{"public URL without scheme", map[string]string{"PUBLIC_URL": "watch.example.com"}, []problem{{"PUBLIC_URL", `PUBLIC_URL "watch.example.com" is not an absolute http or https URL: give the address people open the dashboard at, such as https://watch.example.com`}}},
		{"public URL ftp", map[string]string{"PUBLIC_URL": "ftp://watch.example.com"}, []problem{{"PUBLIC_URL", "is not an absolute http or https URL"}}},
		{"public URL query", map[string]string{"PUBLIC_URL": "https://watch.example.com/?a=1"}, []problem{{"PUBLIC_URL", "has a query or a fragment"}}},
		{"public URL fragment", map[string]string{"PUBLIC_URL": "https://watch.example.com/#top"}, []problem{{"PUBLIC_URL", "has a query or a fragment"}}},
		{"public URL user", map[string]string{"PUBLIC_URL": "https://u:p@watch.example.com"}, []problem{{"PUBLIC_URL", "carries a user name or password"}}},
		{"public URL no host", map[string]string{"PUBLIC_URL": "https:///ui"}, []problem{{"PUBLIC_URL", "has no valid host"}}},
		{"public URL link syntax in path", map[string]string{"PUBLIC_URL": "https://watch.example.com/a)b"}, []problem{{"PUBLIC_URL", "has a path with characters other than"}}},
		{"page size word", map[string]string{"CAMS_PAGE_SIZE": "fifty"}, []problem{{"CAMS_PAGE_SIZE", `"fifty" is not a whole number: give one from 1 to 100`}}},
		{"page size zero", map[string]string{"CAMS_PAGE_SIZE": "0"}, []problem{{"CAMS_PAGE_SIZE", `"0" is out of range`}}},
		{"page size big", map[string]string{"CAMS_PAGE_SIZE": "101"}, []problem{{"CAMS_PAGE_SIZE", `"101" is out of range`}}},
		{"concurrency zero", map[string]string{"CAMS_CONCURRENCY": "0"}, []problem{{"CAMS_CONCURRENCY", "give one from 1 to 64"}}},
		{"concurrency big", map[string]string{"CAMS_CONCURRENCY": "65"}, []problem{{"CAMS_CONCURRENCY", `"65" is out of range`}}},
		{"qps zero", map[string]string{"CAMS_QPS": "0"}, []problem{{"CAMS_QPS", `"0" is out of range`}}},
		{"qps big", map[string]string{"CAMS_QPS": "1000.5"}, []problem{{"CAMS_QPS", "at most 1000"}}},
		{"qps NaN", map[string]string{"CAMS_QPS": "NaN"}, []problem{{"CAMS_QPS", `"NaN" is not a number`}}},
		{"key id without secret", map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_SECRET": ""}, []problem{{"ALIBABA_CLOUD_ACCESS_KEY_SECRET", "is not set but ALIBABA_CLOUD_ACCESS_KEY_ID is"}}},
		{"secret without key id", map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": ""}, []problem{{"ALIBABA_CLOUD_ACCESS_KEY_ID", "is not set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is"}}},
		{"token alone", map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": "", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "", "ALIBABA_CLOUD_SECURITY_TOKEN": stsToken}, []problem{{"ALIBABA_CLOUD_SECURITY_TOKEN", "an STS token needs the key pair"}}},
		{"key secret quoted", map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_SECRET": `"` + keySecret + `"`}, []problem{{"ALIBABA_CLOUD_ACCESS_KEY_SECRET", "has spaces, quotes"}}},
		{"snapshot scheme", map[string]string{"SNAPSHOT_URL": "s3://bucket/x"}, []problem{{"SNAPSHOT_URL", "is neither oss://BUCKET/PREFIX nor file://DIR"}}},
		{"snapshot no bucket", map[string]string{"SNAPSHOT_URL": "oss:///prefix"}, []problem{{"SNAPSHOT_URL", "names no bucket"}}},
		{"snapshot bad bucket", map[string]string{"SNAPSHOT_URL": "oss://My_Bucket/x"}, []problem{{"SNAPSHOT_URL", "names an invalid bucket"}}},
		{"snapshot no dir", map[string]string{"SNAPSHOT_URL": "file://"}, []problem{{"SNAPSHOT_URL", "names no directory"}}},
		{"snapshot unset in Function Compute", map[string]string{"FC_RUNTIME_API": "127.0.0.1:9000", "SNAPSHOT_URL": ""}, []problem{{"SNAPSHOT_URL", "SNAPSHOT_URL is not set (so file://.campaignwatch, in the code package), but inside Function Compute snapshots must live in OSS: set SNAPSHOT_URL (or the configuration file's snapshots) to oss://BUCKET/PREFIX"}}},
		{"snapshot file:// in Function Compute", map[string]string{"FC_RUNTIME_API": "127.0.0.1:9000", "SNAPSHOT_URL": "file:///tmp/cw"}, []problem{{"SNAPSHOT_URL", `SNAPSHOT_URL is "file:///tmp/cw", but inside Function Compute`}}},
		{"snapshot prefix dot-dot", map[string]string{"SNAPSHOT_URL": "oss://my-bucket/../x"}, []problem{{"SNAPSHOT_URL", `"." or ".." segment in its prefix`}}},
		{"snapshot prefix dot", map[string]string{"SNAPSHOT_URL": "oss://my-bucket/a/./b"}, []problem{{"SNAPSHOT_URL", `"." or ".." segment in its prefix`}}},
		{"snapshot prefix escaped dot-dot", map[string]string{"SNAPSHOT_URL": "oss://my-bucket/a/%2e%2E"}, []problem{{"SNAPSHOT_URL", `"." or ".." segment in its prefix`}}},
		{"snapshot prefix empty segment", map[string]string{"SNAPSHOT_URL": "oss://my-bucket/a//b"}, []problem{{"SNAPSHOT_URL", "empty segment"}}},
		{"snapshot prefix backslash", map[string]string{"SNAPSHOT_URL": `oss://my-bucket/a\b`}, []problem{{"SNAPSHOT_URL", "backslash"}}},
		{"snapshot prefix query", map[string]string{"SNAPSHOT_URL": "oss://my-bucket/a?b=1"}, []problem{{"SNAPSHOT_URL", "query"}}},
		{"oss region", map[string]string{"OSS_REGION": "hangzhou"}, []problem{{"OSS_REGION", `"hangzhou" is not a region id`}}},
		{"fc region", map[string]string{"FC_REGION": "CN_HANGZHOU"}, []problem{{"FC_REGION", "is not a region id"}}},
		{"oss endpoint", map[string]string{"OSS_ENDPOINT": "oss://x"}, []problem{{"OSS_ENDPOINT", "is not an http or https URL"}}},
		{"slack http", map[string]string{"SLACK_WEBHOOK_URL": "http://hooks.slack.com/services/T/B/Secret0009"}, []problem{{"SLACK_WEBHOOK_URL", "SLACK_WEBHOOK_URL is http: use https"}}},
		{"slack second entry", map[string]string{"SLACK_WEBHOOK_URL": slackURL + ",hooks.slack.com/services/T/B/Secret0010"}, []problem{{"SLACK_WEBHOOK_URL", "SLACK_WEBHOOK_URL #2 is not an https URL"}}},
		{"slack empty entry", map[string]string{"SLACK_WEBHOOK_URL": slackURL + ","}, []problem{{"SLACK_WEBHOOK_URL", "SLACK_WEBHOOK_URL #2 is empty"}}},
		{"slack repeated", map[string]string{"SLACK_WEBHOOK_URL": slackURL + "," + slackURL}, []problem{{"SLACK_WEBHOOK_URL", "SLACK_WEBHOOK_URL #2 repeats SLACK_WEBHOOK_URL #1"}}},
		{"slack no host", map[string]string{"SLACK_WEBHOOK_URL": "https:///services/Secret0011"}, []problem{{"SLACK_WEBHOOK_URL", "has no valid host"}}},
		{"dingtalk bad url", map[string]string{"DINGTALK_WEBHOOK_URL": "https://oapi.dingtalk.com:x/robot/send?access_token=Secret0012"}, []problem{{"DINGTALK_WEBHOOK_URL", "DINGTALK_WEBHOOK_URL is not a URL"}}},
		{"dingtalk without token", map[string]string{"DINGTALK_WEBHOOK_URL": "https://oapi.dingtalk.com/robot/send?x=Secret0020"}, []problem{{"DINGTALK_WEBHOOK_URL", "DINGTALK_WEBHOOK_URL has no access_token"}}},
		{"dingtalk secret without webhook", map[string]string{"DINGTALK_SECRET": dingSecret}, []problem{{"DINGTALK_SECRET", "DINGTALK_WEBHOOK_URL is not"}}},
		{"dingtalk secret with space", map[string]string{"DINGTALK_WEBHOOK_URL": dingURL, "DINGTALK_SECRET": "SEC abc"}, []problem{{"DINGTALK_SECRET", "has spaces"}}},
		{"mobiles not phones", map[string]string{"DINGTALK_WEBHOOK_URL": dingURL, "DINGTALK_AT_MOBILES": "13800000000,alice"}, []problem{{"DINGTALK_AT_MOBILES", "entry #2 is not a phone number"}}},
		{"mobiles without webhook", map[string]string{"DINGTALK_AT_MOBILES": "13800000000"}, []problem{{"DINGTALK_AT_MOBILES", "DINGTALK_WEBHOOK_URL is not"}}},
		{"feishu other host", map[string]string{"FEISHU_WEBHOOK_URL": "https://open.example.com/open-apis/bot/v2/hook/Secret0040"}, []problem{{"FEISHU_WEBHOOK_URL", "FEISHU_WEBHOOK_URL is not a Feishu or Lark bot URL"}}},
		{"feishu without token", map[string]string{"FEISHU_WEBHOOK_URL": "https://open.feishu.cn/open-apis/bot/v2/hook/"}, []problem{{"FEISHU_WEBHOOK_URL", "has no bot token"}}},
		{"feishu http", map[string]string{"FEISHU_WEBHOOK_URL": "http://open.feishu.cn/open-apis/bot/v2/hook/Secret0041"}, []problem{{"FEISHU_WEBHOOK_URL", "is http: use https"}}},
		{"feishu second entry", map[string]string{"FEISHU_WEBHOOK_URL": feishuURL + ",https://open.feishu.cn/x/Secret0042"}, []problem{{"FEISHU_WEBHOOK_URL", "FEISHU_WEBHOOK_URL #2 has no bot token"}}},
		{"feishu secret without webhook", map[string]string{"FEISHU_SECRET": feiSecret}, []problem{{"FEISHU_SECRET", "FEISHU_SECRET is set but FEISHU_WEBHOOK_URL is not"}}},
		{"feishu secret with space", map[string]string{"FEISHU_WEBHOOK_URL": feishuURL, "FEISHU_SECRET": "abc def0043"}, []problem{{"FEISHU_SECRET", "has spaces"}}},
		{"wecom other host", map[string]string{"WECOM_WEBHOOK_URL": "https://qyapi.example.com/cgi-bin/webhook/send?key=Secret0044"}, []problem{{"WECOM_WEBHOOK_URL", "is not a WeCom robot URL"}}},
		{"wecom without key", map[string]string{"WECOM_WEBHOOK_URL": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?token=Secret0045"}, []problem{{"WECOM_WEBHOOK_URL", "with a key query parameter"}}},
		{"wecom repeated", map[string]string{"WECOM_WEBHOOK_URL": wecomURL + "," + wecomURL}, []problem{{"WECOM_WEBHOOK_URL", "WECOM_WEBHOOK_URL #2 repeats WECOM_WEBHOOK_URL #1"}}},
		{"webhook not https", map[string]string{"WEBHOOK_URL": "ftp://hooks.example.com/Secret0046"}, []problem{{"WEBHOOK_URL", "WEBHOOK_URL is not an https URL"}}},
		{"webhook http", map[string]string{"WEBHOOK_URL": "http://hooks.example.com/Secret0047"}, []problem{{"WEBHOOK_URL", "is http: use https"}}},
		{"webhook secret without webhook", map[string]string{"WEBHOOK_SECRET": hookSecret}, []problem{{"WEBHOOK_SECRET", "WEBHOOK_SECRET is set but WEBHOOK_URL is not"}}},
		{"threshold", map[string]string{"BUDGET_CHANGE_THRESHOLD": "-5"}, []problem{{"BUDGET_CHANGE_THRESHOLD", `BUDGET_CHANGE_THRESHOLD "-5"`}}},
		{"bare-number threshold", map[string]string{"BUDGET_CHANGE_THRESHOLD": "50"}, []problem{{"BUDGET_CHANGE_THRESHOLD", `BUDGET_CHANGE_THRESHOLD "50" is a bare number, which could mean dollars or cents: write $50`}}},
		{"language", map[string]string{"MESSAGE_LANGUAGE": "fr"}, []problem{{"MESSAGE_LANGUAGE", `MESSAGE_LANGUAGE "fr" is not a language`}}},
		{"timezone", map[string]string{"DIGEST_TIMEZONE": "Mars/Olympus"}, []problem{{"DIGEST_TIMEZONE", `"Mars/Olympus" is not an IANA time zone`}}},
		{"timezone Local", map[string]string{"DIGEST_TIMEZONE": "Local"}, []problem{{"DIGEST_TIMEZONE", "is not an IANA time zone"}}},
		{"language", map[string]string{"MESSAGE_LANGUAGE": "zh"}, []problem{{"MESSAGE_LANGUAGE", `MESSAGE_LANGUAGE "zh" is not a language campaignwatch writes: use en or zh-CN`}}},
		{"token short", map[string]string{"HTTP_AUTH_TOKEN": "short0013"}, []problem{{"HTTP_AUTH_TOKEN", "shorter than 16 characters"}}},
		{"token space", map[string]string{"HTTP_AUTH_TOKEN": "Bearer " + authToken}, []problem{{"HTTP_AUTH_TOKEN", "has spaces"}}},
		{"log level", map[string]string{"LOG_LEVEL": "verbose"}, []problem{{"LOG_LEVEL", `"verbose" is not a level`}}},
		{"several at once, in table order", map[string]string{
			"CAMS_CHANNELS":     "cams-a1:1,bad",
			"CAMS_PAGE_SIZE":    "0",
			"SLACK_WEBHOOK_URL": "",
			"DINGTALK_SECRET":   dingSecret,
			"HTTP_AUTH_TOKEN":   "xyz0022",
			"LOG_LEVEL":         "loud",
		}, []problem{
			{"CAMS_CHANNELS", "entry #2"},
			{"CAMS_PAGE_SIZE", "out of range"},
			{receivers.URLVars()[0], allURLVars() + " are all unset"},
			{"DINGTALK_SECRET", "is set but DINGTALK_WEBHOOK_URL is not"},
			{"HTTP_AUTH_TOKEN", "shorter"},
			{"LOG_LEVEL", `"loud"`},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := with(valid())
			for k, v := range tt.env {
				e[k] = v
			}
			c, err := Load(env(e), ForRun(false))
			if err == nil {
				t.Fatalf("Load succeeded (%+v), want problems", c)
			}
			if c != nil {
				t.Errorf("Load returned a Config with its error")
			}
			var wantVars []string
			for _, p := range tt.want {
				wantVars = append(wantVars, p.v)
			}
			if got := problemVars(t, err); !reflect.DeepEqual(got, wantVars) {
				t.Fatalf("problems about %q, want %q; error:\n%v", got, wantVars, err)
			}
			lines := strings.Split(err.Error(), "\n")
			for i, p := range tt.want {
				if !strings.HasPrefix(lines[i], p.v) {
					t.Errorf("line %d %q does not start with the variable %s", i+1, lines[i], p.v)
				}
				if !strings.Contains(lines[i], p.in) {
					t.Errorf("line %d %q lacks %q", i+1, lines[i], p.in)
				}
			}
			if leaks := leakedSecrets(e, err.Error(), 1); len(leaks) > 0 {
				t.Errorf("error carries secrets %q:\n%v", leaks, err)
			}
		})
	}
}

func TestLoadAcceptsEdgeValues(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
	}{
		{"endpoint host:port", map[string]string{"CAMS_ENDPOINT": "127.0.0.1:8080"}},
		{"endpoint IPv6", map[string]string{"CAMS_ENDPOINT": "http://[::1]:8080/"}},
		{"endpoint https host", map[string]string{"OSS_ENDPOINT": "https://oss-cn-hangzhou.aliyuncs.com"}},
		{"local http webhooks", map[string]string{"SLACK_WEBHOOK_URL": "http://127.0.0.1:9100/hook", "DINGTALK_WEBHOOK_URL": "http://localhost:9200/robot/send?access_token=t"}},
		{"snapshot absolute dir", map[string]string{"SNAPSHOT_URL": "file:///var/lib/campaignwatch"}},
		{"snapshot bucket only", map[string]string{"SNAPSHOT_URL": "oss://abc"}},
		{"absolute threshold", map[string]string{"BUDGET_CHANGE_THRESHOLD": "$50"}},
		{"absolute threshold, US$ and cents", map[string]string{"BUDGET_CHANGE_THRESHOLD": "US$12.50"}},
		{"language", map[string]string{"MESSAGE_LANGUAGE": "zh-CN"}},
		{"snapshot prefix with slashes around", map[string]string{"SNAPSHOT_URL": "oss://my-bucket/watch/prod/"}},
		{"snapshot prefix with dots inside names", map[string]string{"SNAPSHOT_URL": "oss://my-bucket/v1.2/..hidden/a.b"}},
		{"snapshot relative dir up", map[string]string{"SNAPSHOT_URL": "file://../state"}},
		{"lower-case level", map[string]string{"LOG_LEVEL": "warn"}},
		{"blank values take defaults", map[string]string{"CAMS_PAGE_SIZE": "  ", "DIGEST_TIMEZONE": "\t"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := with(valid())
			for k, v := range tt.env {
				e[k] = v
			}
			if _, err := Load(env(e), ForRun(false)); err != nil {
				t.Errorf("Load = %v", err)
			}
		})
	}
}

// TestNoSecretInErrors sets every secret to a value that is wrong in some
// way, together with other problems, and checks that no secret reaches the
// error text.
func TestNoSecretInErrors(t *testing.T) {
	e := map[string]string{
		"CAMS_CHANNELS":                   "cams-a1:1,nope",
		"ALIBABA_CLOUD_ACCESS_KEY_ID":     "LTAI key with spaces 0014",
		"ALIBABA_CLOUD_ACCESS_KEY_SECRET": "",
		"ALIBABA_CLOUD_SECURITY_TOKEN":    "'quoted-token-0015'",
		"SLACK_WEBHOOK_URL":               "http://hooks.slack.com/services/T/B/Secret0016, ftp://Secret0017,,https://[bad/Secret0018",
		"DINGTALK_WEBHOOK_URL":            "oapi.dingtalk.com/robot/send?access_token=Secret0019",
		"DINGTALK_SECRET":                 "SEC secret 0020",
		"HTTP_AUTH_TOKEN":                 "tok0021",
		"LOG_LEVEL":                       "chatty",
	}
	_, err := Load(env(e), ForRun(false))
	if err == nil {
		t.Fatal("Load succeeded, want problems")
	}
	for _, v := range secretVars {
		if e[v] != "" && !strings.Contains(err.Error(), v) {
			t.Errorf("no problem names %s:\n%v", v, err)
		}
	}
	if leaks := leakedSecrets(e, err.Error(), 1); len(leaks) > 0 {
		t.Errorf("error carries secrets %q:\n%v", leaks, err)
	}
	for _, piece := range []string{"Secret00", "0014", "0015", "0020", "0021"} {
		if strings.Contains(err.Error(), piece) {
			t.Errorf("error carries %q, a piece of a secret:\n%v", piece, err)
		}
	}
}

// TestPublicURL: PUBLIC_URL and the file's http.publicURL are kept
// without their trailing slash; a wrong file value is named by its key.
func TestPublicURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://watch.example.com/":         "https://watch.example.com",
		"http://127.0.0.1:9000":              "http://127.0.0.1:9000",
		"https://example.com/campaignwatch/": "https://example.com/campaignwatch",
		"https://example.com/a%20b//":        "https://example.com/a%20b",
		"https://example.com/a|b":            "https://example.com/a%7Cb",
	} {
		c, err := Load(env(with(valid(), "PUBLIC_URL", in)), ForRun(false))
		if err != nil {
			t.Fatalf("PUBLIC_URL=%s: %v", in, err)
		}
		if c.PublicURL != want {
			t.Errorf("PUBLIC_URL=%s: PublicURL = %q, want %q", in, c.PublicURL, want)
		}
	}
	c, err := Load(env(valid()), ForRun(false))
	if err != nil || c.PublicURL != "" {
		t.Fatalf("unset: PublicURL = %q, %v", c.PublicURL, err)
	}
	f := &File{Name: "c.yaml", Data: []byte("version: 1\nchannels: [{id: \"cams-a1:239001\"}]\nhttp: {publicURL: \"watch.example.com?x\"}\n")}
	_, err = LoadFile(env(valid()), f, ForRun(false))
	if err == nil || !strings.Contains(err.Error(), `http.publicURL "watch.example.com?x" is not an absolute http or https URL`) {
		t.Fatalf("file's bad publicURL: %v", err)
	}
}
