package snapshot

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/history"
)

// A day object (history/<date>/<first>-<last>.hist) holds what the
// committed generations first..last, all taken on date, recorded: their
// changes, and the series rows of the last of them. Layout (integers are
// varints):
//
//	"CWHD"  magic, 4 bytes
//	1       format version, 1 byte
//	crc     CRC-32C of everything after it, 4 bytes little-endian
//	body:
//	  date, first, last
//	  strings: N, then each (length, bytes); every text below is an index
//	  changes: N, then each: takenAt (Unix ms, delta from the previous),
//	    generation (delta from the previous), index, type, custSpaceId,
//	    pageId, channel, campaignId, campaignName, old, new, status, budget,
//	    budgetType, silenced (N, ids)
//	  series: N, then each: takenAt (Unix ms), generation, custSpaceId,
//	    pageId, channel, campaigns, active, dailyBudget, lifetimeBudget
//
// Strings are shared through the table (a day repeats its channels,
// campaigns and budgets), and decoding slices them out of one string
// made from the object: a year of days decodes in tens of milliseconds.
// It is not compressed, for the same reason. Every count and index is
// checked against what is left, so a damaged object is an error, never a
// huge allocation.
const (
	dayMagic   = "CWHD"
	dayVersion = 1
	dayHeader  = len(dayMagic) + 1 + 4
	// maxDayObject bounds a day object the store reads.
	maxDayObject = 256 << 20
)

// dayRecord is a day object decoded.
type dayRecord struct {
	Date        string
	First, Last int64
	// Changes are ascending by generation, then index.
	Changes []history.Change
	Series  []seriesRow
}

// seriesRow is one channel as one check counted it.
type seriesRow struct {
	At         time.Time
	Generation int64
	campaign.ChannelSum
}

type dayEncoder struct {
	strs map[string]uint64
	list []string
}

func (e *dayEncoder) str(s string) uint64 {
	if i, ok := e.strs[s]; ok {
		return i
	}
	i := uint64(len(e.list))
	e.strs[s] = i
	e.list = append(e.list, s)
	return i
}

func encodeDay(d *dayRecord) []byte {
	e := &dayEncoder{strs: make(map[string]uint64)}
	var rows []byte
	u := func(v uint64) { rows = binary.AppendUvarint(rows, v) }
	s := func(v string) { u(e.str(v)) }
	u(uint64(len(d.Changes)))
	var prevAt, prevGen int64 = 0, d.First
	for _, c := range d.Changes {
		at := c.At.UnixMilli()
		rows = binary.AppendVarint(rows, at-prevAt)
		rows = binary.AppendVarint(rows, c.Generation-prevGen)
		prevAt, prevGen = at, c.Generation
		u(uint64(c.Index))
		s(string(c.Type))
		s(c.CustSpaceID)
		s(c.PageID)
		s(c.Channel)
		s(c.CampaignID)
		s(c.CampaignName)
		s(c.Old)
		s(c.New)
		s(c.Status)
		rows = binary.AppendVarint(rows, c.Budget)
		s(c.BudgetType)
		u(uint64(len(c.Silenced)))
		for _, id := range c.Silenced {
			s(id)
		}
	}
	u(uint64(len(d.Series)))
	for _, r := range d.Series {
		rows = binary.AppendVarint(rows, r.At.UnixMilli())
		rows = binary.AppendVarint(rows, r.Generation)
		s(r.CustSpaceID)
		s(r.PageID)
		s(r.Name)
		u(uint64(r.Campaigns))
		u(uint64(r.Active))
		rows = binary.AppendVarint(rows, r.DailyBudget)
		rows = binary.AppendVarint(rows, r.LifetimeBudget)
	}
	out := make([]byte, dayHeader, dayHeader+len(rows)+64)
	copy(out, dayMagic)
	out[len(dayMagic)] = dayVersion
	out = binary.AppendUvarint(out, uint64(len(d.Date)))
	out = append(out, d.Date...)
	out = binary.AppendVarint(out, d.First)
	out = binary.AppendVarint(out, d.Last)
	out = binary.AppendUvarint(out, uint64(len(e.list)))
	for _, str := range e.list {
		out = binary.AppendUvarint(out, uint64(len(str)))
		out = append(out, str...)
	}
	out = append(out, rows...)
	binary.LittleEndian.PutUint32(out[len(dayMagic)+1:], crc32.Checksum(out[dayHeader:], castagnoli))
	return out
}

