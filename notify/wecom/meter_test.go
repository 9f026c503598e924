package wecom

import (
	"testing"

	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/notifytest"
)

// TestMeterPacksAsSplit: the meter packs every alert into the messages
// split finds by encoding candidates.
func TestMeterPacksAsSplit(t *testing.T) {
	notifytest.CheckMeter(t, encodeDoc, func(notify.Mention) notify.Meter { return newMeter() }, notify.Mention{})
}
