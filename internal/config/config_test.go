package config

import (
	"bytes"
	"errors"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
)

// env turns a map into a getenv.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// Secret values used across the tests; each is long and distinctive so
// that finding it in a text means it leaked.
const (
	keyID      = "LTAI5tKeyIdValue0001"
	keySecret  = "KeySecretValueXyz0002"
	stsToken   = "StsTokenValueAbc0003"
	slackURL   = "https://hooks.slack.com/services/T000/B000/SlackSecret0004"
	slackURL2  = "https://hooks.slack.com/services/T000/B000/SlackSecret0005"
	dingURL    = "https://oapi.dingtalk.com/robot/send?access_token=DingSecret0006"
	dingSecret = "SECdingSigningSecret0007"
	authToken  = "HttpAuthTokenValue0008"
	feishuURL  = "https://open.feishu.cn/open-apis/bot/v2/hook/FeishuSecret0030"
	larkURL    = "https://open.larksuite.com/open-apis/bot/v2/hook/LarkSecret0031"
	feiSecret  = "FeishuSigningSecret0032"
	wecomURL   = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=WecomSecret0033"
	hookURL    = "https://hooks.example.com/campaignwatch/HookSecret0034"
	hookSecret = "HookSigningSecret0035"
)

// valid is a complete, valid environment for check and digest.
func valid() map[string]string {
	return map[string]string{
		"CAMS_CHANNELS":                   "cams-a1:239001?name=Brand%20A, cams-b2:239002?status=AVAILABLE",
		"ALIBABA_CLOUD_ACCESS_KEY_ID":     keyID,
		"ALIBABA_CLOUD_ACCESS_KEY_SECRET": keySecret,
		"SLACK_WEBHOOK_URL":               slackURL,
	}
}

