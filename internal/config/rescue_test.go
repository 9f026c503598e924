package config

import (
	"slices"
	"testing"
)

// TestRescueTellsTheSoundReceivers: a file that does not load (a receiver
// names an unknown channel, another has a bad URL) still gives its sound
// receivers with health on, the one with the unknown channel included,
// each in its language, and the variables' receivers; not the ones with
// health off or a bad URL.
func TestRescueTellsTheSoundReceivers(t *testing.T) {
	f := &File{Name: "campaignwatch.yaml", Data: []byte(`version: 1
timezone: Asia/Shanghai
channels:
  - {id: "cams-a1:239001", name: Brand A}
receivers:
  - {name: oncall, type: slack, url: "${ONCALL_URL}", channels: [Brand C], language: zh-CN}
  - {name: quiet, type: slack, url: "https://hooks.slack.com/services/T0/B1/x", health: false}
  - {name: broken, type: dingtalk, url: "http://example.com/robot"}
`)}
	env := map[string]string{
		"ONCALL_URL":        "https://hooks.slack.com/services/T0/B0/x",
		"WEBHOOK_URL":       "https://hooks.example.com/campaignwatch",
		"CAMS_PAGE_SIZE":    "fifty", // another problem: no matter here
		"SLACK_WEBHOOK_URL": "",
	}
	getenv := func(k string) string { return env[k] }
	if _, err := LoadFile(getenv, f, ForServe); err == nil {
		t.Fatal("the file loads; the test needs one that does not")
	}
	got := Rescue(getenv, f)
	var names []string
	for _, r := range got {
		names = append(names, r.Name)
		if !r.Health {
			t.Errorf("%s has health off", r.Name)
		}
	}
	if !slices.Equal(names, []string{"oncall", "webhook"}) {
		t.Fatalf("rescued %v; want oncall and webhook", names)
	}
	if got[0].Language != "zh-CN" || got[0].Zone == nil || got[0].Zone.String() != "Asia/Shanghai" {
		t.Errorf("oncall reads %q in %v; want zh-CN in the file's zone", got[0].Language, got[0].Zone)
	}
	if only := Rescue(getenv, nil); len(only) != 1 || only[0].Name != "webhook" {
		t.Errorf("without a file: %+v; want the variables' receiver alone", only)
	}
	if bad := Rescue(getenv, &File{Name: "x.yaml", Data: []byte("receivers: [")}); len(bad) != 1 || bad[0].Name != "webhook" {
		t.Errorf("with a file that does not parse: %+v; want the variables' receiver alone", bad)
	}
}
