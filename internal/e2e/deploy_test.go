package e2e

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-yaml"

	"github.com/campaignwatch/campaignwatch/internal/fcruntime/fctest"
	"github.com/campaignwatch/campaignwatch/notify/dingtalk/dingtalktest"
	"github.com/campaignwatch/campaignwatch/notify/slack/slacktest"
)

// sYAML is the part of s.yaml the deploy test follows.
type sYAML struct {
	Vars      map[string]string `yaml:"vars"`
	Resources map[string]struct {
		Actions struct {
			PreDeploy []struct {
				Run  string `yaml:"run"`
				Path string `yaml:"path"`
			} `yaml:"pre-deploy"`
		} `yaml:"actions"`
		Props struct {
			Code                 string            `yaml:"code"`
			Handler              string            `yaml:"handler"`
			EnvironmentVariables map[string]string `yaml:"environmentVariables"`
		} `yaml:"props"`
	} `yaml:"resources"`
}

var (
	sEnvRef    = regexp.MustCompile(`\$\{env\('([A-Z0-9_]+)', '([^']*)'\)\}`)
	sVarRef    = regexp.MustCompile(`\$\{vars\.([a-z]+)\}`)
	sConfigRef = regexp.MustCompile(`\$\{config\('([A-Za-z]+)'\)\}`)
	// A variable line s.yaml's comment tells the deployer to add for the
	// example file's ${NAME}s.
	sCommentedVar = regexp.MustCompile(`(?m)^\s*#\s+([A-Z0-9_]+): (\$\{env\('[A-Z0-9_]+', ''\)\})$`)
)

// expand evaluates Serverless Devs' ${env('NAME', 'default')},
// ${vars.NAME} and ${config('NAME')} as `s deploy` does, from the deploying
// shell's variables shell.
func (s *sYAML) expand(text string, shell map[string]string) string {
	text = sVarRef.ReplaceAllStringFunc(text, func(m string) string {
		return s.expand(s.Vars[sVarRef.FindStringSubmatch(m)[1]], shell)
	})
	text = sConfigRef.ReplaceAllString(text, "1234567890123456")
	return sEnvRef.ReplaceAllStringFunc(text, func(m string) string {
		sm := sEnvRef.FindStringSubmatch(m)
		if v, ok := shell[sm[1]]; ok && v != "" {
			return v
		}
		return sm[2]
	})
}