func with(m map[string]string, kv ...string) map[string]string {
	out := make(map[string]string, len(m)+len(kv)/2)
	for k, v := range m {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

func TestLoadDefaults(t *testing.T) {
	c, err := Load(env(nil), Needs{})
	if err != nil {
		t.Fatalf("Load(empty, Needs{}) = %v", err)
	}
	want := &Config{
		CAMSRegion:  "ap-southeast-1",
		PageSize:    50,
		Concurrency: 4,
		QPS:         10,
		SnapshotURL: "file://.campaignwatch",
		OSSRegion:   "ap-southeast-1",
		Language:    "en",
		DigestZone:  time.UTC,
		LogLevel:    slog.LevelInfo,
		HistoryDays: 400,
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("defaults:\n got %+v\nwant %+v", c, want)
	}
}

func TestLoadValues(t *testing.T) {
	e := with(valid(),
		"CAMS_REGION", "cn-hangzhou",
		"CAMS_ENDPOINT", "http://127.0.0.1:8080",
		"CAMS_PAGE_SIZE", "100",
		"CAMS_CONCURRENCY", " 8 ",
		"CAMS_QPS", "2.5",
		"ALIBABA_CLOUD_SECURITY_TOKEN", stsToken,
		"SNAPSHOT_URL", "oss://my-bucket/watch/prod",
		"OSS_ENDPOINT", "oss-cn-hangzhou-internal.aliyuncs.com",
		"SLACK_WEBHOOK_URL", slackURL+" , "+slackURL2,
		"DINGTALK_WEBHOOK_URL", dingURL,
		"DINGTALK_SECRET", dingSecret,
		"DINGTALK_AT_MOBILES", "13800000000,+86-13900000000",
		"FEISHU_WEBHOOK_URL", feishuURL+","+larkURL,
		"FEISHU_SECRET", feiSecret,
		"WECOM_WEBHOOK_URL", wecomURL,
		"WEBHOOK_URL", hookURL,
		"WEBHOOK_SECRET", hookSecret,
		"BUDGET_CHANGE_THRESHOLD", "10%",
		"DIGEST_TIMEZONE", "America/New_York",
		"MESSAGE_LANGUAGE", "zh-cn",
		"HTTP_AUTH_TOKEN", authToken,
		"LOG_LEVEL", "DEBUG",
	)
	c, err := Load(env(e), ForRun(false))
	if err != nil {
		t.Fatalf("Load = %v", err)
	}
	wantChannels := []campaign.Channel{
		{ChannelID: campaign.ChannelID{CustSpaceID: "cams-a1", PageID: "239001"}, Name: "Brand A"},
		{ChannelID: campaign.ChannelID{CustSpaceID: "cams-b2", PageID: "239002"}, Filters: campaign.Filters{Status: "AVAILABLE"}},
	}
	envReceiver := func(typ string, t notify.Target) Receiver {
		return Receiver{Type: typ, Target: t, Route: campaign.Route{Threshold: campaign.Threshold{Percent: 10}},
			Language: "zh-CN", Zone: c.DigestZone, Digest: true, Health: true, Guardrails: true}
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"Channels", c.Channels, wantChannels},
		{"CAMSRegion", c.CAMSRegion, "cn-hangzhou"},
		{"CAMSEndpoint", c.CAMSEndpoint, "http://127.0.0.1:8080"},
		{"PageSize", c.PageSize, 100},
		{"Concurrency", c.Concurrency, 8},
		{"QPS", c.QPS, 2.5},
		{"AccessKeyID", c.AccessKeyID, keyID},
		{"AccessKeySecret", c.AccessKeySecret, keySecret},
		{"SecurityToken", c.SecurityToken, stsToken},
		{"SnapshotURL", c.SnapshotURL, "oss://my-bucket/watch/prod"},
		{"OSSRegion", c.OSSRegion, "cn-hangzhou"},
		{"OSSEndpoint", c.OSSEndpoint, "oss-cn-hangzhou-internal.aliyuncs.com"},
		{"Receivers", c.Receivers, []Receiver{
			envReceiver("slack", notify.Target{Name: "slack", URL: slackURL}),
			envReceiver("slack", notify.Target{Name: "slack#2", URL: slackURL2}),
			envReceiver("dingtalk", notify.Target{Name: "dingtalk", URL: dingURL, Secret: dingSecret,
				Mention: notify.Mention{Mobiles: []string{"13800000000", "+86-13900000000"}}}),
			envReceiver("feishu", notify.Target{Name: "feishu", URL: feishuURL, Secret: feiSecret}),
			envReceiver("feishu", notify.Target{Name: "feishu#2", URL: larkURL, Secret: feiSecret}),
			envReceiver("wecom", notify.Target{Name: "wecom", URL: wecomURL}),
			envReceiver("webhook", notify.Target{Name: "webhook", URL: hookURL, Secret: hookSecret}),
		}},
		{"Threshold", c.Threshold, campaign.Threshold{Percent: 10}},
		{"DigestZone", c.DigestZone.String(), "America/New_York"},
		{"Language", c.Language, "zh-CN"},
		{"HTTPAuthToken", c.HTTPAuthToken, authToken},
		{"LogLevel", c.LogLevel, slog.LevelDebug},
	}
	for _, ch := range checks {
		if !reflect.DeepEqual(ch.got, ch.want) {
			t.Errorf("%s = %#v, want %#v", ch.name, ch.got, ch.want)
		}
	}
}

func TestOSSRegionDefault(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"CAMS_REGION default", nil, "ap-southeast-1"},
		{"CAMS_REGION", map[string]string{"CAMS_REGION": "cn-shanghai"}, "cn-shanghai"},
		{"FC_REGION over CAMS_REGION", map[string]string{"CAMS_REGION": "cn-shanghai", "FC_REGION": "cn-beijing"}, "cn-beijing"},
		{"OSS_REGION over all", map[string]string{"CAMS_REGION": "cn-shanghai", "FC_REGION": "cn-beijing", "OSS_REGION": "us-west-1"}, "us-west-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(env(tt.env), Needs{})
			if err != nil {
				t.Fatalf("Load = %v", err)
			}
			if c.OSSRegion != tt.want {
				t.Errorf("OSSRegion = %q, want %q", c.OSSRegion, tt.want)
			}
		})
	}
}

