package cams

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// signatureAlgorithm is the SDK's default, the one CAMS takes.
const signatureAlgorithm = "ACS3-HMAC-SHA256"

// emptyPayloadHash is hex(sha256("")): the calls have no body.
var emptyPayloadHash = hex.EncodeToString(openapiutil.Hash(nil, dara.String(signatureAlgorithm)))

// caller makes the calls of one goroutine. The darabonba client holds the
// endpoint, protocol and user agent it resolved and the credential, and the
// SDK's signer (openapiutil.GetAuthorization) signs every request, as
// CallApi does; what CallApi rebuilds for every page is built once here
// (the header and query maps the signer reads, the payload hash, the user
// agent), and what a check does not use is skipped: CallApi's log map of
// every request and answer (its answer's headers re-encoded as JSON), a
// nonce hashed from a goroutine id read off a stack trace, and an
// http.Transport built per call and then ignored for the pooled client.
// Each answer is read into a buffer kept from page to page. A credential of a type this path does
// not sign for (bearer token, OIDC id token) goes through CallApi.
type caller struct {
	api            *openapi.Client
	http           *http.Client
	protocol, host string
	userAgent      string
	req            dara.Request // Query and Headers, reused by every call
	body           bytes.Buffer
}

// newAPI builds the caller of one goroutine, with its own darabonba
// client (the SDK's Client writes its own fields on every RPC call, so one
// may not be shared between concurrent calls). They all share the HTTP
// client, its connections, and the credential.
func (c *Client) newAPI() (*caller, error) {
	api, err := openapi.NewClient(&openapi.Config{
		Credential: c.cred,
		Endpoint:   &c.ep.host,
		Protocol:   &c.ep.protocol,
		RegionId:   &c.cfg.Region,
		HttpClient: transport{client: c.http},
	})
	if err != nil {
		return nil, campaign.Wrap(campaign.Invalid, err, "cams: building the API client")
	}
	return &caller{
		api:       api,
		http:      c.http,
		protocol:  strings.ToLower(dara.StringValue(api.Protocol)),
		host:      dara.StringValue(api.Endpoint),
		userAgent: dara.StringValue(openapiutil.GetUserAgent(api.UserAgent)),
		req: dara.Request{
			Method: dara.String("POST"), Pathname: dara.String("/"),
			Query: map[string]*string{}, Headers: map[string]*string{},
		},
	}, nil
}

// do makes one signed call and returns the answer's status and body (the
// caller's buffer, valid until the next call). An error answer (HTTP 400
// to 599) comes back as the SDK's CallApi would return it, a
// *tea.SDKError, when its body is JSON.
func (k *caller) do(ctx context.Context, cred credentialModel, pr pageRequest) (int, []byte, error) {
	q := k.req.Query
	clear(q)
	q["CustSpaceId"] = dara.String(pr.ch.CustSpaceID)
	q["PageId"] = dara.String(pr.ch.PageID)
	q["Page"] = dara.String(`{"Index":` + strconv.Itoa(pr.index) + `,"Size":` + strconv.Itoa(pr.size) + `}`)
	setIf(q, "AdAccountId", pr.ch.Filters.AdAccountID)
	setIf(q, "Status", pr.ch.Filters.Status)
	setIf(q, "CampaignName", pr.ch.Filters.CampaignName)
	setIf(q, "CampaignId", pr.ch.Filters.CampaignID)

	h := k.req.Headers
	clear(h)
	h["host"] = &k.host
	h["x-acs-version"] = dara.String(apiVersion)
	h["x-acs-action"] = dara.String(apiAction)
	h["x-acs-date"] = dara.String(time.Now().UTC().Format("2006-01-02T15:04:05Z"))
	h["x-acs-signature-nonce"] = dara.String(nonce())
	h["x-acs-content-sha256"] = &emptyPayloadHash
	if cred.provider != "" {
		h["x-acs-credentials-provider"] = &cred.provider
	}
	if cred.token != "" {
		h["x-acs-accesskey-id"] = &cred.id
		h["x-acs-security-token"] = &cred.token
	}
	auth := openapiutil.GetAuthorization(&k.req, dara.String(signatureAlgorithm), &emptyPayloadHash, &cred.id, &cred.secret)

	req, err := http.NewRequestWithContext(ctx, http.MethodPost, k.protocol+"://"+k.host+"/?"+encodeQuery(q), nil)
	if err != nil {
		return 0, nil, err
	}
	req.Host = k.host
	for name, v := range h {
		if name != "host" {
			req.Header[name] = []string{*v}
		}
	}
	req.Header["User-Agent"] = []string{k.userAgent}
	req.Header["Accept"] = []string{"application/json"}
	req.Header["Authorization"] = []string{*auth}
	resp, err := k.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	k.body.Reset()
	if n := resp.ContentLength; n > 0 && n <= maxBody {
		k.body.Grow(int(n) + bytes.MinRead)
	}
	if _, err := k.body.ReadFrom(io.LimitReader(resp.Body, maxBody+1)); err != nil {
		return resp.StatusCode, nil, err
	}
	body := k.body.Bytes()
	if resp.StatusCode >= 400 && resp.StatusCode < 600 {
		return resp.StatusCode, nil, sdkError(resp, body)
	}
	return resp.StatusCode, body, nil
}

