package config

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
)

// badFile is a malformed configuration file of testdata/bad: its first
// lines say the problem line it must give ("# want: ", FILE standing for
// the file's name) and the variables set besides ("# env: NAME=value").
type badFile struct {
	name, want string
	env        map[string]string
	file       *File
}

// BadFiles loads testdata/bad; the end-to-end tests use it too.
func readBadFiles(t testing.TB, dir string) []badFile {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no files in %s: %v", dir, err)
	}
	var out []badFile
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		b := badFile{name: filepath.Base(p), env: map[string]string{}, file: &File{Name: p, Data: data}}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			line := sc.Text()
			if w, ok := strings.CutPrefix(line, "# want: "); ok {
				b.want = strings.ReplaceAll(w, "FILE", p)
			} else if e, ok := strings.CutPrefix(line, "# env: "); ok {
				k, v, _ := strings.Cut(e, "=")
				b.env[k] = v
			} else {
				break
			}
		}
		if b.want == "" {
			t.Fatalf("%s has no # want: line", p)
		}
		out = append(out, b)
	}
	return out
}

// TestLoadFileRefusesMalformedFiles: each malformed file gives the problem
// its header names, on a line of its own that starts with the place.
func TestLoadFileRefusesMalformedFiles(t *testing.T) {
	files := readBadFiles(t, "testdata/bad")
	if len(files) < 15 {
		t.Fatalf("%d malformed files, want at least 15", len(files))
	}
	for _, b := range files {
		t.Run(b.name, func(t *testing.T) {
			c, err := LoadFile(env(b.env), b.file, ForServe)
			if err == nil {
				t.Fatalf("LoadFile accepted it: %+v", c)
			}
			if campaign.KindOf(err) != campaign.Invalid {
				t.Fatalf("kind %q, want invalid: %v", campaign.KindOf(err), err)
			}
			var ps *problems
			if !errors.As(err, &ps) {
				t.Fatalf("no *Problems under %v", err)
			}
			for _, line := range strings.Split(err.Error(), "\n") {
				if strings.HasPrefix(line, b.want) {
					return
				}
			}
			t.Fatalf("no line starts with %q:\n%s", b.want, err)
		})
	}
}

// exampleEnv sets the variables testdata/config/two-teams.yaml names.
var exampleEnv = map[string]string{
	"HTTP_AUTH_TOKEN":         "0123456789abcdef0123",
	"SLACK_BRAND_A":           "https://hooks.slack.com/services/T0/B0/brandA",
	"SLACK_FINANCE":           "https://hooks.slack.com/services/T0/B0/finance",
	"DINGTALK_BRAND_B":        "https://oapi.dingtalk.com/robot/send?access_token=brandB",
	"DINGTALK_BRAND_B_SECRET": "SECbrandB",
	"DIGEST_TIMEZONE":         "Asia/Shanghai",
}

// TestExampleFileIsValid keeps the example file of docs/configuration.md valid and checks what
// it says about each receiver.
func TestExampleFileIsValid(t *testing.T) {
	f, err := ReadPath("testdata/config/two-teams.yaml", "../..")
	if err != nil {
		t.Fatal(err)
	}
	e := map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIexample", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "secret-example"}
	for k, v := range exampleEnv {
		e[k] = v
	}
	c, err := LoadFile(env(e), f, ForRun(false))
	if err != nil {
		t.Fatalf("the example is invalid:\n%v", err)
	}
	if len(c.Channels) != 2 || c.Channels[0].Name != "Brand A" || c.Channels[0].Filters.Status != "AVAILABLE" {
		t.Fatalf("channels: %+v", c.Channels)
	}
	if len(c.Receivers) != 3 {
		t.Fatalf("receivers: %+v", c.Receivers)
	}
	a, b, fin := c.Receivers[0], c.Receivers[1], c.Receivers[2]
	brandA, brandB := c.Channels[0].ChannelID, c.Channels[1].ChannelID
	checks := []struct {
		what      string
		got, want any
	}{
		{"a's channels", a.Route.Channels, []campaign.ChannelID{brandA}},
		{"a's changes (every type)", a.Route.Changes, []campaign.ChangeType(nil)},
		{"a's threshold (the file's)", a.Route.Threshold, campaign.Threshold{Percent: 10}},
		{"a's zone", a.Zone.String(), "Europe/Berlin"},
		{"b's channels", b.Route.Channels, []campaign.ChannelID{brandB}},
		{"b's threshold", b.Route.Threshold, campaign.Threshold{Percent: 20}},
		{"b's zone (the file's)", b.Zone.String(), "Asia/Shanghai"},
		{"b's quiet hours", b.Route.Quiet.String(), "22:00-08:00"},
		{"b's quiet hours zone", b.Route.Quiet.Zone.String(), "Asia/Shanghai"},
		{"b's language", b.Language, "zh-CN"},
		{"b's secret", b.Secret, "SECbrandB"},
		{"b's mobiles", b.Mention.Mobiles, []string{"13800000000"}},
		{"finance's channels (every one)", fin.Route.Channels, []campaign.ChannelID(nil)},
		{"finance's threshold", fin.Route.Threshold, campaign.Threshold{Cents: 50000}},
		{"finance's digest, health", [2]bool{fin.Digest, fin.Health}, [2]bool{true, false}},
		{"token", c.HTTPAuthToken, exampleEnv["HTTP_AUTH_TOKEN"]},
		{"public URL", c.PublicURL, "https://watch.example.com"},
		{"snapshots", c.SnapshotURL, "oss://campaignwatch-snapshots/campaignwatch"},
	}
	for _, ck := range checks {
		if !equal(ck.got, ck.want) {
			t.Errorf("%s = %#v, want %#v", ck.what, ck.got, ck.want)
		}
	}
}

