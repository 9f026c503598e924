package slack

import (
	"testing"

	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/notifytest"
)

// TestMeterPacksAsSplit: the meter packs every alert into the messages
// split finds by encoding candidates, mentioning nobody or many.
func TestMeterPacksAsSplit(t *testing.T) {
	many := notify.Mention{All: true, Here: true}
	for i := range 400 {
		many.UserIDs = append(many.UserIDs, "U0"+string(rune('A'+i%26))+string(rune('A'+i/26)))
	}
	notifytest.CheckMeter(t, encodeDoc, func(m notify.Mention) notify.Meter { return newMeter(m) },
		notify.Mention{}, notify.Mention{Here: true, UserIDs: []string{"U024BE7LH", "S0614TZR7"}}, many)
}
