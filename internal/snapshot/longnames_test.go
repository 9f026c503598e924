package snapshot

import (
	"fmt"
	"os"
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

// TestReadsStoresWrittenBeforeTheFix: testdata/v1-long-names.snap was
// written by the format-1 encoder of the build that had the defect (before
// this fix), from longNamesCampaigns. A store that build wrote must stay
// readable: nothing a user has is lost.
func TestReadsStoresWrittenBeforeTheFix(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "v1-long-names.snap"))
	if err != nil {
		t.Fatal(err)
	}
	if b[len(dataMagic)] != 1 {
		t.Fatalf("the golden object is format %d, want 1", b[len(dataMagic)])
	}
	got, err := decodeSnapshot(b)
	if err != nil {
		t.Fatalf("a snapshot written before the fix cannot be read: %v", err)
	}
	want := testSnapshot(5, time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), longNamesCampaigns())
	got.TakenAt = want.TakenAt
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("the format-1 object decodes to a different snapshot")
	}
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
// reads back exactly the snapshot it was given. Objects in format 1, as
// the build before format 2 wrote them, read back too unless their names
// expand beyond what an object of their size may hold.
func FuzzSnapshotRoundTrip(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "fuzz", "FuzzSnapshotRoundTrip", "*"))
	if len(seeds) == 0 {
		f.Fatal("no seed corpus under testdata/fuzz/FuzzSnapshotRoundTrip")
	}
	f.Fuzz(func(t *testing.T, prefix string, tail []byte, count, repeat uint16, script uint8) {
		namesRoundTrip(t, fuzzNames(prefix, tail, count, repeat, script))
	})
}

// TestFormat1NamesNearTheLimit: format-1 objects whose names copy long
// prefixes from one another, right at the most an object may decode to
// (found by FuzzSnapshotRoundTrip in CI), are read or refused exactly as
// the limit says.
func TestFormat1NamesNearTheLimit(t *testing.T) {
	// 5.7 KB names of one letter: 20 of them are read, 40 are refused.
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
// back exactly, in format 2 always and in format 1 unless the object's
// limit refuses it.
func namesRoundTrip(t *testing.T, names []string) {
	t.Helper()
	{
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

		body1 := encodeBody(snap, 1)
		old, err := frame(1, body1)
		if err != nil {
			t.Fatal(err)
		}
		got, err = decodeSnapshot(old)
		if err != nil {
			// The decoder refuses format-1 names when the body and the
			// bytes the names copy from one another pass what the object
			// may decode to; that is at most the body and every name's
			// length together.
			total := len(body1)
			for _, name := range names {
				total += len(name)
			}
			if !strings.Contains(err.Error(), "names expand to more than") || uint64(total) <= maxExpansion(len(old)-headerLen) {
				t.Fatalf("a format-1 object with %d bytes of names in %d stored bytes is refused: %v", total, len(old), err)
			}
			return
		}
		if !reflect.DeepEqual(got, snap) {
			t.Fatalf("format-1 round trip changed the snapshot")
		}
	}
}
