package snapshot

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// decodeSnapshot decodes a data object. Its errors say what is wrong with
// the bytes; the caller names the object.
func decodeSnapshot(b []byte) (*campaign.Snapshot, error) {
	size, err := checkSnapshot(b)
	if err != nil {
		return nil, err
	}
	body := make([]byte, size)
	zr := flate.NewReader(bytes.NewReader(b[headerLen:]))
	if _, err := io.ReadFull(zr, body); err != nil {
		return nil, fmt.Errorf("decompressing: %v", err)
	}
	if n, err := zr.Read(make([]byte, 1)); n != 0 || err != io.EOF {
		return nil, fmt.Errorf("decompressing: more data than the %d bytes announced", size)
	}
	return decodeBody(body)
}

// checkSnapshot checks a data object's frame without decompressing it:
// magic, format version, checksum and a plausible body size. It returns
// the body's size. Damage of any kind to the bytes fails it.
func checkSnapshot(b []byte) (uint32, error) {
	if len(b) < headerLen || string(b[:len(dataMagic)]) != dataMagic {
		return 0, errors.New("not a campaignwatch snapshot (bad magic or too short)")
	}
	if v := b[len(dataMagic)]; v != dataVersion {
		if v > dataVersion {
			return 0, fmt.Errorf("format version %d is %w (this build reads %d)", v, errNewerFormat, dataVersion)
		}
		return 0, fmt.Errorf("unknown format version %d", v)
	}
	if got, want := crc32.Checksum(b[crcAt+4:], castagnoli), binary.LittleEndian.Uint32(b[crcAt:]); got != want {
		return 0, fmt.Errorf("checksum mismatch (stored %08x, computed %08x): the object is damaged or truncated", want, got)
	}
	size := binary.LittleEndian.Uint32(b[crcAt+4:])
	// DEFLATE expands at most 1032:1; a larger claim is a lie, not a reason to allocate.
	if size > maxBody || uint64(size) > 1032*uint64(len(b)-headerLen)+64 {
		return 0, fmt.Errorf("body size %d is impossible for %d compressed bytes", size, len(b)-headerLen)
	}
	return size, nil
}

// decodeBody decodes the columns encodeBody wrote.
func decodeBody(body []byte) (*campaign.Snapshot, error) {
	d := decoder{buf: body}
	return d.snapshot()
}

type decoder struct {
	buf []byte
	pos int
	err error
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("at byte %d of the body: "+format, append([]any{d.pos}, args...)...)
	}
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.buf[d.pos:])
	if n <= 0 {
		d.fail("bad or truncated varint")
		return 0
	}
	d.pos += n
	return v
}

func (d *decoder) varint() int64 {
	u := d.uvarint()
	return int64(u>>1) ^ -int64(u&1)
}

// count reads a count of items that each take at least per bytes.
func (d *decoder) count(what string, per, limit int) int {
	v := d.uvarint()
	if d.err == nil && (v > uint64(limit) || v*uint64(per) > uint64(len(d.buf)-d.pos)) {
		d.fail("%s count %d is larger than the data can hold", what, v)
		return 0
	}
	return int(v)
}

func (d *decoder) bytes() []byte {
	n := d.count("string length", 1, maxBody)
	if d.err != nil {
		return nil
	}
	s := d.buf[d.pos : d.pos+n]
	d.pos += n
	return s
}

func (d *decoder) str() string { return string(d.bytes()) }

func (d *decoder) bool() bool {
	switch d.uvarint() {
	case 0:
		return false
	case 1:
		return true
	}
	d.fail("bad boolean")
	return false
}

func (d *decoder) snapshot() (*campaign.Snapshot, error) {
	s := &campaign.Snapshot{}
	gen := d.uvarint()
	if gen > math.MaxInt64 {
		d.fail("generation out of range")
	}
	s.Generation = int64(gen)
	s.TakenAt = time.Unix(0, d.varint()).UTC()
	nch := d.count("channel", 5, 1<<20)
	for i := 0; i < nch && d.err == nil; i++ {
		ch := campaign.ChannelState{ChannelID: campaign.ChannelID{CustSpaceID: d.str(), PageID: d.str()}, Name: d.str()}
		total := d.uvarint()
		if total > math.MaxInt32 {
			d.fail("channel total out of range")
		}
		ch.Total = int(total)
		ch.Complete = d.bool()
		s.Channels = append(s.Channels, ch)
	}
	n := d.count("campaign", minBytesPerCampaign, maxCampaigns)
	if d.err != nil {
		return nil, d.err
	}
	cs := make([]campaign.Campaign, n)
	d.channelRuns(cs)
	d.idsAndNames(cs)
	d.dict(cs, func(c *campaign.Campaign, v string) { c.Status = v })
	d.dict(cs, func(c *campaign.Campaign, v string) { c.BudgetType = v })
	d.dict(cs, func(c *campaign.Campaign, v string) { c.AdAccountID = v })
	for i := range cs {
		cs[i].Budget = d.varint()
	}
	var prev int64
	for i := range cs {
		prev += d.varint()
		cs[i].CreateTime = prev
	}
	if d.err == nil && d.pos != len(d.buf) {
		d.fail("%d unexpected bytes after the last column", len(d.buf)-d.pos)
	}
	if d.err != nil {
		return nil, d.err
	}
	for i := 1; i < len(cs); i++ {
		if campaign.CompareKeys(cs[i-1].Key(), cs[i].Key()) >= 0 {
			return nil, fmt.Errorf("campaigns out of order or repeated at %s", cs[i].Key())
		}
	}
	s.Campaigns = cs
	return s, nil
}

