package campaign

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
)

// contentHashVersion starts every hash's input, so that a hash computed
// otherwise (over other fields: a field added to Campaign is added to
// ChannelHash) never equals one of this version. Version 1 hashed the
// campaigns in one stream; version 2 hashes each channel's on its own
// (ChannelHash), so that a listing can be hashed by the worker that
// listed it. A manifest committed with a version 1 hash matches no
// listing: the first check after the upgrade reads the campaigns once.
const contentHashVersion = "campaignwatch campaigns v2\n"

// ContentHash is the SHA-256, in hex, of campaigns cs in their order: the
// hash of each run of campaigns of one channel (ChannelHash), with the
// channel and the run's length. Two lists have the same hash exactly when
// they hold the same campaigns in the same order (a collision of SHA-256
// aside). A check compares its listing's hash with the one the previous
// snapshot was committed with, and when they are equal does not read the
// previous campaigns at all: they are the ones it listed
// (History.LoadToCompare). For campaigns sorted by key it is
// CombineChannelHashes of their channels' sealed listings (Listing.Seal).
func ContentHash(cs []Campaign) string {
	var parts []ChannelDigest
	for len(cs) > 0 {
		n := 1
		for n < len(cs) && cs[n].CustSpaceID == cs[0].CustSpaceID && cs[n].PageID == cs[0].PageID {
			n++
		}
		parts = append(parts, ChannelDigest{ID: ChannelID{CustSpaceID: cs[0].CustSpaceID, PageID: cs[0].PageID}, N: n, Sum: ChannelHash(cs[:n])})
		cs = cs[n:]
	}
	return CombineChannelHashes(parts)
}

// ChannelDigest is the hash of one channel's campaigns (ChannelHash) and how
// many they are.
type ChannelDigest struct {
	ID  ChannelID
	N   int
	Sum [sha256.Size]byte
}

// CombineChannelHashes is ContentHash from the hashes of its runs of one
// channel, in order. A run of no campaigns is no run: it is skipped.
func CombineChannelHashes(parts []ChannelDigest) string {
	h := sha256.New()
	buf := make([]byte, 0, 128)
	buf = append(buf, contentHashVersion...)
	for _, p := range parts {
		if p.N == 0 {
			continue
		}
		buf = appendString(buf, p.ID.CustSpaceID)
		buf = appendString(buf, p.ID.PageID)
		buf = binary.AppendUvarint(buf, uint64(p.N))
		buf = append(buf, p.Sum[:]...)
		h.Write(buf)
		buf = buf[:0]
	}
	h.Write(buf)
	return hex.EncodeToString(h.Sum(nil))
}

// ChannelHash is the SHA-256 of campaigns cs in their order: every field
// of each, strings length-prefixed.
func ChannelHash(cs []Campaign) [sha256.Size]byte {
	h := sha256.New()
	buf := make([]byte, 0, 8<<10) // one per channel: a listing is hashed as it completes
	for i := range cs {
		c := &cs[i]
		buf = appendString(buf, c.CustSpaceID)
		buf = appendString(buf, c.PageID)
		buf = appendString(buf, c.CampaignID)
		buf = appendString(buf, c.CampaignName)
		buf = appendString(buf, c.Status)
		buf = binary.LittleEndian.AppendUint64(buf, uint64(c.Budget))
		buf = appendString(buf, c.BudgetType)
		buf = appendString(buf, c.AdAccountID)
		buf = binary.LittleEndian.AppendUint64(buf, uint64(c.CreateTime))
		if len(buf) >= cap(buf)-4<<10 {
			buf = flush(h, buf)
		}
	}
	flush(h, buf)
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

func appendString(buf []byte, s string) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(s)))
	return append(buf, s...)
}

func flush(h hash.Hash, buf []byte) []byte {
	h.Write(buf)
	return buf[:0]
}
