package handler

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// route is one path of the API with the methods it answers.
type route struct {
	path string
	// public routes need no token.
	public  bool
	methods map[string]endpoint
}

// endpoint is one method of a route.
type endpoint struct {
	// params are the query parameters the endpoint takes, each with its
	// accepted values. Any other parameter is refused with 400, so that a
	// typo such as ?dryrun=true cannot run a real check.
	params map[string][]string
	serve  func(ctx context.Context, req *Request) *Response
}

var dryRunValues = []string{"true", "false"}

func (h *Handler) routeTable() []route {
	return []route{
		{path: "/healthz", public: true, methods: map[string]endpoint{
			http.MethodGet: {serve: h.healthz},
		}},
		{path: "/check", methods: map[string]endpoint{
			http.MethodPost: {params: map[string][]string{"dryRun": dryRunValues}, serve: h.postCheck},
		}},
		{path: "/campaigns", methods: map[string]endpoint{
			http.MethodGet: {params: map[string][]string{"format": {"json", "csv"}}, serve: h.getCampaigns},
		}},
		{path: "/digest", methods: map[string]endpoint{
			http.MethodGet:  {params: map[string][]string{"format": {"json", "markdown"}}, serve: h.getDigest},
			http.MethodPost: {params: map[string][]string{"dryRun": dryRunValues}, serve: h.postDigest},
		}},
		{path: "/test", methods: map[string]endpoint{
			http.MethodPost: {params: map[string][]string{"receiver": anyValue}, serve: h.postTest},
		}},
	}
}

// anyValue accepts every value of a parameter: the endpoint checks it.
var anyValue []string

// dispatch answers req without recovering panics (Serve does).
func (h *Handler) dispatch(ctx context.Context, req *Request) *Response {
	idx := slices.IndexFunc(h.routes, func(r route) bool { return r.path == req.Path })
	if idx < 0 {
		return h.errorResponse(http.StatusNotFound, fmt.Sprintf("no route %s %s; the routes are GET /healthz, POST /check, GET /campaigns, GET /digest, POST /digest, POST /test",
			req.Method, clip(req.Path, 100)))
	}
	rt := h.routes[idx]
	ep, ok := rt.methods[req.Method]
	if !ok {
		allow := make([]string, 0, len(rt.methods))
		for m := range rt.methods {
			allow = append(allow, m)
		}
		slices.Sort(allow)
		resp := h.errorResponse(http.StatusMethodNotAllowed, fmt.Sprintf("%s does not answer %s; use %s",
			rt.path, clip(req.Method, 20), strings.Join(allow, " or ")))
		resp.Header.Set("Allow", strings.Join(allow, ", "))
		return resp
	}
	if len(req.Body) > MaxBodyBytes {
		return h.errorResponse(http.StatusRequestEntityTooLarge, fmt.Sprintf("request body is %d bytes; at most %d are accepted", len(req.Body), MaxBodyBytes))
	}
	if !rt.public {
		if reason := h.authorize(req); reason != "" {
			resp := h.errorResponse(http.StatusUnauthorized, reason)
			resp.Header.Set("WWW-Authenticate", `Bearer realm="campaignwatch"`)
			return resp
		}
		if msg := ep.checkParams(req); msg != "" {
			return h.errorResponse(http.StatusBadRequest, msg)
		}
	}
	return ep.serve(ctx, req)
}

// checkParams returns "" when every query parameter is known and has an
// accepted value, else what is wrong.
func (ep endpoint) checkParams(req *Request) string {
	keys := make([]string, 0, len(req.Query))
	for k := range req.Query {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		accepted, ok := ep.params[k]
		if !ok {
			known := make([]string, 0, len(ep.params))
			for p := range ep.params {
				known = append(known, p)
			}
			slices.Sort(known)
			return fmt.Sprintf("unknown query parameter %q for %s %s (it takes: %s)", clip(k, 50), req.Method, req.Path, strings.Join(known, ", "))
		}
		if v := req.Query[k]; accepted != nil && !slices.Contains(accepted, v) {
			return fmt.Sprintf("%s=%q is not accepted; use one of: %s", k, clip(v, 50), strings.Join(accepted, ", "))
		}
	}
	return ""
}

