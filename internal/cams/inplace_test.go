package cams

import (
	"slices"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/cams/camsemu"
)

// TestListDecodesPagesInPlace: the pages after the first, called as
// listChannel calls them, are decoded into their windows of the
// channel's listing, so that the listing is the array they went into,
// and the campaigns are the server's, in its order.
func TestListDecodesPagesInPlace(t *testing.T) {
	f := newFixture(t, camsemu.Options{MaxPageSize: 50}, Config{Concurrency: 1})
	want := makeCampaigns("cams-a1", "239001", 257)
	f.emu.SetCampaigns("cams-a1", "239001", want)
	ch := channel("cams-a1", "239001")
	api, err := f.client.newAPI()
	if err != nil {
		t.Fatal(err)
	}
	place := make([]campaign.Campaign, 257)
	var results []fetched
	for i := 1; i <= 6; i++ {
		pr := pageRequest{api: api, ch: ch, index: i, size: 50}
		if i > 1 {
			pr.into = window(place, i, 50)
		}
		p, calls, err := f.client.callWithRetry(t.Context(), pr)
		if err != nil {
			t.Fatalf("page %d: %v", i, err)
		}
		results = append(results, fetched{page: p, calls: calls})
	}
	if !inPlace(results, place) {
		t.Fatal("the pages were not decoded into their windows")
	}
	l := campaign.Listing{Channel: ch}
	assemble(&l, results, place, 6, 50, nil)
	if !l.Complete || &l.Campaigns[0] != &place[0] {
		t.Fatalf("Complete=%v Err=%v; want the listing complete, in place", l.Complete, l.Err)
	}
	campaign.SortCampaigns(want)
	if !slices.Equal(l.Campaigns, want) {
		t.Error("the campaigns decoded in place are not the server's")
	}
}

// TestAssembleNeverCopiesOverUncheckedPages: a page with more rows than
// asked for is decoded into a slice of its own; copying it into the
// listing in place would overwrite the first rows of the page after it,
// already decoded there and not yet checked. The listing then takes an
// array of its own, and holds every campaign once, in the server's order.
func TestAssembleNeverCopiesOverUncheckedPages(t *testing.T) {
	cs := makeCampaigns("cams-a1", "239001", 150)
	ch := channel("cams-a1", "239001")
	for _, tc := range []struct {
		name  string
		sizes []int // rows of each page, in order
	}{
		{"aligned", []int{50, 50, 50}},
		{"second page long, last short", []int{50, 51, 49}},
		{"second page short then long", []int{50, 49, 51}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			place := make([]campaign.Campaign, 150)
			results := make([]fetched, len(tc.sizes))
			at := 0
			for i, n := range tc.sizes {
				rows := slices.Clone(cs[at : at+n])
				if w := window(place, i+1, 50); i > 0 && n <= cap(w) {
					rows = append(w[:0], cs[at:at+n]...) // as decode puts it
				}
				for j := range rows {
					rows[j].CustSpaceID, rows[j].PageID = "", "" // check sets them
				}
				results[i] = fetched{page: page{Total: 150, Rows: rows}}
				at += n
			}
			l := campaign.Listing{Channel: ch}
			assemble(&l, results, place, len(tc.sizes), 50, nil)
			if tc.name != "aligned" && l.Complete && &l.Campaigns[0] == &place[0] {
				t.Error("pages out of their places were assembled in place")
			}
			if tc.name == "second page short then long" {
				if l.Err == nil {
					t.Fatal("a short page before the last was taken")
				}
				return
			}
			if !l.Complete || !slices.Equal(l.Campaigns, cs) {
				t.Fatalf("Complete=%v Err=%v, %d campaigns: want the 150 as served", l.Complete, l.Err, len(l.Campaigns))
			}
		})
	}
}
