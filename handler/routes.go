package handler

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// route is one path of the API with the methods it answers.
type route struct {
	path string
	// public routes need no token.
	public bool
	// prefix: the route answers every path under path (path ends in "/").
	prefix  bool
	methods map[string]endpoint
}

// endpoint is one method of a route.
type endpoint struct {
	// params are the query parameters the endpoint takes, each with its
	// accepted values. Any other parameter, a value given twice, or a
	// query that cannot be read exactly is refused with 400 (checkParams),
	// so that a typo such as ?dryrun=true or ?dryRun=true; cannot run a
	// real check.
	params map[string][]string
	serve  func(ctx context.Context, req *request) *response
	// runs: the endpoint runs a job, which can take minutes; over
	// net/http its deadline is the run's (limits.Run), not the socket's.
	runs bool
}

var dryRunValues = []string{"true", "false"}

func (h *Handler) routeTable() []route {
	return []route{
		{path: "/healthz", public: true, methods: map[string]endpoint{
			http.MethodGet: {serve: h.healthz},
		}},
		{path: "/check", methods: map[string]endpoint{
			http.MethodPost: {params: map[string][]string{"dryRun": dryRunValues}, serve: h.postCheck, runs: true},
		}},
		{path: "/campaigns", methods: map[string]endpoint{
			http.MethodGet: {params: map[string][]string{"format": {"json", "csv"}}, serve: h.getCampaigns},
		}},
		{path: "/digest", methods: map[string]endpoint{
			http.MethodGet:  {params: map[string][]string{"format": {"json", "markdown"}}, serve: h.getDigest},
			http.MethodPost: {params: map[string][]string{"dryRun": dryRunValues}, serve: h.postDigest, runs: true},
		}},
		{path: "/test", methods: map[string]endpoint{
			http.MethodPost: {params: map[string][]string{"receiver": anyValue}, serve: h.postTest},
		}},
		{path: "/history", methods: map[string]endpoint{
			http.MethodGet: {params: historyParams, serve: h.getHistory},
		}},
		{path: "/series", methods: map[string]endpoint{
			http.MethodGet: {params: seriesParams, serve: h.getSeries},
		}},
		{path: "/guardrails", methods: map[string]endpoint{
			http.MethodGet: {serve: h.getGuardrails},
		}},
		{path: "/silences", methods: map[string]endpoint{
			http.MethodGet:  {params: map[string][]string{"all": dryRunValues}, serve: h.getSilences},
			http.MethodPost: {serve: h.postSilence},
		}},
		{path: silencesPrefix, prefix: true, methods: map[string]endpoint{
			http.MethodDelete: {serve: h.deleteSilence},
		}},
	}
}

// takeBody reads the body of a request served over net/http (after the
// token was checked), and answers 413 for a body over maxBodyBytes.
func (h *Handler) takeBody(req *request) *response {
	if req.conn != nil {
		b, err := req.conn.readBody()
		switch {
		case isTooLarge(err):
			return h.errorResponse(http.StatusRequestEntityTooLarge, fmt.Sprintf("request body is over %d bytes, the most accepted", maxBodyBytes))
		case err != nil:
			return h.errorResponse(http.StatusBadRequest, "the request body could not be read: "+err.Error())
		}
		req.Body = b
	}
	if len(req.Body) > maxBodyBytes {
		return h.errorResponse(http.StatusRequestEntityTooLarge, fmt.Sprintf("request body is %d bytes; at most %d are accepted", len(req.Body), maxBodyBytes))
	}
	return nil
}

// anyValue accepts every value of a parameter: the endpoint checks it.
var anyValue []string

// dispatch answers req without recovering panics (Serve does).
func (h *Handler) dispatch(ctx context.Context, req *request) *response {
	if isUIPath(req.Path) {
		return h.serveUI(ctx, req)
	}
	idx := slices.IndexFunc(h.routes, func(r route) bool {
		return r.path == req.Path || r.prefix && strings.HasPrefix(req.Path, r.path) && len(req.Path) > len(r.path)
	})
	if idx < 0 {
		return h.errorResponse(http.StatusNotFound, fmt.Sprintf("no route %s %s; the routes are GET /healthz, POST /check, GET /campaigns, GET /digest, POST /digest, POST /test, GET /history, GET /series, GET /guardrails, GET /silences, POST /silences, DELETE /silences/{id}, and the dashboard under /ui/",
			req.Method, campaign.Clip(req.Path, 103)))
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
			rt.path, campaign.Clip(req.Method, 23), strings.Join(allow, " or ")))
		resp.Header.Set("Allow", strings.Join(allow, ", "))
		return resp
	}
	if !rt.public {
		if resp := h.authorizeRoute(ctx, req); resp != nil {
			return resp
		}
	}
	if resp := h.takeBody(req); resp != nil {
		return resp
	}
	if msg := ep.checkParams(req); msg != "" {
		return h.errorResponse(http.StatusBadRequest, msg)
	}
	if ep.runs && req.conn != nil {
		var done func()
		ctx, done = req.conn.startRun(ctx)
		defer done()
	}
	return ep.serve(ctx, req)
}

