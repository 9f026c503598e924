package cams

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/cams/camsemu"
)

func TestListPagesPastServerCap(t *testing.T) {
	for _, tc := range []struct {
		name     string
		pageSize int
		opts     camsemu.Options
		calls    int
	}{
		{"ask 50, cap 50", 50, camsemu.Options{MaxPageSize: 50}, 6},
		{"ask 100, cap 50", 100, camsemu.Options{MaxPageSize: 50}, 6},
		{"ask 100, cap 50, offset by size asked", 100, camsemu.Options{MaxPageSize: 50, OffsetBySizeAsked: true}, 6},
		{"ask 7, cap 50", 7, camsemu.Options{MaxPageSize: 50}, 37},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, tc.opts, Config{PageSize: tc.pageSize})
			want := makeCampaigns("cams-a1", "239001", 257)
			f.emu.SetCampaigns("cams-a1", "239001", want)

			l := f.listOne(t, channel("cams-a1", "239001"))
			if !l.Complete || l.Err != nil {
				t.Fatalf("Complete=%v Err=%v, want a complete listing", l.Complete, l.Err)
			}
			if l.Total != 257 || !slices.Equal(l.Campaigns, want) {
				t.Errorf("listed %d campaigns (Total %d), want the 257 set, in order", len(l.Campaigns), l.Total)
			}
			if l.Calls != tc.calls || f.client.Calls() != int64(tc.calls) {
				t.Errorf("Calls = %d, client Calls() = %d, want %d", l.Calls, f.client.Calls(), tc.calls)
			}
			if !l.Sealed || l.Digest != campaign.ChannelHash(l.Campaigns) {
				t.Errorf("Sealed = %v: a complete listing is sealed, with its campaigns' hash", l.Sealed)
			}
		})
	}
}

// TestListSealsInKeyOrder: a complete listing comes back sealed, sorted by
// key whatever the order the API served its campaigns in.
func TestListSealsInKeyOrder(t *testing.T) {
	f := newFixture(t, camsemu.Options{MaxPageSize: 50}, Config{})
	served := makeCampaigns("cams-a1", "239001", 120)
	slices.Reverse(served)
	f.emu.SetCampaigns("cams-a1", "239001", served)
	l := f.listOne(t, channel("cams-a1", "239001"))
	if !l.Complete || !l.Sealed || len(l.Campaigns) != 120 {
		t.Fatalf("Complete=%v Sealed=%v with %d campaigns", l.Complete, l.Sealed, len(l.Campaigns))
	}
	if !slices.IsSortedFunc(l.Campaigns, func(a, b campaign.Campaign) int { return campaign.CompareKeys(a.Key(), b.Key()) }) || l.Digest != campaign.ChannelHash(l.Campaigns) {
		t.Error("a sealed listing's campaigns are not in key order, or its digest is not theirs")
	}
}

func TestListEmptyChannel(t *testing.T) {
	f := newFixture(t, camsemu.Options{}, Config{})
	f.emu.SetCampaigns("cams-a1", "239001", nil)
	l := f.listOne(t, channel("cams-a1", "239001"))
	if !l.Complete || l.Total != 0 || len(l.Campaigns) != 0 || l.Calls != 1 {
		t.Errorf("got Complete=%v Total=%d campaigns=%d calls=%d, want a complete empty listing in one call",
			l.Complete, l.Total, len(l.Campaigns), l.Calls)
	}
}

func TestListFilters(t *testing.T) {
	all := makeCampaigns("cams-a1", "239001", 120)
	pick := func(keep func(campaign.Campaign) bool) []campaign.Campaign {
		var out []campaign.Campaign
		for _, c := range all {
			if keep(c) {
				out = append(out, c)
			}
		}
		return out
	}
	for _, tc := range []struct {
		name    string
		filters campaign.Filters
		want    []campaign.Campaign
	}{
		{"status", campaign.Filters{Status: "PAUSED"}, pick(func(c campaign.Campaign) bool { return c.Status == "PAUSED" })},
		{"ad account", campaign.Filters{AdAccountID: "acct-b"}, pick(func(c campaign.Campaign) bool { return c.AdAccountID == "acct-b" })},
		{"campaign name", campaign.Filters{CampaignName: "promo-11"}, pick(func(c campaign.Campaign) bool { return strings.Contains(c.CampaignName, "promo-11") })},
		{"campaign id", campaign.Filters{CampaignID: "cams-a1-00042"}, all[42:43]},
		{"all four", campaign.Filters{Status: "PAUSED", AdAccountID: "acct-b", CampaignName: "promo-1", CampaignID: "cams-a1-00015"}, all[15:16]},
		{"name with space and symbols", campaign.Filters{CampaignName: "spring sale*~+&"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, camsemu.Options{MaxPageSize: 10}, Config{})
			f.emu.SetCampaigns("cams-a1", "239001", all)
			ch := channel("cams-a1", "239001")
			ch.Filters = tc.filters
			l := f.listOne(t, ch)
			if !l.Complete {
				t.Fatalf("incomplete: %v", l.Err)
			}
			if !slices.Equal(l.Campaigns, tc.want) || l.Total != len(tc.want) {
				t.Errorf("listed %d campaigns (Total %d), want %d", len(l.Campaigns), l.Total, len(tc.want))
			}
		})
	}
}

