package main

import (
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