// TestFileAndVariables: a variable alone fills what the file leaves out; a
// variable the file names through ${NAME} is the file's value; the
// variables' receivers come after the file's, named as always; a clash of
// names is a problem.
func TestFileAndVariables(t *testing.T) {
	file := &File{Name: "c.yaml", Data: []byte(`version: 1
channels: [{id: "cams-a1:239001", name: Brand A}]
timezone: "${ZONE}"
receivers:
  - {name: team, type: slack, url: "https://hooks.slack.com/services/T0/B0/x"}
`)}
	c, err := LoadFile(env(map[string]string{
		"ZONE": "Asia/Shanghai", "CAMS_PAGE_SIZE": "20", "BUDGET_CHANGE_THRESHOLD": "US$5",
		"SLACK_WEBHOOK_URL": "https://hooks.slack.com/services/T0/B0/a,https://hooks.slack.com/services/T0/B0/b",
	}), file, Needs{})
	if err != nil {
		t.Fatal(err)
	}
	if c.PageSize != 20 || c.DigestZone.String() != "Asia/Shanghai" || c.Threshold.Cents != 500 {
		t.Fatalf("page size %d, zone %s, threshold %+v", c.PageSize, c.DigestZone, c.Threshold)
	}
	var names []string
	for _, r := range c.Receivers {
		names = append(names, r.Name)
	}
	if strings.Join(names, ",") != "team,slack,slack#2" {
		t.Fatalf("receivers %v", names)
	}
	if c.Receivers[0].Route.Threshold.Cents != 500 || c.Receivers[1].Zone.String() != "Asia/Shanghai" {
		t.Fatalf("defaults not applied: %+v", c.Receivers)
	}

	clash := &File{Name: "c.yaml", Data: []byte(`version: 1
receivers:
  - {name: slack, type: slack, url: "https://hooks.slack.com/services/T0/B0/x"}
`)}
	_, err = LoadFile(env(map[string]string{"SLACK_WEBHOOK_URL": "https://hooks.slack.com/services/T0/B0/a"}), clash, Needs{})
	if err == nil || !strings.Contains(err.Error(), `receiver "slack" from the webhook variables has the name of receivers[0]`) {
		t.Fatalf("clash: %v", err)
	}
}

// TestFileProblemsCarryNoSecret: a secret in a bad place is never quoted.
func TestFileProblemsCarryNoSecret(t *testing.T) {
	const secret = "SuperSecretValue123"
	file := &File{Name: "c.yaml", Data: []byte(`version: 1
http: {authToken: "` + secret + ` x"}
receivers:
  - {name: a, type: slack, url: "http://hooks.slack.com/` + secret + `", secret: "` + secret + ` y"}
  - {name: b, type: dingtalk, url: "https://oapi.dingtalk.com/robot/send?nope=` + secret + `"}
`)}
	_, err := LoadFile(env(nil), file, Needs{})
	if err == nil {
		t.Fatal("accepted")
	}
	if strings.Contains(err.Error(), secret) {
		t.Fatalf("a problem carries the secret:\n%v", err)
	}
	if n := strings.Count(err.Error(), "\n") + 1; n < 4 {
		t.Fatalf("%d problems, want every one of 4:\n%v", n, err)
	}
}

func TestParseThresholdMoney(t *testing.T) {
	tests := []struct {
		in   string
		want campaign.Threshold
		bad  string
	}{
		{in: "0", want: campaign.Threshold{}},
		{in: "10%", want: campaign.Threshold{Percent: 10}},
		{in: "12.5 %", want: campaign.Threshold{Percent: 12.5}},
		{in: "$50", want: campaign.Threshold{Cents: 5000}},
		{in: "US$50", want: campaign.Threshold{Cents: 5000}},
		{in: "$0.5", want: campaign.Threshold{Cents: 50}},
		{in: "$12.34", want: campaign.Threshold{Cents: 1234}},
		{in: "50", bad: "is a bare number"},
		{in: "1.5", bad: "is a bare number"},
		{in: "-5%", bad: "is not a percentage"},
		{in: "NaN%", bad: "is not a percentage"},
		{in: "$-5", bad: "is not an amount"},
		{in: "$1.234", bad: "is not an amount"},
		{in: "$", bad: "is not an amount"},
		{in: "$99999999999999", bad: "is not an amount"},
		{in: "ten", bad: "is not a threshold"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, why := parseThreshold(tc.in)
			if tc.bad != "" {
				if !strings.HasPrefix(why, tc.bad) {
					t.Fatalf("parseThreshold(%q) = %+v, %q; want a problem %q", tc.in, got, why, tc.bad)
				}
				return
			}
			if why != "" || got != tc.want {
				t.Fatalf("parseThreshold(%q) = %+v, %q; want %+v", tc.in, got, why, tc.want)
			}
		})
	}
}

