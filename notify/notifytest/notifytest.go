// Package notifytest holds what tests of notifiers share: fixed alerts
// (one change of each type across two channels, a digest, a long alert) and
// a fake clock whose Sleep advances its Now. Other packages' end-to-end
// tests may use them too.
package notifytest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
)

// At is the fixed time of the fixture alerts.
var At = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

// The fixture's two channels: the first has a configured name, the second
// is shown by its id.
var (
	ChannelA = campaign.ChannelID{CustSpaceID: "cams-a1", PageID: "239001"}
	ChannelB = campaign.ChannelID{CustSpaceID: "cams-b2", PageID: "239002"}
)

// Labels are the fixture's channel labels, as internal/app fills a
// receiver's notify.Locale.Labels.
func Labels() map[string]string {
	return map[string]string{ChannelA.String(): "Brand A", ChannelB.String(): ""}
}

// Changes returns one change of each type, across the two channels.
func Changes() []campaign.Change {
	a := func(c campaign.Change) campaign.Change {
		c.CustSpaceID, c.PageID = ChannelA.CustSpaceID, ChannelA.PageID
		return c
	}
	b := func(c campaign.Change) campaign.Change {
		c.CustSpaceID, c.PageID = ChannelB.CustSpaceID, ChannelB.PageID
		return c
	}
	return []campaign.Change{
		a(campaign.Change{Type: campaign.BudgetChanged, CampaignID: "233001", CampaignName: "spring-sale", Old: "6200", New: "8000", Status: "AVAILABLE", Budget: 8000, BudgetType: "daily"}),
		a(campaign.Change{Type: campaign.StatusChanged, CampaignID: "233002", CampaignName: "winter-clearance", Old: "AVAILABLE", New: "PAUSED", Status: "PAUSED", Budget: 5000, BudgetType: "daily"}),
		a(campaign.Change{Type: campaign.Added, CampaignID: "233003", CampaignName: "new-year-promo", Status: "AVAILABLE", Budget: 8000, BudgetType: "daily"}),
		b(campaign.Change{Type: campaign.Removed, CampaignID: "233101", CampaignName: "old-launch", Status: "PAUSED", Budget: 3000, BudgetType: "daily"}),
		b(campaign.Change{Type: campaign.BudgetTypeChanged, CampaignID: "233102", CampaignName: "evergreen", Old: "daily", New: "lifetime", Status: "AVAILABLE", Budget: 150000, BudgetType: "lifetime"}),
		b(campaign.Change{Type: campaign.Renamed, CampaignID: "233103", CampaignName: "summer-sale-2026", Old: "summer-sale", New: "summer-sale-2026", Status: "AVAILABLE", Budget: 4500, BudgetType: "daily"}),
	}
}

// ChangesAlert is a changes alert of Changes, at At, run "5e8ff14d0042".
func ChangesAlert() *campaign.Alert {
	return &campaign.Alert{ID: "g42", Kind: campaign.AlertChanges, Generation: 42, At: At, RunID: "5e8ff14d0042",
		Changes: Changes()}
}

// FiltersChangedAlert is a changes alert that only says Brand A's filters
// changed: it is watched afresh, with 4 campaigns.
func FiltersChangedAlert() *campaign.Alert {
	return &campaign.Alert{ID: "g43", Kind: campaign.AlertChanges, Generation: 43, At: At, RunID: "5e8ff14d0043",
		Rebaselined: []campaign.Rebaseline{{ChannelID: ChannelA, Watching: 4}}}
}

// BaselineAlert is a baseline alert watching 257 campaigns.
func BaselineAlert() *campaign.Alert {
	return &campaign.Alert{ID: "g1", Kind: campaign.AlertBaseline, Generation: 1, At: At, RunID: "5e8ff14d0001",
		Watching: 257}
}

