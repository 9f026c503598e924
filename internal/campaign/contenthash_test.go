package campaign

import (
	"fmt"
	"reflect"
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
