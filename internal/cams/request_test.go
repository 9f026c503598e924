package cams

import (
	"context"
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"testing"

	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
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

// TestSignatureIsTheSDKs signs requests of every shape (filters with
// characters that percent-encoding treats apart, access keys with and
// without an STS token, with and without a provider name) and checks the
// Authorization against the SDK's own openapiutil.GetAuthorization over
// the request CallApi would build.
func TestSignatureIsTheSDKs(t *testing.T) {
	k := &caller{host: "cams.ap-southeast-1.aliyuncs.com"}
	chans := []campaign.Channel{channel("cams-a1", "239001")}
	odd := channel("cams-b2", "2390 02")
	odd.Filters = campaign.Filters{AdAccountID: "act_1", Status: "PAUSED", CampaignName: "spring 50% *~+ off/春", CampaignID: "1;2"}
	chans = append(chans, odd)
	creds := []credentialModel{
		{id: "AKID", secret: "secret"},
		{id: "STS.AKID", secret: "s2", token: "tok/en+=", provider: "env"},
		{id: "AKID", secret: "s3", provider: "static_ak"},
	}
	for _, ch := range chans {
		for _, cred := range creds {
			for _, index := range []int{1, 12} {
				hs := acsHeaders{date: "2026-12-07T01:02:03Z", nonce: "0123456789abcdef", cred: cred}
				sh := k.shapeOf(ch)
				got := k.sign(sh.head+pageValue(index, 50)+sh.tail, hs)

				req := &dara.Request{Method: dara.String("POST"), Pathname: dara.String("/"),
					Query: map[string]*string{
						"CustSpaceId": dara.String(ch.CustSpaceID), "PageId": dara.String(ch.PageID),
						"Page": dara.String(`{"Index":` + strconv.Itoa(index) + `,"Size":50}`),
					},
					Headers: map[string]*string{"host": dara.String(k.host), "user-agent": dara.String("ua"), "accept": dara.String("application/json")},
				}
				for key, v := range map[string]string{"AdAccountId": ch.Filters.AdAccountID, "Status": ch.Filters.Status,
					"CampaignName": ch.Filters.CampaignName, "CampaignId": ch.Filters.CampaignID} {
					if v != "" {
						req.Query[key] = dara.String(v)
					}
				}
				hs.each(func(name, v string) { req.Headers[name] = dara.String(v) })
				want := openapiutil.GetAuthorization(req, dara.String(signatureAlgorithm), dara.String(emptyPayloadHash), dara.String(cred.id), dara.String(cred.secret))
				if got != *want {
					t.Errorf("channel %+v, credential %+v, page %d:\n got %s\nwant %s", ch, cred, index, got, *want)
				}
			}
		}
	}
}

// BenchmarkSign is the signature of one page's request, once per shape
// (caller.sign) against the SDK's GetAuthorization over the maps CallApi
// builds for every request.
//
//	go test ./internal/cams -run '^$' -bench Sign -benchmem
func BenchmarkSign(b *testing.B) {
	k := &caller{host: "cams.ap-southeast-1.aliyuncs.com"}
	ch := channel("cams-a1", "239001")
	cred := credentialModel{id: "STS.AKID", secret: "secret", token: "token", provider: "env"}
	b.Run("shape", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			hs := acsHeaders{date: "2026-12-07T01:02:03Z", nonce: nonce(), cred: cred}
			sh := k.shapeOf(ch)
			_ = k.sign(sh.head+pageValue(i%20+1, 50)+sh.tail, hs)
		}
	})
	b.Run("sdk", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			hs := acsHeaders{date: "2026-12-07T01:02:03Z", nonce: nonce(), cred: cred}
			req := &dara.Request{Method: dara.String("POST"), Pathname: dara.String("/"),
				Query: map[string]*string{
					"CustSpaceId": dara.String(ch.CustSpaceID), "PageId": dara.String(ch.PageID),
					"Page": dara.String(`{"Index":` + strconv.Itoa(i%20+1) + `,"Size":50}`),
				},
				Headers: map[string]*string{"host": dara.String(k.host), "user-agent": dara.String("ua"), "accept": dara.String("application/json")},
			}
			hs.each(func(name, v string) { req.Headers[name] = dara.String(v) })
			_ = openapiutil.GetAuthorization(req, dara.String(signatureAlgorithm), dara.String(emptyPayloadHash), dara.String(cred.id), dara.String(cred.secret))
		}
	})
}