// ManyChanges is a changes alert of n changes of every type across the two
// channels, with campaign ids "c-00001" ... so that tests can find each.
func ManyChanges(n int) *campaign.Alert {
	templates := Changes()
	var cs []campaign.Change
	for i := range n {
		c := templates[i%len(templates)]
		c.CampaignID = fmt.Sprintf("c-%05d", i+1)
		c.CampaignName = fmt.Sprintf("campaign %d of a long autumn season promotion", i+1)
		if c.Type == campaign.Renamed {
			c.Old, c.New = "old "+c.CampaignName, c.CampaignName
		}
		cs = append(cs, c)
	}
	return &campaign.Alert{ID: "g43", Kind: campaign.AlertChanges, Generation: 43, At: At, RunID: "5e8ff14d0043",
		Changes: cs}
}

// SpreadChanges is ManyChanges(n) over channels channels (pages 300000,
// 300001, ... of one customer space), as a check of a large account finds
// them: many short blocks, one per channel and change type.
func SpreadChanges(n, channels int) *campaign.Alert {
	a := ManyChanges(n)
	for i := range a.Changes {
		a.Changes[i].CustSpaceID, a.Changes[i].PageID = "cams-perf", fmt.Sprint(300000+i%channels)
	}
	return a
}

func ptr(v int64) *int64 { return &v }

// Digest is a digest of the two channels compared with 24 hours earlier.
func Digest() *campaign.Digest {
	compared := At.Add(-24 * time.Hour)
	ch := Changes()
	return &campaign.Digest{
		Date: "2026-11-26", Zone: "Asia/Shanghai", Generation: 42, TakenAt: At, ComparedTo: &compared,
		Since: At.Add(-24 * time.Hour), Until: At,
		Total: campaign.DigestSection{Campaigns: 7,
			ByStatus:    []campaign.StatusCount{{Status: "AVAILABLE", Count: 5}, {Status: "PAUSED", Count: 2}},
			DailyBudget: 25500, LifetimeBudget: 150000, PrevDailyBudget: ptr(23700), PrevLifetimeBudget: ptr(150000)},
		Channels: []campaign.DigestSection{
			{ChannelID: ChannelA, Name: "Brand A", Campaigns: 4,
				ByStatus:    []campaign.StatusCount{{Status: "AVAILABLE", Count: 3}, {Status: "PAUSED", Count: 1}},
				DailyBudget: 21000, PrevDailyBudget: ptr(19200), PrevLifetimeBudget: ptr(0)},
			{ChannelID: ChannelB, Campaigns: 3,
				ByStatus:    []campaign.StatusCount{{Status: "AVAILABLE", Count: 2}, {Status: "PAUSED", Count: 1}},
				DailyBudget: 4500, LifetimeBudget: 150000, PrevDailyBudget: ptr(4500), PrevLifetimeBudget: ptr(150000)},
		},
		TopDaily: []campaign.Campaign{
			{CustSpaceID: "cams-a1", PageID: "239001", CampaignID: "233001", CampaignName: "spring-sale", Status: "AVAILABLE", Budget: 8000, BudgetType: "daily"},
			{CustSpaceID: "cams-a1", PageID: "239001", CampaignID: "233003", CampaignName: "new-year-promo", Status: "AVAILABLE", Budget: 8000, BudgetType: "daily"},
			{CustSpaceID: "cams-b2", PageID: "239002", CampaignID: "233103", CampaignName: "summer-sale-2026", Status: "AVAILABLE", Budget: 4500, BudgetType: "daily"},
		},
		TopLifetime: []campaign.Campaign{
			{CustSpaceID: "cams-b2", PageID: "239002", CampaignID: "233102", CampaignName: "evergreen", Status: "AVAILABLE", Budget: 150000, BudgetType: "lifetime"},
		},
		Changes: []campaign.ChangeGroup{
			{Type: campaign.BudgetChanged, Changes: ch[0:1]},
			{Type: campaign.StatusChanged, Changes: ch[1:2]},
			{Type: campaign.Added, Changes: ch[2:3]},
			{Type: campaign.Removed, Changes: ch[3:4]},
		},
	}
}

// FirstDigest is Digest as on the first day, when the history does not
// reach a day back: no comparison, and no changes in the window.
func FirstDigest() *campaign.Digest {
	d := Digest()
	d.ComparedTo = nil
	for _, s := range append([]*campaign.DigestSection{&d.Total}, &d.Channels[0], &d.Channels[1]) {
		s.PrevDailyBudget, s.PrevLifetimeBudget = nil, nil
	}
	d.Changes = []campaign.ChangeGroup{}
	return d
}

