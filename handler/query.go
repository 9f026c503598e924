package handler

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// The query string is read strictly, the same way for serve and for the
// Function Compute HTTP trigger, because a parameter that is lost is a
// dry run that becomes a real check. serve reads the raw query with
// readQuery; the trigger hands over a map that queryFromEvent reads. Both
// give the trigger's form (one value per name, repeated values
// comma-joined), and checkParams then holds every parameter to the
// route's table.

// maxQueryParams is the most parameters a query may have. No route takes
// more than one; the bound keeps a hostile query from costing more than a
// glance.
const maxQueryParams = 100

// readQuery reads a raw query string (without the "?"). Every
// &-separated pair must decode: a semicolon, a broken %-escape or more
// than maxQueryParams pairs is an error of kind campaign.Invalid, where
// url.Values would drop the pair and go on. Empty pairs ("a=1&") carry
// nothing and are skipped. The error never quotes the query, which may
// hold a credential.
func readQuery(raw string) (map[string]string, error) {
	if raw == "" {
		return map[string]string{}, nil
	}
	if n := strings.Count(raw, "&") + 1; n > maxQueryParams {
		return nil, campaign.Errorf(campaign.Invalid, "the query string has %d parameters; at most %d are read", n, maxQueryParams)
	}
	vals, err := url.ParseQuery(raw)
	if err != nil {
		return nil, campaign.Errorf(campaign.Invalid, "the query string cannot be read exactly (%s); separate parameters with & and percent-encode %% and ; inside names and values",
			queryErrorText(err))
	}
	out := make(map[string]string, len(vals))
	for k, vs := range vals {
		out[k] = strings.Join(vs, ",")
	}
	return out, nil
}

// queryErrorText is url.ParseQuery's reason without the quoted escape
// (at most three bytes of the query, but still the query's).
func queryErrorText(err error) string {
	var esc url.EscapeError
	if errors.As(err, &esc) {
		return "a % is not followed by two hex digits"
	}
	return err.Error()
}

// queryFromEvent reads an HTTP trigger event's query: its queryParameters
// object (raw JSON, to see a name given twice, which encoding/json would
// let the last one win) and whatever query rawPath still carries. A
// query in rawPath is read with readQuery; when both are present they
// must say the same. Errors are of kind campaign.Invalid.
func queryFromEvent(params json.RawMessage, rawPathQuery string) (map[string]string, error) {
	fromParams, err := decodeQueryParameters(params)
	if err != nil {
		return nil, err
	}
	fromPath, err := readQuery(rawPathQuery)
	if err != nil {
		return nil, campaign.Errorf(campaign.Invalid, "HTTP trigger event: rawPath: %s", err.Error())
	}
	switch {
	case len(fromPath) == 0:
		return fromParams, nil
	case len(fromParams) == 0:
		return fromPath, nil
	case maps.Equal(fromParams, fromPath):
		return fromParams, nil
	}
	return nil, campaign.Errorf(campaign.Invalid, "HTTP trigger event: the query in rawPath and queryParameters disagree; send the parameters once")
}

// decodeQueryParameters decodes the queryParameters object: string values
// only, each name once, at most maxQueryParams names. Absent or null is
// no parameter.
func decodeQueryParameters(raw json.RawMessage) (map[string]string, error) {
	out := map[string]string{}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return out, nil
	}
	bad := func(format string, args ...any) error {
		return campaign.Errorf(campaign.Invalid, "HTTP trigger event: queryParameters "+format, args...)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, bad("must be an object of strings")
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, bad("is not valid JSON: %s", describeJSONError(err))
		}
		name := tok.(string) // an object's key is always a string
		tok, err = dec.Token()
		if err != nil {
			return nil, bad("is not valid JSON: %s", describeJSONError(err))
		}
		v, ok := tok.(string)
		if !ok {
			return nil, bad("%q: want a string (the trigger comma-joins repeated values)", campaign.Clip(name, 53))
		}
		if _, dup := out[name]; dup {
			return nil, bad("names %q twice; send it once", campaign.Clip(name, 53))
		}
		if len(out) == maxQueryParams {
			return nil, bad("has more than %d parameters; at most %d are read", maxQueryParams, maxQueryParams)
		}
		out[name] = v
	}
	return out, nil
}

// checkParams returns "" when the request's query was read exactly and
// every parameter is one the endpoint takes, with a value it accepts;
// else what is wrong. A value given twice arrives comma-joined and is
// refused with the rest.
func (ep endpoint) checkParams(req *request) string {
	if req.queryErr != nil {
		return req.queryErr.Error()
	}
	keys := slices.Sorted(maps.Keys(req.Query))
	for _, k := range keys {
		accepted, ok := ep.params[k]
		if !ok {
			takes := "none"
			if len(ep.params) > 0 {
				takes = strings.Join(slices.Sorted(maps.Keys(ep.params)), ", ")
			}
			return fmt.Sprintf("unknown query parameter %q for %s %s (it takes: %s)", campaign.Clip(k, 53), req.Method, req.Path, takes)
		}
		v := req.Query[k]
		if accepted == nil || slices.Contains(accepted, v) {
			continue // nil: the endpoint reads the value itself
		}
		if strings.Contains(v, ",") {
			return fmt.Sprintf("%s is given more than once (%q); give it once, one of: %s", k, campaign.Clip(v, 53), strings.Join(accepted, ", "))
		}
		return fmt.Sprintf("%s=%q is not accepted; use one of: %s", k, campaign.Clip(v, 53), strings.Join(accepted, ", "))
	}
	return ""
}
