package cli

import (
	"runtime"
	"runtime/debug"
	"strings"
)

// Version describes this binary in one line: the version, then the commit
// and its time when the build recorded them, then the Go version, e.g.
// "v1.4.0 (commit 5a712f6c0e1d, 2026-05-01T10:00:00Z) go1.25.1". set is
// the version given at build time (-ldflags "-X main.version=v1.4.0"),
// which wins; without it, the module's version, or "devel" for a build
// from a working tree.
func Version(set string) string {
	bi, _ := debug.ReadBuildInfo()
	return versionOf(set, bi)
}

func versionOf(set string, bi *debug.BuildInfo) string {
	v := set
	goVersion := runtime.Version()
	var rev, at string
	modified := false
	if bi != nil {
		goVersion = bi.GoVersion
		if v == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				at = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	if v == "" {
		v = "devel"
	}
	var details []string
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if modified {
			rev += ", modified"
		}
		details = append(details, "commit "+rev)
	}
	if at != "" {
		details = append(details, at)
	}
	out := v
	if len(details) > 0 {
		out += " (" + strings.Join(details, ", ") + ")"
	}
	return out + " " + goVersion
}
