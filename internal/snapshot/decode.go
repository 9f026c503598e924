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
	stored := len(b) - headerLen
	// The buffer grows with the bytes the stream delivers: a declared
	// size is checked, never allocated on its word alone.
	var body bytes.Buffer
	body.Grow(int(min(uint64(size), 8*uint64(stored))) + bytes.MinRead)
	zr := flate.NewReader(bytes.NewReader(b[headerLen:]))
	n, err := body.ReadFrom(io.LimitReader(zr, int64(size)+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("decompressing: %v", err)
	case n > int64(size):
		return nil, fmt.Errorf("decompressing: more data than the %d bytes announced", size)
	case n < int64(size):
		return nil, fmt.Errorf("decompressing: %d bytes, not the %d announced", n, size)
	}
	return decodeBody(body.Bytes(), b[len(dataMagic)], maxExpansion(stored))
}

// checkSnapshot checks a data object's frame without decompressing it:
// magic, format version, checksum and a plausible body size. It returns
// the body's size. Damage of any kind to the bytes fails it.
func checkSnapshot(b []byte) (uint32, error) {
	if len(b) < headerLen || string(b[:len(dataMagic)]) != dataMagic {
		return 0, errors.New("not a campaignwatch snapshot (bad magic or too short)")
	}
	if v := b[len(dataMagic)]; v < oldestVersion || v > dataVersion {
		if v > dataVersion {
			return 0, fmt.Errorf("format version %d is %w (this build reads %d to %d)", v, errNewerFormat, oldestVersion, dataVersion)
		}
		return 0, fmt.Errorf("unknown format version %d", v)
	}
	if got, want := crc32.Checksum(b[crcAt+4:], castagnoli), binary.LittleEndian.Uint32(b[crcAt:]); got != want {
		return 0, fmt.Errorf("checksum mismatch (stored %08x, computed %08x): the object is damaged or truncated", want, got)
	}
	size := binary.LittleEndian.Uint32(b[crcAt+4:])
	// A larger claim is a lie, not a reason to allocate.
	if uint64(size) > maxExpansion(len(b)-headerLen) {
		return 0, fmt.Errorf("body size %d is impossible for %d compressed bytes", size, len(b)-headerLen)
	}
	return size, nil
}

// decodeBody decodes the columns encodeBody wrote in format version.
// limit bounds the body and, in format 1, its names as built: the
// maxExpansion of the object the body came from.
func decodeBody(body []byte, version byte, limit uint64) (*campaign.Snapshot, error) {
	if version < oldestVersion || version > dataVersion {
		return nil, fmt.Errorf("unknown format version %d", version)
	}
	if uint64(len(body)) > limit {
		return nil, fmt.Errorf("body of %d bytes is over the %d bytes its object may hold", len(body), limit)
	}
	d := decoder{buf: body, version: version, limit: limit}
	return d.snapshot()
}

type decoder struct {
	buf     []byte
	pos     int
	err     error
	version byte
	limit   uint64
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
	nch := d.count("channel", 5, maxChannels)
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
// allocations. The builder is sized before it is filled: by the bytes
// left in the body (every string of format 2 is some of them), 20 digits
// per numeric id, and, in format 1, the bytes the names copy from one
// another, which frontCodedSize measures first.
func (d *decoder) idsAndNames(cs []campaign.Campaign) {
	if d.err != nil {
		return
	}
	size := uint64(len(d.buf)-d.pos) + 20*uint64(len(cs))
	if d.version == 1 {
		shared := d.frontCodedSize(len(cs))
		if d.err != nil {
			return
		}
		size += shared
	}
	var arena strings.Builder
	arena.Grow(int(size))
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
	for i := range cs {
		shared := uint64(0)
		if d.version == 1 {
			shared = d.uvarint()
		}
		suffix := d.bytes()
		if d.err != nil {
			return
		}
		if shared > uint64(prevEnd-prevStart) {
			d.fail("name shares %d bytes with a previous name of %d", shared, prevEnd-prevStart)
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

// frontCodedSize reads ahead, without allocating, over the ids and the
// format-1 names of n campaigns and returns the bytes the names copy from
// one another. Prefix coding lets a few bytes stand for a long name, so a
// crafted object could make every name repeat a long previous one and ask
// for gigabytes; the names may take, with the body, no more than the
// object may decode to (d.limit), as if the object had been written in
// format 2.
func (d *decoder) frontCodedSize(n int) uint64 {
	ahead := decoder{buf: d.buf, pos: d.pos, version: d.version, limit: d.limit}
	for range n {
		if ahead.uvarint() == 0 {
			ahead.bytes()
		}
	}
	var total, prevLen uint64
	for i := range n {
		shared := ahead.uvarint()
		suffix := uint64(len(ahead.bytes()))
		if ahead.err != nil {
			d.err = ahead.err
			return 0
		}
		if shared > prevLen {
			ahead.fail("name shares %d bytes with a previous name of %d", shared, prevLen)
			d.err = ahead.err
			return 0
		}
		total += shared
		if uint64(len(d.buf))+total > d.limit {
			ahead.fail("campaign names expand to more than the %d bytes this object may hold (name %d of %d)", d.limit, i, n)
			d.err = ahead.err
			return 0
		}
		prevLen = shared + suffix
	}
	return total
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
