package config

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/config/configtest"
)

// TestHostileFiles: each hostile file is refused, naming what it refuses,
// and no problem carries a secret of the environment.
func TestHostileFiles(t *testing.T) {
	for _, h := range configtest.Files() {
		t.Run(h.Name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			_, err := LoadFile(env(configtest.Env("https://hooks.slack.com/services/T0/B0/x")), &File{Name: h.Name, Data: h.Data}, ForServe)
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			t.Logf("%s: %d bytes, %v, %.1f MiB allocated", h.Name, len(h.Data), took, float64(after.TotalAlloc-before.TotalAlloc)/(1<<20))
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), h.Want) {
				t.Errorf("no %q in the problems:\n%s", h.Want, clipLines(err.Error()))
			}
			if n := strings.Count(err.Error(), "\n") + 1; n > maxShown+1 {
				t.Errorf("%d problem lines, want at most %d", n, maxShown+1)
			}
			for _, s := range configtest.Secrets() {
				if leak := runOf(err.Error(), s); leak != "" {
					t.Errorf("problems carry %q of a secret:\n%s", leak, err)
				}
			}
		})
	}
}

func clipLines(s string) string {
	if len(s) > 4000 {
		return s[:4000] + "..."
	}
	return s
}

// runOf returns a 12-byte run of secret found in text, or "".
func runOf(text, secret string) string {
	for i := 0; i+12 <= len(secret); i++ {
		if strings.Contains(text, secret[i:i+12]) {
			return secret[i : i+12]
		}
	}
	return ""
}

// TestHostileFilesMemory: refusing each hostile file, and parsing the
// largest file the limits let through, allocate under 100 MiB in all
// (runtime.MemStats.TotalAlloc: every byte allocated, garbage included,
// so an upper bound of the heap's peak).
func TestHostileFilesMemory(t *testing.T) {
	files := configtest.Files()
	files = append(files, configtest.File{Name: "largest-accepted-shape.yaml", Data: largestShape()})
	for _, h := range files {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, err := LoadFile(env(configtest.Env("https://hooks.slack.com/services/T0/B0/x")), &File{Name: h.Name, Data: h.Data}, ForServe)
		runtime.ReadMemStats(&after)
		if err == nil {
			t.Errorf("%s: accepted", h.Name)
		}
		mib := float64(after.TotalAlloc-before.TotalAlloc) / (1 << 20)
		t.Logf("%s: %.1f MiB allocated", h.Name, mib)
		if mib > 100 {
			t.Errorf("%s: %.1f MiB allocated, want under 100", h.Name, mib)
		}
	}
}

// largestShape is a file just inside the node and line limits: 200
// receivers of 240 channels each, all parsed before the schema refuses
// the unknown channels.
func largestShape() []byte {
	var b strings.Builder
	b.WriteString("version: 1\nreceivers:\n")
	for i := range 200 {
		fmt.Fprintf(&b, "  - name: r%d\n    type: slack\n    url: https://hooks.slack.com/services/T0/B0/x\n    channels: [%s]\n", i, strings.TrimSuffix(strings.Repeat("Brand Zed, ", 240), ", "))
	}
	return []byte(b.String())
}

// TestEveryFileProblemInOneRun: unknown keys (with a did-you-mean), wrong
// types, a quoted number and a repeated key all come out of one load,
// each on its own line naming its place and line.
func TestEveryFileProblemInOneRun(t *testing.T) {
	data := `version: 1
cams: {qps: "10", pageSize: [50]}
timezon: UTC
receivers:
  - name: a
    type: slack
    url: https://hooks.slack.com/services/T0/B0/x
    quietHour: "22:00-08:00"
    channels: Brand A
    digest: "true"
    colour: red
    name: b
`
	_, err := LoadFile(env(nil), &File{Name: "f.yaml", Data: []byte(data)}, Needs{})
	if err == nil {
		t.Fatal("accepted")
	}
	want := []string{
		`cams.qps is "10" in quotes, which is text: write a number without quotes (line 2 of f.yaml)`,
		`cams.pageSize is a list where a whole number belongs (line 2 of f.yaml)`,
		`timezon is not a setting campaignwatch knows: did you mean timezone? (line 3 of f.yaml)`,
		`receivers[0].quietHour is not a setting campaignwatch knows: did you mean quietHours? (line 8 of f.yaml)`,
		`receivers[0].channels is text where a list belongs (line 9 of f.yaml)`,
		`receivers[0].digest is "true" in quotes, which is text: write true or false without quotes (line 10 of f.yaml)`,
		`receivers[0].colour is not a setting campaignwatch knows: the settings here are name, type, url,`,
		`receivers[0].name is given twice (first on line 5 of f.yaml): keep one (line 12 of f.yaml)`,
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != len(want) {
		t.Errorf("%d lines, want %d:\n%s", len(lines), len(want), err)
	}
	for i, w := range want {
		if i >= len(lines) || !strings.HasPrefix(lines[i], w) {
			t.Errorf("line %d does not start with\n%s\n%s", i, w, err)
		}
	}
}

// TestProblemsAreCapped: a file of a thousand mistakes prints the first
// few dozen and says how many more there are.
func TestProblemsAreCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString("version: 1\n")
	for i := range 1000 {
		fmt.Fprintf(&b, "key%d: x\n", i)
	}
	_, err := LoadFile(env(nil), &File{Name: "f.yaml", Data: []byte(b.String())}, Needs{})
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != maxShown+1 || lines[maxShown] != fmt.Sprintf("and %d more problems: fix these and run again to see the rest", 1000-maxShown) {
		t.Fatalf("%d lines, the last %q", len(lines), lines[len(lines)-1])
	}
}

// TestLargeOrganisationFitsTheLimits: 1,000 channels and 200 receivers,
// each routed to about a hundred of them, load without a problem.
func TestLargeOrganisationFitsTheLimits(t *testing.T) {
	f, e := largeFile(1000, 200)
	c, err := LoadFile(env(e), f, Needs{})
	if err != nil {
		t.Fatal(clipLines(err.Error()))
	}
	if len(c.Channels) != 1000 || len(c.Receivers) != 200 {
		t.Fatalf("%d channels, %d receivers", len(c.Channels), len(c.Receivers))
	}
}
