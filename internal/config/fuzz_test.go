package config

import (
	"strconv"
	"strings"
	"testing"
)

// FuzzLoad feeds Load an environment of "NAME=value" lines. Load must not
// panic, must either succeed or return an Invalid error with one line per
// problem, and no error may carry a secret value.
func FuzzLoad(f *testing.F) {
	f.Fuzz(func(t *testing.T, lines string) {
		e := map[string]string{}
		for _, line := range strings.Split(lines, "\n") {
			if k, v, ok := strings.Cut(line, "="); ok {
				e[k] = v
			}
		}
		c, err := Load(env(e), ForRun(false))
		if err == nil {
			if c == nil {
				t.Fatal("Load returned neither a Config nor an error")
			}
			return
		}
		problemVars(t, err)
		text := err.Error()
		// A secret can show up legitimately when it is also part of a
		// non-secret value that a problem quotes, or of a variable name;
		// only distinctive secrets are checked.
		var public strings.Builder
		for k, v := range e {
			public.WriteString(k + "\n")
			if !isSecretVar(k) {
				public.WriteString(v + "\n" + strconv.Quote(strings.TrimSpace(v)) + "\n")
			}
		}
		for _, leak := range leakedSecrets(e, text, 10) {
			_, s, _ := strings.Cut(leak, "=")
			if !strings.Contains(public.String(), s) {
				t.Fatalf("error carries secret %s:\n%s", leak, text)
			}
		}
	})
}

func isSecretVar(name string) bool {
	for _, v := range secretVars {
		if v == name {
			return true
		}
	}
	return false
}
