package config

import (
	"strings"

	"github.com/campaignwatch/campaignwatch/notify"
)

// Rescue returns the receivers that can still be built when the
// configuration as a whole cannot be loaded, to tell them so: each
// receiver of f (nil when the file could not be read) whose own type, URL,
// secret and mentions are sound, and each receiver of the webhook
// variables. A receiver's routing (channels, change types, threshold,
// quiet hours) is not checked: a notice that nothing runs goes to it
// whatever it would get of a check. Only receivers with Health set are
// returned, each with its language and zone where those can be read. A
// file that cannot be parsed gives nothing; the variables' receivers
// still count. Names are unique: a later receiver of a name already taken
// is left out.
func Rescue(getenv func(string) string, f *File) []Receiver {
	env := func(name string) string { return strings.TrimSpace(getenv(name)) }
	l := &loader{get: env}
	c := &Config{}
	if f != nil {
		if fc, p := decodeFile(f); p == nil {
			l.file = fc
			l.named = map[string]bool{}
			l.x = &expander{getenv: getenv, named: l.named, probs: &l.problems}
			l.settings = fileSettings(fc, l.x)
			l.get = func(name string) string {
				if s, ok := l.settings[name]; ok {
					return s.value
				}
				return env(name)
			}
			for i := range fc.Receivers {
				r := &fc.Receivers[i]
				r.Channels, r.Changes, r.BudgetChangeThreshold, r.QuietHours = nil, nil, "", ""
			}
			l.fileReceivers(c)
		}
	}
	fromFile := len(c.Receivers)
	l.receivers(c, Needs{})
	l.digestAndServer(c)
	l.applyFileDefaults(c)
	routeEnvReceivers(c, fromFile)
	c.expanded = l.x.secretValues()
	notify.Process().Add(c.Secrets()...)
	var out []Receiver
	seen := map[string]bool{}
	for _, r := range c.Receivers {
		if !r.Health || seen[r.Name] {
			continue
		}
		seen[r.Name] = true
		out = append(out, r)
	}
	return out
}
