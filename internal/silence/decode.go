package silence

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxRequest bounds a silence request's body: a comment of 500
// characters and a few hundred matchers fit many times over.
const maxRequest = 64 << 10

// maxMatchers bounds the values of all matchers of one request.
const maxMatchers = 1000

// DecodeRequest reads a POST /silences body: one JSON object with the
// fields of Request and no others. Its errors name the field (an unknown
// one, or one of the wrong type) and never echo more than a short excerpt
// of the input.
func DecodeRequest(body []byte) (Request, error) {
	var req Request
	if len(body) > maxRequest {
		return req, Problems{{Field: "body", Msg: fmt.Sprintf("%d bytes; at most %d", len(body), maxRequest)}}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return Request{}, Problems{describe(err)}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Request{}, Problems{{Field: "body", Msg: "more than one JSON value; send one object"}}
	}
	if n := len(req.Channels) + len(req.CampaignIDs) + len(req.Types) + len(req.Receivers); n > maxMatchers {
		return Request{}, Problems{{Field: "body", Msg: fmt.Sprintf("%d matcher values; at most %d", n, maxMatchers)}}
	}
	return req, nil
}

// describe turns a decoding error into a Problem naming the field.
func describe(err error) Problem {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field := te.Field
		if field == "" {
			field = "body"
		}
		want := "a string"
		if strings.Contains(te.Type.String(), "[]") {
			want = "an array of strings"
		}
		if field == "body" {
			want = "an object"
		}
		if i := strings.IndexByte(field, '.'); i > 0 {
			field = field[:i]
		}
		return Problem{Field: field, Msg: fmt.Sprintf("got a JSON %s, want %s", te.Value, want)}
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return Problem{Field: "body", Msg: fmt.Sprintf("not valid JSON at byte %d", se.Offset)}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return Problem{Field: "body", Msg: "empty or cut short; send a JSON object"}
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name = strings.Trim(name, `"`)
		if len(name) > 40 {
			name = name[:40]
		}
		return Problem{Field: fmt.Sprintf("%q", name), Msg: "unknown field (known: for, endsAt, comment, channels, campaignIds, types, receivers)"}
	}
	return Problem{Field: "body", Msg: "not a silence request"}
}
