package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/cams/camsemu"
	"github.com/campaignwatch/campaignwatch/internal/snapshot/ossfake"
	"github.com/campaignwatch/campaignwatch/notify/dingtalk/dingtalktest"
	"github.com/campaignwatch/campaignwatch/notify/feishu/feishutest"
	"github.com/campaignwatch/campaignwatch/notify/slack/slacktest"
	"github.com/campaignwatch/campaignwatch/notify/webhook/webhooktest"
	"github.com/campaignwatch/campaignwatch/notify/wecom/wecomtest"
)

// The secrets every world configures. They are distinctive, so that the
// scan of the outputs finds them if they leak anywhere.
const (
	akSecret   = "e2eAKsecret9c1f5b7d2a4e6c8b0f13"
	dingSecret = "SECe2ed1ngt4lks1gn1ngs3cr3t0777"
	feiSecret  = "e2eFe1shuS1gn1ngS3cr3t0888"
	hookSecret = "e2eW3bh00kHm4cS3cr3t0999"
	httpToken  = "e2eHTTPtoken5b8e0c2f9a7d4e61aa"
	bucket     = "cw-e2e"
	// The channels of testdata/demo/campaigns.json: six campaigns each.
	chA      = "cams-a1:239001"
	chB      = "cams-b2:239002"
	channels = chA + "?name=Brand%20A," + chB + "?name=Brand%20B"
)

// Campaign ids of the sample data the tests change.
const (
	idSpring = "2330010001" // spring-sale-retargeting, Brand A, $62.00 daily, AVAILABLE
	idNew    = "2330010002" // new-arrivals-lookalike, Brand A, AVAILABLE
	idFlash  = "2330020003" // flash-sale-weekend, Brand B, PAUSED
)

// runTimeout bounds one run of the binary: a hang fails the test.
const runTimeout = 2 * time.Minute

// Options shape a World.
type Options struct {
	// OSS keeps the snapshots on the OSS fake (oss://); else in a file://
	// directory.
	OSS bool
	// NoSlack and NoDingTalk leave a receiver unconfigured.
	NoSlack, NoDingTalk bool
	// Feishu, WeCom and Webhook add those receivers (signed where the
	// service signs), each behind a gate.
	Feishu, WeCom, Webhook bool
}

// World is one test's set of services, each behind a gate, and the
// environment that points the binary at them.
type World struct {
	t     testing.TB
	Emu   *camsemu.Server
	CAMS  *Gate
	OSS   *ossfake.Server
	OSSG  *Gate
	Slack *slacktest.Server
	SlkG  *Gate
	Ding  *dingtalktest.Server
	DngG  *Gate
	// Feishu, WeCom and Hook are nil unless Options asked for them.
	Feishu *feishutest.Server
	FeiG   *Gate
	WeCom  *wecomtest.Server
	WcmG   *Gate
	Hook   *webhooktest.Server
	HookG  *Gate
	// Dir is the file:// store (also set, unused, with OSS).
	Dir string
	Env map[string]string

	mu    sync.Mutex
	procs []*Proc
	extra []output
}