func setIf(q map[string]*string, key, v string) {
	if v != "" {
		q[key] = dara.String(v)
	}
}

// encodeQuery encodes q sorted by key, as the SDK's request does.
func encodeQuery(q map[string]*string) string {
	v := make(url.Values, len(q))
	for k, s := range q {
		v[k] = []string{*s}
	}
	return v.Encode()
}

// nonce is x-acs-signature-nonce: 128 random bits, never reused.
func nonce() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// sdkError is the error CallApi returns for an error answer: a
// *tea.SDKError with the answer's Code, status and body (Data) when the
// body is JSON (or the XML some gateways send), and else the reading
// error, as the SDK's does.
func sdkError(resp *http.Response, body []byte) error {
	var m map[string]any
	if strings.EqualFold(resp.Header.Get("Content-Type"), "text/xml;charset=utf-8") {
		m, _ = dara.ParseXml(string(body), nil)["Error"].(map[string]any)
		if m == nil {
			m = map[string]any{}
		}
	} else {
		d := json.NewDecoder(bytes.NewReader(body))
		d.UseNumber()
		if err := d.Decode(&m); err != nil {
			return fmt.Errorf("reading the error answer: %w", err)
		}
	}
	pick := func(a, b string) string {
		if v, ok := m[a]; ok && v != nil {
			return fmt.Sprint(v)
		}
		if v, ok := m[b]; ok && v != nil {
			return fmt.Sprint(v)
		}
		return ""
	}
	return tea.NewSDKError(map[string]any{
		"code":       pick("Code", "code"),
		"statusCode": resp.StatusCode,
		"message":    fmt.Sprintf("code: %d, %s request id: %s", resp.StatusCode, pick("Message", "message"), pick("RequestId", "requestId")),
		"data":       m,
	})
}

// credentialModel is what one call signs with.
type credentialModel struct {
	id, secret, token, provider string
	// typ is the credential's type; "bearer" and "id_token" are not
	// access keys.
	typ string
}

// credential reads the credential for one call; the provider caches and
// refreshes it (STS keys of a role).
func (c *Client) credential() (credentialModel, error) {
	m, err := c.cred.GetCredential()
	if err != nil {
		return credentialModel{}, err
	}
	return credentialModel{
		id: dara.StringValue(m.AccessKeyId), secret: dara.StringValue(m.AccessKeySecret),
		token: dara.StringValue(m.SecurityToken), provider: dara.StringValue(m.ProviderName),
		typ: dara.StringValue(m.Type),
	}, nil
}