func (h *Handler) healthz(context.Context, *Request) *Response {
	return jsonResponse(http.StatusOK, map[string]string{"status": "ok"})
}

func (h *Handler) postCheck(ctx context.Context, req *Request) *Response {
	return h.reportResponse(h.jobs.Check(ctx, req.Query["dryRun"] == "true"))
}

func (h *Handler) postDigest(ctx context.Context, req *Request) *Response {
	return h.reportResponse(h.jobs.SendDigest(ctx, req.Query["dryRun"] == "true"))
}

// testBody is POST /test's answer.
type testBody struct {
	Notifications []campaign.Delivery `json:"notifications"`
}

// postTest posts a test message to each receiver, or to those named by
// ?receiver= (repeatable; the trigger joins repeated values with commas),
// and answers 502 when any did not take it.
func (h *Handler) postTest(ctx context.Context, req *Request) *Response {
	var names []string
	if v, ok := req.Query["receiver"]; ok {
		names = strings.Split(v, ",")
	}
	ds, err := h.jobs.Test(ctx, names)
	if err != nil {
		return h.errResponse(err)
	}
	status := http.StatusOK
	for i := range ds {
		ds[i].Error = h.redact(ds[i].Error)
		if ds[i].Error != "" {
			status = http.StatusBadGateway
		}
	}
	if ds == nil {
		ds = []campaign.Delivery{}
	}
	return jsonResponse(status, testBody{Notifications: ds})
}

func (h *Handler) getDigest(ctx context.Context, req *Request) *Response {
	d, err := h.jobs.PreviewDigest(ctx)
	if err != nil {
		return h.errResponse(err)
	}
	if d == nil {
		return h.errResponse(campaign.Errorf(campaign.NotFound, "no digest to show: no snapshot has been committed yet; run POST /check first"))
	}
	if req.Query["format"] == "markdown" {
		return textResponse(http.StatusOK, "text/markdown; charset=utf-8", []byte(h.markdown(d)))
	}
	return jsonResponse(http.StatusOK, d)
}

// campaignsBody is GET /campaigns' JSON answer.
type campaignsBody struct {
	Generation int64               `json:"generation"`
	TakenAt    time.Time           `json:"takenAt"`
	Campaigns  []campaign.Campaign `json:"campaigns"`
}

// csvHeader is the header row of GET /campaigns?format=csv; its names are
// the JSON answer's.
var csvHeader = []string{"custSpaceId", "pageId", "campaignId", "campaignName", "status", "budget", "budgetType", "adAccountId", "createTime"}

func (h *Handler) getCampaigns(ctx context.Context, req *Request) *Response {
	snap, err := h.jobs.Latest(ctx)
	if err != nil {
		return h.errResponse(err)
	}
	if snap == nil {
		return h.errResponse(campaign.Errorf(campaign.NotFound, "no snapshot has been committed yet; run POST /check first"))
	}
	if req.Query["format"] == "csv" {
		return textResponse(http.StatusOK, "text/csv; charset=utf-8", campaignsCSV(snap.Campaigns))
	}
	cs := snap.Campaigns
	if cs == nil {
		cs = []campaign.Campaign{}
	}
	return jsonResponse(http.StatusOK, campaignsBody{Generation: snap.Generation, TakenAt: snap.TakenAt, Campaigns: cs})
}

// cell keeps a text cell from being read as a formula by a spreadsheet
// (OWASP "CSV injection"): campaign names come from outside, and marketing
// teams open this file in Excel. A leading ' is what spreadsheets show as
// nothing and take as "text".
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func campaignsCSV(cs []campaign.Campaign) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	// Writes to a bytes.Buffer cannot fail.
	_ = w.Write(csvHeader)
	for _, c := range cs {
		_ = w.Write([]string{cell(c.CustSpaceID), cell(c.PageID), cell(c.CampaignID), cell(c.CampaignName), cell(c.Status),
			strconv.FormatInt(c.Budget, 10), cell(c.BudgetType), cell(c.AdAccountID), strconv.FormatInt(c.CreateTime, 10)})
	}
	w.Flush()
	return buf.Bytes()
}
