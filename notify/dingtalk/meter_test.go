package dingtalk

import (
	"testing"

	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/notifytest"
)

// TestMeterPacksAsSplit: the meter packs every alert into the messages
// split finds by encoding candidates, mentioning nobody or some.
func TestMeterPacksAsSplit(t *testing.T) {
	notifytest.CheckMeter(t, encodeDoc, newMeter,
		notify.Mention{}, notify.Mention{All: true, Mobiles: []string{"13800000000"}, UserIDs: []string{"user-1"}})
}
