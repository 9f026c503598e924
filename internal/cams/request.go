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
	"sync"
	"sync/atomic"
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
// endpoint, protocol and user agent it resolved and the credential, and
// every request is signed with the SDK's ACS3-HMAC-SHA256 primitives
// (openapiutil.Hash and SignatureMethod) over the canonical request its
// GetAuthorization would build (TestSignatureIsTheSDKs holds the two to
// the same Authorization). What CallApi rebuilds for every page is built
// once per shape (a channel and its filters): the canonical query but for
// Page, which is also the URL's query. What a check does not use is
// skipped: CallApi's log map of every request and answer (its answer's
// headers re-encoded as JSON), a nonce hashed from a goroutine id read off
// a stack trace, an http.Transport built per call and then ignored for the
// pooled client, and the maps, sorts and header canonicalisation of the
// SDK's signer. Each answer is read into a buffer kept from page to page,
// and its rows decoded into rows kept from page to page. A
// credential of a type this path does not sign for (bearer token, OIDC id
// token) goes through CallApi.
type caller struct {
	api            *openapi.Client
	http           *http.Client
	protocol, host string
	userAgent      string
	shape          shape
	canon          []byte // the canonical request, rebuilt in place
	body           bytes.Buffer
	pages          pageDecoder // a page's rows as sent, decoded into page after page
	// seen is the set assemble checks a channel's campaign ids against
	// (listed twice?), cleared for every channel.
	seen map[string]struct{}
}

// shape is what the requests for every page of one channel share.
type shape struct {
	ch campaign.Channel
	// head and tail are the canonical query before and after Page's
	// value (keys sorted, values percent-encoded as the SDK's signer
	// does); it is the URL's query too.
	head, tail string
}

// newAPI builds the caller of one goroutine, with its own darabonba client
// (the SDK's Client writes its own fields on every RPC call, so one may not
// be shared between concurrent calls). They all share the HTTP client, its
// connections, and the credential.
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
		seen:      make(map[string]struct{}),
	}, nil
}

// takeAPI returns a caller of a call that ended (idleCallers), or a new
// one. Give it back with c.idle.put once its calls are made and what they
// decoded is no longer read from it.
func (c *Client) takeAPI() (*caller, error) {
	if k := c.idle.take(); k != nil {
		return k, nil
	}
	k, err := c.newAPI()
	if err == nil {
		c.idle.built.Add(1)
	}
	return k, err
}

// idleCallers keeps the callers of goroutines that ended for the next
// channel or helper, so that a listing builds at most
// Config.Concurrency of them (they are never in use at once by more
// goroutines than call slots) instead of one per channel and helper: each
// holds a darabonba client, an answer buffer grown to a page (16 KB),
// the rows a page decodes into and the set of a channel's ids, which a new
// caller grew afresh (100 channels at 100,000 campaigns; about a fifth of
// the bytes a listing allocated besides its campaigns).
//
// What a caller grew past what pages of up to 1,000 rows need is dropped
// when it is put back: an answer buffer above keptBody (some 4,000 rows),
// rows above keptRows, and its interner once full (a value it holds is
// at most maxInternedLen bytes), which then starts afresh. Its set of ids
// never holds more than keptSeen (assemble).
type idleCallers struct {
	mu    sync.Mutex
	free  []*caller
	built atomic.Int64 // callers takeAPI built (tests)
}

// The most a kept caller keeps of an answer buffer, of rows, and of
// campaign ids in its set.
const (
	keptBody = 1 << 20
	keptRows = 1000
	keptSeen = 1 << 14
)

func (p *idleCallers) take() *caller {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := len(p.free); n > 0 {
		k := p.free[n-1]
		p.free = p.free[:n-1]
		return k
	}
	return nil
}

func (p *idleCallers) put(k *caller) {
	if k.body.Cap() > keptBody {
		k.body = bytes.Buffer{} // an answer far larger than a page's
	}
	k.pages.shed()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.free = append(p.free, k)
}

