package notify_test

import (
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/notifytest"
)

// TestCampaignURLEscapesEachID: each id is one path segment with nothing
// any service's link syntax reads; no public URL, no address.
func TestCampaignURLEscapesEachID(t *testing.T) {
	k := campaign.Key{CustSpaceID: "cams-a1", PageID: "239/001", CampaignID: "1) ](x)|<y> `z`"}
	got := notify.CampaignURL("https://w.example", k)
	want := "https://w.example/ui/campaigns/cams-a1/239%2F001/1%29%20%5D%28x%29%7C%3Cy%3E%20%60z%60"
	if got != want {
		t.Errorf("CampaignURL = %q, want %q", got, want)
	}
	if got := notify.CampaignURL("", k); got != "" {
		t.Errorf("CampaignURL without a public URL = %q, want none", got)
	}
	if got := notify.DashboardURL("https://w.example"); got != "https://w.example/ui/" {
		t.Errorf("DashboardURL = %q", got)
	}
}

// TestRichWritesEachServicesLinks: a campaign's name is a link in each
// family's own syntax, its text neutralised; a string without a link is
// written exactly as the plain escapers write it.
func TestRichWritesEachServicesLinks(t *testing.T) {
	c := campaign.Change{Type: campaign.StatusChanged, CustSpaceID: "cams-a1", PageID: "239001", CampaignID: "233001",
		CampaignName: "# a]|b>`c`", Old: "AVAILABLE", New: "PAUSED"}
	a := &campaign.Alert{ID: "a", Kind: campaign.AlertChanges, At: notifytest.At, Changes: []campaign.Change{c}}
	doc := notify.ChangesDoc(a, notify.ReaderOf(notify.Locale{Labels: notifytest.Labels(), PublicURL: "https://w.example"}))
	line := doc.Blocks[0].Lines[0]
	url := "https://w.example/ui/campaigns/cams-a1/239001/233001"
	for _, tt := range []struct {
		name string
		f    func(string) string
		want string
	}{
		{"slack", notify.SlackRich, "<" + url + "|# a]｜b&gt;`c`> (233001): active → paused"},
		{"markdown", notify.MarkdownRich, "[＃ a］｜b＞｀c｀](" + url + ") (233001): active → paused"},
		{"lark_md", notify.LarkMDRich, "[# a］｜b＞&#96;c&#96;](" + url + ") (233001): active → paused"},
	} {
		if got := tt.f(line); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
	if got, want := notify.Unlinked(line), "# a]|b>`c` (233001): active → paused"; got != want {
		t.Errorf("Unlinked = %q, want %q", got, want)
	}
	if got := doc.PlainText(); strings.ContainsAny(got, "\x02\x1f\x03") || strings.Contains(got, url) {
		t.Errorf("the plain text shows the link's markers or address:\n%q", got)
	}
	for _, s := range []string{"Brand A · x (1): y", "# h", "- a", "\x02x\x1fhttps://e.example\x03"} {
		if notify.SlackRich(s) != notify.SlackText(s) || notify.MarkdownRich(s) != notify.MarkdownText(s) || notify.LarkMDRich(s) != notify.LarkMDText(s) {
			if !strings.ContainsRune(s, '\x02') {
				t.Errorf("%q: a string without a link is written differently", s)
			}
		}
	}
}

// TestLinkMarkersInDataAreSpaces: a campaign name holding the link
// markers is cleaned to spaces before it reaches a Doc, so it links
// nowhere.
func TestLinkMarkersInDataAreSpaces(t *testing.T) {
	name := "\x02in\x1fhttps://evil.example\x03"
	c := campaign.Change{Type: campaign.Added, CustSpaceID: "cams-a1", PageID: "239001", CampaignID: "1", CampaignName: name, Status: "AVAILABLE"}
	a := &campaign.Alert{ID: "a", Kind: campaign.AlertChanges, At: notifytest.At, Changes: []campaign.Change{c}}
	line := notify.ChangesDoc(a, notify.ReaderOf(notify.Locale{Labels: notifytest.Labels()})).Blocks[0].Lines[0]
	if spans := notify.Spans(line); len(spans) != 1 || spans[0].URL != "" {
		t.Errorf("a name with the markers made spans %+v", spans)
	}
}

// TestOverlongAddressIsNoLink: a campaign whose ids would make an address
// past 1,000 bytes is named without a link, never with a cut one.
func TestOverlongAddressIsNoLink(t *testing.T) {
	c := campaign.Change{Type: campaign.Added, CustSpaceID: "cams-a1", PageID: "239001", CampaignID: strings.Repeat("界", 200),
		CampaignName: "spring-sale", Status: "AVAILABLE"}
	a := &campaign.Alert{ID: "a", Kind: campaign.AlertChanges, At: notifytest.At, Changes: []campaign.Change{c}}
	line := notify.ChangesDoc(a, notify.ReaderOf(notify.Locale{Labels: notifytest.Labels(), PublicURL: "https://w.example"})).Blocks[0].Lines[0]
	if spans := notify.Spans(line); len(spans) != 1 || spans[0].URL != "" {
		t.Errorf("an address of %d bytes made a link: %+v", len(notify.CampaignURL("https://w.example", campaign.Key{CustSpaceID: "cams-a1", PageID: "239001", CampaignID: c.CampaignID})), spans)
	}
}
