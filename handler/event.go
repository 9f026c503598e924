package handler

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// trigger says which kind of Function Compute event a raw event is.
type trigger int

// The triggers decodeEvent recognizes.
const (
	// triggerUnknown: the event is neither a timer nor an HTTP trigger
	// event (or not JSON at all).
	triggerUnknown trigger = iota
	// triggerTimer: {"triggerTime", "triggerName", "payload"}.
	triggerTimer
	// triggerHTTP: the FC 3.0 HTTP trigger event.
	triggerHTTP
)

// String names the trigger for logs and errors.
func (t trigger) String() string {
	switch t {
	case triggerTimer:
		return "timer"
	case triggerHTTP:
		return "http"
	}
	return "unknown"
}

// event is a decoded Function Compute event: exactly one of Timer and HTTP
// is set when decoding succeeds.
type event struct {
	// Trigger is the event's kind. It is set even when decoding fails, so
	// that a malformed HTTP trigger event can be answered with a 400
	// response instead of failing the invocation.
	Trigger trigger
	Timer   *timerEvent
	HTTP    *request
}

// timerEvent is a decoded timer trigger event.
type timerEvent struct {
	TriggerTime string
	TriggerName string
	// Payload is the payload as configured on the trigger.
	Payload string
	// Mode is the job the payload selects: campaign.ModeCheck or
	// campaign.ModeDigest.
	Mode string
}

// request is an HTTP request in the plain form the routes take, whether it
// came from an FC HTTP trigger event or from net/http (serve).
type request struct {
	// Method is upper case: "GET", "POST".
	Method string
	// Path is the URL-decoded path, without the query and without the
	// "/2023-03-30/functions/<name>/invocations" prefix of API invocations.
	Path string
	// Query holds one value per parameter; a parameter given several times
	// has its values comma-joined, as the HTTP trigger delivers them.
	Query map[string]string
	// Header is keyed canonically; several values of one header are
	// comma-joined in one value.
	Header http.Header
	// Body is the decoded request body.
	Body []byte
	// RequestID is the trigger's request id, "" when unknown.
	RequestID string
	// Client is the address the request came from (the trigger's
	// sourceIp, the socket's peer for serve): what the sign-in's limit on
	// wrong tokens counts by. "" when unknown.
	Client string

	// queryErr is why serve could not read the raw query string exactly
	// (readQuery); every route answers it 400. Query is empty then.
	queryErr error
	// conn is set by ServeHTTP: the body is then still to be read (Body
	// is nil until the token was checked), and a run's socket deadlines
	// are to be moved.
	conn *httpConn
}

// invocationsPrefix starts the rawPath of a function invoked through the
// FC 3.0 API rather than through its trigger URL.
const invocationsPrefix = "/2023-03-30/functions/"

var (
	timerKeys = []string{"triggerTime", "triggerName", "payload"}
	httpKeys  = []string{"version", "rawPath", "body", "isBase64Encoded", "headers", "queryParameters", "requestContext"}
)

const wantShapes = `want a timer event {"triggerTime","triggerName","payload"} or an FC 3.0 HTTP trigger event {"version","rawPath","headers","queryParameters","body","isBase64Encoded","requestContext"}`

// decodeEvent decodes a raw Function Compute event. Every failure (not
// JSON, neither shape, a field of the wrong type, a bad base64 body, a
// missing requestContext, an unknown timer payload) is an error of kind
// campaign.Invalid naming what was wrong; Event.Trigger still says which
// shape the event had, when it had one.
func decodeEvent(raw []byte) (event, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		return event{}, campaign.Errorf(campaign.Invalid, "event is not a JSON object (%s); %s", describeJSONError(err), wantShapes)
	}
	hasTimer, hasHTTP := presentKeys(top, timerKeys), presentKeys(top, httpKeys)
	switch {
	case len(hasTimer) > 0 && len(hasHTTP) > 0:
		return event{}, campaign.Errorf(campaign.Invalid, "event mixes timer fields (%s) and HTTP trigger fields (%s); %s",
			strings.Join(hasTimer, ", "), strings.Join(hasHTTP, ", "), wantShapes)
	case len(hasTimer) > 0:
		t, err := decodeTimer(raw)
		if err != nil {
			return event{Trigger: triggerTimer}, err
		}
		return event{Trigger: triggerTimer, Timer: t}, nil
	case len(hasHTTP) > 0:
		r, err := decodeHTTP(raw)
		if err != nil {
			return event{Trigger: triggerHTTP}, err
		}
		return event{Trigger: triggerHTTP, HTTP: r}, nil
	}
	keys := make([]string, 0, len(top))
	for k := range top {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return event{}, campaign.Errorf(campaign.Invalid, "event has none of the fields of a known trigger (it has: %s); %s",
		campaign.Clip(strings.Join(keys, ", "), 203), wantShapes)
}

