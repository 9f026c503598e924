package snapshot

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/snapshot/ossfake"
)

// backend is one way to open a store for a test, with raw access to what
// it stored, bypassing the store.
type backend struct {
	name string
	// open opens a fresh, empty store; every call in one test shares it.
	open func(t *testing.T, now func() time.Time) (*Store, raw)
}

// raw reads and writes stored objects behind the store's back.
type raw interface {
	get(key string) ([]byte, bool)
	set(key string, data []byte)
	keys(prefix string) []string
	del(key string)
}

const testBucket = "cw-test"

func backends() []backend {
	return []backend{
		{"file", func(t *testing.T, now func() time.Time) (*Store, raw) {
			dir := t.TempDir()
			s, err := Open(context.Background(), "file://"+dir, Options{Now: now})
			if err != nil {
				t.Fatal(err)
			}
			return s, fileRaw(dir)
		}},
		{"oss", func(t *testing.T, now func() time.Time) (*Store, raw) {
			fake := ossfake.New(testBucket)
			t.Cleanup(fake.Close)
			s, err := Open(context.Background(), "oss://"+testBucket+"/cw/prod", Options{
				Region: ossfake.Region, Endpoint: fake.URL, Credentials: fake.Credentials(), Now: now,
			})
			if err != nil {
				t.Fatal(err)
			}
			return s, ossRaw{fake, "cw/prod/"}
		}},
	}
}

type fileRaw string

func (d fileRaw) get(key string) ([]byte, bool) {
	b, err := os.ReadFile(filepath.Join(string(d), filepath.FromSlash(key)))
	return b, err == nil
}

func (d fileRaw) set(key string, data []byte) {
	p := filepath.Join(string(d), filepath.FromSlash(key))
	_ = os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		panic(err)
	}
}

func (d fileRaw) del(key string) { _ = os.Remove(filepath.Join(string(d), filepath.FromSlash(key))) }

func (d fileRaw) keys(prefix string) []string {
	var out []string
	_ = filepath.WalkDir(string(d), func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			rel, _ := filepath.Rel(string(d), p)
			if k := filepath.ToSlash(rel); len(k) >= len(prefix) && k[:len(prefix)] == prefix {
				out = append(out, k)
			}
		}
		return nil
	})
	return out
}

type ossRaw struct {
	fake   *ossfake.Server
	prefix string
}

func (o ossRaw) get(key string) ([]byte, bool) { return o.fake.Object(testBucket, o.prefix+key) }
func (o ossRaw) set(key string, data []byte)   { o.fake.SetObject(testBucket, o.prefix+key, data) }
func (o ossRaw) del(key string)                { o.fake.DeleteObject(testBucket, o.prefix+key) }
func (o ossRaw) keys(prefix string) []string {
	var out []string
	for _, k := range o.fake.Keys(testBucket, o.prefix+prefix) {
		out = append(out, k[len(o.prefix):])
	}
	return out
}

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)} }

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// fakeCampaigns returns n realistic campaigns, sorted: a few channels, ids
// like 2339012345678901 in rising order with gaps, names from a marketing
// vocabulary, a handful of ad accounts per channel.
func fakeCampaigns(n int, seed uint64) []campaign.Campaign {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	seasons := []string{"spring-sale", "summer-promo", "back-to-school", "black-friday", "holiday", "new-year", "clearance", "launch"}
	brands := []string{"brand-a", "brand-b", "acme", "globex", "initech", "umbrella", "hooli", "stark"}
	goals := []string{"retargeting", "prospecting", "lookalike", "awareness", "conversion", "engagement", "messages", "leads"}
	statuses := []string{"AVAILABLE", "AVAILABLE", "AVAILABLE", "PAUSED"}
	channels := []campaign.ChannelID{
		{CustSpaceID: "cams-a1b2c3", PageID: "102938475610293"},
		{CustSpaceID: "cams-a1b2c3", PageID: "102938475610999"},
		{CustSpaceID: "cams-d4e5f6", PageID: "556677889900112"},
		{CustSpaceID: "cams-x9y8z7", PageID: "443322110099887"},
	}
	out := make([]campaign.Campaign, 0, n)
	for ci, ch := range channels {
		count := n / len(channels)
		if ci == len(channels)-1 {
			count = n - len(out)
		}
		id := int64(2339012345678901 + ci*1_000_000_000)
		created := int64(1735689600000) // 2025-01-01
		for range count {
			id += 1 + r.Int64N(40)
			created += r.Int64N(600_000)
			budget := int64(500 + r.IntN(200)*100)
			bt := campaign.BudgetDaily
			if r.IntN(5) == 0 {
				bt = campaign.BudgetLifetime
				budget *= 30
			}
			out = append(out, campaign.Campaign{
				CustSpaceID: ch.CustSpaceID, PageID: ch.PageID,
				CampaignID: fmt.Sprint(id),
				CampaignName: fmt.Sprintf("%s-%d-%s-%s", seasons[r.IntN(len(seasons))], 2024+r.IntN(3),
					brands[r.IntN(len(brands))], goals[r.IntN(len(goals))]),
				Status: statuses[r.IntN(len(statuses))], Budget: budget, BudgetType: bt,
				AdAccountID: fmt.Sprintf("act_%d", 1200345678901+ci*10+r.IntN(3)),
				CreateTime:  created,
			})
		}
	}
	campaign.SortCampaigns(out)
	return out
}

func channelsOf(cs []campaign.Campaign) []campaign.ChannelState {
	var out []campaign.ChannelState
	for _, c := range cs {
		id := campaign.ChannelID{CustSpaceID: c.CustSpaceID, PageID: c.PageID}
		if len(out) == 0 || out[len(out)-1].ChannelID != id {
			out = append(out, campaign.ChannelState{ChannelID: id, Name: "Brand " + id.PageID[:3], Complete: true})
		}
		out[len(out)-1].Total++
	}
	return out
}

func testSnapshot(gen int64, at time.Time, cs []campaign.Campaign) *campaign.Snapshot {
	return &campaign.Snapshot{Generation: gen, TakenAt: at, Channels: channelsOf(cs), Campaigns: cs}
}

// onEachBackend runs test on a fresh store of each backend, with its
// clock and raw access, as a subtest named after the backend.
func onEachBackend(t *testing.T, test func(t *testing.T, s *Store, r raw, clk *clock)) {
	t.Helper()
	for _, be := range backends() {
		t.Run(be.name, func(t *testing.T) {
			clk := newClock()
			s, r := be.open(t, clk.now)
			test(t, s, r, clk)
		})
	}
}