// NewWorld starts the services for one test; everything stops, and every
// process the test started is killed, when the test ends.
func NewWorld(t testing.TB, opt Options) *World {
	t.Helper()
	w := &World{t: t, Dir: filepath.Join(t.TempDir(), "store")}
	w.Emu = camsemu.New(camsemu.Options{AccessKeyID: ossfake.AccessKeyID, AccessKeySecret: akSecret})
	t.Cleanup(w.Emu.Close)
	w.Emu.Load(sampleCampaigns(t))
	w.CAMS = NewGate(t, w.Emu.URL())
	w.Env = map[string]string{
		"CAMS_CHANNELS":                   channels,
		"CAMS_ENDPOINT":                   w.CAMS.URL,
		"CAMS_PAGE_SIZE":                  "2", // three pages a channel
		"CAMS_QPS":                        "200",
		"ALIBABA_CLOUD_ACCESS_KEY_ID":     ossfake.AccessKeyID,
		"ALIBABA_CLOUD_ACCESS_KEY_SECRET": akSecret,
		"HTTP_AUTH_TOKEN":                 httpToken,
		"LOG_LEVEL":                       "debug", // the most output for the secret scan
	}
	if opt.OSS {
		w.OSS = ossfake.New(bucket)
		t.Cleanup(w.OSS.Close)
		w.OSSG = NewGate(t, w.OSS.URL)
		w.Env["SNAPSHOT_URL"] = "oss://" + bucket + "/watch"
		w.Env["OSS_ENDPOINT"] = w.OSSG.URL
		w.Env["OSS_REGION"] = ossfake.Region
	} else {
		w.Env["SNAPSHOT_URL"] = "file://" + w.Dir
	}
	if !opt.NoSlack {
		w.Slack = slacktest.New()
		t.Cleanup(w.Slack.Close)
		w.SlkG = NewGate(t, baseOf(t, w.Slack.URL()))
		w.Env["SLACK_WEBHOOK_URL"] = rebase(t, w.Slack.URL(), w.SlkG.URL)
	}
	if !opt.NoDingTalk {
		w.Ding = dingtalktest.New(dingSecret)
		t.Cleanup(w.Ding.Close)
		w.DngG = NewGate(t, baseOf(t, w.Ding.URL()))
		w.Env["DINGTALK_WEBHOOK_URL"] = rebase(t, w.Ding.URL(), w.DngG.URL)
		w.Env["DINGTALK_SECRET"] = dingSecret
	}
	if opt.Feishu {
		w.Feishu = feishutest.New(feiSecret)
		t.Cleanup(w.Feishu.Close)
		w.FeiG = NewGate(t, baseOf(t, w.Feishu.URL()))
		w.Env["FEISHU_WEBHOOK_URL"] = rebase(t, w.Feishu.URL(), w.FeiG.URL)
		w.Env["FEISHU_SECRET"] = feiSecret
	}
	if opt.WeCom {
		w.WeCom = wecomtest.New()
		t.Cleanup(w.WeCom.Close)
		w.WcmG = NewGate(t, baseOf(t, w.WeCom.URL()))
		w.Env["WECOM_WEBHOOK_URL"] = rebase(t, w.WeCom.URL(), w.WcmG.URL)
	}
	if opt.Webhook {
		w.Hook = webhooktest.New(hookSecret)
		t.Cleanup(w.Hook.Close)
		w.HookG = NewGate(t, baseOf(t, w.Hook.URL()))
		w.Env["WEBHOOK_URL"] = rebase(t, w.Hook.URL(), w.HookG.URL)
		w.Env["WEBHOOK_SECRET"] = hookSecret
	}
	// Registered last, so it runs first: kill the processes before the
	// services they talk to go away, then scan what they wrote.
	t.Cleanup(func() {
		w.killAll()
		w.scanSecrets()
	})
	return w
}