// TestDeployPackage builds the code package exactly as s.yaml's pre-deploy
// commands do (run by sh in a copy of the repository, with the deploying
// shell's variables of docs/deploying.md's configuration-file recipe),
// then starts the binary it made from the package directory, under the
// fake Function Compute runtime, with the environment s.yaml gives the
// function: the README's example configuration file shipped as
// config.yaml, its ${NAME}s added as s.yaml's comment shows. A timer
// invocation must run the baseline check in OSS and tell the teams.
func TestDeployPackage(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(filepath.Join(moduleRoot, "s.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var s sYAML
	if err := yaml.Unmarshal(raw, &s); err != nil {
		t.Fatalf("s.yaml: %v", err)
	}
	fn, ok := s.Resources["campaignwatch"]
	if !ok || len(fn.Actions.PreDeploy) == 0 {
		t.Fatal("s.yaml has no campaignwatch resource with pre-deploy commands")
	}

	w := NewWorld(t, Options{OSS: true, NoSlack: true, NoDingTalk: true})
	const exampleBucket = "campaignwatch-snapshots" // the example file's snapshots
	w.OSS.CreateBucket(exampleBucket)
	brandA, finance := slacktest.New(), slacktest.New()
	t.Cleanup(brandA.Close)
	t.Cleanup(finance.Close)
	brandB := dingtalktest.New(dingSecret)
	t.Cleanup(brandB.Close)
	shell := map[string]string{
		"CAMPAIGNWATCH_CONFIG_FILE": "testdata/config/two-teams.yaml",
		"CAMPAIGNWATCH_CONFIG":      "config.yaml",
		"CAMPAIGNWATCH_VERSION":     "v0.0.0-deploy",
		"DIGEST_TIMEZONE":           "Asia/Shanghai",
		"HTTP_AUTH_TOKEN":           httpToken,
		"SLACK_BRAND_A":             brandA.URL(),
		"SLACK_FINANCE":             finance.URL(),
		"DINGTALK_BRAND_B":          brandB.URL(),
		"DINGTALK_BRAND_B_SECRET":   dingSecret,
		// The fakes stand in for the cloud's endpoints.
		"CAMS_ENDPOINT": w.CAMS.URL,
		"OSS_ENDPOINT":  w.OSSG.URL,
		"OSS_REGION":    "cn-hangzhou",
	}

	// The pre-deploy step, command by command, in a copy of the repository.
	repo := copyRepo(t)
	for i, c := range fn.Actions.PreDeploy {
		cmd := exec.Command("sh", "-c", s.expand(c.Run, shell))
		cmd.Dir = filepath.Join(repo, c.Path)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("pre-deploy command #%d failed: %v\n%s\n%s", i+1, err, c.Run, out)
		}
	}
	code := filepath.Join(repo, fn.Props.Code)
	binary := filepath.Join(code, fn.Props.Handler)
	if _, err := os.Stat(binary); err != nil {
		t.Fatalf("the code package has no %s: %v", fn.Props.Handler, err)
	}
	if out, err := exec.Command(binary, "demo").CombinedOutput(); err == nil || !strings.Contains(string(out), "demo: not in this build") {
		t.Errorf("the deployed binary's demo answered (%v):\n%s\nwant it to say demo is not in this build (-tags fcdeploy)", err, out)
	}
	shipped, err := os.ReadFile(filepath.Join(code, "config.yaml"))
	want, _ := os.ReadFile(filepath.Join(moduleRoot, "testdata", "config", "two-teams.yaml"))
	if err != nil || !bytes.Equal(shipped, want) {
		t.Fatalf("the code package's config.yaml is not the example file (%v)", err)
	}

	// The function's environment: s.yaml's variables, the ones its comment
	// says to add for the example file, and what Function Compute injects.
	env := map[string]string{}
	for k, v := range fn.Props.EnvironmentVariables {
		env[k] = s.expand(v, shell)
	}
	added := 0
	for _, m := range sCommentedVar.FindAllStringSubmatch(string(raw), -1) {
		env[m[1]] = s.expand(m[2], shell)
		added++
	}
	if added != 4 {
		t.Fatalf("s.yaml's comment shows %d variables for the example file, want its 4 ${NAME}s", added)
	}
	rt := fctest.New()
	for k, v := range map[string]string{
		"FC_RUNTIME_API":                  rt.Addr(),
		"FC_FUNC_CODE_PATH":               code,
		"FC_REGION":                       "cn-hangzhou",
		"FC_FUNCTION_NAME":                "campaignwatch",
		"ALIBABA_CLOUD_ACCESS_KEY_ID":     w.Env["ALIBABA_CLOUD_ACCESS_KEY_ID"],
		"ALIBABA_CLOUD_ACCESS_KEY_SECRET": w.Env["ALIBABA_CLOUD_ACCESS_KEY_SECRET"],
	} {
		env[k] = v
	}
	cmd := exec.Command(binary)
	cmd.Dir = code
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill() // first: the SDK spins on GET next once the runtime is gone
		_ = cmd.Wait()
		rt.Close()
	})

	ans, isErr, err := rt.Invoke(stepCtx(t, 60*time.Second), fixture(t, "timer-check.json"))
	if err != nil || isErr {
		t.Fatalf("the timer invocation: %v, failed=%v, answer %s\nfunction's stderr:\n%s", err, isErr, ans, tail(stderr.String(), 3000))
	}
	var rep Report
	if err := json.Unmarshal(ans, &rep); err != nil || !rep.Baseline || len(rep.Channels) != 2 {
		t.Fatalf("the first check answered %s; want the baseline of the example's two channels", ans)
	}
	if keys := w.OSS.Keys(exampleBucket, "campaignwatch/"); len(keys) == 0 {
		t.Fatal("the baseline was not committed to the example file's bucket")
	}
	for name, fake := range map[string]*slacktest.Server{"brand-a-team": brandA, "finance": finance} {
		if n := len(fake.Payloads()); n != 1 {
			t.Errorf("%s got %d messages, want its baseline note", name, n)
		}
	}
	if strings.Contains(stderr.String(), "given both") {
		t.Errorf("the function reported a setting given twice:\n%s", tail(stderr.String(), 2000))
	}
}

// TestDeployRefusesAHalfConfiguredFile: s.yaml's pre-deploy step stops
// when one of CAMPAIGNWATCH_CONFIG_FILE and CAMPAIGNWATCH_CONFIG=config.yaml
// is given without the other, saying what to add.
func TestDeployRefusesAHalfConfiguredFile(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(filepath.Join(moduleRoot, "s.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var s sYAML
	if err := yaml.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	var ship string
	for _, c := range s.Resources["campaignwatch"].Actions.PreDeploy {
		if strings.Contains(c.Run, "CAMPAIGNWATCH_CONFIG_FILE") {
			ship = c.Run
		}
	}
	if ship == "" {
		t.Fatal("no pre-deploy command ships CAMPAIGNWATCH_CONFIG_FILE")
	}
	cases := []struct {
		name  string
		shell map[string]string
		want  string
	}{
		{"file without CAMPAIGNWATCH_CONFIG", map[string]string{"CAMPAIGNWATCH_CONFIG_FILE": "testdata/config/two-teams.yaml"}, "also export CAMPAIGNWATCH_CONFIG=config.yaml"},
		{"config.yaml without a file", map[string]string{"CAMPAIGNWATCH_CONFIG": "config.yaml"}, "export CAMPAIGNWATCH_CONFIG_FILE=PATH"},
	}
	for _, c := range cases {
		dir := t.TempDir()
		if err := os.MkdirAll(filepath.Join(dir, "internal", "deploy", "build"), 0o755); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("sh", "-c", s.expand(ship, c.shell))
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(out), c.want) {
			t.Errorf("%s: the step answered %v:\n%s\nwant a failure saying %q", c.name, err, out, c.want)
		}
	}
}

// copyRepo copies the module's files (not .git, not a code package built
// before) into a temporary directory.
func copyRepo(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(moduleRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(moduleRoot, path)
		if rel == ".git" || d.IsDir() && rel == filepath.Join("internal", "deploy", "build") {
			if !d.IsDir() {
				return nil
			}
			return filepath.SkipDir
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatalf("copying the repository: %v", err)
	}
	return dst
}