// shapeOf returns the shape of ch's requests, built when ch is not the
// channel of the caller's last call.
func (k *caller) shapeOf(ch campaign.Channel) shape {
	if k.shape.ch == ch && k.shape.head != "" {
		return k.shape
	}
	var head, tail strings.Builder
	b := &head
	for _, kv := range [...]struct{ k, v string }{ // sorted by key
		{"AdAccountId", ch.Filters.AdAccountID},
		{"CampaignId", ch.Filters.CampaignID},
		{"CampaignName", ch.Filters.CampaignName},
		{"CustSpaceId", ch.CustSpaceID},
		{"Page", ""},
		{"PageId", ch.PageID},
		{"Status", ch.Filters.Status},
	} {
		if kv.k == "Page" {
			head.WriteString("&Page=")
			b = &tail
			continue
		}
		if kv.v == "" {
			continue
		}
		b.WriteString("&" + kv.k + "=" + percentEncode(kv.v))
	}
	k.shape = shape{ch: ch, head: strings.TrimPrefix(head.String(), "&"), tail: tail.String()}
	return k.shape
}

// percentEncode encodes a query value as the SDK's signer does: as
// url.QueryEscape, then space as %20, * as %2A and ~ kept.
func percentEncode(v string) string {
	return sdkEscapes.Replace(url.QueryEscape(v))
}

var sdkEscapes = strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~")

// pageValue is Page's value, percent-encoded: {"Index":i,"Size":n}.
func pageValue(index, size int) string {
	return "%7B%22Index%22%3A" + strconv.Itoa(index) + "%2C%22Size%22%3A" + strconv.Itoa(size) + "%7D"
}

// do makes one signed call and returns the answer's status and body (the
// caller's buffer, valid until the next call). An error answer (HTTP 400
// to 599) comes back as the SDK's CallApi would return it, a
// *tea.SDKError, when its body is JSON.
func (k *caller) do(ctx context.Context, cred credentialModel, pr pageRequest) (int, []byte, error) {
	sh := k.shapeOf(pr.ch)
	query := sh.head + pageValue(pr.index, pr.size) + sh.tail
	hs := acsHeaders{
		date:  time.Now().UTC().Format("2006-01-02T15:04:05Z"),
		nonce: nonce(),
		cred:  cred,
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, k.protocol+"://"+k.host+"/?"+query, nil)
	if err != nil {
		return 0, nil, err
	}
	req.Host = k.host
	hs.each(func(name, v string) { req.Header[name] = []string{v} })
	req.Header["User-Agent"] = []string{k.userAgent}
	req.Header["Accept"] = []string{"application/json"}
	req.Header["Authorization"] = []string{k.sign(query, hs)}
	resp, err := k.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	noteReply(ctx, resp)
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

// acsHeaders are the signed x-acs-* headers of one request.
type acsHeaders struct {
	date, nonce string
	cred        credentialModel
}

// each calls fn with every signed header but host, sorted by name, the
// value trimmed as the SDK's signer trims it.
func (h acsHeaders) each(fn func(name, value string)) {
	if h.cred.token != "" {
		fn("x-acs-accesskey-id", strings.TrimSpace(h.cred.id))
	}
	fn("x-acs-action", apiAction)
	fn("x-acs-content-sha256", emptyPayloadHash)
	if h.cred.provider != "" {
		fn("x-acs-credentials-provider", strings.TrimSpace(h.cred.provider))
	}
	fn("x-acs-date", h.date)
	if h.cred.token != "" {
		fn("x-acs-security-token", strings.TrimSpace(h.cred.token))
	}
	fn("x-acs-signature-nonce", h.nonce)
	fn("x-acs-version", apiVersion)
}

// sign returns the Authorization header of a request with this canonical
// query and these headers, as openapiutil.GetAuthorization computes it.
func (k *caller) sign(query string, hs acsHeaders) string {
	b := append(k.canon[:0], "POST\n/\n"...)
	b = append(b, query...)
	b = append(b, "\nhost:"...)
	b = append(b, strings.TrimSpace(k.host)...)
	b = append(b, '\n')
	signed := "host"
	hs.each(func(name, v string) {
		b = append(b, name...)
		b = append(b, ':')
		b = append(b, v...)
		b = append(b, '\n')
		signed += ";" + name
	})
	b = append(b, '\n')
	b = append(b, signed...)
	b = append(b, '\n')
	b = append(b, emptyPayloadHash...)
	k.canon = b
	alg := dara.String(signatureAlgorithm)
	toSign := signatureAlgorithm + "\n" + hex.EncodeToString(openapiutil.Hash(b, alg))
	sig := hex.EncodeToString(openapiutil.SignatureMethod(hs.cred.secret, toSign, signatureAlgorithm))
	return signatureAlgorithm + " Credential=" + hs.cred.id + ",SignedHeaders=" + signed + ",Signature=" + sig
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
