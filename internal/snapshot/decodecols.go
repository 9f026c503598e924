package snapshot

import (
	"encoding/binary"
	"strconv"
	"strings"
)

// The column decoders of the data object (decode.go reads the frame and
// the header, and puts them together into packed rows).

func (d *decoder) channelRuns(n int) []chanRun {
	runs := d.count("channel run", 3, n)
	out := make([]chanRun, 0, runs)
	at := 0
	for r := 0; r < runs && d.err == nil; r++ {
		space, page := d.str(), d.str()
		k := d.uvarint()
		if k == 0 || k > uint64(n-at) {
			d.fail("channel run of %d campaigns does not fit", k)
			return nil
		}
		out = append(out, chanRun{space, page, int(k)})
		at += int(k)
	}
	if d.err == nil && at != n {
		d.fail("channel runs cover %d of %d campaigns", at, n)
	}
	return out
}

// ids decodes the ids column into one string, each id as its length (a
// uvarint) then its bytes, which the rows slice without copying: numeric
// ids are written out once here, not on every read. It is sized exactly
// before it is filled, by a first pass over the column.
func (d *decoder) ids(n int) string {
	if d.err != nil {
		return ""
	}
	ahead := *d
	size := ahead.idsColumn(n, func(id string, v int64) {})
	if ahead.err != nil {
		d.err = ahead.err
		return ""
	}
	var arena strings.Builder
	arena.Grow(size)
	var scratch [binary.MaxVarintLen64 + 20]byte
	d.idsColumn(n, func(id string, v int64) {
		if v < 0 {
			arena.Write(binary.AppendUvarint(scratch[:0], uint64(len(id))))
			arena.WriteString(id)
			return
		}
		digits := strconv.AppendInt(scratch[1:1], v, 10)
		scratch[0] = byte(len(digits))
		arena.Write(scratch[:1+len(digits)])
	})
	return arena.String()
}

// idsColumn reads n ids, handing each to f: a string id as itself (v -1),
// a numeric one as its value. It returns the bytes ids takes for them.
func (d *decoder) idsColumn(n int, f func(id string, v int64)) int {
	size := 0
	var prev int64
	for range n {
		tag := d.uvarint()
		if d.err != nil {
			return 0
		}
		if tag == 0 {
			s := d.str()
			if d.err != nil {
				return 0
			}
			size += uvarintLen(uint64(len(s))) + len(s)
			f(s, -1)
			continue
		}
		z := tag - 1
		v := prev + (int64(z>>1) ^ -int64(z&1))
		if v < 0 { // prev >= 0, so only an overflow or a negative id gets here
			d.fail("campaign id delta out of range")
			return 0
		}
		size += 1 + decimalLen(v)
		f("", v)
		prev = v
	}
	return size
}

func uvarintLen(v uint64) int {
	n := 1
	for ; v >= 0x80; v >>= 7 {
		n++
	}
	return n
}

func decimalLen(v int64) int {
	n := 1
	for ; v >= 10; v /= 10 {
		n++
	}
	return n
}

// names checks the names column (each name a length and its bytes) and
// returns where it is read from: the body itself.
func (d *decoder) names(n int) (string, int) {
	if d.err != nil {
		return "", 0
	}
	at := d.pos
	for range n {
		d.str()
	}
	return d.buf, at
}

// dict reads a dictionary's values and checks its n codes; it returns the
// values and where the codes start.
func (d *decoder) dict(n int) ([]string, int) {
	k := d.count("dictionary entry", 1, n+1)
	values := make([]string, 0, k)
	for i := 0; i < k && d.err == nil; i++ {
		values = append(values, d.str())
	}
	at := d.pos
	for range n {
		code := d.uvarint()
		if d.err != nil {
			return nil, 0
		}
		if code >= uint64(len(values)) {
			d.fail("dictionary code %d of %d", code, len(values))
			return nil, 0
		}
	}
	return values, at
}

func (d *decoder) skipVarints(n int) {
	for i := 0; i < n && d.err == nil; i++ {
		d.uvarint()
	}
}
