package dashboard_test

import (
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/dashboard"
	"github.com/campaignwatch/campaignwatch/notify/catalog"
)

// FuzzLanguage: whatever a browser sends as Accept-Language, ?lang= or
// the language cookie, the page gets one of the catalogues.
func FuzzLanguage(f *testing.F) {
	d, err := dashboard.New(dashboard.Options{Source: emptySource{}})
	if err != nil {
		f.Fatal(err)
	}
	f.Add("", "", "zh-CN,zh;q=0.9,en;q=0.8")
	f.Add("zh-cn", "", "")
	f.Add("", "fr", "en-GB;q=0.5, zh-Hans;q=0.7, *;q=0.1")
	f.Add("", "", ";;;q=abc,,zh-TW;q=2")
	f.Fuzz(func(t *testing.T, query, cookie, accept string) {
		l := d.Language(query, cookie, accept)
		if _, ok := catalog.Lookup(l.Tag); !ok {
			t.Fatalf("Language(%q, %q, %q) = %q, no catalogue", query, cookie, accept, l.Tag)
		}
	})
}
