package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/notify/receivers"
)

// configVariable matches the name of an environment variable of
// campaignwatch's configuration: every service's (notify/receivers) and
// the others.
var configVariable = func() *regexp.Regexp {
	names := []string{`ALIBABA_CLOUD_[A-Z_]+`, `CAMS_[A-Z_]+`, `SNAPSHOT_URL`, `OSS_[A-Z_]+`, `HTTP_AUTH_TOKEN`, `PUBLIC_URL`,
		`CAMPAIGNWATCH_CONFIG`, `MESSAGE_LANGUAGE`, `BUDGET_CHANGE_THRESHOLD`, `DIGEST_TIMEZONE`, `LOG_LEVEL`}
	for _, s := range receivers.All() {
		names = append(names, s.Vars.Names()...)
	}
	return regexp.MustCompile(`\b(` + strings.Join(names, "|") + `)\b`)
}()

// mayNameVariables are the folders whose strings may name configuration
// variables: internal/config reads them and owns every error about them;
// internal/cli documents them in its help; notify/catalog's health hints
// tell on-call people what to change; internal/playground, internal/perf
// and internal/dashboard/dashtest set them for the product they start.
var mayNameVariables = []string{"internal/config", "internal/cli", "notify/catalog", "internal/playground", "internal/perf", "internal/dashboard/dashtest"}

// TestNoVariableNamesOutsideConfig: no string literal of the non-test code
// outside mayNameVariables names a configuration variable, but for a
// service's declaration of its own (a notify.Vars value). The packages
// internal/config feeds take already-valid values; their errors say what
// to fix in words ("the receiver's webhook URL", "the snapshot location"),
// and the report line names the receiver, so that a setting's variable is
// named in one place only.
func TestNoVariableNamesOutsideConfig(t *testing.T) {
	fset := token.NewFileSet()
	files := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		slash := filepath.ToSlash(path)
		if d.IsDir() {
			for _, dir := range mayNameVariables {
				if slash == dir {
					return filepath.SkipDir
				}
			}
			if d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && path != "." {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files++
		ast.Inspect(f, func(n ast.Node) bool {
			if isVarsLiteral(n) {
				return false
			}
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				s = lit.Value
			}
			if name := configVariable.FindString(s); name != "" {
				t.Errorf("%s: a string names %s; word it without the variable (internal/config owns advice that must name one)", fset.Position(lit.Pos()), name)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 50 {
		t.Fatalf("scanned %d files; the walk missed the code", files)
	}
}

// isVarsLiteral reports whether n is a notify.Vars composite literal: a
// service's declaration of its variables, which internal/config reads.
func isVarsLiteral(n ast.Node) bool {
	lit, ok := n.(*ast.CompositeLit)
	if !ok {
		return false
	}
	sel, ok := lit.Type.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && pkg.Name == "notify" && sel.Sel.Name == "Vars"
}

// TestEveryServiceVariableIsDeployedAndDocumented: each variable a service
// of notify/receivers declares is passed to the function by s.yaml and
// listed in docs/configuration.md's table, so that a new service's
// variables are deployable and documented, not only read.
func TestEveryServiceVariableIsDeployedAndDocumented(t *testing.T) {
	syaml, err := os.ReadFile("s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile(filepath.Join("docs", "configuration.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range receivers.All() {
		for _, v := range s.Vars.Names() {
			if !strings.Contains(string(syaml), "        "+v+": ${env('"+v+"', '')}") {
				t.Errorf("s.yaml does not pass %s (of %s) to the function", v, s.Type)
			}
			if !strings.Contains(string(doc), "| `"+v+"`") && !strings.Contains(string(doc), ", `"+v+"`") {
				t.Errorf("docs/configuration.md's table does not list %s (of %s)", v, s.Type)
			}
		}
	}
}
