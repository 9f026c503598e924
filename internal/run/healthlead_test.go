package run

import (
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/notify"
)

// TestHealthNoticeSaysAnIncompleteListingInTheReadersLanguage: the failing
// notice of checks whose listing was incomplete leads its last error with
// the catalogue's sentence in each receiver's language (the API's own
// detail follows as it came), in the notice queued through the store.
func TestHealthNoticeSaysAnIncompleteListingInTheReadersLanguage(t *testing.T) {
	rig := newRig(t)
	rig.locale(t, 1, notify.Locale{Language: "zh-CN", Zone: time.UTC}) // DingTalk reads Chinese
	r := rig.runner()
	check(t, r, false)
	rig.src.incomplete = errAPIDown
	for range failuresInARow {
		failCheck(t, r)
	}
	sl, dt := rig.posted()
	en, zh := sl[len(sl)-1], dt[len(dt)-1]
	if !strings.Contains(en, "2 of 2 channels could not be listed completely, so nothing was committed or announced") ||
		!strings.Contains(en, "ServiceUnavailable: the CAMS API answered 503") {
		t.Errorf("English notice:\n%s", en)
	}
	if !strings.Contains(zh, "最近一次错误**：2 个渠道中有 2 个未能完整列出，因此没有保存快照") ||
		!strings.Contains(zh, "ServiceUnavailable: the CAMS API answered 503") || strings.Contains(zh, "could not be listed") {
		t.Errorf("Chinese notice leads with English or lacks the detail:\n%s", zh)
	}
}
