package cams

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// unmarshalPage fills w from body as json.Unmarshal would. Pages as the
// API sends them take a fast path, a scanner written for this one shape:
// json.Unmarshal's reflection was a quarter of a 100,000-campaign run's
// CPU. Anything the fast path does not fully understand (escapes in a
// string, null, a number that is not a plain integer, a key that differs
// from a known one only in case, a key given twice, malformed JSON) is
// handed to json.Unmarshal instead, so that every error, and every odd but
// valid page, reads exactly as before.
func unmarshalPage(body []byte, w *wirePage) error {
	if fastPage(body, w) {
		return nil
	}
	*w = wirePage{}
	return json.Unmarshal(body, w)
}

// fastPage reports whether it decoded body into w.
func fastPage(body []byte, w *wirePage) bool {
	s := scanner{b: body}
	if !s.object(func(key []byte) bool { return s.pageField(key, w) }) {
		return false
	}
	s.space()
	return s.i == len(s.b)
}

// scanner reads JSON from b at i. Every method returns false on input it
// does not take, leaving the caller to give up.
type scanner struct {
	b    []byte
	i    int
	prev [4]string // the last value of each repetitive row field
}

func (s *scanner) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *scanner) consume(c byte) bool {
	s.space()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// object reads {"key": value, ...}, calling field with s at each value.
func (s *scanner) object(field func(key []byte) bool) bool {
	if !s.consume('{') {
		return false
	}
	if s.consume('}') {
		return true
	}
	for {
		s.space()
		key, ok := s.rawString()
		if !ok || !s.consume(':') || !field(key) {
			return false
		}
		if s.consume(',') {
			continue
		}
		return s.consume('}')
	}
}

// rawString reads a string without escapes, in valid UTF-8, and returns
// its bytes.
func (s *scanner) rawString() ([]byte, bool) {
	s.space()
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		return nil, false
	}
	start := s.i + 1
	ascii := true
	for j := start; j < len(s.b); j++ {
		c := s.b[j]
		switch {
		case c == '"':
			s.i = j + 1
			v := s.b[start:j]
			if !ascii && !utf8.Valid(v) {
				return nil, false
			}
			return v, true
		case c == '\\' || c < 0x20:
			return nil, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return nil, false
}

func (s *scanner) str() (string, bool) {
	v, ok := s.rawString()
	return string(v), ok
}

// common reads a string that is often the same as the last one read into
// slot, sharing that one's memory when it is.
func (s *scanner) common(slot int) (string, bool) {
	v, ok := s.rawString()
	if !ok {
		return "", false
	}
	if string(v) != s.prev[slot] {
		s.prev[slot] = string(v)
	}
	return s.prev[slot], true
}

// integer reads a plain JSON integer (no fraction, no exponent) that fits
// an int64.
func (s *scanner) integer() (int64, bool) {
	s.space()
	start := s.i
	if s.i < len(s.b) && s.b[s.i] == '-' {
		s.i++
	}
	digits := s.i
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		s.i++
	}
	n := s.i - digits
	if n == 0 || (n > 1 && s.b[digits] == '0') {
		return 0, false
	}
	if s.i < len(s.b) && (s.b[s.i] == '.' || s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		return 0, false
	}
	v, err := strconv.ParseInt(string(s.b[start:s.i]), 10, 64)
	return v, err == nil
}

func (s *scanner) boolean() (bool, bool) {
	s.space()
	switch {
	case bytes.HasPrefix(s.b[s.i:], []byte("true")):
		s.i += 4
		return true, true
	case bytes.HasPrefix(s.b[s.i:], []byte("false")):
		s.i += 5
		return false, true
	}
	return false, false
}

// skip reads and discards one value of a field the page does not use:
// strings without escapes, integers, booleans, and arrays or objects of
// those, at most a few levels deep.
func (s *scanner) skip(depth int) bool {
	s.space()
	if s.i >= len(s.b) || depth > 8 {
		return false
	}
	switch c := s.b[s.i]; {
	case c == '"':
		_, ok := s.rawString()
		return ok
	case c == 't' || c == 'f':
		_, ok := s.boolean()
		return ok
	case c == '-' || (c >= '0' && c <= '9'):
		_, ok := s.integer()
		return ok
	case c == '[':
		s.i++
		if s.consume(']') {
			return true
		}
		for {
			if !s.skip(depth + 1) {
				return false
			}
			if s.consume(',') {
				continue
			}
			return s.consume(']')
		}
	case c == '{':
		return s.object(func([]byte) bool { return s.skip(depth + 1) })
	}
	return false
}

// known reports whether key differs from a field name in case only, which
// json.Unmarshal would take for that field.
func known(key []byte, names ...string) bool {
	for _, n := range names {
		if bytes.EqualFold(key, []byte(n)) {
			return true
		}
	}
	return false
}

func (s *scanner) pageField(key []byte, w *wirePage) bool {
	var ok bool
	switch string(key) {
	case "Code":
		if w.Code != nil {
			return false
		}
		var v string
		v, ok = s.str()
		w.Code = &v
	case "Message":
		if w.Message != nil {
			return false
		}
		var v string
		v, ok = s.str()
		w.Message = &v
	case "RequestId":
		if w.RequestID != nil {
			return false
		}
		var v string
		v, ok = s.str()
		w.RequestID = &v
	case "Success":
		if w.Success != nil {
			return false
		}
		var v bool
		v, ok = s.boolean()
		w.Success = &v
	case "Total":
		if w.Total != nil {
			return false
		}
		var v int64
		v, ok = s.integer()
		w.Total = &v
	case "Data":
		if w.Data != nil {
			return false
		}
		var rows []wireRow
		rows, ok = s.rows()
		w.Data = &rows
	default:
		if known(key, "Code", "Message", "RequestId", "Success", "Total", "Data") {
			return false
		}
		ok = s.skip(0)
	}
	return ok
}

func (s *scanner) rows() ([]wireRow, bool) {
	if !s.consume('[') {
		return nil, false
	}
	rows := make([]wireRow, 0, 50)
	if s.consume(']') {
		return rows, true
	}
	for {
		var r wireRow
		var seen uint8
		if !s.object(func(key []byte) bool { return s.rowField(key, &r, &seen) }) {
			return nil, false
		}
		rows = append(rows, r)
		if s.consume(',') {
			continue
		}
		return rows, s.consume(']')
	}
}

func (s *scanner) rowField(key []byte, r *wireRow, seen *uint8) bool {
	bit := uint8(0)
	var ok bool
	switch string(key) {
	case "PageId":
		bit = 1 << 0
		r.PageID, ok = s.common(0)
	case "Status":
		bit = 1 << 1
		r.Status, ok = s.common(1)
	case "BudgetType":
		bit = 1 << 2
		r.BudgetType, ok = s.common(2)
	case "AdAccountId":
		bit = 1 << 3
		r.AdAccountID, ok = s.common(3)
	case "CampaignId":
		bit = 1 << 4
		r.CampaignID, ok = s.str()
	case "CampaignName":
		bit = 1 << 5
		r.CampaignName, ok = s.str()
	case "CreateTime":
		bit = 1 << 6
		r.CreateTime, ok = s.integer()
	case "Budget":
		bit = 1 << 7
		var v int64
		v, ok = s.integer()
		r.Budget = &v
	default:
		if known(key, "PageId", "Status", "BudgetType", "AdAccountId", "CampaignId", "CampaignName", "CreateTime", "Budget") {
			return false
		}
		return s.skip(0)
	}
	if *seen&bit != 0 {
		return false
	}
	*seen |= bit
	return ok
}
