package camsemu

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/aliyun/credentials-go/credentials"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// recorder is a dara.HttpClient that keeps the last request darabonba
// signed, and sends it on.
type recorder struct {
	mu   sync.Mutex
	last *http.Request
}

func (r *recorder) Call(req *http.Request, _ *http.Transport) (*http.Response, error) {
	r.mu.Lock()
	r.last = req.Clone(req.Context())
	r.mu.Unlock()
	return http.DefaultClient.Do(req)
}

// signedCall makes one ListMessageCampaign call with darabonba, signed with
// secret (and token), and returns the request as sent and the SDK's error.
func signedCall(t *testing.T, s *Server, id, secret, token string, query map[string]string) (*http.Request, error) {
	t.Helper()
	cc := &credentials.Config{Type: tea.String("access_key"), AccessKeyId: tea.String(id), AccessKeySecret: tea.String(secret)}
	if token != "" {
		cc.Type, cc.SecurityToken = tea.String("sts"), tea.String(token)
	}
	cred, err := credentials.NewCredential(cc)
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	api, err := openapi.NewClient(&openapi.Config{Credential: cred, Endpoint: tea.String(s.Endpoint()), Protocol: tea.String("http"), HttpClient: rec})
	if err != nil {
		t.Fatal(err)
	}
	q := map[string]*string{}
	for k, v := range query {
		q[k] = tea.String(v)
	}
	_, err = api.CallApiWithCtx(t.Context(), &openapi.Params{
		Action: tea.String(Action), Version: tea.String(Version), Protocol: tea.String("http"), Pathname: tea.String("/"),
		Method: tea.String("POST"), AuthType: tea.String("AK"), Style: tea.String("RPC"), ReqBodyType: tea.String("formData"), BodyType: tea.String("json"),
	}, &openapi.OpenApiRequest{Query: q}, &dara.RuntimeOptions{})
	return rec.last, err
}

var listQuery = map[string]string{"CustSpaceId": "cams-a1", "PageId": "239001", "Page": `{"Index":1,"Size":10}`, "CampaignName": "spring sale*~+&"}

// send replays req (already signed) after edit, and decodes the answer.
func send(t *testing.T, req *http.Request, edit func(*http.Request)) (int, map[string]any) {
	t.Helper()
	r := req.Clone(t.Context())
	r.RequestURI = ""
	if edit != nil {
		edit(r)
	}
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	b, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(b, &body); err != nil {
		t.Fatalf("answer is not JSON: %q", b)
	}
	return resp.StatusCode, body
}

// setHeader replaces a header darabonba set under its lower-case name
// (which Header.Set would not find); "" deletes it.
func setHeader(r *http.Request, k, v string) {
	delete(r.Header, k)
	r.Header.Del(k)
	if v != "" {
		r.Header[k] = []string{v}
	}
}

func TestSignatureAccepted(t *testing.T) {
	for _, token := range []string{"", "sts-token"} {
		s := New(Options{SecurityToken: token})
		defer s.Close()
		s.SetCampaigns("cams-a1", "239001", []campaign.Campaign{{CampaignID: "1", CampaignName: "spring sale*~+& 2026"}})
		id, secret, _ := s.AccessKey()
		if _, err := signedCall(t, s, id, secret, token, listQuery); err != nil {
			t.Errorf("token %q: darabonba's signed call refused: %v", token, err)
		}
	}
}

