package silence

import (
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// FuzzDecodeRequest: any body decodes to a request or to problems that
// name a field, without panicking; what decodes is checked by Make without
// panicking either, and a silence it makes is within the limits.
func FuzzDecodeRequest(f *testing.F) {
	f.Add([]byte(`{"for":"3h","comment":"restructuring Brand A","channels":["Brand A"]}`))
	f.Add([]byte(`{"endsAt":"2026-12-08T18:00:00+08:00","comment":"x","types":["guardrail"],"receivers":["finance"]}`))
	f.Add([]byte(`{"for":3}`))
	f.Add([]byte(`{"channels":"Brand A"}`))
	f.Add([]byte(`{"bogus":1}`))
	f.Add([]byte(`{} {}`))
	f.Add([]byte(``))
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	svc := &Service{Known: Known{
		Channels:  []campaign.Channel{{ChannelID: campaign.ChannelID{CustSpaceID: "cams-a1", PageID: "239001"}, Name: "Brand A"}},
		Receivers: []string{"finance"},
	}, Now: func() time.Time { return now }}
	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := DecodeRequest(body)
		if err != nil {
			ps, ok := err.(Problems)
			if !ok || len(ps) == 0 || ps[0].Field == "" || len(ps.Error()) > 400 {
				t.Fatalf("error %v (%T) names no field or is too long", err, err)
			}
			return
		}
		sl, probs := svc.Make(req, "dashboard")
		if len(probs) > 0 {
			for _, p := range probs {
				if p.Field == "" || len(p.Msg) > 400 {
					t.Fatalf("problem %q names no field or is too long", p)
				}
			}
			return
		}
		if sl.EndsAt.Sub(sl.StartsAt) > campaign.MaxSilence || !sl.EndsAt.After(sl.StartsAt) {
			t.Fatalf("made a silence of %v", sl.EndsAt.Sub(sl.StartsAt))
		}
		if sl.Comment == "" || len([]rune(sl.Comment)) > campaign.MaxSilenceComment {
			t.Fatalf("made a silence with comment %q", sl.Comment)
		}
		if len(sl.Channels)+len(sl.CampaignIDs)+len(sl.Types)+len(sl.Receivers) == 0 {
			t.Fatal("made a silence with no matcher")
		}
	})
}
