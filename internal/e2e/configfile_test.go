package e2e

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// malformedFile is one of internal/config/testdata/bad: its header gives
// the start of the problem line it must produce ("FILE" for its path) and
// the variables it needs besides the world's.
type malformedFile struct {
	name, path, want string
	env              map[string]string
}

func malformedFiles(t *testing.T) []malformedFile {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(moduleRoot, "internal", "config", "testdata", "bad", "*.yaml"))
	if err != nil || len(paths) < 15 {
		t.Fatalf("%d malformed files (%v), want at least 15", len(paths), err)
	}
	var out []malformedFile
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		m := malformedFile{name: filepath.Base(p), path: p, env: map[string]string{}}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			if w, ok := strings.CutPrefix(sc.Text(), "# want: "); ok {
				m.want = strings.ReplaceAll(w, "FILE", p)
			} else if e, ok := strings.CutPrefix(sc.Text(), "# env: "); ok {
				k, v, _ := strings.Cut(e, "=")
				m.env[k] = v
			} else {
				break
			}
		}
		out = append(out, m)
	}
	return out
}

// TestConfigFileErrors runs check and digest with each malformed
// configuration file: exit 2, a line naming the problem's place (or the
// file's line and column), and nothing listed, sent or committed.
func TestConfigFileErrors(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{})
	for _, m := range malformedFiles(t) {
		t.Run(m.name, func(t *testing.T) {
			defer w.as(t)()
			for _, args := range [][]string{{"check", "--json", "--config", m.path}, {"digest", "--config", m.path}} {
				r := w.RunEnv(m.env, args...)
				if r.Code != 2 {
					t.Fatalf("%s: exit %d, want 2\nstderr:\n%s", args[0], r.Code, r.Stderr)
				}
				found := false
				for _, line := range strings.Split(r.Stderr, "\n") {
					found = found || strings.HasPrefix(line, m.want)
				}
				if !found {
					t.Errorf("%s: no line starts with %q:\n%s", args[0], m.want, r.Stderr)
				}
			}
		})
	}
	if seen := w.CAMS.Seen(); len(seen) != 0 {
		t.Errorf("runs refused for their configuration file called CAMS %d times", len(seen))
	}
	if n := w.Posts(); n != 0 {
		t.Errorf("runs refused for their configuration file posted %d messages", n)
	}
	if s := w.StoreState(); len(s) != 0 {
		t.Errorf("runs refused for their configuration file wrote %d objects to the store", len(s))
	}
}

// TestConfigFileErrorsUnderFC: with a bad file, every FC invocation fails
// with the problems and does nothing.
func TestConfigFileErrorsUnderFC(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{OSS: true})
	bad := filepath.Join(moduleRoot, "internal", "config", "testdata", "bad", "bad-quiet-hours.yaml")
	w.Env["CAMPAIGNWATCH_CONFIG"] = bad
	fc := w.StartFC(0)
	for range 2 {
		rep, msg := fc.Timer(fixture(t, "timer-check.json"))
		if rep != nil || !strings.Contains(msg, `receivers[1].quietHours "22:00-25:00"`) {
			t.Fatalf("invocation: report %+v, error %q; want the problem", rep, msg)
		}
	}
	if seen := w.CAMS.Seen(); len(seen) != 0 || w.Posts() != 0 || len(w.StoreState()) != 0 {
		t.Fatalf("a misconfigured function listed (%d), posted (%d) or committed (%d)", len(seen), w.Posts(), len(w.StoreState()))
	}
}

// TestConfigFileInOSSEditedBetweenRuns: a configuration kept in OSS is read
// at the start of every FC invocation; unchanged it costs one conditional
// request (304), and an edit applies on the next run: here a DingTalk
// receiver added to it gets the next change.
func TestConfigFileInOSSEditedBetweenRuns(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{OSS: true})
	const cfgBucket, cfgKey = "cw-config", "campaignwatch/config.yaml"
	w.OSS.CreateBucket(cfgBucket)
	// The webhooks move from their variables into the file, through ${NAME}.
	w.Env["TEAM_SLACK"], w.Env["OPS_DINGTALK"], w.Env["OPS_SECRET"] = w.Env["SLACK_WEBHOOK_URL"], w.Env["DINGTALK_WEBHOOK_URL"], w.Env["DINGTALK_SECRET"]
	delete(w.Env, "SLACK_WEBHOOK_URL")
	delete(w.Env, "DINGTALK_WEBHOOK_URL")
	delete(w.Env, "DINGTALK_SECRET")
	w.Env["CAMPAIGNWATCH_CONFIG"] = "oss://" + cfgBucket + "/" + cfgKey
	v1 := "version: 1\nreceivers:\n  - {name: team, type: slack, url: \"${TEAM_SLACK}\"}\n"
	v2 := v1 + "  - {name: ops, type: dingtalk, url: \"${OPS_DINGTALK}\", secret: \"${OPS_SECRET}\"}\n"
	w.OSS.SetObject(cfgBucket, cfgKey, []byte(v1))

	fc := w.StartFC(0)
	if rep, msg := fc.Timer(fixture(t, "timer-check.json")); rep == nil || !rep.Baseline {
		t.Fatalf("first run: %+v %s", rep, msg)
	}
	w.BudgetUp()
	w.OSS.ResetStats()
	if rep, msg := fc.Timer(fixture(t, "timer-check.json")); rep == nil || rep.ChangeOf(idSpring) == nil {
		t.Fatalf("second run: %+v %s", rep, msg)
	}
	if st := w.OSS.Stats(); st.NotModified != 1 {
		t.Errorf("the unchanged configuration was answered 304 %d times in one run, want once", st.NotModified)
	}
	w.WantCounts(idSpring, 1, 0)

	w.OSS.SetObject(cfgBucket, cfgKey, []byte(v2))
	w.OSS.ResetStats()
	w.Edit(chA, idSpring, func(c *campaign.Campaign) { c.Budget = 9000 })
	rep, msg := fc.Timer(fixture(t, "timer-check.json"))
	if rep == nil || rep.ChangeOf(idSpring) == nil {
		t.Fatalf("third run: %+v %s", rep, msg)
	}
	if st := w.OSS.Stats(); st.NotModified != 0 {
		t.Errorf("the edited configuration was answered 304")
	}
	if d := rep.Delivery("ops"); d.Receiver != "ops" {
		t.Errorf("the receiver the edit added is not in the report: %+v", rep.Notifications)
	}
	w.WantCounts(idSpring, 2, 1)
}