func TestListInconsistentPagesAreIncomplete(t *testing.T) {
	ch := channel("cams-a1", "239001")
	for _, tc := range []struct {
		name   string
		inject func(emu *camsemu.Server)
		want   string
	}{
		{"campaign added mid-listing", func(emu *camsemu.Server) {
			emu.AfterPage(ch.ChannelID, 2, func() {
				emu.SetCampaigns("cams-a1", "239001", makeCampaigns("cams-a1", "239001", 258))
			})
		}, "Total moved from 257 to 258"},
		{"Total shifts", func(emu *camsemu.Server) { emu.ShiftTotal(ch.ChannelID, 4, -3) }, "Total moved from 257 to 254"},
		{"campaign removed mid-listing", func(emu *camsemu.Server) {
			emu.AfterPage(ch.ChannelID, 1, func() {
				cs := makeCampaigns("cams-a1", "239001", 257)
				emu.SetCampaigns("cams-a1", "239001", append(cs[:3], cs[4:]...))
			})
		}, "Total moved from 257 to 256"},
		{"duplicate row", func(emu *camsemu.Server) { emu.DuplicateRow(ch.ChannelID, 2) }, "campaign cams-a1-00050 came twice"},
		{"short page", func(emu *camsemu.Server) { emu.ShortPage(ch.ChannelID, 3, 20) }, "20 rows, fewer than the 50 of earlier pages"},
		{"empty page before Total", func(emu *camsemu.Server) { emu.ShortPage(ch.ChannelID, 3, 0) }, "empty page after 100 of Total 257"},
		{"last page short", func(emu *camsemu.Server) { emu.ShortPage(ch.ChannelID, 6, 3) }, "page 6: the pages ran out after 253 of Total 257"},
		{"first page empty", func(emu *camsemu.Server) { emu.ShortPage(ch.ChannelID, 1, 0) }, "page 1: empty page after 0 of Total 257"},
		{"more rows than Total", func(emu *camsemu.Server) { emu.ShiftTotal(ch.ChannelID, 1, -220) }, "50 campaigns listed, more than Total 37"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// One call at a time, so that the injected change falls between
			// two known pages.
			f := newFixture(t, camsemu.Options{MaxPageSize: 50}, Config{Concurrency: 1})
			f.emu.SetCampaigns("cams-a1", "239001", makeCampaigns("cams-a1", "239001", 257))
			tc.inject(f.emu)
			l := f.listOne(t, ch)
			if l.Complete || l.Err == nil {
				t.Fatalf("Complete=%v Err=%v with %d campaigns: want an incomplete listing", l.Complete, l.Err, len(l.Campaigns))
			}
			if !strings.Contains(l.Err.Error(), tc.want) || !strings.Contains(l.Err.Error(), "channel cams-a1:239001") {
				t.Errorf("Err = %q, want it to name the channel and say %q", l.Err, tc.want)
			}
			if k := campaign.KindOf(l.Err); k != campaign.Unavailable {
				t.Errorf("kind = %s, want unavailable (the next run lists again)", k)
			}
			if l.Sealed {
				t.Error("an incomplete listing was sealed")
			}
		})
	}
}

func TestListBoundsCallsInFlight(t *testing.T) {
	for _, tc := range []struct {
		name        string
		channels    int
		concurrency int
	}{
		{"more channels than slots", 10, 3},
		{"one channel, its pages in parallel", 1, 4},
		{"fewer channels than slots", 3, 8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, camsemu.Options{MaxPageSize: 20, Latency: 2 * time.Millisecond}, Config{Concurrency: tc.concurrency})
			var chs []campaign.Channel
			for i := range tc.channels {
				space := fmt.Sprintf("cams-%02d", i)
				f.emu.SetCampaigns(space, "1", makeCampaigns(space, "1", 81+i))
				chs = append(chs, channel(space, "1"))
			}
			ls, err := f.client.List(t.Context(), chs)
			if err != nil {
				t.Fatal(err)
			}
			for i, l := range ls {
				if l.Channel.ChannelID != chs[i].ChannelID || !l.Complete || len(l.Campaigns) != 81+i || l.Calls != 5 {
					t.Errorf("listing %d: %s Complete=%v campaigns=%d calls=%d Err=%v; want %s complete with %d in 5 calls",
						i, l.Channel.ChannelID, l.Complete, len(l.Campaigns), l.Calls, l.Err, chs[i].ChannelID, 81+i)
				}
			}
			if st := f.emu.Stats(); st.MaxInFlight > tc.concurrency {
				t.Errorf("%d calls in flight at once; CAMS_CONCURRENCY is %d", st.MaxInFlight, tc.concurrency)
			}
		})
	}
}

func TestListKeepsUnderQPSCeiling(t *testing.T) {
	// A fast server and many workers: only the ceiling holds the calls
	// back, and the emulator counts them in every sliding second.
	const qps = 100
	f := newFixture(t, camsemu.Options{MaxPageSize: 10}, Config{QPS: qps, Concurrency: 8})
	var chs []campaign.Channel
	for i := range 15 {
		space := fmt.Sprintf("cams-%02d", i)
		f.emu.SetCampaigns(space, "1", makeCampaigns(space, "1", 100))
		chs = append(chs, channel(space, "1"))
	}
	ls, err := f.client.List(t.Context(), chs)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		if !l.Complete {
			t.Fatalf("%s: %v", l.Channel.ChannelID, l.Err)
		}
	}
	if st := f.emu.Stats(); st.Calls != 150 || st.MaxQPS > qps {
		t.Errorf("%d calls, at most %d in one second; want 150 calls, never more than %d a second", st.Calls, st.MaxQPS, qps)
	}
}
