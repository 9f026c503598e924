package cli

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/")

func testEnv(vars map[string]string) (Env, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	return Env{Getenv: func(k string) string { return vars[k] }, Stdout: &out, Stderr: &errOut, Version: "v9.9.9"}, &out, &errOut
}

// TestHelpGolden: every command's --help, `help COMMAND` and the overview
// match testdata/help (go test -run TestHelpGolden -update rewrites them).
func TestHelpGolden(t *testing.T) {
	names := []string{"overview"}
	for _, c := range commands {
		names = append(names, c.name)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			args := [][]string{{"help", name}, {name, "--help"}, {name, "-h"}}
			if name == "overview" {
				args = [][]string{{"help"}, {"--help"}}
			}
			var first string
			for _, a := range args {
				env, out, errOut := testEnv(nil)
				if code := Main(context.Background(), a, env); code != exitOK || errOut.Len() > 0 {
					t.Fatalf("%q: exit %d, stderr %q; want 0 and nothing", a, code, errOut)
				}
				if first == "" {
					first = out.String()
				} else if out.String() != first {
					t.Errorf("%q prints other help than %q", a, args[0])
				}
			}
			golden := filepath.Join("testdata", "help", name+".txt")
			if *update {
				if err := os.WriteFile(golden, []byte(first), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			if first != string(want) {
				t.Errorf("help differs from %s:\n%s", golden, first)
			}
			if name != "overview" {
				for _, part := range []string{"Usage: campaignwatch " + name, "Flags:", "Exit codes:", "Example:"} {
					if !strings.Contains(first, part) {
						t.Errorf("help lacks %q", part)
					}
				}
			}
		})
	}
}

func TestMistypedCommandSuggestsOne(t *testing.T) {
	for _, tc := range []struct{ typed, want string }{
		{"chek", `did you mean "check"?`},
		{"digets", `did you mean "digest"?`},
		{"serv", `did you mean "serve"?`},
		{"playgrond", `did you mean "playground"?`},
		{"help-me-please", ""},
	} {
		t.Run(tc.typed, func(t *testing.T) {
			for _, args := range [][]string{{tc.typed}, {"help", tc.typed}} {
				env, out, errOut := testEnv(nil)
				if code := Main(context.Background(), args, env); code != exitUsage || out.Len() > 0 {
					t.Errorf("%q: exit %d, stdout %q; want 2 and nothing", args, code, out)
				}
				if tc.want == "" && strings.Contains(errOut.String(), "did you mean") || !strings.Contains(errOut.String(), tc.want) {
					t.Errorf("%q: stderr %q, want %q", args, errOut, tc.want)
				}
			}
		})
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		env, out, _ := testEnv(nil)
		if code := Main(context.Background(), args, env); code != exitOK || !strings.HasPrefix(out.String(), "v9.9.9 ") {
			t.Errorf("%q: exit %d, stdout %q; want 0 and the version set at build time first", args, code, out)
		}
	}
	env, _, errOut := testEnv(nil)
	if code := Main(context.Background(), []string{"version", "extra"}, env); code != exitUsage || errOut.Len() == 0 {
		t.Errorf("version extra: exit %d, want 2 and a reason", code)
	}
}

func TestBadFlagPointsToHelp(t *testing.T) {
	env, _, errOut := testEnv(nil)
	if code := Main(context.Background(), []string{"check", "--dryrun"}, env); code != exitUsage || !strings.Contains(errOut.String(), "campaignwatch help check") {
		t.Errorf("exit %d, stderr %q; want 2 and a pointer to the help", code, errOut)
	}
}
