package snapshot

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

func TestCodecRoundTrip(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 30, 15, 123456789, time.UTC)
	odd := []campaign.Campaign{
		{CustSpaceID: "cams-1", PageID: "9", CampaignID: "0", CampaignName: "", Status: "", BudgetType: ""},
		{CustSpaceID: "cams-1", PageID: "9", CampaignID: "007", CampaignName: "leading zeros stay a string", Budget: -5},
		{CustSpaceID: "cams-1", PageID: "9", CampaignID: "9223372036854775807", CampaignName: "max int64", CreateTime: -1},
		{CustSpaceID: "cams-1", PageID: "9", CampaignID: "9223372036854775808", CampaignName: "over int64", CreateTime: 1 << 62},
		{CustSpaceID: "cams-1", PageID: "9", CampaignID: "abc", CampaignName: "春季促销 🎉", Status: "PAUSED", Budget: 1 << 40},
		{CustSpaceID: "cams-2", PageID: "1", CampaignID: "12", CampaignName: "春季促销 🎉 2", AdAccountID: "act_1"},
	}
	tests := []struct {
		name string
		snap *campaign.Snapshot
	}{
		{"empty", &campaign.Snapshot{Generation: 1, TakenAt: at}},
		{"odd values", &campaign.Snapshot{Generation: 7, TakenAt: at, Channels: []campaign.ChannelState{
			{ChannelID: campaign.ChannelID{CustSpaceID: "cams-1", PageID: "9"}, Name: "Brand A", Total: 5, Complete: true},
			{ChannelID: campaign.ChannelID{CustSpaceID: "cams-2", PageID: "1"}, Total: 3},
		}, Campaigns: odd}},
		{"realistic", testSnapshot(42, at, fakeCampaigns(2000, 1))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := encodeSnapshot(tc.snap)
			if err != nil {
				t.Fatal(err)
			}
			got, err := decodeSnapshot(b)
			if err != nil {
				t.Fatal(err)
			}
			if !got.TakenAt.Equal(tc.snap.TakenAt) {
				t.Fatalf("takenAt %v, want %v", got.TakenAt, tc.snap.TakenAt)
			}
			got.TakenAt = tc.snap.TakenAt
			if len(got.Campaigns) == 0 && len(tc.snap.Campaigns) == 0 {
				got.Campaigns = tc.snap.Campaigns
			}
			if !reflect.DeepEqual(got, tc.snap) {
				t.Fatalf("round trip differs:\n got %+v\nwant %+v", got, tc.snap)
			}
		})
	}
}

func TestDecodeRefusesDamage(t *testing.T) {
	good, err := encodeSnapshot(testSnapshot(3, time.Unix(1700000000, 0), fakeCampaigns(300, 2)))
	if err != nil {
		t.Fatal(err)
	}
	flip := func(i int) []byte { b := append([]byte(nil), good...); b[i] ^= 0x40; return b }
	newer := append([]byte(nil), good...)
	newer[len(dataMagic)] = dataVersion + 1
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not a campaignwatch snapshot"},
		{"other file", []byte("{\"schema\":1}"), "not a campaignwatch snapshot"},
		{"truncated", good[:len(good)/2], "checksum mismatch"},
		{"bit flip", flip(len(good) - 10), "checksum mismatch"},
		{"newer format", newer, "written by a newer campaignwatch"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodeSnapshot(tc.data)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
	if _, err := decodeSnapshot(newer); !errors.Is(err, errNewerFormat) {
		t.Fatalf("newer format: %v does not wrap errNewerFormat", err)
	}
}

// FuzzDecodeSnapshot feeds damaged data objects to the decoder: it must
// answer an error or a snapshot that encodes back to an equal snapshot,
// never panic or allocate without bound. The same bytes also go to the
// column decoder directly, which the checksum would otherwise shield from
// almost every mutation.
func FuzzDecodeSnapshot(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "fuzz", "FuzzDecodeSnapshot", "*"))
	if len(seeds) == 0 {
		f.Fatal("no seed corpus under testdata/fuzz/FuzzDecodeSnapshot")
	}
	for _, cs := range [][]campaign.Campaign{nil, fakeCampaigns(5, 3)} {
		b, err := encodeSnapshot(testSnapshot(1, time.Unix(1700000000, 0), cs))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(encodeBody(testSnapshot(2, time.Unix(1700000000, 0), fakeCampaigns(4, 3))))
	f.Fuzz(func(t *testing.T, data []byte) {
		for v := byte(oldestVersion); v <= dataVersion; v++ {
			if s, err := decodeBody(data, v, maxExpansion(len(data))); err == nil {
				again, err := decodeBody(encodeBody(s), dataVersion, maxBody)
				if err != nil || !reflect.DeepEqual(s, again) {
					t.Fatalf("body re-encoding (format %d): %v", v, err)
				}
			}
		}
		s, err := decodeSnapshot(data)
		if err != nil {
			return
		}
		again, err := encodeSnapshot(s)
		if err != nil {
			t.Fatalf("re-encoding a decoded snapshot: %v", err)
		}
		s2, err := decodeSnapshot(again)
		if err != nil {
			t.Fatalf("decoding a re-encoded snapshot: %v", err)
		}
		if !reflect.DeepEqual(s, s2) {
			t.Fatalf("re-encoding changed the snapshot")
		}
	})
}

