package cams

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/credentials-go/credentials"
	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/cams/camsemu"
)

func TestListRetriesThrottling(t *testing.T) {
	for _, status := range []int{http.StatusBadRequest, http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			f := newFixture(t, camsemu.Options{MaxPageSize: 50}, Config{})
			f.emu.SetCampaigns("cams-a1", "239001", makeCampaigns("cams-a1", "239001", 120))
			f.emu.Throttle(2, status)

			l := f.listOne(t, channel("cams-a1", "239001"))
			if !l.Complete || len(l.Campaigns) != 120 {
				t.Fatalf("Complete=%v, %d campaigns, Err=%v: want 120, complete", l.Complete, len(l.Campaigns), l.Err)
			}
			if l.Calls != 5 || f.emu.Stats().Calls != 5 {
				t.Errorf("Calls = %d (emulator saw %d), want 3 pages + 2 throttled = 5", l.Calls, f.emu.Stats().Calls)
			}
			if !strings.Contains(f.log.String(), "retrying") {
				t.Errorf("log has no retry line:\n%s", f.log)
			}
		})
	}
}

func TestListFailsChannelOnPersistent500(t *testing.T) {
	f := newFixture(t, camsemu.Options{MaxPageSize: 50}, Config{Retry: retry{Attempts: 3}, Concurrency: 1})
	f.emu.SetCampaigns("cams-a1", "239001", makeCampaigns("cams-a1", "239001", 257))
	f.emu.SetCampaigns("cams-b2", "239002", makeCampaigns("cams-b2", "239002", 10))
	a1 := channel("cams-a1", "239001")
	a1.Name = "Brand A"
	f.emu.FailPage(a1.ChannelID, 3, 100)

	ls, err := f.client.List(t.Context(), []campaign.Channel{a1, channel("cams-b2", "239002")})
	if err != nil {
		t.Fatalf("List: %v (a failed channel is reported in its listing)", err)
	}
	l := ls[0]
	if l.Complete || l.Err == nil || campaign.KindOf(l.Err) != campaign.Unavailable {
		t.Fatalf("Complete=%v Err=%v: want an incomplete listing, kind unavailable", l.Complete, l.Err)
	}
	for _, want := range []string{"channel Brand A (cams-a1:239001), page 3", "gave up after 3 calls", "InternalError", "request id E5A1C0DE-"} {
		if !strings.Contains(l.Err.Error(), want) {
			t.Errorf("Err = %q, want it to contain %q", l.Err, want)
		}
	}
	t.Logf("error: %v", l.Err)
	if l.Calls != 5 || len(l.Campaigns) != 100 {
		t.Errorf("Calls=%d campaigns=%d, want 2 good pages + 3 failed calls and the 100 campaigns read", l.Calls, len(l.Campaigns))
	}
	if !ls[1].Complete || len(ls[1].Campaigns) != 10 {
		t.Errorf("other channel: Complete=%v, %d campaigns, Err=%v: want it listed", ls[1].Complete, len(ls[1].Campaigns), ls[1].Err)
	}
}

func TestListRefusedCredentialsFailFast(t *testing.T) {
	for _, tc := range []struct {
		name           string
		id, secret     string
		token          string
		emuToken       string
		wantCode, hint string
	}{
		{"wrong secret", "emu-access-key-id", "not-the-secret", "", "", "SignatureDoesNotMatch", "the access key secret belongs to the access key id"},
		{"unknown key id", "LTAI-nobody", "emu-access-key-secret", "", "", "InvalidAccessKeyId.NotFound", "check the access key id"},
		{"missing STS token", "emu-access-key-id", "emu-access-key-secret", "", "sts-token", "MissingSecurityToken", "refresh the security token"},
		{"wrong STS token", "emu-access-key-id", "emu-access-key-secret", "stale-token", "sts-token", "InvalidSecurityToken.Expired", "refresh the security token"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, camsemu.Options{SecurityToken: tc.emuToken},
				Config{Credential: staticCredential(t, tc.id, tc.secret, tc.token), Concurrency: 1})
			for _, s := range []string{"cams-a1", "cams-b2", "cams-c3"} {
				f.emu.SetCampaigns(s, "1", makeCampaigns(s, "1", 5))
			}
			ls, err := f.client.List(t.Context(), []campaign.Channel{channel("cams-a1", "1"), channel("cams-b2", "1"), channel("cams-c3", "1")})
			if campaign.KindOf(err) != campaign.Unauthorized {
				t.Fatalf("List error = %v, want kind unauthorized", err)
			}
			t.Logf("error: %v", err)
			for _, want := range []string{"channel cams-a1:1", tc.wantCode, tc.hint, "request id"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
			if strings.Contains(err.Error(), tc.secret) {
				t.Errorf("error carries the secret: %q", err)
			}
			if got := f.emu.Stats().Calls; got != 1 {
				t.Errorf("emulator saw %d calls, want 1: no retry, no further channel", got)
			}
			for _, l := range ls {
				if l.Complete || campaign.KindOf(l.Err) != campaign.Unauthorized {
					t.Errorf("%s: Complete=%v Err=%v, want unauthorized", l.Channel.ChannelID, l.Complete, l.Err)
				}
			}
		})
	}
}

