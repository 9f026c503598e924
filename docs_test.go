package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// docFiles are the README and every page under docs/.
func docFiles(t *testing.T) []string {
	t.Helper()
	pages, err := filepath.Glob("docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	return append([]string{"README.md"}, pages...)
}

var mdLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// TestDocLinksResolve: every relative link of the README and docs/ names a
// file of the repository, and every #anchor a heading of its page, so that
// moving a section breaks a test rather than a reader's click.
func TestDocLinksResolve(t *testing.T) {
	for _, page := range docFiles(t) {
		text := readText(t, page)
		for _, m := range mdLink.FindAllStringSubmatch(text, -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			file, anchor, _ := strings.Cut(target, "#")
			path := page
			if file != "" {
				path = filepath.Join(filepath.Dir(page), file)
				if _, err := os.Stat(path); err != nil {
					t.Errorf("%s links to %s: %v", page, target, err)
					continue
				}
			}
			if anchor != "" && !hasAnchor(readText(t, path), anchor) {
				t.Errorf("%s links to %s: %s has no heading #%s", page, target, path, anchor)
			}
		}
	}
}

// hasAnchor reports whether a markdown page has a heading whose GitHub
// anchor is anchor (lower case, spaces as dashes, punctuation dropped).
func hasAnchor(page, anchor string) bool {
	for _, line := range strings.Split(page, "\n") {
		if !strings.HasPrefix(line, "#") {
			continue
		}
		heading := strings.ToLower(strings.TrimSpace(strings.TrimLeft(line, "#")))
		var b strings.Builder
		for _, r := range heading {
			switch {
			case r == ' ':
				b.WriteRune('-')
			case r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r > 127:
				b.WriteRune(r)
			}
		}
		if b.String() == anchor {
			return true
		}
	}
	return false
}

// TestConfigurationPageShowsTheExampleFile: the example configuration file
// docs/configuration.md shows is testdata/config/two-teams.yaml byte for
// byte, the file internal/config's TestExampleFileIsValid keeps valid and
// the deploy test ships.
func TestConfigurationPageShowsTheExampleFile(t *testing.T) {
	page := readText(t, "docs/configuration.md")
	file := readText(t, "testdata/config/two-teams.yaml")
	if !strings.Contains(page, "```yaml\n"+file+"```\n") {
		t.Fatal("docs/configuration.md does not show testdata/config/two-teams.yaml as it is: copy the file into its yaml block")
	}
}

func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSYAMLNamesEveryRoute: the comment on s.yaml's HTTP trigger names
// every route of docs/http.md's table, so that a deploying engineer reads
// there what the trigger serves.
func TestSYAMLNamesEveryRoute(t *testing.T) {
	syaml := readText(t, "s.yaml")
	route := regexp.MustCompile("`(?:GET|POST|PUT|DELETE|PATCH)(?:\\|(?:GET|POST|PUT|DELETE|PATCH))* (/[^` ]*)`")
	n := 0
	for _, line := range strings.Split(readText(t, "docs/http.md"), "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		cell, _, _ := strings.Cut(strings.TrimPrefix(line, "| "), " |")
		for _, m := range route.FindAllStringSubmatch(cell, -1) {
			n++
			if !strings.Contains(syaml, " "+m[1]) {
				t.Errorf("s.yaml's HTTP trigger comment does not name %s (docs/http.md's routes)", m[1])
			}
		}
	}
	if n < 5 {
		t.Fatalf("found %d routes in docs/http.md's table", n)
	}
}

// docGoFile is a Go file a page names: a path from the repository's root
// ("internal/run/check.go"), the tail of one ("config/locale.go"), a bare
// name ("health.go"), or a pattern whose <word> stands for one directory
// ("notify/<service>/fake.go").
var docGoFile = regexp.MustCompile(`[A-Za-z0-9_.<>/-]+\.go\b`)

// docTest is the name of a test a page cites.
var docTest = regexp.MustCompile(`\bTest[A-Z][A-Za-z0-9_]*`)

// TestArchitectureNamesWhatExists: every Go file and every Test* function
// that docs/architecture.md names exists in the repository, so that a
// file renamed or a test removed breaks a test rather than the page a
// newcomer reads first.
func TestArchitectureNamesWhatExists(t *testing.T) {
	page := readText(t, "docs/architecture.md")
	files, tests := repoGoFiles(t)
	for _, name := range uniq(docGoFile.FindAllString(page, -1)) {
		pat := regexp.QuoteMeta(name)
		pat = regexp.MustCompile(`<[^>]+>`).ReplaceAllString(pat, `[^/]+`)
		re := regexp.MustCompile(`(^|/)` + pat + `$`)
		found := false
		for _, f := range files {
			if re.MatchString(f) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("docs/architecture.md names %s, which is no file of the repository", name)
		}
	}
	for _, name := range uniq(docTest.FindAllString(page, -1)) {
		if !tests[name] {
			t.Errorf("docs/architecture.md cites %s, which is no test of the repository", name)
		}
	}
}

// repoGoFiles returns the repository's Go files (slash-separated paths
// from its root) and the names of the Test functions they declare.
func repoGoFiles(t *testing.T) ([]string, map[string]bool) {
	t.Helper()
	testFunc := regexp.MustCompile(`(?m)^func (Test[A-Za-z0-9_]*)\(`)
	var files []string
	tests := map[string]bool{}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && path != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata"):
			return filepath.SkipDir
		case d.IsDir() || !strings.HasSuffix(path, ".go"):
			return nil
		}
		files = append(files, filepath.ToSlash(path))
		if strings.HasSuffix(path, "_test.go") {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range testFunc.FindAllStringSubmatch(string(b), -1) {
				tests[m[1]] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files, tests
}

func uniq(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
