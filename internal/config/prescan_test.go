package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestPrescanAcceptsOrdinaryYAML: what a configuration is written with
// (quotes holding &, *, # and brackets, comments, block scalars, a flow
// list per line, dashes and colons inside values, the repository's
// example files) passes the pre-scan.
func TestPrescanAcceptsOrdinaryYAML(t *testing.T) {
	cases := map[string]string{
		"quoted indicators": "name: \"Brand & Co *new* [sale] {x} #1\"\nother: 'it''s & *'\n",
		"plain indicators":  "name: Brand & Co *new* #1\nurl: https://x.example.com/h?a=1&b=*2\n",
		"comment":           "# &anchor *alias !tag [[[[[[[[[[[[[[[[[[[[\nversion: 1 # [[[[[[[[[[[[[[[[[[[[ &a\n",
		"block scalar":      "note: |\n  &a *b !c\n    [[[[[[[[[[[[[[[[[[[[\n  - - - - - - - - - - - - - - - - - -\nversion: 1\n",
		"flow per line":     "channels: [Brand A, \"Brand B\", 'Brand C', cams-a1:239001]\n",
		"sequence of maps":  "receivers:\n  - name: a\n    mention: {mobiles: [\"13800000000\"], all: false}\n  -\n    name: b\n",
		"colon in value":    "quietHours: 22:00-08:00\nid: cams-a1:239001\n",
	}
	for name, data := range cases {
		if got := prescan("f.yaml", []byte(data)); len(got) > 0 {
			t.Errorf("%s: refused: %v", name, got)
		}
	}
	paths, _ := filepath.Glob("../../testdata/config/*.yaml")
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := prescan(p, data); len(got) > 0 {
			t.Errorf("%s: refused: %v", p, got)
		}
	}
}

// TestPrescanRefuses: each kind of refusal, named with its first line.
func TestPrescanRefuses(t *testing.T) {
	cases := []struct{ name, data, want string }{
		{"anchor", "version: 1\nx: &a 1\n", "f.yaml:2: uses a YAML anchor"},
		{"alias in flow", "version: 1\nx: [a, *a]\n", "f.yaml:2: uses a YAML alias"},
		{"alias in block", "version: 1\nx:\n  - *a\n", "f.yaml:3: uses a YAML alias"},
		{"tag", "version: 1\nx: !!binary aGk=\n", "f.yaml:2: uses a YAML tag"},
		{"flow depth", "x: " + strings.Repeat("[", 17) + strings.Repeat("]", 17) + "\n", "f.yaml:1: nests deeper than 16 levels"},
		{"dash depth", "x:\n" + strings.Repeat("- ", 17) + "y\n", "f.yaml:2: nests deeper than 16 levels"},
		{"long line", "x: " + strings.Repeat("y", maxLine) + "\n", "f.yaml:1: has a line longer than"},
		{"many nodes", strings.Repeat("- a\n", maxNodes+1), "f.yaml: holds more than 50000 keys and values"},
		{"many aliases", "x: [" + strings.Repeat("*a, ", 1000) + "*a]\n", "(1001 times in the file, first on this line)"},
	}
	for _, c := range cases {
		got := strings.Join(prescan("f.yaml", []byte(c.data)), "\n")
		if !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// TestSchemaIsDecodable: every field of the file's schema is of a kind
// the decoder reads and every list has its max tag, so that a key added
// without one fails here rather than panicking on a user's file.
func TestSchemaIsDecodable(t *testing.T) {
	var walk func(t *testing.T, typ reflect.Type, place string)
	walk = func(t *testing.T, typ reflect.Type, place string) {
		for i := range typ.NumField() {
			f := typ.Field(i)
			key := f.Tag.Get("yaml")
			if key == "" {
				t.Errorf("%s.%s has no yaml tag", place, f.Name)
				continue
			}
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Slice {
				if f.Tag.Get("max") == "" {
					t.Errorf("the list %s.%s has no max tag", place, key)
				}
				ft = ft.Elem()
			}
			switch ft.Kind() {
			case reflect.Struct:
				walk(t, ft, place+"."+key)
			case reflect.String, reflect.Bool, reflect.Int, reflect.Int64, reflect.Float64:
			default:
				t.Errorf("%s.%s is of kind %s, which the decoder does not read", place, key, ft.Kind())
			}
		}
	}
	walk(t, reflect.TypeOf(fileConfig{}), "file")
}
