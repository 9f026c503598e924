package campaign

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
)

func hashSample(n int) []Campaign {
	cs := make([]Campaign, n)
	for i := range cs {
		cs[i] = Campaign{CustSpaceID: "cams-a1", PageID: "239001", CampaignID: fmt.Sprintf("c-%06d", i),
			CampaignName: fmt.Sprintf("Spring sale %d", i), Status: "ACTIVE", Budget: int64(1000 + i),
			BudgetType: BudgetDaily, AdAccountID: "act-1", CreateTime: 1700000000000 + int64(i)}
	}
	return cs
}

// TestContentHashCoversEveryField: changing any one field of any campaign, a
// field added to Campaign included, changes the hash; so does the
// order, and a byte moved from one field to the next.
func TestContentHashCoversEveryField(t *testing.T) {
	cs := hashSample(3)
	base := ContentHash(cs)
	if again := ContentHash(hashSample(3)); again != base {
		t.Fatalf("the same campaigns gave %s and %s", base, again)
	}
	typ := reflect.TypeFor[Campaign]()
	for f := range typ.NumField() {
		changed := hashSample(3)
		v := reflect.ValueOf(&changed[1]).Elem().Field(f)
		switch v.Kind() {
		case reflect.String:
			v.SetString(v.String() + "x")
		case reflect.Int64:
			v.SetInt(v.Int() + 1)
		default:
			t.Fatalf("Campaign.%s is a %s: ContentHash must cover it", typ.Field(f).Name, v.Kind())
		}
		if ContentHash(changed) == base {
			t.Errorf("changing Campaign.%s left the hash as it was", typ.Field(f).Name)
		}
	}
	swapped := hashSample(3)
	swapped[0], swapped[1] = swapped[1], swapped[0]
	if ContentHash(swapped) == base {
		t.Error("the order of the campaigns does not change the hash")
	}
	moved := hashSample(3)
	moved[0].CampaignID, moved[0].CampaignName = moved[0].CampaignID+"S", moved[0].CampaignName[1:]
	if ContentHash(moved) == base {
		t.Error("a byte moved from one field to the next leaves the hash as it was")
	}
	if ContentHash(nil) == ContentHash(hashSample(1)) {
		t.Error("no campaigns and one campaign have one hash")
	}
}

// BenchmarkContentHash100k is what a check spends on its listing's hash.
func BenchmarkContentHash100k(b *testing.B) {
	cs := hashSample(100_000)
	b.ReportAllocs()
	for b.Loop() {
		ContentHash(cs)
	}
}

// TestSealedListingsHashAsTheirCampaigns: listings sealed one by one
// (each sorted and hashed as it completes) and combined in channel order
// give the ContentHash of their campaigns sorted together; a listing that
// is incomplete, or holds a campaign of another channel, is not sealed.
func TestSealedListingsHashAsTheirCampaigns(t *testing.T) {
	listing := func(space, page string, ids ...string) Listing {
		l := Listing{Channel: Channel{ChannelID: ChannelID{CustSpaceID: space, PageID: page}}, Complete: true}
		for i, id := range ids {
			l.Campaigns = append(l.Campaigns, Campaign{CustSpaceID: space, PageID: page, CampaignID: id, Budget: int64(100 * i), BudgetType: BudgetDaily})
		}
		return l
	}
	// In channel order, each in the API's order (not the key's).
	ls := []Listing{listing("cams-a1", "1", "c3", "c1", "c2"), listing("cams-a1", "2"), listing("cams-b2", "1", "c9", "c0")}
	var all []Campaign
	for _, l := range ls {
		all = append(all, l.Campaigns...)
	}
	SortCampaigns(all)
	var digests []ChannelDigest
	for i := range ls {
		ls[i].Seal()
		if !ls[i].Sealed || !slices.IsSortedFunc(ls[i].Campaigns, compareCampaigns) {
			t.Fatalf("listing %d: sealed %v, campaigns %v", i, ls[i].Sealed, ls[i].Campaigns)
		}
		digests = append(digests, ChannelDigest{ID: ls[i].Channel.ChannelID, N: len(ls[i].Campaigns), Sum: ls[i].Digest})
	}
	if got, want := CombineChannelHashes(digests), ContentHash(all); got != want {
		t.Fatalf("combined %s, the campaigns' %s", got, want)
	}
	// Moving a campaign to another channel, or dropping one, changes it.
	other := slices.Clone(all)
	other[0].PageID = "2"
	SortCampaigns(other)
	if ContentHash(other) == ContentHash(all) || ContentHash(all[1:]) == ContentHash(all) {
		t.Fatal("a campaign moved to another channel, or dropped, left the hash as it was")
	}

	incomplete := listing("cams-a1", "1", "c2", "c1")
	incomplete.Complete = false
	incomplete.Seal()
	foreign := listing("cams-a1", "1", "c2", "c1")
	foreign.Campaigns[1].PageID = "9"
	foreign.Seal()
	if incomplete.Sealed || foreign.Sealed || foreign.Campaigns[0].CampaignID != "c2" {
		t.Fatalf("sealed an incomplete listing (%v) or one with another channel's campaign (%v, %v)", incomplete.Sealed, foreign.Sealed, foreign.Campaigns)
	}
}
