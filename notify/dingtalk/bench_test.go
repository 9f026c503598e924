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
