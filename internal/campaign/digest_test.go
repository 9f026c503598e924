package campaign_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zones below, where the system has no zoneinfo

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// The golden digest is regenerated with `go test ./internal/campaign -run
// TestDigestGolden -update`. The flag is defined here unless another test
// file of the package defines it first.
var _ = func() bool {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
	return true
}()

func dgUpdating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

func dgZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("LoadLocation(%q): %v", name, err)
	}
	return loc
}

func dgUTC(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatalf("time %q: %v", s, err)
	}
	return v
}

func TestDigestWindow(t *testing.T) {
	tests := []struct {
		name      string
		zone      string // "" for a nil location
		now       string // UTC
		wantDate  string
		wantSince string // UTC
		wantHours float64
	}{
		{"Shanghai 09:00", "Asia/Shanghai", "2024-06-01T01:00:00Z", "2024-06-01", "2024-05-31T01:00:00Z", 24},
		{"Shanghai 00:30 is already the next day", "Asia/Shanghai", "2024-05-31T16:30:00Z", "2024-06-01", "2024-05-30T16:30:00Z", 24},
		{"New York 09:00 on the spring-forward day", "America/New_York", "2024-03-10T13:00:00Z", "2024-03-10", "2024-03-09T14:00:00Z", 23},
		{"New York 09:00 the day after spring-forward", "America/New_York", "2024-03-11T13:00:00Z", "2024-03-11", "2024-03-10T13:00:00Z", 24},
		{"New York 09:00 on the fall-back day", "America/New_York", "2024-11-03T14:00:00Z", "2024-11-03", "2024-11-02T13:00:00Z", 25},
		{"New York 22:30 is still the previous day", "America/New_York", "2024-03-10T03:30:00Z", "2024-03-09", "2024-03-09T03:30:00Z", 24},
		{"New York 01:30 after the repeated hour: its first occurrence", "America/New_York", "2024-11-04T06:30:00Z", "2024-11-04", "2024-11-03T05:30:00Z", 25},
		{"New York 02:30 after the skipped hour: the jump", "America/New_York", "2024-03-11T06:30:00Z", "2024-03-11", "2024-03-10T07:00:00Z", 23.5},
		{"nil location is UTC", "", "2024-02-29T23:59:59.5Z", "2024-02-29", "2024-02-28T23:59:59.5Z", 24},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var loc *time.Location
			if tt.zone != "" {
				loc = dgZone(t, tt.zone)
			}
			now := dgUTC(t, tt.now)
			date, since, until := campaign.DigestWindow(now, loc)
			if date != tt.wantDate {
				t.Errorf("date = %s, want %s", date, tt.wantDate)
			}
			if want := dgUTC(t, tt.wantSince); !since.Equal(want) {
				t.Errorf("since = %v, want %v", since.UTC(), want)
			}
			if !until.Equal(now) {
				t.Errorf("until = %v, want now %v", until, now)
			}
			if got := until.Sub(since).Hours(); got != tt.wantHours {
				t.Errorf("window is %v hours, want %v", got, tt.wantHours)
			}
			wantLoc := "UTC"
			if loc != nil {
				wantLoc = loc.String()
			}
			if since.Location().String() != wantLoc || until.Location().String() != wantLoc {
				t.Errorf("since and until are in %v and %v, want %s", since.Location(), until.Location(), wantLoc)
			}
		})
	}
}