func sampleCampaigns(t testing.TB) []campaign.Campaign {
	t.Helper()
	f, err := os.Open(filepath.Join(moduleRoot, "testdata", "demo", "campaigns.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cs, err := camsemu.LoadCampaigns(f)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func baseOf(t testing.TB, raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Scheme + "://" + u.Host
}

// rebase points raw (a webhook URL of a fake) at base (its gate).
func rebase(t testing.TB, raw, base string) string {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := url.Parse(base)
	u.Host = b.Host
	return u.String()
}

// as makes the world report to t (a subtest of the test that made it)
// until the returned function restores the test it reported to before.
func (w *World) as(t testing.TB) (restore func()) {
	old := w.t
	w.t = t
	return func() { w.t = old }
}

// Secrets are the values that must never appear in any output.
func (w *World) Secrets() []string {
	s := []string{akSecret, dingSecret, httpToken, ossfake.AccessKeyID, dingtalktest.Token,
		feiSecret, hookSecret, feishutest.Token, wecomtest.Key, webhooktest.Path[strings.LastIndex(webhooktest.Path, "/")+1:]}
	if w.Slack != nil {
		u, _ := url.Parse(w.Slack.URL())
		s = append(s, u.Path[strings.LastIndex(u.Path, "/")+1:])
	}
	return s
}

// ---- running the binary ----------------------------------------------------

// Result is one finished run of the binary.
type Result struct {
	Args           []string
	Code           int
	Stdout, Stderr string
	// Report is stdout decoded, when it is a JSON report.
	Report *Report
	// MaxRSS is the process's peak resident memory in bytes (getrusage's
	// ru_maxrss), once it has ended.
	MaxRSS int64
}

// Report is the JSON report (docs/http.md, "The report"), decoded by its documented
// field names.
type Report struct {
	Mode          string          `json:"mode"`
	DryRun        bool            `json:"dryRun"`
	Baseline      bool            `json:"baseline"`
	Superseded    bool            `json:"superseded"`
	Generation    int64           `json:"generation"`
	Campaigns     int             `json:"campaigns"`
	Channels      []ChannelReport `json:"channels"`
	Changes       []Change        `json:"changes"`
	Notifications []Delivery      `json:"notifications"`
	Error         string          `json:"error"`
}

type ChannelReport struct {
	CustSpaceID string `json:"custSpaceId"`
	PageID      string `json:"pageId"`
	Name        string `json:"name"`
	Campaigns   int    `json:"campaigns"`
	Complete    bool   `json:"complete"`
	Error       string `json:"error"`
}

type Change struct {
	Type         string `json:"type"`
	CustSpaceID  string `json:"custSpaceId"`
	PageID       string `json:"pageId"`
	CampaignID   string `json:"campaignId"`
	CampaignName string `json:"campaignName"`
	Old          string `json:"old"`
	New          string `json:"new"`
}

type Delivery struct {
	Receiver string `json:"receiver"`
	Messages int    `json:"messages"`
	Error    string `json:"error"`
	// Held counts the messages its quiet hours kept back.
	Held int `json:"held"`
	// Pending counts the alerts left, in order, behind another run's
	// claim; SetAside the alerts set aside after refusals.
	Pending  int `json:"pending"`
	SetAside int `json:"setAside"`
}

// Delivery returns the report's line for receiver ("slack", "dingtalk").
func (r *Report) Delivery(receiver string) Delivery {
	for _, d := range r.Notifications {
		if d.Receiver == receiver {
			return d
		}
	}
	return Delivery{Receiver: receiver, Error: "(no line in the report)"}
}

// ChangeOf returns the report's change of campaign id, or nil.
func (r *Report) ChangeOf(id string) *Change {
	for i := range r.Changes {
		if r.Changes[i].CampaignID == id {
			return &r.Changes[i]
		}
	}
	return nil
}

// Proc is a started binary.
type Proc struct {
	cmd            *exec.Cmd
	stdout, stderr *syncBuffer
	done           chan struct{}
	res            Result
}

// Start starts the binary with the world's environment plus extra (a value
// "" removes the variable) and returns without waiting.
func (w *World) Start(extra map[string]string, args ...string) *Proc {
	w.t.Helper()
	env := make(map[string]string, len(w.Env)+len(extra))
	for k, v := range w.Env {
		env[k] = v
	}
	for k, v := range extra {
		if v == "" {
			delete(env, k)
		} else {
			env[k] = v
		}
	}
	p := startBinary(w.t, env, args...)
	w.mu.Lock()
	w.procs = append(w.procs, p)
	w.mu.Unlock()
	return p
}

// Run runs the binary to its end (bounded by runTimeout).
func (w *World) Run(args ...string) Result {
	w.t.Helper()
	return w.Start(nil, args...).Wait(w.t)
}

// RunEnv runs the binary with extra variables.
func (w *World) RunEnv(extra map[string]string, args ...string) Result {
	w.t.Helper()
	return w.Start(extra, args...).Wait(w.t)
}

// Check runs `check --json` and fails the test unless it exits with code.
func (w *World) Check(code int) Result {
	w.t.Helper()
	r := w.Run("check", "--json")
	if r.Code != code {
		w.t.Fatalf("check exited %d, want %d\nstdout:\n%s\nstderr:\n%s", r.Code, code, r.Stdout, tail(r.Stderr, 3000))
	}
	if r.Report == nil {
		w.t.Fatalf("check --json printed no report:\n%s", r.Stdout)
	}
	return r
}

// overlapping starts n `check --json` runs at once, waits for them all and
// fails the test unless each exits with code; what they delivered between
// them is for the caller to check.
func (w *World) overlapping(n, code int) {
	w.t.Helper()
	procs := make([]*Proc, n)
	var wg sync.WaitGroup
	for i := range procs {
		wg.Go(func() { procs[i] = w.Start(nil, "check", "--json") })
	}
	wg.Wait()
	for _, p := range procs {
		if r := p.Wait(w.t); r.Code != code {
			w.t.Fatalf("an overlapping check exited %d, want %d:\n%s", r.Code, code, tail(r.Stderr, 2000))
		}
	}
}

func startBinary(t testing.TB, env map[string]string, args ...string) *Proc {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = []string{} // not the developer's environment: only what is listed
	keys := make([]string, 0, len(env))
	for k := range env {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		cmd.Env = append(cmd.Env, k+"="+env[k])
	}
	cmd.Dir = t.TempDir()
	p := &Proc{cmd: cmd, stdout: &syncBuffer{}, stderr: &syncBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.stdout, p.stderr
	p.res.Args = args
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting the binary: %v", err)
	}
	go func() {
		err := cmd.Wait()
		p.res.Code = cmd.ProcessState.ExitCode()
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			p.res.MaxRSS = ru.Maxrss * 1024 // kilobytes on Linux
		}
		if err != nil && p.res.Code == 0 {
			p.res.Code = -1
		}
		p.res.Stdout, p.res.Stderr = p.stdout.String(), p.stderr.String()
		var rep Report
		if json.Unmarshal([]byte(p.res.Stdout), &rep) == nil && rep.Mode != "" {
			p.res.Report = &rep
		}
		close(p.done)
	}()
	return p
}

// Wait waits for the process to end, killing it after runTimeout.
func (p *Proc) Wait(t testing.TB) Result {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(runTimeout):
		p.Kill()
		<-p.done
		t.Fatalf("campaignwatch %s did not end within %s; killed\nstderr:\n%s", strings.Join(p.res.Args, " "), runTimeout, tail(p.res.Stderr, 3000))
	}
	return p.res
}

