package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/config"
)

// TestConfigLoaderChangedOnlyOnce: without a file, and with a local file,
// only the first Load reports a change, so that Live builds the App once
// and not at every invocation (which would probe the snapshot store each
// time).
func TestConfigLoaderChangedOnlyOnce(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(path, []byte("version: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, flag := range []string{"", path} {
		l, err := NewConfigLoader(func(string) string { return "" }, flag, config.Needs{})
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range []bool{true, false, false} {
			_, changed, err := l.Load(context.Background())
			if err != nil || changed != want {
				t.Fatalf("file %q, Load #%d: changed %v, %v; want %v", flag, i+1, changed, err, want)
			}
		}
	}
}

// TestConfigLoaderRelativeToCodePackage: inside Function Compute a relative
// path is taken from the code package.
func TestConfigLoaderRelativeToCodePackage(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte("version: 1\nlanguage: zh-CN\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"FC_FUNC_CODE_PATH": dir, "CAMPAIGNWATCH_CONFIG": "config.yaml"}
	l, err := NewConfigLoader(func(k string) string { return env[k] }, "", config.Needs{})
	if err != nil {
		t.Fatal(err)
	}
	cfg, _, err := l.Load(context.Background())
	if err != nil || cfg.Language != "zh-CN" {
		t.Fatalf("Load: %+v, %v", cfg, err)
	}
}
