package cams

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// page is one decoded, checked answer of ListMessageCampaign.
type page struct {
	RequestID string
	Total     int
	Rows      []campaign.Campaign // without CustSpaceID: the caller tags them
}

// wirePage is the answer as sent; pointers tell a missing field from a
// zero one. Unknown fields are ignored, so that fields the API adds later
// do not break listing.
type wirePage struct {
	Code      *string    `json:"Code"`
	Message   *string    `json:"Message"`
	RequestID *string    `json:"RequestId"`
	Success   *bool      `json:"Success"`
	Total     *int64     `json:"Total"`
	Data      *[]wireRow `json:"Data"`
}

// wireRow is one row as sent.
type wireRow struct {
	// Strings are values: a missing one and an empty one read the same,
	// and a row of values costs one allocation less per field than a row
	// of pointers (50 rows a page, 2,000 pages for 100,000 campaigns).
	PageID       string `json:"PageId"`
	Status       string `json:"Status"`
	CampaignID   string `json:"CampaignId"`
	CreateTime   int64  `json:"CreateTime"`
	AdAccountID  string `json:"AdAccountId"`
	CampaignName string `json:"CampaignName"`
	Budget       *int64 `json:"Budget"` // required: missing is not 0
	BudgetType   string `json:"BudgetType"`
}

// apiError is a refusal the API stated in a 200 answer's body
// (Success:false or Code other than OK). Its kind follows the Code.
type apiError struct {
	Code, Message, RequestID string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("CAMS answered %s: %s (request id %s)", e.Code, e.Message, e.RequestID)
}

// maxTotal bounds Total: more campaigns than this in one channel is taken
// for a broken answer rather than paged through.
const maxTotal = 10_000_000

// decodePage decodes and checks a 200 answer's body. A body that is not a
// JSON object, a field of the wrong type, a missing Code, Success, Total or
// Data, a negative Total, or a row without CampaignId is an error of kind
// Invalid naming the field; Success:false or a Code other than OK is an
// *apiError (wrapped, its kind from the Code).
func decodePage(body []byte) (page, error) {
	var d pageDecoder
	return d.decode(body, nil)
}

// pageDecoder decodes the pages of one caller, keeping from page to page
// what spares allocations: the rows as sent, decoded into page after page
// (no slice of their own, nor its growth element by element), and the
// values rows repeat (page id, status, budget type, ad account), held once
// rather than once a campaign.
type pageDecoder struct {
	rows    []wireRow
	budgets []int64 // what the rows' Budget fields point to (unmarshal)
	in      interner
}

// decode is decodePage, with the page's rows written into dst when they
// fit in its capacity (the page's place in its channel's listing:
// listChannel), and into a slice of their own when they do not (dst nil).
// The strings decoded refer to body (go-json's DecodeNoCopyString), which
// the caller reuses for the next answer, so what the page keeps is copied
// out of it: a row's id and name into one string per page, the values
// rows repeat through the interner. A page of 50 rows so costs a few
// allocations instead of 6 strings a row.
func (d *pageDecoder) decode(body []byte, dst []campaign.Campaign) (page, error) {
	if d.in == nil {
		d.in = make(interner)
	}
	w, err := d.unmarshal(body)
	if err != nil {
		return page{}, invalidJSON(err)
	}
	reqID := strings.Clone(deref(w.RequestID))
	if (w.Success != nil && !*w.Success) || (w.Code != nil && *w.Code != "OK") {
		e := &apiError{Code: strings.Clone(deref(w.Code)), Message: strings.Clone(deref(w.Message)), RequestID: reqID}
		if e.Code == "" {
			e.Code = "Success:false"
		}
		return page{}, classifyCode(e.Code, 200, e)
	}
	switch {
	case w.Code == nil:
		return page{}, malformed(reqID, "Code is missing")
	case w.Success == nil:
		return page{}, malformed(reqID, "Success is missing")
	case w.Total == nil:
		return page{}, malformed(reqID, "Total is missing")
	case *w.Total < 0 || *w.Total > maxTotal:
		return page{}, malformed(reqID, fmt.Sprintf("Total is %d; want 0 to %d", *w.Total, maxTotal))
	case w.Data == nil && *w.Total > 0:
		return page{}, malformed(reqID, "Data is missing or null while Total is "+fmt.Sprint(*w.Total))
	}
	p := page{RequestID: reqID, Total: int(*w.Total)}
	if w.Data != nil {
		rows, err := d.campaigns(*w.Data, dst)
		if err != nil {
			return page{}, malformed(reqID, err.Error())
		}
		p.Rows = rows
	}
	return p, nil
}

// campaigns checks the rows and returns them as campaigns that do not
// refer to the body they were decoded from, in dst when they fit.
func (d *pageDecoder) campaigns(rows []wireRow, dst []campaign.Campaign) ([]campaign.Campaign, error) {
	n := 0
	for i := range rows {
		if err := rows[i].check(); err != nil {
			return nil, fmt.Errorf("Data[%d].%w", i, err)
		}
		n += len(rows[i].CampaignID) + len(rows[i].CampaignName)
	}
	var b strings.Builder
	b.Grow(n)
	for i := range rows {
		b.WriteString(rows[i].CampaignID)
		b.WriteString(rows[i].CampaignName)
	}
	texts := b.String()
	out := dst[:0:cap(dst)]
	if len(rows) > cap(out) {
		out = make([]campaign.Campaign, len(rows))
	}
	out = out[:len(rows)]
	var last campaign.Campaign // the row before: rows mostly repeat its values
	for i := range rows {
		r := &rows[i]
		id := texts[:len(r.CampaignID)]
		name := texts[len(id) : len(id)+len(r.CampaignName)]
		texts = texts[len(id)+len(name):]
		out[i] = campaign.Campaign{
			PageID:       d.in.after(last.PageID, r.PageID),
			CampaignID:   id,
			CampaignName: name,
			Status:       d.in.after(last.Status, r.Status),
			Budget:       *r.Budget,
			BudgetType:   d.in.after(last.BudgetType, r.BudgetType),
			AdAccountID:  d.in.after(last.AdAccountID, r.AdAccountID),
			CreateTime:   r.CreateTime,
		}
		last = out[i]
	}
	return out, nil
}

