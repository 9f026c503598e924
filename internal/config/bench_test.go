package config

import (
	"fmt"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/config/configtest"
)

// largeFile is a deployment configured by file: channels channels with
// display names and a filter, and receivers receivers (Slack and DingTalk
// in turn) each routed to a tenth of the channels, with quiet hours,
// thresholds and mentions.
func largeFile(channels, receivers int) (*File, map[string]string) {
	var b strings.Builder
	e := map[string]string{}
	b.WriteString("version: 1\ntimezone: Asia/Shanghai\nbudgetChangeThreshold: 10%\nchannels:\n")
	for i := range channels {
		fmt.Fprintf(&b, "  - {id: \"cams-%04d:%d\", name: \"Brand %04d\", filters: {status: AVAILABLE}}\n", i, 239000+i, i)
	}
	b.WriteString("receivers:\n")
	for r := range receivers {
		fmt.Fprintf(&b, "  - name: team-%02d\n", r)
		if r%2 == 0 {
			fmt.Fprintf(&b, "    type: slack\n    url: \"${HOOK_%02d}\"\n", r)
			e[fmt.Sprintf("HOOK_%02d", r)] = fmt.Sprintf("https://hooks.slack.com/services/T0/B%02d/secret", r)
		} else {
			fmt.Fprintf(&b, "    type: dingtalk\n    url: \"${HOOK_%02d}\"\n    secret: \"${SECRET_%02d}\"\n    mention: {mobiles: [\"138000000%02d\"]}\n", r, r, r)
			e[fmt.Sprintf("HOOK_%02d", r)] = fmt.Sprintf("https://oapi.dingtalk.com/robot/send?access_token=t%02d", r)
			e[fmt.Sprintf("SECRET_%02d", r)] = fmt.Sprintf("SECsecret%02d", r)
		}
		b.WriteString("    channels: [")
		for i := r; i < channels; i += 10 {
			if i > r {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "\"Brand %04d\"", i)
		}
		b.WriteString("]\n    changes: [budget_changed, status_changed]\n    budgetChangeThreshold: $50\n    quietHours: \"22:00-07:00\"\n")
	}
	return &File{Name: "large.yaml", Data: []byte(b.String())}, e
}

// BenchmarkLoadFile300x20 loads and checks a deployment of 300 channels
// and 20 receivers configured by file: what every run pays before it
// lists anything.
func BenchmarkLoadFile300x20(b *testing.B) {
	f, e := largeFile(300, 20)
	getenv := env(e)
	b.SetBytes(int64(len(f.Data)))
	b.ReportAllocs()
	for b.Loop() {
		c, err := LoadFile(getenv, f, Needs{})
		if err != nil {
			b.Fatal(err)
		}
		if len(c.Channels) != 300 || len(c.Receivers) != 20 {
			b.Fatalf("%d channels, %d receivers", len(c.Channels), len(c.Receivers))
		}
	}
}

// BenchmarkHostileFiles refuses each hostile file of configtest (and
// parses the largest shape the limits let through): the time and the
// bytes allocated per file, which docs/configuration-limits.md quotes.
func BenchmarkHostileFiles(b *testing.B) {
	files := append(configtest.Files(), configtest.File{Name: "largest-accepted-shape.yaml", Data: largestShape()})
	getenv := env(configtest.Env("https://hooks.slack.com/services/T0/B0/x"))
	for _, h := range files {
		b.Run(h.Name, func(b *testing.B) {
			f := &File{Name: h.Name, Data: h.Data}
			b.SetBytes(int64(len(h.Data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := LoadFile(getenv, f, ForServe); err == nil {
					b.Fatal("accepted")
				}
			}
		})
	}
}