func TestNeeds(t *testing.T) {
	bare := map[string]string{}
	noReceiver := with(valid(), "SLACK_WEBHOOK_URL", "")
	tests := []struct {
		name     string
		env      map[string]string
		need     Needs
		wantVars []string // nil: no error
	}{
		{"demo needs nothing", bare, Needs{}, nil},
		{"check needs channels and credentials", bare, ForRun(true), []string{"CAMS_CHANNELS", "ALIBABA_CLOUD_ACCESS_KEY_ID"}},
		{"check needs a receiver", bare, ForRun(false), []string{"CAMS_CHANNELS", "ALIBABA_CLOUD_ACCESS_KEY_ID", "SLACK_WEBHOOK_URL"}},
		{"dry run needs no receiver", noReceiver, ForRun(true), nil},
		{"sending run without receiver", noReceiver, ForRun(false), []string{"SLACK_WEBHOOK_URL"}},
		{"DingTalk alone is a receiver", with(noReceiver, "DINGTALK_WEBHOOK_URL", dingURL), ForRun(false), nil},
		{"Feishu alone is a receiver", with(noReceiver, "FEISHU_WEBHOOK_URL", feishuURL), ForRun(false), nil},
		{"WeCom alone is a receiver", with(noReceiver, "WECOM_WEBHOOK_URL", wecomURL), ForRun(false), nil},
		{"a webhook alone is a receiver", with(noReceiver, "WEBHOOK_URL", hookURL), ForRun(false), nil},
		{"serve needs no receiver", noReceiver, ForServe, nil},
		{"serve needs channels and credentials", bare, ForServe, []string{"CAMS_CHANNELS", "ALIBABA_CLOUD_ACCESS_KEY_ID"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(env(tt.env), tt.need)
			if got := problemVars(t, err); !reflect.DeepEqual(got, tt.wantVars) {
				t.Errorf("problems about %q, want %q; error:\n%v", got, tt.wantVars, err)
			}
		})
	}
}

// problemVars returns the variables err's problems name, nil for nil, and
// fails the test if err is not an Invalid error carrying *Problems.
func problemVars(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var p *problems
	if campaign.KindOf(err) != campaign.Invalid || !errors.As(err, &p) {
		t.Fatalf("error %v: kind %q, want invalid with *Problems", err, campaign.KindOf(err))
	}
	if got := strings.Count(err.Error(), "\n") + 1; got != len(p.List) {
		t.Errorf("error has %d lines for %d problems:\n%v", got, len(p.List), err)
	}
	return p.Vars()
}

func TestSecretsAndLogValue(t *testing.T) {
	e := with(valid(),
		"ALIBABA_CLOUD_SECURITY_TOKEN", stsToken,
		"SLACK_WEBHOOK_URL", slackURL+","+slackURL2,
		"DINGTALK_WEBHOOK_URL", dingURL,
		"DINGTALK_SECRET", dingSecret,
		"HTTP_AUTH_TOKEN", authToken,
		"FEISHU_WEBHOOK_URL", feishuURL+","+larkURL,
		"FEISHU_SECRET", feiSecret,
		"WECOM_WEBHOOK_URL", wecomURL,
		"WEBHOOK_URL", hookURL,
		"WEBHOOK_SECRET", hookSecret,
	)
	c, err := Load(env(e), ForServe)
	if err != nil {
		t.Fatalf("Load = %v", err)
	}
	all := []string{keyID, keySecret, stsToken, slackURL, slackURL2, dingURL, dingSecret, authToken,
		feishuURL, larkURL, feiSecret, wecomURL, hookURL, hookSecret}
	got := c.Secrets()
	for _, s := range all {
		if !contains(got, s) {
			t.Errorf("Secrets() lacks %q", s)
		}
	}
	if len(got) != len(all) {
		t.Errorf("Secrets() has %d values, want %d", len(got), len(all))
	}

	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("start", "config", c)
	line := buf.String()
	for _, s := range all {
		if strings.Contains(line, s) {
			t.Errorf("log line carries secret %q: %s", s, line)
		}
	}
	for _, want := range []string{`"receivers":["slack (slack)","slack#2 (slack)","dingtalk (dingtalk)","feishu (feishu)","feishu#2 (feishu)","wecom (wecom)","webhook (webhook)"]`, `"credentials":"set (STS)"`, `"channels":["cams-a1:239001","cams-b2:239002"]`} {
		if !strings.Contains(line, want) {
			t.Errorf("log line lacks %s: %s", want, line)
		}
	}
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}
