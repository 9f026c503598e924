package cli

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/cams/camsemu"
	"github.com/campaignwatch/campaignwatch/notify/receivers"
)

// syncBuffer is a buffer one goroutine writes while another reads, which
// signals when a line containing mark was written.
type syncBuffer struct {
	mu    sync.Mutex
	b     strings.Builder
	mark  string
	ready chan struct{}
	once  sync.Once
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.Write(p)
	if strings.Contains(s.b.String(), s.mark) {
		s.once.Do(func() { close(s.ready) })
	}
	return len(p), nil
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func sampleCampaigns(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../../testdata/demo/campaigns.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestPlaygroundChangeReachesFake starts `campaignwatch playground` on
// free ports, follows what it prints: exports the variables, changes a
// budget through the emulator's admin route, runs `check` as a second
// terminal would, and sees the alert arrive at every chat fake (one per
// service of notify/receivers); the HTTP routes answer too.
func TestPlaygroundChangeReachesFake(t *testing.T) {
	ctx, stop := context.WithCancel(context.Background())
	pgOut := &syncBuffer{mark: "Ctrl-C stops the playground", ready: make(chan struct{})}
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, []string{"playground", "--base-port", "0"}, Env{
			Getenv: func(string) string { return "" }, Stdout: pgOut, Stderr: pgOut,
			Version: "test", DemoCampaigns: sampleCampaigns(t),
		})
	}()
	select {
	case <-pgOut.ready:
	case code := <-done:
		t.Fatalf("playground exited %d before it was ready:\n%s", code, pgOut)
	}
	defer func() {
		stop()
		if code := <-done; code != exitOK {
			t.Errorf("playground exit %d after Ctrl-C, want 0", code)
		}
	}()

	vars := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(pgOut.String()))
	for sc.Scan() {
		if name, value, ok := strings.Cut(strings.TrimPrefix(strings.TrimSpace(sc.Text()), "export "), "="); ok && strings.HasPrefix(strings.TrimSpace(sc.Text()), "export ") {
			vars[name] = strings.Trim(value, "'")
		}
	}
	exported := []string{"CAMS_CHANNELS", "CAMS_ENDPOINT", "SNAPSHOT_URL", "HTTP_AUTH_TOKEN", "PUBLIC_URL"}
	for _, svc := range receivers.All() {
		exported = append(exported, svc.Vars.URL)
		if svc.Vars.Secret != "" {
			exported = append(exported, svc.Vars.Secret)
		}
	}
	for _, v := range exported {
		if vars[v] == "" {
			t.Fatalf("no export line for %s in:\n%s", v, pgOut)
		}
	}
	if !strings.Contains(pgOut.String(), "campaignwatch is now watching 12 campaigns") {
		t.Errorf("the baseline note did not reach the fakes:\n%s", pgOut)
	}

	// The documented change: a budget, through the admin route.
	resp, err := http.Post(vars["CAMS_ENDPOINT"]+camsemu.AdminPath, "application/json",
		strings.NewReader(`{"CustSpaceId":"cams-a1","PageId":"239001","CampaignId":"2330010001","Budget":8000}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("admin route: status %d", resp.StatusCode)
	}

	before := len(pgOut.String())
	env, out, errOut := testEnv(vars)
	if code := Main(context.Background(), []string{"check"}, env); code != exitOK {
		t.Fatalf("check: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if !strings.Contains(out.String(), "1 change\n") {
		t.Errorf("check's summary:\n%s\nwant 1 change", out)
	}
	shown := pgOut.String()
	// The campaign links to its page on the playground's own dashboard.
	linked := "[spring-sale-retargeting](" + vars["PUBLIC_URL"] + "/ui/campaigns/cams-a1/239001/2330010001) (2330010001): daily budget US$62.00 → US$80.00"
	for _, want := range []string{"slack received a message", "dingtalk received a message", linked} {
		if !strings.Contains(shown, want) {
			t.Errorf("the playground's terminal lacks %q:\n%s", want, shown)
		}
	}
	// Each fake's frame after check shows the changed campaign: the change
	// reached every service, not only the baseline before it.
	reached := map[string]bool{}
	for _, frame := range strings.Split(shown[before:], "\n┌ ")[1:] {
		if service, _, ok := strings.Cut(frame, " received a message"); ok && strings.Contains(frame, "2330010001") {
			reached[service] = true
		}
	}
	for _, service := range receivers.Types() {
		if !reached[service] {
			t.Errorf("the change did not reach the %s fake; after check the playground showed:\n%s", service, shown[before:])
		}
	}

	// The configuration file it wrote works with the access key alone, as
	// it says: the next change reaches the file's receivers, per team.
	file := ""
	for _, line := range strings.Split(pgOut.String(), "\n") {
		if f := strings.Fields(line); len(f) == 4 && f[0] == "campaignwatch" && f[1] == "check" && f[2] == "--config" {
			file = strings.Trim(f[3], "'")
		}
	}
	if file == "" {
		t.Fatalf("the playground printed no `campaignwatch check --config FILE` line:\n%s", pgOut)
	}
	keyOnly := map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": vars["ALIBABA_CLOUD_ACCESS_KEY_ID"], "ALIBABA_CLOUD_ACCESS_KEY_SECRET": vars["ALIBABA_CLOUD_ACCESS_KEY_SECRET"]}
	env, out, errOut = testEnv(keyOnly)
	if code := Main(context.Background(), []string{"config", "--config", file}, env); code != exitOK || !strings.Contains(out.String(), "brand-a-team") {
		t.Fatalf("config --config %s: exit %d\nstdout:\n%s\nstderr:\n%s", file, code, out, errOut)
	}
	resp, err = http.Post(vars["CAMS_ENDPOINT"]+camsemu.AdminPath, "application/json",
		strings.NewReader(`{"CustSpaceId":"cams-a1","PageId":"239001","CampaignId":"2330010001","Budget":9000}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	env, out, errOut = testEnv(keyOnly)
	if code := Main(context.Background(), []string{"check", "--config", file}, env); code != exitOK {
		t.Fatalf("check --config %s: exit %d\nstdout:\n%s\nstderr:\n%s", file, code, out, errOut)
	}
	for _, receiver := range []string{"brand-a-team: 1 message posted", "finance: 1 message posted", "brand-b-ops: 0 messages posted"} {
		if !strings.Contains(out.String(), receiver) {
			t.Errorf("check --config's summary lacks %q:\n%s", receiver, out)
		}
	}

	// The HTTP routes answer on their port, with the exported token.
	routes := ""
	for _, line := range strings.Split(shown, "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "HTTP" && f[1] == "routes" {
			routes = f[2]
		}
	}
	req, _ := http.NewRequest(http.MethodGet, routes+"/campaigns?format=csv", nil)
	req.Header.Set("Authorization", "Bearer "+vars["HTTP_AUTH_TOKEN"])
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("HTTP routes at %q: %v", routes, err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "spring-sale-retargeting") {
		t.Errorf("GET /campaigns: %d %s", resp.StatusCode, body)
	}
}