func presentKeys(top map[string]json.RawMessage, keys []string) []string {
	var out []string
	for _, k := range keys {
		if _, ok := top[k]; ok {
			out = append(out, k)
		}
	}
	return out
}

type timerWire struct {
	TriggerTime string          `json:"triggerTime"`
	TriggerName string          `json:"triggerName"`
	Payload     json.RawMessage `json:"payload"`
}

func decodeTimer(raw []byte) (*timerEvent, error) {
	var w timerWire
	if err := json.Unmarshal(raw, &w); err != nil {
		return nil, campaign.Errorf(campaign.Invalid, "timer event: %s", describeJSONError(err))
	}
	t := &timerEvent{TriggerTime: w.TriggerTime, TriggerName: w.TriggerName}
	payload := bytes.TrimSpace(w.Payload)
	switch {
	case len(payload) == 0 || string(payload) == "null":
	case payload[0] == '"':
		if err := json.Unmarshal(payload, &t.Payload); err != nil {
			return nil, campaign.Errorf(campaign.Invalid, "timer event: payload: %s", describeJSONError(err))
		}
	case payload[0] == '{':
		// A payload configured as a JSON object rather than a string.
		t.Payload = string(payload)
	default:
		return nil, campaign.Errorf(campaign.Invalid, `timer event: payload %s is neither a string nor an object; want "check", "digest" or {"mode":"check"|"digest"}`, campaign.Clip(string(payload), 103))
	}
	mode, err := parsePayload(t.Payload)
	if err != nil {
		return nil, err
	}
	t.Mode = mode
	return t, nil
}

// parsePayload returns the job a timer payload selects: "" and "check"
// select campaign.ModeCheck, "digest" campaign.ModeDigest, and so does a
// JSON object {"mode": "check"|"digest"}. Anything else is an error of kind
// campaign.Invalid that quotes the payload and lists what is accepted.
func parsePayload(payload string) (string, error) {
	p := strings.TrimSpace(payload)
	switch p {
	case "", campaign.ModeCheck:
		return campaign.ModeCheck, nil
	case campaign.ModeDigest:
		return campaign.ModeDigest, nil
	}
	if strings.HasPrefix(p, "{") {
		return parseModeObject(p)
	}
	return "", campaign.Errorf(campaign.Invalid, `timer payload %q is not a job; set the trigger's payload to "check", "digest" or {"mode":"check"|"digest"}`, campaign.Clip(p, 103))
}

func parseModeObject(p string) (string, error) {
	var v struct {
		Mode *string `json:"mode"`
	}
	dec := json.NewDecoder(strings.NewReader(p))
	dec.DisallowUnknownFields()
	err := dec.Decode(&v)
	if err == nil && dec.More() {
		err = errors.New("data after the object")
	} else if err == nil {
		if _, e := dec.Token(); e != io.EOF {
			err = errors.New("data after the object")
		}
	}
	if err != nil {
		return "", campaign.Errorf(campaign.Invalid, `timer payload %q: %s; want {"mode":"check"} or {"mode":"digest"}`, campaign.Clip(p, 103), describeJSONError(err))
	}
	if v.Mode == nil {
		return "", campaign.Errorf(campaign.Invalid, `timer payload %q has no "mode"; want {"mode":"check"} or {"mode":"digest"}`, campaign.Clip(p, 103))
	}
	switch *v.Mode {
	case campaign.ModeCheck, campaign.ModeDigest:
		return *v.Mode, nil
	}
	return "", campaign.Errorf(campaign.Invalid, `timer payload: unknown mode %q; want "check" or "digest"`, campaign.Clip(*v.Mode, 103))
}