// TestAlert is a test message's alert (POST /test).
func TestAlert() *campaign.Alert {
	return &campaign.Alert{ID: "test-run-0045", Kind: campaign.AlertTest, At: At, RunID: "5e8ff14d0045"}
}

// DigestAlert is a digest alert of Digest.
func DigestAlert() *campaign.Alert {
	return &campaign.Alert{ID: "digest-2026-11-26", Kind: campaign.AlertDigest, At: At, RunID: "5e8ff14d0044",
		Digest: Digest()}
}

// Clock is a fake clock: Sleep advances Now at once and records the wait.
// It is safe for concurrent use.
type Clock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

// NewClock returns a clock showing t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Sleep advances the clock by d and records d; it returns ctx's error when
// ctx is done, without advancing.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.sleeps = append(c.sleeps, d)
	return nil
}

// Sleeps returns the waits asked for, in order.
func (c *Clock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// HistoryDigestAlert is the digest alert of the fixed multi-day history
// whose digest internal/campaign's golden test keeps in
// testdata/digest/digest.json: the chat renderings of that very digest are
// golden files too, so the chain from history to message is pinned.
func HistoryDigestAlert() (*campaign.Alert, error) {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return nil, errors.New("notifytest: cannot locate the repository")
	}
	b, err := os.ReadFile(filepath.Join(filepath.Dir(file), "..", "..", "testdata", "digest", "digest.json"))
	if err != nil {
		return nil, err
	}
	var d campaign.Digest
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("testdata/digest/digest.json: %w", err)
	}
	return &campaign.Alert{ID: "digest-" + d.Date, Kind: campaign.AlertDigest, At: d.Until.UTC(),
		RunID: "5e8ff14d0046", Digest: &d}, nil
}

// Golden compares got with the file testdata/name at the repository root,
// or, when update is set (the tests' -update flag), rewrites the file.
func Golden(t testing.TB, name string, got []byte, update bool) {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(file), "..", "..", "testdata", name)
	if update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("testdata/%s differs from the rendering (go test -update rewrites it); got:\n%s", name, got)
	}
}

// SplitChanges is how many changes ManyChanges needs for the split golden
// files: enough that every service splits the alert in two.
const SplitChanges = 220

// GoldenAlert is one message kind of the golden files.
type GoldenAlert struct {
	// Name is the file name's first part: "changes", "digest-first".
	Name  string
	Alert *campaign.Alert
	// Locale is the receiver's it is rendered for.
	Locale notify.Locale
}

// GoldenAlerts returns every message kind the golden files show, for
// receivers reading language in zone: a baseline, changes of all six
// types, a channel whose filters changed, a split alert, the digest with and without a day-earlier
// comparison, the test message, the health notices (HealthAlerts), the
// guardrail messages (GuardrailAlerts), and those that name campaigns
// with links to the dashboard (LinkedAlerts).
func GoldenAlerts(language string, zone *time.Location) []GoldenAlert {
	first := DigestAlert()
	first.Digest = FirstDigest()
	out := []GoldenAlert{
		{Name: "baseline", Alert: BaselineAlert()},
		{Name: "changes", Alert: ChangesAlert()},
		{Name: "filters-changed", Alert: FiltersChangedAlert()},
		{Name: "split", Alert: ManyChanges(SplitChanges)},
		{Name: "digest", Alert: DigestAlert()},
		{Name: "digest-first", Alert: first},
		{Name: "test", Alert: TestAlert()},
	}
	for i := range out {
		out[i].Locale = notify.Locale{Language: language, Zone: zone, Labels: Labels()}
	}
	out = append(out, HealthAlerts(language, zone)...)
	out = append(out, GuardrailAlerts(language, zone)...)
	return append(out, LinkedAlerts(language, zone)...)
}

// GoldenReaders are the receivers the golden files are rendered for: an
// English one in UTC, a Chinese one in Shanghai.
func GoldenReaders() []struct {
	Language string
	Zone     *time.Location
} {
	sh, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err) // time/tzdata is linked in by notify
	}
	return []struct {
		Language string
		Zone     *time.Location
	}{{"en", time.UTC}, {"zh-CN", sh}}
}
