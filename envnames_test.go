package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// configVariable matches the name of an environment variable of
// campaignwatch's configuration.
var configVariable = regexp.MustCompile(`\b(SLACK_WEBHOOK_URL|DINGTALK_[A-Z_]+|FEISHU_[A-Z_]+|WECOM_WEBHOOK_URL|WEBHOOK_URL|WEBHOOK_SECRET|ALIBABA_CLOUD_[A-Z_]+|CAMS_[A-Z_]+|SNAPSHOT_URL|OSS_[A-Z_]+|HTTP_AUTH_TOKEN|CAMPAIGNWATCH_CONFIG|MESSAGE_LANGUAGE|BUDGET_CHANGE_THRESHOLD|DIGEST_TIMEZONE|LOG_LEVEL)\b`)

// mayNameVariables are the folders whose strings may name configuration
// variables: internal/config reads them and owns every error about them;
// internal/cli documents them in its help; notify/catalog's health hints
// tell on-call people what to change; internal/playground, internal/perf
// and internal/dashboard/dashtest set them for the product they start.
var mayNameVariables = []string{"internal/config", "internal/cli", "notify/catalog", "internal/playground", "internal/perf", "internal/dashboard/dashtest"}

// TestNoVariableNamesOutsideConfig: no string literal of the non-test code
// outside mayNameVariables names a configuration variable. The packages
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
