package config

import (
	"runtime"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/config/configtest"
	"github.com/campaignwatch/campaignwatch/notify"
)

// FuzzConfigLoad feeds the whole configuration load any file text and any
// extra environment ("NAME=value" lines) beside the credentials, the HTTP
// token and a Function Compute variable that configtest.Env sets. The
// properties: the load returns (the fuzzing engine fails an input that
// hangs); one load allocates under 100 MiB (runtime.MemStats.TotalAlloc,
// an upper bound of its peak); and neither the problems nor, on success,
// the configuration as the config command and the start-up log show it
// (redacted as every output is) carry a 12-byte run of a secret of the
// environment that the file's text does not itself hold. The seeds
// (testdata/fuzz/FuzzConfigLoad, and configtest.Files added here) are
// the hostile files of issue 23.
func FuzzConfigLoad(f *testing.F) {
	for _, h := range configtest.Files() {
		if len(h.Data) < 64<<10 {
			f.Add(h.Data, "")
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, lines string) {
		e := configtest.Env("https://hooks.slack.com/services/T0/B0/fuzzHookSecretValue42")
		for _, line := range strings.Split(lines, "\n") {
			if k, v, ok := strings.Cut(line, "="); ok {
				if _, fixed := e[k]; !fixed {
					e[k] = v
				}
			}
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		c, err := LoadFile(env(e), &File{Name: "f.yaml", Data: data}, Needs{})
		runtime.ReadMemStats(&after)
		if mib := float64(after.TotalAlloc-before.TotalAlloc) / (1 << 20); mib > 100 {
			t.Fatalf("one load allocated %.0f MiB", mib)
		}
		var out string
		if err != nil {
			out = err.Error()
		} else {
			var shown strings.Builder // what config prints, and the log line
			shown.WriteString(c.LogValue().String())
			for _, ch := range c.Channels {
				shown.WriteString("\n" + ch.Name + " " + ch.Filters.CampaignName + " " + ch.Filters.AdAccountID)
			}
			for _, r := range c.Receivers {
				shown.WriteString("\n" + r.Name + " " + r.URL + " " + r.Secret + " " + strings.Join(r.Mention.UserIDs, " "))
			}
			out = notify.NewRedactor(c.Secrets()...).String(shown.String())
		}
		for _, s := range append(configtest.Secrets(), "fuzzHookSecretValue42") {
			if leak := runOf(out, s); leak != "" && !strings.Contains(string(data), leak) {
				t.Fatalf("the output carries %q of a secret of the environment:\n%s", leak, out)
			}
		}
	})
}