func (h *Handler) healthz(context.Context, *request) *response {
	return jsonResponse(http.StatusOK, map[string]string{"status": "ok"})
}

func (h *Handler) postCheck(ctx context.Context, req *request) *response {
	return h.reportResponse(h.jobs.Check(ctx, req.Query["dryRun"] == "true"))
}

func (h *Handler) postDigest(ctx context.Context, req *request) *response {
	return h.reportResponse(h.jobs.SendDigest(ctx, req.Query["dryRun"] == "true"))
}

// testBody is POST /test's answer.
type testBody struct {
	Notifications []campaign.Delivery `json:"notifications"`
}

// postTest posts a test message to each receiver, or to those named by
// ?receiver= (repeatable; the trigger joins repeated values with commas),
// and answers 502 when any did not take it.
func (h *Handler) postTest(ctx context.Context, req *request) *response {
	var names []string
	if v, ok := req.Query["receiver"]; ok {
		names = strings.Split(v, ",")
	}
	ds, err := h.jobs.Test(ctx, names)
	if err != nil {
		return h.errorResponseOf(err)
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

func (h *Handler) getDigest(ctx context.Context, req *request) *response {
	d, err := h.jobs.PreviewDigest(ctx)
	if err != nil {
		return h.errorResponseOf(err)
	}
	if d == nil {
		return h.errorResponseOf(campaign.Errorf(campaign.NotFound, "no digest to show: no snapshot has been committed yet; run POST /check first"))
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

// csvHeader is the header row of GET /campaigns?format=csv: the JSON
// answer's names, with the units of the two columns a spreadsheet reads
// differently from the JSON: the budget in US dollars (the JSON has
// cents) and the creation time in ISO 8601, UTC (the JSON has epoch
// milliseconds).
var csvHeader = []string{"custSpaceId", "pageId", "campaignId", "campaignName", "status", "budget (USD)", "budgetType", "adAccountId", "createTime (UTC)"}

func (h *Handler) getCampaigns(ctx context.Context, req *request) *response {
	snap, err := h.jobs.Latest(ctx)
	if err != nil {
		return h.errorResponseOf(err)
	}
	if snap == nil {
		return h.errorResponseOf(campaign.Errorf(campaign.NotFound, "no snapshot has been committed yet; run POST /check first"))
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

// cell is campaign.CSVCell: the one neutralising of every CSV answer.
func cell(s string) string { return campaign.CSVCell(s) }

func campaignsCSV(cs []campaign.Campaign) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	// Writes to a bytes.Buffer cannot fail.
	_ = w.Write(csvHeader)
	for _, c := range cs {
		_ = w.Write([]string{cell(c.CustSpaceID), cell(c.PageID), cell(c.CampaignID), cell(c.CampaignName), cell(c.Status),
			csvMoney(c.Budget), cell(c.BudgetType), cell(c.AdAccountID), csvTime(c.CreateTime)})
	}
	w.Flush()
	return buf.Bytes()
}

// csvMoney renders cents as a plain number of dollars, "62.00" or
// "-0.05": no symbol and no thousands separator, so that a spreadsheet
// takes it as a number.
func csvMoney(cents int64) string {
	sign, u := "", uint64(cents)
	if cents < 0 {
		sign, u = "-", -u
	}
	return fmt.Sprintf("%s%d.%02d", sign, u/100, u%100)
}

// csvTime renders epoch milliseconds as ISO 8601 in UTC,
// "2024-06-03T04:00:00Z" (milliseconds shown only when there are any);
// 0, a time the API never gave, is an empty cell.
func csvTime(ms int64) string {
	if ms == 0 {
		return ""
	}
	return time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.999Z07:00")
}