func (d *decoder) channelRuns(cs []campaign.Campaign) {
	runs := d.count("channel run", 3, len(cs))
	at := 0
	for r := 0; r < runs && d.err == nil; r++ {
		space, page := d.str(), d.str()
		k := d.uvarint()
		if k == 0 || k > uint64(len(cs)-at) {
			d.fail("channel run of %d campaigns does not fit", k)
			return
		}
		for i := at; i < at+int(k); i++ {
			cs[i].CustSpaceID, cs[i].PageID = space, page
		}
		at += int(k)
	}
	if d.err == nil && at != len(cs) {
		d.fail("channel runs cover %d of %d campaigns", at, len(cs))
	}
}

// idsAndNames decodes both string columns into one strings.Builder, whose
// String does not copy, so that 100,000 campaigns cost a handful of
// allocations.
func (d *decoder) idsAndNames(cs []campaign.Campaign) {
	if d.err != nil {
		return
	}
	var arena strings.Builder
	arena.Grow(len(cs) * 64)
	ends := make([]int, 2*len(cs))
	var prev int64
	var digits [20]byte
	for i := range cs {
		tag := d.uvarint()
		if d.err != nil {
			return
		}
		if tag == 0 {
			arena.Write(d.bytes())
		} else {
			z := tag - 1
			n := prev + (int64(z>>1) ^ -int64(z&1))
			if n < 0 { // prev >= 0, so only an overflow or a negative id gets here
				d.fail("campaign id delta out of range")
				return
			}
			arena.Write(strconv.AppendInt(digits[:0], n, 10))
			prev = n
		}
		ends[i] = arena.Len()
	}
	prevStart, prevEnd := 0, 0
	// Prefix coding lets a few bytes stand for a long name; a crafted
	// object could make every name share the whole of a long previous one
	// and so ask for gigabytes. Names are bounded one by one and together.
	namesStart, namesLimit := arena.Len(), maxNamesBytes(len(cs), len(d.buf))
	for i := range cs {
		shared := d.uvarint()
		suffix := d.bytes()
		if d.err != nil {
			return
		}
		if shared > uint64(prevEnd-prevStart) {
			d.fail("name shares %d bytes with a previous name of %d", shared, prevEnd-prevStart)
			return
		}
		if n := int(shared) + len(suffix); n > maxNameBytes || arena.Len()-namesStart+n > namesLimit {
			d.fail("campaign names longer than a snapshot holds (name %d is %d bytes)", i, n)
			return
		}
		start := arena.Len()
		arena.WriteString(arena.String()[prevStart : prevStart+int(shared)])
		arena.Write(suffix)
		prevStart, prevEnd = start, arena.Len()
		ends[len(cs)+i] = arena.Len()
	}
	all := arena.String()
	from := 0
	for i := range cs {
		cs[i].CampaignID = all[from:ends[i]]
		from = ends[i]
	}
	for i := range cs {
		cs[i].CampaignName = all[from:ends[len(cs)+i]]
		from = ends[len(cs)+i]
	}
}

func (d *decoder) dict(cs []campaign.Campaign, set func(*campaign.Campaign, string)) {
	n := d.count("dictionary entry", 1, len(cs)+1)
	values := make([]string, 0, n)
	for i := 0; i < n && d.err == nil; i++ {
		values = append(values, d.str())
	}
	for i := range cs {
		code := d.uvarint()
		if d.err != nil {
			return
		}
		if code >= uint64(len(values)) {
			d.fail("dictionary code %d of %d", code, len(values))
			return
		}
		set(&cs[i], values[code])
	}
}

// maxNameBytes bounds one campaign name; maxNamesBytes all the names of a
// snapshot of n campaigns decoded from a buffer of size buf: far above
// any real account's names (a few dozen bytes each), far below what a
// crafted object could otherwise ask for.
const maxNameBytes = 4096

func maxNamesBytes(n, buf int) int { return 256*n + 2*buf }