func equal(a, b any) bool { return reflect.DeepEqual(a, b) }

// TestFileMentionsPerService: each receiver type takes the mentions its
// service carries (Slack here, all and member or group ids; DingTalk all,
// mobiles and user ids; Feishu all and user ids; WeCom all and mobiles)
// and refuses the others with the place named; a Slack id that is not a
// member or group id is refused at its place.
func TestFileMentionsPerService(t *testing.T) {
	const head = "version: 1\nchannels: [{id: \"cams-a1:239001\", name: Brand A}]\nreceivers:\n"
	const (
		slackURL = `url: "https://hooks.slack.com/services/T0/B0/x"`
		dingURL  = `url: "https://oapi.dingtalk.com/robot/send?access_token=abc"`
		wecomURL = `url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc"`
	)
	ok := []struct {
		receiver string
		want     notify.Mention
	}{
		{`{name: a, type: slack, ` + slackURL + `, mention: {here: true}}`, notify.Mention{Here: true}},
		{`{name: a, type: slack, ` + slackURL + `, mention: {all: true, userIds: [U024BE7LH, S0614TZR7]}}`,
			notify.Mention{All: true, UserIDs: []string{"U024BE7LH", "S0614TZR7"}}},
		{`{name: a, type: dingtalk, ` + dingURL + `, mention: {all: true, mobiles: ["13800000000"], userIds: [manager4711]}}`,
			notify.Mention{All: true, Mobiles: []string{"13800000000"}, UserIDs: []string{"manager4711"}}},
		{`{name: a, type: wecom, ` + wecomURL + `, mention: {all: true, mobiles: ["13800000000"]}}`,
			notify.Mention{All: true, Mobiles: []string{"13800000000"}}},
	}
	for _, tt := range ok {
		c, err := LoadFile(env(nil), &File{Name: "c.yaml", Data: []byte(head + "  - " + tt.receiver + "\n")}, Needs{})
		if err != nil {
			t.Errorf("%s: %v", tt.receiver, err)
			continue
		}
		if got := c.Receivers[0].Mention; !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: mention %+v, want %+v", tt.receiver, got, tt.want)
		}
	}
	refused := []struct{ receiver, want string }{
		{`{name: a, type: wecom, ` + wecomURL + `, mention: {userIds: [zhangsan]}}`, "receivers[0].mention.userIds: WeCom cannot mention userIds"},
		{`{name: a, type: slack, ` + slackURL + `, mention: {mobiles: ["13800000000"]}}`, "receivers[0].mention.mobiles: Slack cannot mention mobiles"},
		{`{name: a, type: dingtalk, ` + dingURL + `, mention: {here: true}}`, "receivers[0].mention.here: DingTalk cannot mention here"},
		{`{name: a, type: slack, ` + slackURL + `, mention: {userIds: [U024BE7LH, "@alice"]}}`, "receivers[0].mention.userIds[1] is not a Slack member id"},
	}
	for _, tt := range refused {
		_, err := LoadFile(env(nil), &File{Name: "c.yaml", Data: []byte(head + "  - " + tt.receiver + "\n")}, Needs{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.receiver, err, tt.want)
		}
	}
}

// TestZoneGivenTwiceSaysHowToAgree: the README's deploy recipe sets
// DIGEST_TIMEZONE for the digest timer; a file with a zone of its own is
// refused with the one way to agree, and "${DIGEST_TIMEZONE}" is accepted.
func TestZoneGivenTwiceSaysHowToAgree(t *testing.T) {
	file := func(zone string) *File {
		return &File{Name: "c.yaml", Data: []byte("version: 1\nchannels: [{id: \"cams-a1:239001\"}]\ntimezone: " + zone + "\n")}
	}
	vars := env(map[string]string{"DIGEST_TIMEZONE": "Asia/Shanghai"})
	_, err := LoadFile(vars, file("Asia/Shanghai"), Needs{})
	if err == nil || !strings.Contains(err.Error(), `timezone is given both in the configuration file (timezone) and by the variable DIGEST_TIMEZONE: the variable is the digest timer's zone (s.yaml always sets it), so write timezone: "${DIGEST_TIMEZONE}" in the file`) {
		t.Fatalf("a zone in the file and DIGEST_TIMEZONE: %v", err)
	}
	c, err := LoadFile(vars, file(`"${DIGEST_TIMEZONE}"`), Needs{})
	if err != nil || c.DigestZone.String() != "Asia/Shanghai" {
		t.Fatalf(`timezone: "${DIGEST_TIMEZONE}": %v, zone %v`, err, c)
	}
}
