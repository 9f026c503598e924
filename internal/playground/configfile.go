package playground

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// writeConfigFile writes a configuration file that points campaignwatch at
// this playground, as the exports do, but with a receiver per team routed
// as a real setup would be: the way to try the file without editing it.
// Only the access key stays in variables (a file holds none). It lives in
// a directory of its own, removed by Close, and its path is ConfigFile.
func (p *Playground) writeConfigFile() error {
	dir, err := os.MkdirTemp("", "campaignwatch-playground-config-")
	if err != nil {
		return fmt.Errorf("making the configuration file's directory: %w", err)
	}
	p.closers = append(p.closers, func() { os.RemoveAll(dir) })
	v := p.Getenv
	q := strconv.Quote
	var b strings.Builder
	b.WriteString("# The playground's configuration file: every setting but the access key.\n")
	b.WriteString("# Try it from a terminal without the playground's exports (a setting given\n")
	b.WriteString("# both in a file and by its variable is an error): see the playground's output.\n")
	b.WriteString("version: 1\n")
	fmt.Fprintf(&b, "cams: {endpoint: %s}\n", q(v("CAMS_ENDPOINT")))
	fmt.Fprintf(&b, "snapshots: %s\n", q(v("SNAPSHOT_URL")))
	if e := v("OSS_ENDPOINT"); e != "" {
		fmt.Fprintf(&b, "oss: {region: %s, endpoint: %s}\n", q(v("OSS_REGION")), q(e))
	}
	fmt.Fprintf(&b, "http: {authToken: %s}\n", q(v("HTTP_AUTH_TOKEN")))
	b.WriteString(`channels:
  - {id: "cams-a1:239001", name: Brand A}
  - {id: "cams-b2:239002", name: Brand B}
receivers:
`)
	fmt.Fprintf(&b, "  - {name: brand-a-team, type: slack, url: %s, channels: [Brand A]}\n", q(v("SLACK_WEBHOOK_URL")))
	fmt.Fprintf(&b, "  - {name: brand-b-ops, type: dingtalk, url: %s, secret: %s, channels: [Brand B], language: zh-CN, timezone: Asia/Shanghai}\n",
		q(v("DINGTALK_WEBHOOK_URL")), q(v("DINGTALK_SECRET")))
	fmt.Fprintf(&b, "  - {name: marketing, type: feishu, url: %s, secret: %s, changes: [budget_changed, status_changed]}\n",
		q(v("FEISHU_WEBHOOK_URL")), q(v("FEISHU_SECRET")))
	fmt.Fprintf(&b, "  - {name: finance, type: webhook, url: %s, secret: %s, changes: [budget_changed], budgetChangeThreshold: 10%%}\n",
		q(v("WEBHOOK_URL")), q(v("WEBHOOK_SECRET")))
	p.configFile = filepath.Join(dir, "campaignwatch.yaml")
	if err := os.WriteFile(p.configFile, []byte(b.String()), 0o600); err != nil {
		return fmt.Errorf("writing the configuration file: %w", err)
	}
	return nil
}

// ConfigFile is the path of the playground's configuration file.
func (p *Playground) ConfigFile() string { return p.configFile }