func TestSignatureRefusals(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	s.SetCampaigns("cams-a1", "239001", nil)
	id, secret, _ := s.AccessKey()
	good, err := signedCall(t, s, id, secret, "", listQuery)
	if err != nil {
		t.Fatalf("good call: %v", err)
	}
	fresh := func() *http.Request {
		r, err := signedCall(t, s, id, secret, "", listQuery)
		if err != nil {
			t.Fatalf("good call: %v", err)
		}
		// Answered once already: a new nonce for the replay under test.
		r = r.Clone(t.Context())
		setHeader(r, "x-acs-signature-nonce", "unused-"+time.Now().Format(time.RFC3339Nano))
		return r
	}
	for _, tc := range []struct {
		name   string
		req    func() *http.Request
		edit   func(*http.Request)
		status int
		code   string
	}{
		{"replayed nonce", func() *http.Request { return good }, nil, 400, "SignatureNonceUsed"},
		{"missing Authorization", fresh, func(r *http.Request) { r.Header.Del("Authorization") }, 400, "MissingParameter"},
		{"missing x-acs-date", fresh, func(r *http.Request) { setHeader(r, "x-acs-date", "") }, 400, "MissingParameter"},
		{"missing nonce", fresh, func(r *http.Request) { setHeader(r, "x-acs-signature-nonce", "") }, 400, "MissingParameter"},
		{"nonce changed after signing", fresh, nil, 400, "SignatureDoesNotMatch"},
		{"query changed after signing", fresh, func(r *http.Request) { r.URL.RawQuery = strings.Replace(r.URL.RawQuery, "cams-a1", "cams-b2", 1) }, 400, "SignatureDoesNotMatch"},
		{"body does not match its hash", fresh, func(r *http.Request) { r.Body = io.NopCloser(strings.NewReader("x=1")); r.ContentLength = 3 }, 400, "SignatureDoesNotMatch"},
		{"other algorithm", fresh, func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "ACS3-HMAC-SHA256", "ACS3-HMAC-SM3", 1))
		}, 400, "IncompleteSignature"},
		{"action not signed", fresh, func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "x-acs-action;", "", 1))
		}, 400, "IncompleteSignature"},
		{"stale date", fresh, func(r *http.Request) {
			setHeader(r, "x-acs-date", time.Now().UTC().Add(-16*time.Minute).Format(dateLayout))
		}, 400, "InvalidTimeStamp.Expired"},
		{"malformed date", fresh, func(r *http.Request) { setHeader(r, "x-acs-date", "yesterday") }, 400, "InvalidTimeStamp.Format"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := send(t, tc.req(), tc.edit)
			if status != tc.status || body["Code"] != tc.code {
				t.Fatalf("answer %d %v; want %d %s", status, body, tc.status, tc.code)
			}
			for _, k := range []string{"RequestId", "HostId", "Message", "Recommend"} {
				if s, _ := body[k].(string); s == "" {
					t.Errorf("answer lacks %s: %v", k, body)
				}
			}
			if strings.Contains(body["Message"].(string), secret) {
				t.Errorf("answer carries the secret: %v", body)
			}
		})
	}
}

func TestCredentialRefusals(t *testing.T) {
	for _, tc := range []struct {
		name              string
		emuToken          string
		id, secret, token string
		status            int
		code              string
	}{
		{"wrong secret", "", "emu-access-key-id", "wrong", "", 400, "SignatureDoesNotMatch"},
		{"unknown key", "", "LTAI-other", "emu-access-key-secret", "", 404, "InvalidAccessKeyId.NotFound"},
		{"token missing", "tok", "emu-access-key-id", "emu-access-key-secret", "", 400, "MissingSecurityToken"},
		{"token wrong", "tok", "emu-access-key-id", "emu-access-key-secret", "other", 400, "InvalidSecurityToken.Expired"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := New(Options{SecurityToken: tc.emuToken})
			defer s.Close()
			_, err := signedCall(t, s, tc.id, tc.secret, tc.token, listQuery)
			se, ok := err.(*tea.SDKError)
			if !ok || tea.IntValue(se.StatusCode) != tc.status || tea.StringValue(se.Code) != tc.code {
				t.Fatalf("error %v; want an SDK error %d %s", err, tc.status, tc.code)
			}
			if st := s.Stats(); st.Refused != 1 || st.Calls != 1 {
				t.Errorf("stats %+v; want 1 call, refused", st)
			}
		})
	}
}

func TestStaleClockRefused(t *testing.T) {
	s := New(Options{Now: func() time.Time { return time.Now().Add(20 * time.Minute) }})
	defer s.Close()
	id, secret, _ := s.AccessKey()
	_, err := signedCall(t, s, id, secret, "", listQuery)
	if se, ok := err.(*tea.SDKError); !ok || tea.StringValue(se.Code) != "InvalidTimeStamp.Expired" {
		t.Fatalf("error %v; want InvalidTimeStamp.Expired", err)
	}
}
