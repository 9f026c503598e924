package camsemu

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// ACS3-HMAC-SHA256 as darabonba-openapi signs it: the canonical request
// (method, path, sorted query, the signed headers, at least host and the
// x-acs-* ones below, and the body's SHA-256 from x-acs-content-sha256),
// hashed, then signed with HMAC-SHA256 under the access key secret.
const (
	signatureAlgorithm = "ACS3-HMAC-SHA256"
	dateLayout         = "2006-01-02T15:04:05Z"
	// dateSkew is how far x-acs-date may be from the server's clock.
	dateSkew = 15 * time.Minute
)

// requiredSignedHeaders must be present and signed on every request.
var requiredSignedHeaders = []string{
	"host", "x-acs-action", "x-acs-content-sha256", "x-acs-date",
	"x-acs-signature-nonce", "x-acs-version",
}

// authorization is the parsed Authorization header.
type authorization struct {
	accessKeyID   string
	signedHeaders []string
	signature     string
}

// parseAuthorization parses
// "ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=a;b,Signature=hex".
func parseAuthorization(h string) (authorization, *apiError) {
	algo, rest, ok := strings.Cut(h, " ")
	if !ok || algo != signatureAlgorithm {
		return authorization{}, errIncompleteSignature("the Authorization header must start with " + signatureAlgorithm)
	}
	var a authorization
	for _, part := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return authorization{}, errIncompleteSignature("the Authorization header has a part without '='")
		}
		switch k {
		case "Credential":
			a.accessKeyID = v
		case "SignedHeaders":
			a.signedHeaders = strings.Split(v, ";")
		case "Signature":
			a.signature = v
		}
	}
	if a.accessKeyID == "" || len(a.signedHeaders) == 0 || a.signature == "" {
		return authorization{}, errIncompleteSignature("the Authorization header needs Credential, SignedHeaders and Signature")
	}
	if !sort.StringsAreSorted(a.signedHeaders) {
		return authorization{}, errIncompleteSignature("SignedHeaders must be sorted")
	}
	return a, nil
}

// verify checks the request's ACS3-HMAC-SHA256 signature, its date and
// nonce, against the server's credentials. body is the request body as
// received.
func (s *Server) verify(r *http.Request, body []byte, now time.Time) *apiError {
	raw := r.Header.Get("Authorization")
	if raw == "" {
		return errMissingParameter("Authorization")
	}
	auth, aerr := parseAuthorization(raw)
	if aerr != nil {
		return aerr
	}
	signed := make(map[string]bool, len(auth.signedHeaders))
	for _, h := range auth.signedHeaders {
		signed[h] = true
	}
	for _, h := range requiredSignedHeaders {
		if h != "host" && r.Header.Get(h) == "" {
			return errMissingParameter(h)
		}
		if !signed[h] {
			return errIncompleteSignature("header " + h + " must be signed")
		}
	}
	if auth.accessKeyID != s.opts.AccessKeyID {
		return errAccessKeyNotFound()
	}
	if hdr := r.Header.Get("x-acs-accesskey-id"); hdr != "" && hdr != auth.accessKeyID {
		return errIncompleteSignature("x-acs-accesskey-id differs from the Authorization Credential")
	}
	if s.opts.SecurityToken != "" {
		tok := r.Header.Get("x-acs-security-token")
		switch {
		case tok == "":
			return errMissingSecurityToken()
		case !signed["x-acs-security-token"]:
			return errIncompleteSignature("header x-acs-security-token must be signed")
		case !hmac.Equal([]byte(tok), []byte(s.opts.SecurityToken)):
			return errSecurityTokenExpired()
		}
	}

	date, err := time.Parse(dateLayout, r.Header.Get("x-acs-date"))
	if err != nil {
		return errTimestampFormat(r.Header.Get("x-acs-date"))
	}
	if d := now.Sub(date); d > dateSkew || d < -dateSkew {
		return errTimestampExpired(r.Header.Get("x-acs-date"))
	}

	sum := sha256.Sum256(body)
	if r.Header.Get("x-acs-content-sha256") != hex.EncodeToString(sum[:]) {
		return errContentSHA256()
	}

	stringToSign := signatureAlgorithm + "\n" + hashHex(canonicalRequest(r, auth.signedHeaders))
	mac := hmac.New(sha256.New, []byte(s.opts.AccessKeySecret))
	mac.Write([]byte(stringToSign))
	want := hex.EncodeToString(mac.Sum(nil))
	if !hmac.Equal([]byte(want), []byte(auth.signature)) {
		return errSignatureDoesNotMatch(stringToSign)
	}

	// The nonce is remembered only once the signature holds, so that a
	// forged request cannot burn a legitimate client's nonce.
	if !s.nonces.use(r.Header.Get("x-acs-signature-nonce"), now) {
		return errNonceUsed()
	}
	return nil
}

// canonicalRequest rebuilds, from the request as received, the canonical
// request the client signed.
func canonicalRequest(r *http.Request, signedHeaders []string) string {
	var b strings.Builder
	b.WriteString(r.Method)
	b.WriteByte('\n')
	path := r.URL.EscapedPath()
	if path == "" {
		path = "/"
	}
	b.WriteString(path)
	b.WriteByte('\n')
	b.WriteString(canonicalQuery(r.URL.Query()))
	b.WriteByte('\n')
	for _, h := range signedHeaders {
		var v string
		if h == "host" {
			v = r.Host
		} else {
			vals := append([]string(nil), r.Header.Values(h)...)
			for i := range vals {
				vals[i] = strings.TrimSpace(vals[i])
			}
			sort.Strings(vals)
			v = strings.Join(vals, ",")
		}
		b.WriteString(h)
		b.WriteByte(':')
		b.WriteString(v)
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.WriteString(strings.Join(signedHeaders, ";"))
	b.WriteByte('\n')
	b.WriteString(r.Header.Get("x-acs-content-sha256"))
	return b.String()
}

// canonicalQuery sorts the keys and percent-encodes keys' values with
// "+" as %20, "*" as %2A and "~" kept.
func canonicalQuery(q url.Values) string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(percentEncode(q.Get(k)))
	}
	return b.String()
}

func percentEncode(s string) string {
	e := url.QueryEscape(s)
	e = strings.ReplaceAll(e, "+", "%20")
	e = strings.ReplaceAll(e, "*", "%2A")
	return strings.ReplaceAll(e, "%7E", "~")
}

func hashHex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
