package snapshot

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// longNamesCampaigns are the names that wedged a store (issue 11, defect
// 1): one name of 4,097 bytes, one of 10,000 characters, and 200 names of
// 300 bytes that share a 292-byte prefix, as a naming convention in
// Chinese does (three bytes a character), among ordinary campaigns.
func longNamesCampaigns() []campaign.Campaign {
	prefix := strings.Repeat("春季促销", 25) // 300 bytes
	cs := fakeCampaigns(40, 11)
	cs[3].CampaignName = strings.Repeat("L", 4097)
	cs[7].CampaignName = strings.Repeat("名", 10_000)
	for i := range 200 {
		cs = append(cs, campaign.Campaign{
			CustSpaceID: "cams-long", PageID: "777", CampaignID: fmt.Sprint(900000 + i),
			CampaignName: prefix[:292] + fmt.Sprintf("-%07d", i+1), Status: "AVAILABLE",
			Budget: int64(100 * i), BudgetType: campaign.BudgetDaily, AdAccountID: "acct-long",
			CreateTime: 1735689600000 + int64(i),
		})
	}
	campaign.SortCampaigns(cs)
	return cs
}

func roundTrip(t *testing.T, snap *campaign.Snapshot) {
	t.Helper()
	b, err := encodeSnapshot(snap)
	if err != nil {
		t.Fatalf("encoding: %v", err)
	}
	got, err := decodeSnapshot(b)
	if err != nil {
		t.Fatalf("a snapshot the encoder wrote cannot be read: %v", err)
	}
	got.TakenAt = snap.TakenAt
	if !reflect.DeepEqual(got.Campaigns, snap.Campaigns) || !reflect.DeepEqual(got.Channels, snap.Channels) {
		t.Fatalf("round trip differs")
	}
}

// TestLongNamesRoundTrip: the two reproductions of the defect. Whatever
// the encoder writes, the decoder reads.
func TestLongNamesRoundTrip(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	t.Run("one name of 4097 bytes", func(t *testing.T) {
		cs := fakeCampaigns(3, 1)
		cs[1].CampaignName = strings.Repeat("L", 4097)
		roundTrip(t, testSnapshot(1, at, cs))
	})
	t.Run("200 names sharing a 300-byte prefix", func(t *testing.T) {
		prefix := strings.Repeat("p", 300)
		var cs []campaign.Campaign
		for i := range 200 {
			cs = append(cs, campaign.Campaign{CustSpaceID: "cams-a", PageID: "101", CampaignID: fmt.Sprint(i + 1),
				CampaignName: prefix[:292] + fmt.Sprintf("-%07d", i+1)})
		}
		campaign.SortCampaigns(cs)
		roundTrip(t, testSnapshot(1, at, cs))
	})
	t.Run("long CJK names with a shared prefix and a 10,000-character name", func(t *testing.T) {
		roundTrip(t, testSnapshot(1, at, longNamesCampaigns()))
	})
}

// fuzzNames builds count campaign names from the fuzzer's input: a prefix
// repeated into a base of up to 70,000 bytes, cut at lengths drawn from
// tail, then a suffix in one of several scripts (ASCII, CJK, emoji, mixed,
// raw bytes that need not be UTF-8).
func fuzzNames(prefix string, tail []byte, count, repeat uint16, script uint8) []string {
	base := ""
	if prefix != "" {
		base = strings.Repeat(prefix, min(int(repeat)%4096+1, 70_000/len(prefix)+1))
		base = base[:min(len(base), 70_000)]
	}
	n := int(count)%300 + 1
	if len(base) > 0 {
		n = min(n, max(1, 256<<10/len(base))) // at most ~256 KB of names a run: CI runs 20,000
	}
	if len(tail) == 0 {
		tail = []byte{255}
	}
	names := make([]string, n)
	for i := range names {
		t := tail[i%len(tail)]
		cut := len(base) * int(t) / 255
		var sfx string
		switch (int(script) + i*int(t)) % 5 {
		case 0:
			sfx = fmt.Sprintf("-%07d", i+1)
		case 1:
			sfx = string(rune(0x4E00+(i*int(t))%20000)) + "季"
		case 2:
			sfx = strings.Repeat("🎉", int(t)%4)
		case 3:
			sfx = "促销-" + fmt.Sprint(i) + "-sale"
		default:
			sfx = string(tail[:int(t)%len(tail)])
		}
		names[i] = base[:cut] + sfx
	}
	return names
}

// FuzzSnapshotRoundTrip: whatever names the encoder is given (any length,
// shared prefixes, any script, bytes that are not UTF-8), the decoder
// reads back exactly the snapshot it was given.
func FuzzSnapshotRoundTrip(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "fuzz", "FuzzSnapshotRoundTrip", "*"))
	if len(seeds) == 0 {
		f.Fatal("no seed corpus under testdata/fuzz/FuzzSnapshotRoundTrip")
	}
	f.Fuzz(func(t *testing.T, prefix string, tail []byte, count, repeat uint16, script uint8) {
		namesRoundTrip(t, fuzzNames(prefix, tail, count, repeat, script))
	})
}

// TestNamesSharingLongPrefixes: names that repeat one long prefix (found
// by FuzzSnapshotRoundTrip in CI against format 1's front coding, which
// is no longer read) read back exactly.
func TestNamesSharingLongPrefixes(t *testing.T) {
	// 5.7 KB names of one letter.
	for _, n := range []int{10, 20, 30, 35, 40, 80} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			names := make([]string, n)
			for i := range names {
				names[i] = strings.Repeat("L", 5700) + fmt.Sprintf("-%07d", i+1)
			}
			namesRoundTrip(t, names)
		})
	}
}

// namesRoundTrip checks that a snapshot of campaigns with these names reads
// back exactly.
func namesRoundTrip(t *testing.T, names []string) {
	t.Helper()
	cs := make([]campaign.Campaign, len(names))
	for i, name := range names {
		cs[i] = campaign.Campaign{CustSpaceID: "cams-f", PageID: fmt.Sprint(100 + i%2), CampaignID: fmt.Sprint(i + 1),
			CampaignName: name, Status: "AVAILABLE", Budget: int64(i), CreateTime: int64(i) * 1000}
	}
	campaign.SortCampaigns(cs)
	snap := testSnapshot(3, time.Unix(1700000000, 0).UTC(), cs)
	b, err := encodeSnapshot(snap)
	if err != nil {
		t.Fatalf("encoding: %v", err)
	}
	got, err := decodeSnapshot(b)
	if err != nil {
		t.Fatalf("the encoder wrote what the decoder refuses: %v", err)
	}
	if !reflect.DeepEqual(got, snap) {
		t.Fatalf("round trip changed the snapshot")
	}
}
