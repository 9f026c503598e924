package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// exampleEnv sets what testdata/config/two-teams.yaml names, plus a
// variables' receiver that is added to the file's.
var exampleEnv = map[string]string{
	"HTTP_AUTH_TOKEN":                 "0123456789abcdef0123",
	"SLACK_BRAND_A":                   "https://hooks.slack.com/services/T0/B0/brandA",
	"SLACK_FINANCE":                   "https://hooks.slack.com/services/T0/B0/finance",
	"DINGTALK_BRAND_B":                "https://oapi.dingtalk.com/robot/send?access_token=brandB",
	"DINGTALK_BRAND_B_SECRET":         "SECbrandB",
	"DINGTALK_WEBHOOK_URL":            "https://oapi.dingtalk.com/robot/send?access_token=ops",
	"DINGTALK_AT_MOBILES":             "+86-13912345678",
	"ALIBABA_CLOUD_ACCESS_KEY_ID":     "LTAIexampleexample",
	"ALIBABA_CLOUD_ACCESS_KEY_SECRET": "example-secret-value",
	"DIGEST_TIMEZONE":                 "Asia/Shanghai",
}

func runConfig(t *testing.T, vars map[string]string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(context.Background(), append([]string{"config"}, args...), Env{
		Getenv: func(k string) string { return vars[k] }, Stdout: &out, Stderr: &errOut,
	})
	return out.String(), errOut.String(), code
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update once)", err)
	}
	if got != string(want) {
		t.Fatalf("output differs from %s:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// TestConfigCommand prints the effective configuration of the example
// file, with the variables' receiver after the file's, in text and JSON:
// no secret, phone numbers masked but for their last four digits.
func TestConfigCommand(t *testing.T) {
	for _, tc := range []struct {
		name, golden string
		args         []string
	}{
		{"text", "config.golden", nil},
		{"json", "config.json.golden", []string{"--json"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"--config", "../../testdata/config/two-teams.yaml"}, tc.args...)
			out, errOut, code := runConfig(t, exampleEnv, args...)
			if code != exitOK {
				t.Fatalf("exit %d:\n%s", code, errOut)
			}
			for k, v := range exampleEnv {
				if (strings.Contains(k, "SECRET") || strings.Contains(k, "TOKEN") || strings.Contains(k, "WEBHOOK") ||
					strings.HasPrefix(k, "SLACK_") || k == "DINGTALK_BRAND_B" || k == "DINGTALK_AT_MOBILES" || k == "ALIBABA_CLOUD_ACCESS_KEY_ID") &&
					strings.Contains(out, v) {
					t.Errorf("output carries %s", k)
				}
			}
			if tc.name == "json" {
				var v map[string]any
				if err := json.Unmarshal([]byte(out), &v); err != nil {
					t.Fatalf("not one JSON object: %v", err)
				}
			}
			golden(t, tc.golden, out)
		})
	}
}

// TestConfigCommandProblems: an invalid configuration exits 2 with every
// problem on its own line, naming its place, and prints nothing on stdout.
func TestConfigCommandProblems(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(path, []byte(`version: 1
channels: [{id: "cams-a1:239001", name: A}]
receivers:
  - {name: a, type: slack, url: "https://hooks.slack.com/services/T0/B0/x", quietHours: "8-9"}
  - {name: b, type: pager, url: "https://example.com/x", channels: [B]}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runConfig(t, map[string]string{"CAMPAIGNWATCH_CONFIG": path})
	if code != exitUsage || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	for _, want := range []string{"receivers[0].quietHours ", "receivers[1].type ", "receivers[1].channels[0] "} {
		found := false
		for _, line := range strings.Split(errOut, "\n") {
			found = found || strings.HasPrefix(line, want)
		}
		if !found {
			t.Errorf("no line starts with %q:\n%s", want, errOut)
		}
	}
	_, errOut, code = runConfig(t, nil, "--config", filepath.Join(dir, "missing.yaml"))
	if code != exitUsage || !strings.Contains(errOut, "missing.yaml does not exist") {
		t.Fatalf("missing file: exit %d, %s", code, errOut)
	}
}