type httpWire struct {
	Version         string            `json:"version"`
	RawPath         string            `json:"rawPath"`
	Body            *string           `json:"body"`
	IsBase64Encoded bool              `json:"isBase64Encoded"`
	Headers         map[string]string `json:"headers"`
	QueryParameters json.RawMessage   `json:"queryParameters"`
	RequestContext  *struct {
		RequestID string `json:"requestId"`
		HTTP      *struct {
			Method   string `json:"method"`
			Path     string `json:"path"`
			SourceIP string `json:"sourceIp"`
		} `json:"http"`
	} `json:"requestContext"`
}

func decodeHTTP(raw []byte) (*request, error) {
	var w httpWire
	if err := json.Unmarshal(raw, &w); err != nil {
		return nil, campaign.Errorf(campaign.Invalid, "HTTP trigger event: %s", describeJSONError(err))
	}
	if w.RequestContext == nil {
		return nil, campaign.Errorf(campaign.Invalid, "HTTP trigger event: requestContext is missing; the event must come from an FC 3.0 HTTP trigger")
	}
	if w.RequestContext.HTTP == nil || strings.TrimSpace(w.RequestContext.HTTP.Method) == "" {
		return nil, campaign.Errorf(campaign.Invalid, "HTTP trigger event: requestContext.http.method is missing")
	}
	r := &request{
		Method:    strings.ToUpper(strings.TrimSpace(w.RequestContext.HTTP.Method)),
		Header:    make(http.Header, len(w.Headers)),
		RequestID: w.RequestContext.RequestID,
		Client:    w.RequestContext.HTTP.SourceIP,
	}
	path, err := eventPath(w.RawPath, w.RequestContext.HTTP.Path)
	if err != nil {
		return nil, err
	}
	r.Path = path
	_, pathQuery, _ := strings.Cut(w.RawPath, "?")
	if r.Query, err = queryFromEvent(w.QueryParameters, pathQuery); err != nil {
		return nil, err
	}
	for k, v := range w.Headers {
		r.Header.Set(k, v)
	}
	if w.Body != nil {
		if w.IsBase64Encoded {
			b, err := base64.StdEncoding.DecodeString(*w.Body)
			if err != nil {
				return nil, campaign.Errorf(campaign.Invalid, "HTTP trigger event: body is marked isBase64Encoded but is not valid base64 (%v)", err)
			}
			r.Body = b
		} else {
			r.Body = []byte(*w.Body)
		}
	}
	return r, nil
}

// eventPath picks the request path: rawPath (URL-encoded) when present,
// else requestContext.http.path; the API invocation prefix is removed.
func eventPath(rawPath, ctxPath string) (string, error) {
	p := ctxPath
	if rawPath != "" {
		rp, _, _ := strings.Cut(rawPath, "?")
		dec, err := url.PathUnescape(rp)
		if err != nil {
			return "", campaign.Errorf(campaign.Invalid, "HTTP trigger event: rawPath %q is not a valid URL path (%v)", campaign.Clip(rawPath, 103), err)
		}
		p = dec
	}
	if !strings.HasPrefix(p, "/") {
		return "", campaign.Errorf(campaign.Invalid, "HTTP trigger event: path %q must start with /", campaign.Clip(p, 103))
	}
	return stripInvocationsPrefix(p), nil
}

// stripInvocationsPrefix turns "/2023-03-30/functions/NAME/invocations/X"
// into "/X" (and the bare invocation path into "/").
func stripInvocationsPrefix(p string) string {
	rest, ok := strings.CutPrefix(p, invocationsPrefix)
	if !ok {
		return p
	}
	_, after, ok := strings.Cut(rest, "/")
	if !ok {
		return p
	}
	tail, ok := strings.CutPrefix(after, "invocations")
	if !ok || (tail != "" && tail[0] != '/') {
		return p
	}
	if tail == "" {
		return "/"
	}
	return tail
}

// describeJSONError turns an encoding/json error into text that names the
// offending field, without Go type names.
func describeJSONError(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field != "" {
			return fmt.Sprintf("field %s: got a JSON %s, want %s", te.Field, te.Value, jsonKind(te.Type.Kind().String()))
		}
		return fmt.Sprintf("got a JSON %s, want %s", te.Value, jsonKind(te.Type.Kind().String()))
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("invalid JSON at byte %d: %s", se.Offset, se.Error())
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return "JSON ends early"
	}
	return err.Error()
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "map", "struct":
		return "an object"
	case "slice", "array":
		return "an array"
	case "ptr", "interface":
		return "a value"
	}
	return "a number"
}
