package e2e

import (
	"strings"
	"testing"
	"time"
)

// zoneStamp is how messages show an instant's zone in loc: the offset
// then ("UTC+08:00"), or "UTC".
func zoneStamp(at time.Time, loc *time.Location) string {
	if loc == time.UTC {
		return "UTC"
	}
	return at.In(loc).Format("UTC-07:00")
}

// datesAround are the calendar dates in loc of the instants from and to:
// a run that straddles midnight may use either.
func datesAround(from, to time.Time, loc *time.Location) []string {
	return []string{from.In(loc).Format(time.DateOnly), to.In(loc).Format(time.DateOnly)}
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// TestFileEachReceiverInItsLanguageAndZone: one configuration file, one
// run after another of the built binary, two receivers: a Chinese
// DingTalk receiver in Shanghai and an English Slack receiver in Berlin.
// The baseline, a budget change and the digest reach each in its own
// language, with times in its own zone and the zone shown (the digest's
// title names the zone and that zone's date).
func TestFileEachReceiverInItsLanguageAndZone(t *testing.T) {
	t.Parallel()
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	w := NewWorld(t, Options{})
	w.useFile("version: 1\n"+fileChannels+`receivers:
  - {name: berlin-team, type: slack, url: "${E2E_SLACK_URL}", language: en, timezone: Europe/Berlin}
  - {name: shanghai-team, type: dingtalk, url: "${E2E_DING_URL}", secret: "${E2E_DING_SECRET}", language: zh-CN, timezone: Asia/Shanghai}
`, true)

	// Each message, as each receiver reads it: its language's words, its
	// zone's offset, and none of the other receiver's.
	wantRead := func(step, slack, ding string, slackWords, dingWords []string, at time.Time) {
		t.Helper()
		for _, want := range append(slackWords, zoneStamp(at, berlin)) {
			if !strings.Contains(slack, want) {
				t.Errorf("%s: the Berlin receiver's message lacks %q:\n%s", step, want, slack)
			}
		}
		for _, want := range append(dingWords, zoneStamp(at, shanghai)) {
			if !strings.Contains(ding, want) {
				t.Errorf("%s: the Shanghai receiver's message lacks %q:\n%s", step, want, ding)
			}
		}
		if strings.Contains(slack, "UTC+08:00") || strings.ContainsAny(slack, "预算已监控") {
			t.Errorf("%s: the Berlin receiver's message has Shanghai's time or Chinese words:\n%s", step, slack)
		}
		if strings.Contains(ding, zoneStamp(at, berlin)) || strings.Contains(ding, "campaigns") {
			t.Errorf("%s: the Shanghai receiver's message has Berlin's time or English words:\n%s", step, ding)
		}
	}
	last := func() (string, string) {
		s, d := w.Slack.Payloads(), w.Ding.Messages()
		if len(s) == 0 || len(d) == 0 {
			t.Fatalf("Slack got %d messages, DingTalk %d; want one each at least", len(s), len(d))
		}
		return string(s[len(s)-1]), d[len(d)-1].Markdown.Text
	}

	at := time.Now()
	r := w.Check(0)
	if !r.Report.Baseline {
		t.Fatalf("first run is no baseline: %+v", r.Report)
	}
	slack, ding := last()
	wantRead("baseline", slack, ding,
		[]string{"campaignwatch is now watching 12 campaigns in 2 channels"},
		[]string{"campaignwatch 已开始监控 2 个渠道的 12 个广告系列"}, at)

	w.BudgetUp()
	at = time.Now()
	r = w.Check(0)
	if r.Report.ChangeOf(idSpring) == nil {
		t.Fatalf("the budget change is not in the report: %+v", r.Report.Changes)
	}
	slack, ding = last()
	wantRead("change", slack, ding,
		[]string{"Budget changed", "spring-sale-retargeting (2330010001): daily budget US$62.00 → US$80.00 (+29%)"},
		[]string{"预算调整", "spring-sale-retargeting（2330010001）：日预算 US$62.00 → US$80.00（+29%）"}, at)

	from := time.Now()
	d := w.Run("digest", "--json")
	to := time.Now()
	if d.Code != 0 {
		t.Fatalf("digest exited %d\nstdout:\n%s\nstderr:\n%s", d.Code, d.Stdout, tail(d.Stderr, 3000))
	}
	slack, ding = last()
	wantRead("digest", slack, ding,
		[]string{"Daily budgets of active campaigns", "US$80.00"},
		[]string{"投放中的日预算合计", "US$80.00"}, from)
	var berlinTitles, shanghaiTitles []string
	for _, date := range datesAround(from, to, berlin) {
		berlinTitles = append(berlinTitles, "campaignwatch budget digest for "+date+" (Europe/Berlin)")
	}
	for _, date := range datesAround(from, to, shanghai) {
		shanghaiTitles = append(shanghaiTitles, "campaignwatch 预算日报 "+date+"（Asia/Shanghai）")
	}
	if !containsAny(slack, berlinTitles) {
		t.Errorf("the Berlin receiver's digest is not titled with Berlin's date and zone (%q):\n%s", berlinTitles, slack)
	}
	if !containsAny(ding, shanghaiTitles) {
		t.Errorf("the Shanghai receiver's digest is not titled with Shanghai's date and zone (%q):\n%s", shanghaiTitles, ding)
	}

	// digest --dry-run prints the digest as it would be sent, in the
	// configured language (MESSAGE_LANGUAGE) and DIGEST_TIMEZONE.
	posts := w.Posts()
	dry := w.RunEnv(map[string]string{"MESSAGE_LANGUAGE": "zh-CN", "DIGEST_TIMEZONE": "Asia/Shanghai"}, "digest", "--dry-run")
	if dry.Code != 0 || !strings.Contains(dry.Stdout, "投放中的日预算合计") || !containsAny(dry.Stdout, shanghaiTitles) {
		t.Errorf("digest --dry-run with MESSAGE_LANGUAGE=zh-CN exited %d and printed:\n%s\nstderr:\n%s", dry.Code, dry.Stdout, tail(dry.Stderr, 2000))
	}
	if w.Posts() != posts {
		t.Errorf("digest --dry-run posted %d messages", w.Posts()-posts)
	}
	// It names campaigns as the sent digest does, not counts alone.
	const name = "spring-sale-retargeting"
	if !strings.Contains(ding, name) || !strings.Contains(dry.Stdout, name) {
		t.Errorf("the sent digest names %s: %v; digest --dry-run names it: %v\n%s", name, strings.Contains(ding, name), strings.Contains(dry.Stdout, name), dry.Stdout)
	}
}

// TestDemoInChinese: `MESSAGE_LANGUAGE=zh-CN campaignwatch demo --all`
// shows every message, of every service, in Chinese: the baseline note, the
// changes and the digest. The demo's narration and the run summaries
// between the messages are for the person at the terminal and stay
// English.
func TestDemoInChinese(t *testing.T) {
	t.Parallel()
	r := startBinary(t, map[string]string{"MESSAGE_LANGUAGE": "zh-CN"}, "demo", "--all").Wait(t)
	if r.Code != 0 {
		t.Fatalf("demo exited %d\nstderr:\n%s", r.Code, tail(r.Stderr, 3000))
	}
	var frames []string
	for _, part := range strings.Split(r.Stdout, "┌ ")[1:] {
		frame, _, _ := strings.Cut(part, "└ ")
		frames = append(frames, frame)
	}
	if len(frames) != 15 {
		t.Fatalf("the demo showed %d messages, want 3 to each of 5 services:\n%s", len(frames), r.Stdout)
	}
	all := strings.Join(frames, "\n")
	for _, want := range []string{"已开始监控", "预算调整", "日预算 US$62.00 → US$80.00（+29%）", "投放中 → 已暂停", "预算日报", "运行编号"} {
		if !strings.Contains(all, want) {
			t.Errorf("no message of the demo says %q", want)
		}
	}
	for i, f := range frames {
		service, _, _ := strings.Cut(f, " ")
		if service == "webhook" && strings.Contains(f, `"version"`) {
			continue // a JSON body: data, no words
		}
		for _, english := range []string{"Budget changed", "daily budget", "campaigns in", "budget digest", "is now watching", "active", "paused", " run "} {
			if strings.Contains(f, english) {
				t.Errorf("message %d (%s) has the English %q:\n%s", i+1, service, english, f)
			}
		}
	}
}
