package config

import (
	"errors"
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

// FuzzLoadFile feeds LoadFile any file text. It must not panic; it either
// succeeds or returns an Invalid error of one line per problem, each
// naming a place or the file; and no problem carries the secret the
// environment holds.
func FuzzLoadFile(f *testing.F) {
	const secret = "fuzzsecretvalue0123456789"
	f.Fuzz(func(t *testing.T, data []byte) {
		e := map[string]string{"HOOK": "https://hooks.slack.com/services/T0/B0/" + secret, "TOKEN": secret}
		c, err := LoadFile(env(e), &File{Name: "f.yaml", Data: data}, Needs{})
		if err == nil {
			if c == nil {
				t.Fatal("LoadFile returned neither a Config nor an error")
			}
			return
		}
		var ps *problems
		if !errors.As(err, &ps) || len(ps.List) == 0 {
			t.Fatalf("no problems under %v", err)
		}
		for _, p := range ps.List {
			if p.Var == "" || strings.Contains(p.Text, "\n") {
				t.Fatalf("problem %+v: want a place and one line", p)
			}
		}
		if strings.Contains(err.Error(), secret) && !strings.Contains(string(data), secret) {
			t.Fatalf("a problem carries the secret:\n%v", err)
		}
	})
}
