package dingtalk_test

import (
	"testing"

	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/dingtalk"
	"github.com/campaignwatch/campaignwatch/notify/notifytest"
)

// BenchmarkRender300 renders a 300-change alert into robot messages.
func BenchmarkRender300(b *testing.B) {
	a := notifytest.ManyChanges(300)
	for b.Loop() {
		if _, err := dingtalk.Render(a, notify.Locale{Labels: notifytest.Labels()}, mention); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRender1000 renders 1,000 changes over 100 channels (the 1%
// changed check of 100,000 campaigns) into robot messages.
func BenchmarkRender1000(b *testing.B) {
	a := notifytest.SpreadChanges(1000, 100)
	for b.Loop() {
		if _, err := dingtalk.Render(a, notify.Locale{}, mention); err != nil {
			b.Fatal(err)
		}
	}
}