// Kill sends SIGKILL and waits until the process is gone.
func (p *Proc) Kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
	}
}

// Stderr is what the process has written to stderr so far.
func (p *Proc) Stderr() string { return p.stderr.String() }

func (w *World) killAll() {
	w.mu.Lock()
	procs := w.procs
	w.mu.Unlock()
	for _, p := range procs {
		select {
		case <-p.done:
		default:
			p.Kill()
		}
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// ---- what the services saw ---------------------------------------------------

// SlackCount counts the Slack messages that name campaign id ("" counts
// every message).
func (w *World) SlackCount(id string) int {
	n := 0
	for _, p := range w.Slack.Payloads() {
		if id == "" || bytes.Contains(p, []byte("("+id+")")) {
			n++
		}
	}
	return n
}

// DingCount counts the DingTalk messages that name campaign id ("" counts
// every message).
func (w *World) DingCount(id string) int {
	n := 0
	for _, m := range w.Ding.Messages() {
		if id == "" || bytes.Contains(m.Body, []byte("("+id+")")) {
			n++
		}
	}
	return n
}

// WantCounts fails the test unless each receiver has exactly want messages
// naming campaign id.
func (w *World) WantCounts(id string, wantSlack, wantDing int) {
	w.t.Helper()
	if w.Slack != nil {
		if got := w.SlackCount(id); got != wantSlack {
			w.t.Errorf("Slack has %d messages naming %s, want %d", got, id, wantSlack)
		}
	}
	if w.Ding != nil {
		if got := w.DingCount(id); got != wantDing {
			w.t.Errorf("DingTalk has %d messages naming %s, want %d", got, id, wantDing)
		}
	}
}

// Posts is how many requests the chat fakes received, refused ones included.
func (w *World) Posts() int {
	n := 0
	if w.Slack != nil {
		n += w.Slack.Requests()
	}
	if w.Ding != nil {
		n += w.Ding.Requests()
	}
	if w.Feishu != nil {
		n += w.Feishu.Requests()
	}
	if w.WeCom != nil {
		n += w.WeCom.Requests()
	}
	if w.Hook != nil {
		n += w.Hook.Requests()
	}
	return n - w.healthNotices() // the health tests count those (health_test.go)
}

// ---- changing the campaigns --------------------------------------------------

// Edit changes one campaign of the emulator in place.
func (w *World) Edit(channel, id string, fn func(c *campaign.Campaign)) {
	w.t.Helper()
	cust, page, _ := strings.Cut(channel, ":")
	cs := w.Emu.Campaigns(cust, page)
	for i := range cs {
		if cs[i].CampaignID == id {
			fn(&cs[i])
			w.Emu.SetCampaigns(cust, page, cs)
			return
		}
	}
	w.t.Fatalf("no campaign %s in %s", id, channel)
}

// Remove deletes one campaign from the emulator.
func (w *World) Remove(channel, id string) {
	cust, page, _ := strings.Cut(channel, ":")
	cs := w.Emu.Campaigns(cust, page)
	cs = slices.DeleteFunc(cs, func(c campaign.Campaign) bool { return c.CampaignID == id })
	w.Emu.SetCampaigns(cust, page, cs)
}

// BudgetUp is the change most tests make: spring-sale-retargeting's daily
// budget goes from $62.00 to $80.00.
func (w *World) BudgetUp() {
	w.Edit(chA, idSpring, func(c *campaign.Campaign) { c.Budget = 8000 })
}

// ---- the store ---------------------------------------------------------------

// StoreState returns every stored object's key and a hash of its bytes.
func (w *World) StoreState() map[string]string {
	w.t.Helper()
	out := make(map[string]string)
	if w.OSS != nil {
		for _, k := range w.OSS.Keys(bucket, "") {
			b, _ := w.OSS.Object(bucket, k)
			out[k] = hash(b)
		}
		return out
	}
	err := filepath.WalkDir(w.Dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) {
				return nil
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(w.Dir, path)
		out[filepath.ToSlash(rel)] = hash(b)
		return nil
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return out
}

// StoreBytes returns every stored object's bytes, for the secret scan.
func (w *World) StoreBytes() map[string][]byte {
	out := make(map[string][]byte)
	if w.OSS != nil {
		for _, k := range w.OSS.Keys(bucket, "") {
			b, _ := w.OSS.Object(bucket, k)
			out["oss:"+k] = b
		}
		return out
	}
	_ = filepath.WalkDir(w.Dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, err := os.ReadFile(path); err == nil {
				out[path] = b
			}
		}
		return nil
	})
	return out
}

// ReadObject and WriteObject read and plant one stored object by key.
func (w *World) ReadObject(key string) []byte {
	w.t.Helper()
	if w.OSS != nil {
		b, ok := w.OSS.Object(bucket, "watch/"+key)
		if !ok {
			w.t.Fatalf("no object %s", key)
		}
		return b
	}
	b, err := os.ReadFile(filepath.Join(w.Dir, filepath.FromSlash(key)))
	if err != nil {
		w.t.Fatal(err)
	}
	return b
}

func (w *World) WriteObject(key string, data []byte) {
	w.t.Helper()
	if w.OSS != nil {
		w.OSS.SetObject(bucket, "watch/"+key, data)
		return
	}
	p := filepath.Join(w.Dir, filepath.FromSlash(key))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		w.t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		w.t.Fatal(err)
	}
}

// Keys lists the stored keys under prefix (relative to the store's root).
func (w *World) Keys(prefix string) []string {
	var out []string
	for k := range w.StoreState() {
		k = strings.TrimPrefix(k, "watch/")
		if strings.HasPrefix(k, prefix) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// SameStore fails the test unless the store holds what before held.
func (w *World) SameStore(before map[string]string, what string) {
	w.t.Helper()
	after := w.StoreState()
	for k, h := range before {
		switch a, ok := after[k]; {
		case !ok:
			w.t.Errorf("%s: stored object %s was deleted", what, k)
		case a != h:
			w.t.Errorf("%s: stored object %s was changed", what, k)
		}
	}
	for k := range after {
		if isHealthRecord(k) {
			continue // a failed run is recorded by design (health_test.go)
		}
		if _, ok := before[k]; !ok {
			w.t.Errorf("%s: stored object %s was added", what, k)
		}
	}
}

func hash(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// ctx returns a context bounded for one step of a test.
func stepCtx(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

const ossAccessKeyID = ossfake.AccessKeyID

func removeFile(dir, key string) error { return os.Remove(filepath.Join(dir, filepath.FromSlash(key))) }

const syscallTERM = syscall.SIGTERM
