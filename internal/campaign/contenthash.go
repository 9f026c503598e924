package campaign

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
)

// contentHashVersion starts every hash's input, so that a hash computed
// over other fields (a field added to Campaign is added here) never
// equals one of this version.
const contentHashVersion = "campaignwatch campaigns v1\n"

// ContentHash is the SHA-256, in hex, of campaigns cs in their order: every
// field of each, strings length-prefixed. Two lists have the same hash
// exactly when they hold the same campaigns in the same order (a
// collision of SHA-256 aside). A check compares its listing's hash with
// the one the previous snapshot was committed with, and when they are
// equal does not read the previous campaigns at all: they are the ones
// it listed (History.LoadToCompare).
func ContentHash(cs []Campaign) string {
	h := sha256.New()
	buf := make([]byte, 0, 64<<10)
	buf = append(buf, contentHashVersion...)
	str := func(s string) {
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		buf = append(buf, s...)
	}
	for i := range cs {
		c := &cs[i]
		str(c.CustSpaceID)
		str(c.PageID)
		str(c.CampaignID)
		str(c.CampaignName)
		str(c.Status)
		buf = binary.LittleEndian.AppendUint64(buf, uint64(c.Budget))
		str(c.BudgetType)
		str(c.AdAccountID)
		buf = binary.LittleEndian.AppendUint64(buf, uint64(c.CreateTime))
		if len(buf) >= cap(buf)-4<<10 {
			h.Write(buf)
			buf = buf[:0]
		}
	}
	h.Write(buf)
	return hex.EncodeToString(h.Sum(nil))
}
