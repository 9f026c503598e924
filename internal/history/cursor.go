package history

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// Cursor is where a page ended: the next page holds the rows older than
// the change Index of check Generation. Generations only grow, so a check
// that commits between two pages adds rows before the first page, never
// between the pages: the next page neither repeats nor skips a row.
type Cursor struct {
	Generation int64
	Index      int
}

// Before reports whether a row (gen, index) comes after the cursor in
// newest-first order, i.e. belongs to the next page.
func (c *Cursor) Before(gen int64, index int) bool {
	if c == nil {
		return true
	}
	return gen < c.Generation || gen == c.Generation && index < c.Index
}

// maxCursorLen bounds the text DecodeCursor looks at.
const maxCursorLen = 64

// String encodes the cursor as URL-safe text, opaque to callers.
func (c Cursor) String() string {
	return base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("h1.%d.%d", c.Generation, c.Index)))
}

// DecodeCursor reads a cursor that String made; anything else is an error
// of kind Invalid.
func DecodeCursor(s string) (*Cursor, error) {
	bad := func(why string) error {
		return campaign.Errorf(campaign.Invalid, "cursor: %s; pass the \"next\" of the previous page as it is, or leave cursor out for the first page", why)
	}
	if len(s) == 0 || len(s) > maxCursorLen {
		return nil, bad("not a cursor of this history")
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil {
		return nil, bad("not a cursor of this history")
	}
	parts := strings.Split(string(b), ".")
	if len(parts) != 3 || parts[0] != "h1" {
		return nil, bad("not a cursor of this history")
	}
	gen, err1 := strconv.ParseInt(parts[1], 10, 64)
	idx, err2 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || gen < 1 || idx < 0 || parts[1] != strconv.FormatInt(gen, 10) || parts[2] != strconv.Itoa(idx) {
		return nil, bad("damaged")
	}
	return &Cursor{Generation: gen, Index: idx}, nil
}
