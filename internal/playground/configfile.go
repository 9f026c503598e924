package playground

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/campaignwatch/campaignwatch/notify/receivers"
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
	fmt.Fprintf(&b, "http: {authToken: %s, publicURL: %s}\n", q(v("HTTP_AUTH_TOKEN")), q(v("PUBLIC_URL")))
	b.WriteString(`channels:
  - {id: "cams-a1:239001", name: Brand A}
  - {id: "cams-b2:239002", name: Brand B}
receivers:
`)
	for _, t := range sampleTeams {
		svc, ok := receivers.Lookup(t.service)
		if !ok {
			return fmt.Errorf("the sample team %s's service %q is not in notify/receivers", t.name, t.service)
		}
		fmt.Fprintf(&b, "  - {name: %s, type: %s, url: %s", t.name, svc.Type, q(v(svc.Vars.URL)))
		if svc.Vars.Secret != "" {
			fmt.Fprintf(&b, ", secret: %s", q(v(svc.Vars.Secret)))
		}
		fmt.Fprintf(&b, ", %s}\n", t.route)
	}
	p.configFile = filepath.Join(dir, "campaignwatch.yaml")
	if err := os.WriteFile(p.configFile, []byte(b.String()), 0o600); err != nil {
		return fmt.Errorf("writing the configuration file: %w", err)
	}
	return nil
}

// sampleTeams are the receivers of the playground's configuration file:
// a team, the service it reads, and what it gets.
var sampleTeams = []struct{ name, service, route string }{
	{"brand-a-team", "slack", "channels: [Brand A]"},
	{"brand-b-ops", "dingtalk", "channels: [Brand B], language: zh-CN, timezone: Asia/Shanghai"},
	{"marketing", "feishu", "changes: [budget_changed, status_changed]"},
	{"finance", "webhook", "changes: [budget_changed], budgetChangeThreshold: 10%"},
}

// ConfigFile is the path of the playground's configuration file.
func (p *Playground) ConfigFile() string { return p.configFile }
