package feishu

import (
	"testing"

	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/notifytest"
)

// TestMeterPacksAsSplit: the meter packs every alert into the cards
// split finds by encoding candidates, mentioning nobody or some.
func TestMeterPacksAsSplit(t *testing.T) {
	notifytest.CheckMeter(t, encodeDoc, func(m notify.Mention) notify.Meter { return newMeter(m) },
		notify.Mention{}, notify.Mention{All: true, UserIDs: []string{"ou_7d8a6e6df7621556ce0d21922b676706ccs"}})
}