// TestDigestChangesWindow checks which committed alerts a digest takes, at
// the edges of its window, across both daylight-saving changes of New York
// and on a plain day in Shanghai.
func TestDigestChangesWindow(t *testing.T) {
	tests := []struct {
		name string
		zone string
		now  string
		// at maps an alert's name to its commit time (UTC).
		at   map[string]string
		want []string // names taken, oldest first
	}{
		{
			name: "New York fall-back: 25 hours",
			zone: "America/New_York",
			now:  "2024-11-03T14:00:00Z", // 09:00 EST
			at: map[string]string{
				"before-window":   "2024-11-02T12:59:59Z",
				"at-since":        "2024-11-02T13:00:00Z", // 09:00 EDT the day before
				"25th-hour":       "2024-11-02T13:30:00Z", // outside a strict 24 hours
				"repeated-hour-1": "2024-11-03T05:30:00Z", // 01:30 EDT
				"repeated-hour-2": "2024-11-03T06:30:00Z", // 01:30 EST
				"last-instant":    "2024-11-03T13:59:59.999999999Z",
				"at-until":        "2024-11-03T14:00:00Z",
			},
			want: []string{"at-since", "25th-hour", "repeated-hour-1", "repeated-hour-2", "last-instant"},
		},
		{
			name: "New York spring-forward: 23 hours",
			zone: "America/New_York",
			now:  "2024-03-10T13:00:00Z", // 09:00 EDT
			at: map[string]string{
				"24-hours-back": "2024-03-09T13:00:00Z", // 08:00 EST: inside a strict 24 hours, not inside the day
				"before-window": "2024-03-09T13:59:59Z",
				"at-since":      "2024-03-09T14:00:00Z", // 09:00 EST
				"after-jump":    "2024-03-10T07:00:00Z", // 03:00 EDT
				"at-until":      "2024-03-10T13:00:00Z",
			},
			want: []string{"at-since", "after-jump"},
		},
		{
			name: "Shanghai plain day: 24 hours",
			zone: "Asia/Shanghai",
			now:  "2024-06-03T01:00:00Z", // 09:00 CST
			at: map[string]string{
				"before-window": "2024-06-02T00:59:59Z",
				"at-since":      "2024-06-02T01:00:00Z",
				"utc-midnight":  "2024-06-03T00:00:00Z",
				"at-until":      "2024-06-03T01:00:00Z",
			},
			want: []string{"at-since", "utc-midnight"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var history []*campaign.Alert
			for name, at := range tt.at {
				history = append(history, &campaign.Alert{
					ID: name, Kind: campaign.AlertChanges, At: dgUTC(t, at),
					Changes: []campaign.Change{{Type: campaign.StatusChanged, CampaignID: name}},
				})
			}
			d := campaign.BuildDigest(nil, nil, history, nil, dgUTC(t, tt.now), dgZone(t, tt.zone))
			var got []string
			for _, g := range d.Changes {
				for _, c := range g.Changes {
					got = append(got, c.CampaignID)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("changes taken %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDigestChangeGroups(t *testing.T) {
	at := dgUTC(t, "2024-06-02T12:00:00Z")
	ch := func(typ campaign.ChangeType, id string) campaign.Change {
		return campaign.Change{Type: typ, CustSpaceID: "cams-a1", PageID: "1", CampaignID: id}
	}
	history := []*campaign.Alert{
		{ID: "g7", Kind: campaign.AlertChanges, Generation: 7, At: at.Add(time.Hour), Changes: []campaign.Change{ch(campaign.Renamed, "c3"), ch(campaign.BudgetChanged, "c1")}},
		{ID: "g5", Kind: campaign.AlertChanges, Generation: 5, At: at, Changes: []campaign.Change{ch(campaign.BudgetChanged, "c1"), ch(campaign.Added, "c2"), ch("paused_by_meta", "c9")}},
		{ID: "g6", Kind: campaign.AlertChanges, Generation: 6, At: at, Changes: []campaign.Change{ch(campaign.Removed, "c4")}},
		{ID: "g1", Kind: campaign.AlertBaseline, At: at, Watching: 3},
		{ID: "digest-2024-06-02", Kind: campaign.AlertDigest, At: at},
		nil,
	}
	d := campaign.BuildDigest(nil, nil, history, nil, dgUTC(t, "2024-06-03T01:00:00Z"), time.UTC)
	type group struct {
		Type campaign.ChangeType
		IDs  string
	}
	var got []group
	for _, g := range d.Changes {
		var ids []string
		for _, c := range g.Changes {
			ids = append(ids, c.CampaignID)
		}
		got = append(got, group{g.Type, strings.Join(ids, ",")})
	}
	want := []group{
		{campaign.BudgetChanged, "c1,c1"},
		{campaign.Added, "c2"},
		{campaign.Removed, "c4"},
		{campaign.Renamed, "c3"},
		{"paused_by_meta", "c9"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("groups\n got %v\nwant %v", got, want)
	}
}

func TestPercentChange(t *testing.T) {
	tests := []struct {
		name     string
		old, new int64
		want     float64
		wantOK   bool
	}{
		{"rise", 6200, 8000, 29.03225806451613, true},
		{"fall by half", 8000, 4000, -50, true},
		{"no change", 500, 500, 0, true},
		{"from zero", 0, 500, 0, false},
		{"negative base", -200, -100, 50, true},
		{"to zero", 300, 0, -100, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := campaign.PercentChange(tt.old, tt.new)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("PercentChange(%d, %d) = %v, %v; want %v, %v", tt.old, tt.new, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

// dgSnap builds a snapshot of the given channels and campaigns, sorted as
// stores keep them.
func dgSnap(gen int64, at time.Time, channels []campaign.ChannelState, cs ...campaign.Campaign) *campaign.Snapshot {
	cs = append([]campaign.Campaign(nil), cs...)
	campaign.SortCampaigns(cs)
	return &campaign.Snapshot{Generation: gen, TakenAt: at, Channels: channels, Campaigns: cs}
}

func dgChannel(space, page, name string) campaign.ChannelState {
	return campaign.ChannelState{ChannelID: campaign.ChannelID{CustSpaceID: space, PageID: page}, Name: name, Complete: true}
}

func dgCampaign(space, page, id, name, status string, budget int64, budgetType string) campaign.Campaign {
	return campaign.Campaign{
		CustSpaceID: space, PageID: page, CampaignID: id, CampaignName: name,
		Status: status, Budget: budget, BudgetType: budgetType, AdAccountID: "act_" + space, CreateTime: 1717200000000,
	}
}

// dgGoldenCompare compares got with the golden file, or rewrites it under
// -update.
func dgGoldenCompare(t *testing.T, path string, got []byte) {
	t.Helper()
	if dgUpdating() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (regenerate with -update): %v", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < max(len(gl), len(wl)); i++ {
			g, w := "", ""
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs at line %d:\n got %s\nwant %s\n(regenerate with -update if the change is intended)", path, i+1, g, w)
			}
		}
	}
}

func dgJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

func TestDigestArithmetic(t *testing.T) {
	const daily, lifetime = campaign.BudgetDaily, campaign.BudgetLifetime
	at := dgUTC(t, "2024-06-03T01:00:00Z")
	chA, chB, chC := dgChannel("cams-a1", "1", "A (recorded)"), dgChannel("cams-b2", "2", ""), dgChannel("cams-c3", "3", "")
	latest := dgSnap(9, at.Add(-time.Hour), []campaign.ChannelState{chA, chB},
		dgCampaign("cams-a1", "1", "a1", "one", "AVAILABLE", 1000, daily),
		dgCampaign("cams-a1", "1", "a2", "two", "AVAILABLE", 50000, lifetime),
		dgCampaign("cams-a1", "1", "a3", "three", "PAUSED", 9999, daily),
		dgCampaign("cams-a1", "1", "a4", "four", "ACTIVE", 500, daily),
		dgCampaign("cams-b2", "2", "b1", "five", "AVAILABLE", 2000, daily),
		dgCampaign("cams-b2", "2", "b2", "six", "ARCHIVED", 7000, lifetime),
		dgCampaign("cams-b2", "2", "b3", "seven", "AVAILABLE", 300, "weekly"),
	)
	beforeA := []campaign.Campaign{
		dgCampaign("cams-a1", "1", "a1", "one", "AVAILABLE", 800, daily),
		dgCampaign("cams-a1", "1", "a3", "three", "AVAILABLE", 9999, daily),
	}
	beforeB := dgCampaign("cams-b2", "2", "b1", "five", "AVAILABLE", 1500, lifetime)
	beforeC := dgCampaign("cams-c3", "3", "c1", "gone", "AVAILABLE", 99999, daily)

	wantA := campaign.DigestSection{
		ChannelID: chA.ChannelID, Name: "Brand A", Campaigns: 4,
		ByStatus:    []campaign.StatusCount{{Status: "AVAILABLE", Count: 2}, {Status: "ACTIVE", Count: 1}, {Status: "PAUSED", Count: 1}},
		DailyBudget: 1500, LifetimeBudget: 50000,
	}
	wantB := campaign.DigestSection{
		ChannelID: chB.ChannelID, Campaigns: 3,
		ByStatus:    []campaign.StatusCount{{Status: "AVAILABLE", Count: 2}, {Status: "ARCHIVED", Count: 1}},
		DailyBudget: 2000,
	}
	wantTotal := campaign.DigestSection{
		Campaigns:   7,
		ByStatus:    []campaign.StatusCount{{Status: "AVAILABLE", Count: 4}, {Status: "ACTIVE", Count: 1}, {Status: "ARCHIVED", Count: 1}, {Status: "PAUSED", Count: 1}},
		DailyBudget: 3500, LifetimeBudget: 50000,
	}
	// b3's "weekly" budget is neither daily nor lifetime: in neither list.
	wantTop := []string{"b1/daily", "a1/daily", "a4/daily", "a2/lifetime"}
	type prev struct{ daily, lifetime *int64 }
	n := func(v int64) *int64 { return &v }
	tests := []struct {
		name         string
		before       *campaign.Snapshot
		a, b, total  prev
		wantCompared bool
	}{
		{"no history", nil, prev{}, prev{}, prev{}, false},
		{"new channel: no comparison for it nor the total",
			dgSnap(5, at.Add(-25*time.Hour), []campaign.ChannelState{chA}, beforeA...),
			prev{n(10799), n(0)}, prev{}, prev{}, true},
		{"every channel known",
			dgSnap(5, at.Add(-25*time.Hour), []campaign.ChannelState{chA, chB}, append(beforeA, beforeB)...),
			prev{n(10799), n(0)}, prev{n(0), n(1500)}, prev{n(10799), n(1500)}, true},
		{"a channel no longer watched does not count",
			dgSnap(5, at.Add(-25*time.Hour), []campaign.ChannelState{chA, chB, chC}, append(beforeA, beforeB, beforeC)...),
			prev{n(10799), n(0)}, prev{n(0), n(1500)}, prev{n(10799), n(1500)}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := campaign.BuildDigest(latest, tt.before, nil, map[string]string{"cams-a1:1": "Brand A"}, at, time.UTC)
			check := func(name string, got campaign.DigestSection, want campaign.DigestSection, p prev) {
				want.PrevDailyBudget, want.PrevLifetimeBudget = p.daily, p.lifetime
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s section\n got %s\nwant %s", name, dgJSON(t, got), dgJSON(t, want))
				}
			}
			if len(d.Channels) != 2 {
				t.Fatalf("%d channel sections, want 2", len(d.Channels))
			}
			check("A", d.Channels[0], wantA, tt.a)
			check("B", d.Channels[1], wantB, tt.b)
			check("total", d.Total, wantTotal, tt.total)
			if (d.ComparedTo != nil) != tt.wantCompared {
				t.Errorf("ComparedTo = %v, want set: %v", d.ComparedTo, tt.wantCompared)
			}
			var top []string
			for _, c := range append(d.TopDaily, d.TopLifetime...) {
				top = append(top, c.CampaignID+"/"+c.BudgetType)
			}
			if want := wantTop; !reflect.DeepEqual(top, want) {
				t.Errorf("top daily, then lifetime = %q, want the active campaigns by budget %q", top, want)
			}
		})
	}
}

// TestDigestTopRanksBudgetTypesApart: a lifetime budget is not compared
// with a daily one, and a paused campaign is in neither list.
func TestDigestTopRanksBudgetTypesApart(t *testing.T) {
	at := dgUTC(t, "2024-06-03T01:00:00Z")
	d := campaign.BuildDigest(dgSnap(3, at, []campaign.ChannelState{dgChannel("cams-a1", "1", "")},
		dgCampaign("cams-a1", "1", "life", "c", "AVAILABLE", 500000, campaign.BudgetLifetime),
		dgCampaign("cams-a1", "1", "day", "c", "AVAILABLE", 30000, campaign.BudgetDaily),
		dgCampaign("cams-a1", "1", "paused", "c", "PAUSED", 900000, campaign.BudgetDaily),
	), nil, nil, nil, at, time.UTC)
	ids := func(cs []campaign.Campaign) (out []string) {
		for _, c := range cs {
			out = append(out, c.CampaignID)
		}
		return out
	}
	if got := ids(d.TopDaily); !reflect.DeepEqual(got, []string{"day"}) {
		t.Errorf("top daily = %q, want [day]", got)
	}
	if got := ids(d.TopLifetime); !reflect.DeepEqual(got, []string{"life"}) {
		t.Errorf("top lifetime = %q, want [life]", got)
	}
}

func TestDigestTopAndChannels(t *testing.T) {
	at := dgUTC(t, "2024-06-03T01:00:00Z")
	var cs []campaign.Campaign
	for i, budget := range []int64{100, 900, 300, 900, 500, 700, 200, 800, 600, 400, 1000, 50} {
		cs = append(cs, dgCampaign("cams-a1", "1", string(rune('a'+i)), "c", "AVAILABLE", budget, campaign.BudgetDaily))
	}
	cs = append(cs, dgCampaign("cams-a1", "1", "paused", "c", "PAUSED", 1e9, campaign.BudgetDaily))
	// A campaign of a channel the snapshot's Channels lack still gets a section.
	cs = append(cs, dgCampaign("cams-z9", "9", "stray", "c", "PAUSED", 5, campaign.BudgetDaily))
	d := campaign.BuildDigest(dgSnap(3, at, []campaign.ChannelState{dgChannel("cams-a1", "1", "")}, cs...), nil, nil, nil, at, time.UTC)

	var top []string
	for _, c := range d.TopDaily {
		top = append(top, c.CampaignID+":"+campaign.FormatMoney(c.Budget))
	}
	want := []string{"k:$10.00", "b:$9.00", "d:$9.00", "h:$8.00", "f:$7.00", "i:$6.00", "e:$5.00", "j:$4.00", "c:$3.00", "g:$2.00"}
	if !reflect.DeepEqual(top, want) {
		t.Errorf("top daily = %q\nwant %q", top, want)
	}
	if len(d.TopLifetime) != 0 {
		t.Errorf("top lifetime = %v, want none: every campaign has a daily budget", d.TopLifetime)
	}
	var sections []string
	for _, s := range d.Channels {
		sections = append(sections, s.ChannelID.String())
	}
	if want := []string{"cams-a1:1", "cams-z9:9"}; !reflect.DeepEqual(sections, want) {
		t.Errorf("sections %q, want %q", sections, want)
	}
	if d.Total.Campaigns != 14 {
		t.Errorf("total campaigns %d, want 14", d.Total.Campaigns)
	}
}

func TestDigestOfEmptyStore(t *testing.T) {
	d := campaign.BuildDigest(nil, nil, nil, nil, dgUTC(t, "2024-06-03T01:00:00Z"), dgZone(t, "Asia/Shanghai"))
	got := string(dgJSON(t, d))
	for _, want := range []string{`"date": "2024-06-03"`, `"zone": "Asia/Shanghai"`, `"comparedTo": null`, `"channels": []`, `"topDaily": []`, `"topLifetime": []`, `"changes": []`, `"byStatus": []`, `"prevDailyBudget": null`} {
		if !strings.Contains(got, want) {
			t.Errorf("digest of an empty store lacks %s:\n%s", want, got)
		}
	}
}

// TestDigestGolden builds the digest of a three-day history in Asia/Shanghai
// and compares it with testdata/digest/digest.json.
func TestDigestGolden(t *testing.T) {
	const daily, lifetime = campaign.BudgetDaily, campaign.BudgetLifetime
	loc := dgZone(t, "Asia/Shanghai")
	channels := []campaign.ChannelState{dgChannel("cams-a1", "239001", "Brand A"), dgChannel("cams-b2", "239002", "")}
	spring := dgCampaign("cams-a1", "239001", "233001", "spring-sale", "AVAILABLE", 6200, daily)
	brand := dgCampaign("cams-a1", "239001", "233002", "brand-awareness", "AVAILABLE", 150000, lifetime)
	retarget := dgCampaign("cams-a1", "239001", "233003", "retargeting", "PAUSED", 3000, daily)
	launch := dgCampaign("cams-b2", "239002", "340001", "launch", "AVAILABLE", 12000, daily)
	old := dgCampaign("cams-b2", "239002", "340002", "winter-clearance", "AVAILABLE", 2500, daily)
	evergreen := dgCampaign("cams-b2", "239002", "340009", "evergreen", "PAUSED", 90000, daily)

	with := func(c campaign.Campaign, f func(*campaign.Campaign)) campaign.Campaign { f(&c); return c }
	g1 := dgSnap(1, dgUTC(t, "2024-06-01T01:00:00Z"), channels, spring, brand, retarget, launch, old, evergreen)
	spring2 := with(spring, func(c *campaign.Campaign) { c.Budget = 7000 })
	g2 := dgSnap(2, dgUTC(t, "2024-06-01T13:00:00Z"), channels, spring2, brand, retarget, launch, old, evergreen)
	spring3 := with(spring2, func(c *campaign.Campaign) { c.Budget = 8000 })
	retarget3 := with(retarget, func(c *campaign.Campaign) { c.Status = "AVAILABLE" })
	summer := dgCampaign("cams-b2", "239002", "340003", "summer-preview", "AVAILABLE", 4000, daily)
	g3 := dgSnap(3, dgUTC(t, "2024-06-02T06:00:00Z"), channels, spring3, brand, retarget3, launch, old, summer, evergreen)
	brand4 := with(brand, func(c *campaign.Campaign) { c.CampaignName = "brand-awareness-q3"; c.Budget = 120000 })
	launch4 := with(launch, func(c *campaign.Campaign) { c.BudgetType = lifetime; c.Budget = 300000 })
	g4 := dgSnap(4, dgUTC(t, "2024-06-02T20:00:00Z"), channels, spring3, brand4, retarget3, launch4, summer, evergreen)

	commit := func(prev, next *campaign.Snapshot) *campaign.Alert {
		return &campaign.Alert{
			ID: "g" + string(rune('0'+next.Generation)), Kind: campaign.AlertChanges, Generation: next.Generation,
			At: next.TakenAt.Add(2 * time.Second), Receivers: []string{"slack-1"},
			Changes: campaign.Compare(prev, next, campaign.Threshold{}).Changes,
		}
	}
	history := []*campaign.Alert{
		{ID: "g1", Kind: campaign.AlertBaseline, Generation: 1, At: g1.TakenAt, Watching: 6},
		commit(g1, g2),
		{ID: "digest-2024-06-02", Kind: campaign.AlertDigest, At: dgUTC(t, "2024-06-02T01:00:05Z")},
		commit(g2, g3),
		commit(g3, g4),
	}
	now := dgUTC(t, "2024-06-03T01:00:00Z") // 09:00 in Shanghai
	_, since, _ := campaign.DigestWindow(now, loc)
	before := g2 // what a store's AsOf(since) answers
	if before.TakenAt.After(since) || g3.TakenAt.Before(since) {
		t.Fatalf("fixture: g2 must be the newest snapshot at %v", since)
	}
	labels := map[string]string{"cams-b2:239002": "Brand B"}

	inputs := string(dgJSON(t, []any{g4, before, history, labels}))
	d := campaign.BuildDigest(g4, before, history, labels, now, loc)
	if again := string(dgJSON(t, []any{g4, before, history, labels})); again != inputs {
		t.Error("BuildDigest modified its inputs")
	}
	if !reflect.DeepEqual(d, campaign.BuildDigest(g4, before, history, labels, now, loc)) {
		t.Error("BuildDigest gave two different digests for the same inputs")
	}
	dgGoldenCompare(t, filepath.Join("..", "..", "testdata", "digest", "digest.json"), dgJSON(t, d))
}

// TestDigestWindowProperties checks DigestWindow's promise in zones with
// odd changes (half-hour DST, changes at midnight, a skipped day): since is
// the first instant reading yesterday's wall-clock time, or, when none
// does, the instant the clocks jumped over it.
func TestDigestWindowProperties(t *testing.T) {
	zones := []string{"America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Santiago", "America/Havana", "Pacific/Apia", "Asia/Shanghai", "Africa/Casablanca"}
	for _, name := range zones {
		t.Run(name, func(t *testing.T) {
			loc := dgZone(t, name)
			wall := func(u time.Time) time.Time {
				l := u.In(loc)
				return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), time.UTC)
			}
			for _, year := range []int{2011, 2024} {
				start := time.Date(year, 1, 1, 0, 7, 0, 0, time.UTC)
				for now := start; now.Year() == year; now = now.Add(47 * time.Minute) {
					_, since, until := campaign.DigestWindow(now, loc)
					l := now.In(loc)
					want := time.Date(l.Year(), l.Month(), l.Day()-1, l.Hour(), l.Minute(), l.Second(), 0, time.UTC)
					if !since.Before(until) {
						t.Fatalf("now %v: since %v is not before until %v", now, since, until)
					}
					got := wall(since)
					switch {
					case got.Equal(want):
						for back := 15 * time.Minute; back <= 3*time.Hour; back += 15 * time.Minute {
							if wall(since.Add(-back)).Equal(want) {
								t.Fatalf("now %v: since %v is not the first instant reading %v", now, since, want)
							}
						}
					case got.After(want) && wall(since.Add(-1)).Before(want):
						// yesterday's time was skipped: since is the jump
					default:
						t.Fatalf("now %v (%v): since %v reads %v, want %v", now, l, since, got, want)
					}
				}
			}
		})
	}
}