// shed drops what the decoder grew past what pages of up to keptRows
// rows need, and its interner once full (it then starts afresh), before
// its caller is kept for other channels (idleCallers).
func (d *pageDecoder) shed() {
	if cap(d.rows) > keptRows {
		d.rows, d.budgets = nil, nil
	}
	if len(d.in) >= maxInterned {
		d.in = nil
	}
}

// interner keeps one copy of the values the campaigns of a caller's pages
// repeat (page id, status, budget type, ad account), so that a listing
// holds each once rather than once a campaign. A value it returns is
// always a copy, never the string given, which may refer to a reused
// buffer. It stops taking new values at maxInterned, so that pages of
// all-different values cost no more than a copy of each.
type interner map[string]string

const (
	maxInterned    = 1024
	maxInternedLen = 256 // longer values (a broken answer's) are copied, not kept
)

func (in interner) of(s string) string {
	if v, ok := in[s]; ok {
		return v
	}
	s = strings.Clone(s)
	if len(in) < maxInterned && len(s) <= maxInternedLen {
		in[s] = s
	}
	return s
}

// after is of(s), where prev is what the row before got for the same
// field: when s is the same, prev is returned without a lookup.
func (in interner) after(prev, s string) string {
	if s == prev {
		return prev
	}
	return in.of(s)
}

// unmarshal decodes body with Data decoded into d.rows, cleared first
// (an element decoded into keeps the fields its JSON lacks).
//
// Each row's Budget points, before decoding, at its own element of
// d.budgets holding unset: the decoder writes a number through the pointer
// instead of allocating one (50 allocations a page fewer), and a null
// sets it to nil. A Budget that still reads unset after decoding was
// missing, or was sent as that very number: the page is then decoded
// again with no Budget set beforehand, which tells the two apart.
func (d *pageDecoder) unmarshal(body []byte) (wirePage, error) {
	rows := d.rows[:cap(d.rows)]
	clear(rows)
	if len(d.budgets) < len(rows) {
		d.budgets = make([]int64, len(rows))
	}
	for i := range rows {
		d.budgets[i] = unset
		rows[i].Budget = &d.budgets[i]
	}
	d.rows = rows[:0]
	w, err := unmarshalRows(body, &d.rows)
	if err != nil || w.Data == nil {
		return w, err
	}
	for _, r := range *w.Data {
		if r.Budget != nil && *r.Budget == unset {
			clear(d.rows[:cap(d.rows)])
			return unmarshalRows(body, &d.rows)
		}
	}
	return w, nil
}

// unset is the Budget a row holds before its page is decoded into it.
const unset = math.MinInt64

// unmarshalRows decodes body with Data decoded into *rows, which the
// caller has cleared or prepared (pageDecoder.unmarshal).
func unmarshalRows(body []byte, rows *[]wireRow) (wirePage, error) {
	*rows = (*rows)[:0]
	w := wirePage{Data: rows}
	if err := unmarshalPage(body, &w); err != nil {
		return w, err
	}
	if w.Data != nil && len(*w.Data) == 0 {
		// Data missing, null or []: decoding into a slice cannot tell them
		// apart; decoding this short answer afresh can.
		var fresh wirePage
		err := unmarshalPage(body, &fresh)
		return fresh, err
	}
	return w, nil
}

// check says what is wrong with a row, if anything.
func (r *wireRow) check() error {
	switch {
	case strings.TrimSpace(r.CampaignID) == "":
		return errors.New("CampaignId is missing or empty")
	case r.Budget == nil:
		//lint:ignore ST1005 the text names the API's field, which is capitalised
		return errors.New("Budget is missing")
	case r.CreateTime < 0:
		return fmt.Errorf("CreateTime is %d; want a time in Unix milliseconds", r.CreateTime)
	}
	return nil
}

// invalidJSON explains a decoding error by the field it happened in.
func invalidJSON(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field := te.Field
		if field == "" {
			return campaign.Errorf(campaign.Invalid, "malformed answer: want a JSON object, got %s", te.Value)
		}
		return campaign.Errorf(campaign.Invalid, "malformed answer: %s is %s; want %s", field, te.Value, wantOf(te))
	}
	var se *json.SyntaxError
	if errors.As(err, &se) && strings.HasSuffix(se.Error(), "after top-level value") {
		return campaign.Errorf(campaign.Invalid, "malformed answer: data after the JSON object")
	}
	return campaign.Errorf(campaign.Invalid, "malformed answer: not JSON: %v", err)
}

func wantOf(te *json.UnmarshalTypeError) string {
	switch te.Type.String() {
	case "int64":
		return "a whole number"
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	}
	return "a " + te.Type.String()
}

func malformed(reqID, what string) error {
	return campaign.Errorf(campaign.Invalid, "malformed answer (request id %s): %s", orNone(reqID), what)
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