// dayDecoder reads a day object's body; the first error sticks.
type dayDecoder struct {
	b    []byte
	s    string // b as a string: strings are sliced out of it
	i    int
	strs []string
	err  error
}

func (d *dayDecoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf(format, args...)
	}
}

func (d *dayDecoder) uvarint() uint64 {
	v := uint64(0)
	d.read(func(b []byte) int { x, n := binary.Uvarint(b); v = x; return n })
	return v
}

func (d *dayDecoder) varint() int64 {
	v := int64(0)
	d.read(func(b []byte) int { x, n := binary.Varint(b); v = x; return n })
	return v
}

// read runs one varint decoder at the current position.
func (d *dayDecoder) read(dec func([]byte) int) {
	if d.err != nil {
		return
	}
	if n := dec(d.b[d.i:]); n > 0 {
		d.i += n
		return
	}
	d.fail("is cut short or damaged at byte %d", d.i)
}

// count reads a count of items of at least min bytes each.
func (d *dayDecoder) count(least int) int {
	n := d.uvarint()
	if n > uint64((len(d.s)-d.i)/least) {
		d.fail("counts %d items at byte %d, more than it holds", n, d.i)
		return 0
	}
	return int(n)
}

func (d *dayDecoder) raw() string {
	n := d.uvarint()
	if n > uint64(len(d.s)-d.i) {
		d.fail("has a string longer than the object at byte %d", d.i)
		return ""
	}
	s := d.s[d.i : d.i+int(n)]
	d.i += int(n)
	return s
}

func (d *dayDecoder) str() string {
	i := d.uvarint()
	if i >= uint64(len(d.strs)) {
		d.fail("refers to string %d of %d at byte %d", i, len(d.strs), d.i)
		return ""
	}
	return d.strs[i]
}

var errNotDay = errors.New("is not a history day object")

// decodeDay decodes a day object. The error says what is wrong, without
// naming the object (the caller does).
func decodeDay(b []byte) (*dayRecord, error) {
	if len(b) < dayHeader || string(b[:len(dayMagic)]) != dayMagic {
		return nil, errNotDay
	}
	if v := b[len(dayMagic)]; v != dayVersion {
		if v > dayVersion {
			return nil, fmt.Errorf("is in format %d, newer than this build reads (%d): %w", v, dayVersion, errNewerFormat)
		}
		return nil, fmt.Errorf("is in format %d, which no build wrote", v)
	}
	if got, want := crc32.Checksum(b[dayHeader:], castagnoli), binary.LittleEndian.Uint32(b[len(dayMagic)+1:]); got != want {
		return nil, errors.New("fails its checksum (damaged)")
	}
	d := &dayDecoder{b: b, s: string(b), i: dayHeader}
	rec := &dayRecord{Date: d.raw(), First: d.varint(), Last: d.varint()}
	d.strs = make([]string, d.count(1))
	for i := range d.strs {
		d.strs[i] = d.raw()
	}
	rec.Changes = make([]history.Change, d.count(15))
	var at, gen int64 = 0, rec.First
	for i := range rec.Changes {
		at += d.varint()
		gen += d.varint()
		c := history.Change{At: time.UnixMilli(at).UTC(), Generation: gen, Index: int(d.uvarint() & 0xffffffff),
			Type: campaign.ChangeType(d.str()), CustSpaceID: d.str(), PageID: d.str(), Channel: d.str(),
			CampaignID: d.str(), CampaignName: d.str(), Old: d.str(), New: d.str(), Status: d.str(), Budget: d.varint(), BudgetType: d.str()}
		c.Silenced = make([]string, d.count(1))
		for j := range c.Silenced {
			c.Silenced[j] = d.str()
		}
		rec.Changes[i] = c
	}
	rec.Series = make([]seriesRow, d.count(9))
	for i := range rec.Series {
		r := seriesRow{At: time.UnixMilli(d.varint()).UTC(), Generation: d.varint()}
		r.CustSpaceID, r.PageID, r.Name = d.str(), d.str(), d.str()
		r.Campaigns, r.Active = int(d.uvarint()&0x7fffffff), int(d.uvarint()&0x7fffffff)
		r.DailyBudget, r.LifetimeBudget = d.varint(), d.varint()
		rec.Series[i] = r
	}
	if d.err == nil && d.i != len(d.s) {
		d.fail("has %d bytes after its end", len(d.s)-d.i)
	}
	if d.err != nil {
		return nil, d.err
	}
	return rec, nil
}