// BenchmarkEncodeDecode100k encodes and decodes a snapshot of 100,000
// realistic campaigns; bytes/campaign is the stored size. "vocabulary"
// names come from a marketing vocabulary; "unique" adds 6 random hex
// digits to each, as generated names do.
func BenchmarkEncodeDecode100k(b *testing.B) {
	vocab := fakeCampaigns(100_000, 7)
	unique := slices.Clone(vocab)
	r := rand.New(rand.NewPCG(3, 4))
	for i := range unique {
		unique[i].CampaignName += fmt.Sprintf("-%06x", r.IntN(1<<24))
	}
	for _, bc := range []struct {
		name string
		cs   []campaign.Campaign
	}{{"vocabulary", vocab}, {"unique", unique}} {
		b.Run(bc.name, func(b *testing.B) {
			snap := testSnapshot(1, time.Unix(1700000000, 0), bc.cs)
			var size int
			b.ReportAllocs()
			for b.Loop() {
				data, err := encodeSnapshot(snap)
				if err != nil {
					b.Fatal(err)
				}
				size = len(data)
				if _, err := decodeSnapshot(data); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(size)/float64(len(bc.cs)), "bytes/campaign")
		})
		// What a committing check does: encode.
		b.Run(bc.name+"/encode", func(b *testing.B) {
			snap := testSnapshot(1, time.Unix(1700000000, 0), bc.cs)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := encodeSnapshot(snap); err != nil {
					b.Fatal(err)
				}
			}
		})
		// What a check does with the previous snapshot: decode it packed
		// and read every row once (Compare).
		b.Run(bc.name+"/packed", func(b *testing.B) {
			data, err := encodeSnapshot(testSnapshot(1, time.Unix(1700000000, 0), bc.cs))
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				s, err := decodePacked(data)
				if err != nil {
					b.Fatal(err)
				}
				n := 0
				for range s.All() {
					n++
				}
				if n != len(bc.cs) {
					b.Fatalf("read %d rows of %d", n, len(bc.cs))
				}
			}
		})
	}
}

// BenchmarkCommitLatest100k commits a generation of 100,000 campaigns to a
// file store and reads it back, as a run does.
func BenchmarkCommitLatest100k(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, "file://"+b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	cs := fakeCampaigns(100_000, 7)
	gen := int64(0)
	b.ReportAllocs()
	for b.Loop() {
		gen++
		if err := s.Commit(ctx, testSnapshot(gen, time.Unix(1700000000+gen, 0), cs), nil); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Latest(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(s.Stats().BytesWritten)/float64(gen), "bytes-written/commit")
}
