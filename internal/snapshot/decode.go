package snapshot

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"strings"
	"time"

	"github.com/klauspost/compress/flate"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// decodeSnapshot decodes a data object with its campaigns as Campaigns.
// Its errors say what is wrong with the bytes; the caller names the
// object.
func decodeSnapshot(b []byte) (*campaign.Snapshot, error) {
	s, err := decodePacked(b)
	if err != nil {
		return nil, err
	}
	return unpack(s), nil
}

// decodePacked decodes a data object with its campaigns left packed
// (Snapshot.Rows, see packed): the body is checked whole, every column
// and the campaigns' order, so that reading the rows cannot fail.
func decodePacked(b []byte) (*campaign.Snapshot, error) {
	size, err := checkSnapshot(b)
	if err != nil {
		return nil, err
	}
	stored := len(b) - headerLen
	// The body grows with the bytes the stream delivers: a declared size
	// is checked, never allocated on its word alone. It is read into a
	// string, which the packed rows slice without copying.
	var body strings.Builder
	body.Grow(int(min(uint64(size), 8*uint64(stored))) + bytes.MinRead)
	zr := flate.NewReader(bytes.NewReader(b[headerLen:]))
	n, err := io.CopyBuffer(doubling{&body}, io.LimitReader(zr, int64(size)+1), make([]byte, 32<<10))
	switch {
	case err != nil:
		return nil, fmt.Errorf("decompressing: %v", err)
	case n > int64(size):
		return nil, fmt.Errorf("decompressing: more data than the %d bytes announced", size)
	case n < int64(size):
		return nil, fmt.Errorf("decompressing: %d bytes, not the %d announced", n, size)
	}
	return decodePackedBody(body.String(), b[len(dataMagic)], maxExpansion(stored))
}

// doubling writes to a strings.Builder that doubles when it grows (its
// Grow does; a plain Write grows by append's quarter at this size, which
// copies the body over and over).
type doubling struct{ *strings.Builder }

func (w doubling) Write(p []byte) (int, error) {
	w.Grow(len(p))
	return w.Builder.Write(p)
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

// decodeBody decodes the columns encodeBody wrote in format version, with
// the campaigns as Campaigns. limit bounds the body: the maxExpansion of
// the object the body came from.
func decodeBody(body []byte, version byte, limit uint64) (*campaign.Snapshot, error) {
	s, err := decodePackedBody(string(body), version, limit)
	if err != nil {
		return nil, err
	}
	return unpack(s), nil
}

// decodePackedBody is decodeBody with the campaigns left packed.
func decodePackedBody(body string, version byte, limit uint64) (*campaign.Snapshot, error) {
	if version < oldestVersion || version > dataVersion {
		return nil, fmt.Errorf("unknown format version %d", version)
	}
	if uint64(len(body)) > limit {
		return nil, fmt.Errorf("body of %d bytes is over the %d bytes its object may hold", len(body), limit)
	}
	d := decoder{buf: body, version: version, limit: limit}
	return d.snapshot()
}

// unpack returns s with its packed campaigns as Campaigns.
func unpack(s *campaign.Snapshot) *campaign.Snapshot {
	p := s.Rows.(*packed)
	cs := make([]campaign.Campaign, p.n)
	cur := p.cursor()
	for i := range cs {
		cur.next(&cs[i])
	}
	s.Campaigns, s.Rows = cs, nil
	return s
}

type decoder struct {
	buf     string
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
	v, n := uvarintAt(d.buf, d.pos)
	if n <= 0 {
		d.fail("bad or truncated varint")
		return 0
	}
	d.pos += n
	return v
}

// uvarintAt is binary.Uvarint over s from at: the value and the bytes it
// took; n <= 0 for a varint truncated (0) or over 64 bits (< 0).
func uvarintAt(s string, at int) (uint64, int) {
	var x uint64
	var shift uint
	for i := 0; at+i < len(s); i++ {
		if i == binary.MaxVarintLen64 {
			return 0, -(i + 1)
		}
		b := s[at+i]
		if b < 0x80 {
			if i == binary.MaxVarintLen64-1 && b > 1 {
				return 0, -(i + 1)
			}
			return x | uint64(b)<<shift, i + 1
		}
		x |= uint64(b&0x7f) << shift
		shift += 7
	}
	return 0, 0
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

// str reads a length and that many bytes, as a part of the body (no copy).
func (d *decoder) str() string {
	n := d.count("string length", 1, maxBody)
	if d.err != nil {
		return ""
	}
	s := d.buf[d.pos : d.pos+n]
	d.pos += n
	return s
}

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
	p := &packed{n: n, body: d.buf}
	p.runs = d.channelRuns(n)
	p.ids = d.ids(n)
	p.names, p.namesAt = d.names(n)
	for k := range p.dicts {
		p.dicts[k], p.codesAt[k] = d.dict(n)
	}
	p.budgetAt = d.pos
	d.skipVarints(n)
	p.createAt = d.pos
	d.skipVarints(n)
	if d.err == nil && d.pos != len(d.buf) {
		d.fail("%d unexpected bytes after the last column", len(d.buf)-d.pos)
	}
	if d.err != nil {
		return nil, d.err
	}
	if err := p.checkOrder(); err != nil {
		return nil, err
	}
	s.Rows = p
	return s, nil
}
