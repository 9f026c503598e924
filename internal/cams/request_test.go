package cams

import (
	"context"
	"net/http"
	"reflect"
	"regexp"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/cams/camsemu"
)

// requestID matches the request ids an error text carries, which differ
// from call to call.
var requestID = regexp.MustCompile(`request id [^)\s]+`)

// TestCallerAgreesWithCallApi makes the same calls through the caller's
// signed requests and through the SDK's CallApi (the path for
// credentials that are not access keys), against the emulator, which
// verifies every signature: the pages and the errors must be the same.
func TestCallerAgreesWithCallApi(t *testing.T) {
	for _, sts := range []bool{false, true} {
		opts := camsemu.Options{MaxPageSize: 50}
		if sts {
			opts.SecurityToken = "sts-token-for-the-test"
		}
		f := newFixture(t, opts, Config{})
		ch := channel("cams-a1", "239001")
		ch.Filters.Status = "PAUSED"
		f.emu.SetCampaigns("cams-a1", "239001", makeCampaigns("cams-a1", "239001", 120))
		ctx := context.Background()
		api, err := f.client.newAPI()
		if err != nil {
			t.Fatal(err)
		}
		pr := pageRequest{api: api, ch: channel("cams-a1", "239001"), index: 2, size: 50}
		fast, err := f.client.call(ctx, pr)
		if err != nil {
			t.Fatalf("sts=%v: caller: %v", sts, err)
		}
		viaSDK, err := f.client.callSDK(ctx, ctx, pr)
		if err != nil {
			t.Fatalf("sts=%v: CallApi: %v", sts, err)
		}
		if len(fast.Rows) != 50 || !reflect.DeepEqual(fast.Rows, viaSDK.Rows) || fast.Total != viaSDK.Total {
			t.Errorf("sts=%v: caller got %d rows of %d, CallApi %d of %d, or the rows differ", sts, len(fast.Rows), fast.Total, len(viaSDK.Rows), viaSDK.Total)
		}
		// Filters with characters that percent-encoding treats apart are
		// signed alike.
		name, paused := "spring 50% *~+ off", "PAUSED"
		if _, err := f.emu.Apply(camsemu.Patch{CustSpaceID: "cams-a1", PageID: "239001", CampaignID: "99", CampaignName: &name, Status: &paused}); err != nil {
			t.Fatal(err)
		}
		ch.Filters.CampaignName = name
		filtered := pr
		filtered.ch, filtered.index = ch, 1
		if p, err := f.client.call(ctx, filtered); err != nil || len(p.Rows) != 1 || p.Rows[0].CampaignName != name {
			t.Errorf("sts=%v: caller with filters: %d rows, %v", sts, len(p.Rows), err)
		}

		for _, status := range []int{http.StatusBadRequest, http.StatusTooManyRequests, http.StatusServiceUnavailable} {
			f.emu.Throttle(1, status)
			_, errFast := f.client.call(ctx, pr)
			f.emu.Throttle(1, status)
			_, errSDK := f.client.callSDK(ctx, ctx, pr)
			a, b := classify(ctx, errFast, 0), classify(ctx, errSDK, 0)
			if errFast == nil || errSDK == nil || a.kind != b.kind || a.retryable != b.retryable ||
				requestID.ReplaceAllString(a.msg, "") != requestID.ReplaceAllString(b.msg, "") {
				t.Errorf("sts=%v, HTTP %d: caller's error %v, CallApi's %v", sts, status, errFast, errSDK)
			}
		}
	}
}