func TestListCredentialsFromEnvironment(t *testing.T) {
	emu := camsemu.New(camsemu.Options{AccessKeyID: "STS.env-id", AccessKeySecret: "env-secret", SecurityToken: "env-token"})
	defer emu.Close()
	emu.SetCampaigns("cams-a1", "239001", makeCampaigns("cams-a1", "239001", 3))
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "STS.env-id")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret")
	t.Setenv("ALIBABA_CLOUD_SECURITY_TOKEN", "env-token")

	cred, err := credentials.NewCredential(nil) // the default chain, as the app builds it
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(Config{Endpoint: emu.URL(), PageSize: 50, Concurrency: 4, QPS: 10, Credential: cred})
	if err != nil {
		t.Fatal(err)
	}
	ls, err := c.List(t.Context(), []campaign.Channel{channel("cams-a1", "239001")})
	if err != nil || !ls[0].Complete || len(ls[0].Campaigns) != 3 {
		t.Fatalf("List: err=%v listing=%+v, want the 3 campaigns with the environment's STS credentials", err, ls)
	}
}

func TestListBusinessErrors(t *testing.T) {
	f := newFixture(t, camsemu.Options{}, Config{})
	l := f.listOne(t, channel("cams-zz", "404"))
	if l.Complete || campaign.KindOf(l.Err) != campaign.Invalid {
		t.Fatalf("Complete=%v Err=%v, want kind invalid", l.Complete, l.Err)
	}
	for _, want := range []string{"InvalidCustSpaceId.NotFound", "request id E5A1C0DE-", "CustSpaceId, PageId and filters"} {
		if !strings.Contains(l.Err.Error(), want) {
			t.Errorf("Err = %q, want %q in it", l.Err, want)
		}
	}
	if l.Calls != 1 {
		t.Errorf("Calls = %d, want 1 (not retried)", l.Calls)
	}
}

func TestListGivesUpBeforeDeadline(t *testing.T) {
	f := newFixture(t, camsemu.Options{}, Config{Retry: retry{Initial: time.Hour, Max: time.Hour}})
	f.emu.SetCampaigns("cams-a1", "239001", makeCampaigns("cams-a1", "239001", 3))
	f.emu.Throttle(1, http.StatusBadRequest)
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	ls, err := f.client.List(ctx, []campaign.Channel{channel("cams-a1", "239001")})
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	l := ls[0]
	if campaign.KindOf(l.Err) != campaign.Unavailable || !strings.Contains(l.Err.Error(), "deadline being too close") || !strings.Contains(l.Err.Error(), "Throttling.User") {
		t.Errorf("Err = %v, want an unavailable error saying the deadline is too close, naming Throttling.User", l.Err)
	}
}

func TestListUnreachableEndpoint(t *testing.T) {
	// A server that hangs up on every request without answering.
	hangup := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	}))
	defer hangup.Close()
	f := newFixture(t, camsemu.Options{}, Config{Endpoint: hangup.URL, Retry: retry{Attempts: 2}})
	l := f.listOne(t, channel("cams-a1", "239001"))
	t.Logf("error: %v", l.Err)
	if campaign.KindOf(l.Err) != campaign.Unavailable || !strings.Contains(l.Err.Error(), "could not be reached") || l.Calls != 2 {
		t.Errorf("Err = %v after %d calls, want unavailable, 'could not be reached', 2 calls", l.Err, l.Calls)
	}
	if strings.Contains(l.Err.Error(), "Signature") || strings.Contains(l.Err.Error(), "CustSpaceId=") {
		t.Errorf("Err carries the request's query: %q", l.Err)
	}
}

func TestListCancelled(t *testing.T) {
	f := newFixture(t, camsemu.Options{}, Config{})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	ls, err := f.client.List(ctx, []campaign.Channel{channel("cams-a1", "1"), channel("cams-b2", "2")})
	if campaign.KindOf(err) != campaign.Unavailable {
		t.Fatalf("err = %v, want unavailable", err)
	}
	for _, l := range ls {
		if l.Complete || campaign.KindOf(l.Err) != campaign.Unavailable || !strings.Contains(l.Err.Error(), "not listed") {
			t.Errorf("%s: Complete=%v Err=%v, want not listed, unavailable", l.Channel.ChannelID, l.Complete, l.Err)
		}
	}
}

func TestNewNeedsCredential(t *testing.T) {
	_, err := New(Config{Endpoint: "http://127.0.0.1:1", PageSize: 50, Concurrency: 4, QPS: 10})
	if campaign.KindOf(err) != campaign.Invalid || !strings.Contains(err.Error(), "Credential") {
		t.Fatalf("New without a credential: %v, want an Invalid error naming Config.Credential", err)
	}
}
