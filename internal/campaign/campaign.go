// Package campaign is campaignwatch's domain: the campaigns it watches, the
// changes between two snapshots of them, the digest's arithmetic, and the
// small interfaces that the CAMS client, the snapshot stores and the
// notifiers implement. It imports nothing but the standard library, and no
// other package of the repository imports each other through anything but
// these types.
package campaign

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Key identifies a campaign across channels: CAMS campaign ids are only
// unique within one channel (CustSpaceId) and Messenger page.
type Key struct {
	CustSpaceID string
	PageID      string
	CampaignID  string
}

// String renders the key as "custSpaceId:pageId/campaignId" for logs.
func (k Key) String() string { return k.CustSpaceID + ":" + k.PageID + "/" + k.CampaignID }

// Budget types reported by ListMessageCampaign.
const (
	BudgetDaily    = "daily"
	BudgetLifetime = "lifetime"
)

// Campaign is one Meta ad message campaign as ListMessageCampaign reports it,
// tagged with the channel it was listed from.
type Campaign struct {
	CustSpaceID  string `json:"custSpaceId"`
	PageID       string `json:"pageId"`
	CampaignID   string `json:"campaignId"`
	CampaignName string `json:"campaignName"`
	Status       string `json:"status"`
	// Budget is in US cents, as the API reports it: 6200 is $62.00.
	Budget      int64  `json:"budget"`
	BudgetType  string `json:"budgetType"`
	AdAccountID string `json:"adAccountId"`
	// CreateTime is the API's creation time in Unix milliseconds.
	CreateTime int64 `json:"createTime"`
}

// Key returns the campaign's identity.
func (c Campaign) Key() Key {
	return Key{CustSpaceID: c.CustSpaceID, PageID: c.PageID, CampaignID: c.CampaignID}
}

// ChannelID identifies a channel: a CAMS CustSpaceId and a Messenger PageId.
type ChannelID struct {
	CustSpaceID string `json:"custSpaceId"`
	PageID      string `json:"pageId"`
}

// String renders the id as "custSpaceId:pageId", the form CAMS_CHANNELS uses.
func (id ChannelID) String() string { return id.CustSpaceID + ":" + id.PageID }

// Filters are ListMessageCampaign's optional request filters, passed to the
// API as they are. Empty fields are not sent.
type Filters struct {
	AdAccountID  string `json:"adAccountId,omitempty"`
	Status       string `json:"status,omitempty"`
	CampaignName string `json:"campaignName,omitempty"`
	CampaignID   string `json:"campaignId,omitempty"`
}

// Channel is one entry of CAMS_CHANNELS: what to list, and the label that
// messages show for it.
type Channel struct {
	ChannelID
	// Name is the display label (the "name" query parameter); empty means
	// messages show the channel id.
	Name    string
	Filters Filters
}

// Label is what a person reads for the channel: its name, else its id.
func (c Channel) Label() string {
	if c.Name != "" {
		return c.Name
	}
	return c.ChannelID.String()
}

// ParseChannel parses one CAMS_CHANNELS entry:
// "CustSpaceId:PageId[?adAccountId=..&status=..&campaignName=..&campaignId=..&name=..]".
// Unknown query keys, empty ids and repeated keys are errors of kind Invalid.
func ParseChannel(s string) (Channel, error) {
	idPart, query, hasQuery := cutByte(s, '?')
	space, page, ok := cutByte(idPart, ':')
	if !ok || space == "" || page == "" || strings.ContainsAny(page, ":") ||
		strings.ContainsFunc(idPart, unicode.IsSpace) {
		return Channel{}, Errorf(Invalid, "channel %q: want CustSpaceId:PageId, e.g. cams-a1:239001", s)
	}
	ch := Channel{ChannelID: ChannelID{CustSpaceID: space, PageID: page}}
	if !hasQuery {
		return ch, nil
	}
	values, err := url.ParseQuery(query)
	if err != nil {
		return Channel{}, Errorf(Invalid, "channel %q: filters are not a valid URL query: %v", s, err)
	}
	for key, vals := range values {
		if len(vals) != 1 {
			return Channel{}, Errorf(Invalid, "channel %q: filter %q is given %d times; give it once", s, key, len(vals))
		}
		v := vals[0]
		switch key {
		case "adAccountId":
			ch.Filters.AdAccountID = v
		case "status":
			ch.Filters.Status = v
		case "campaignName":
			ch.Filters.CampaignName = v
		case "campaignId":
			ch.Filters.CampaignID = v
		case "name":
			ch.Name = v
		default:
			return Channel{}, Errorf(Invalid, "channel %q: unknown filter %q (known: adAccountId, status, campaignName, campaignId, name)", s, key)
		}
	}
	return ch, nil
}

func cutByte(s string, b byte) (before, after string, found bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == b {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

// Listing is the result of listing one channel.
type Listing struct {
	Channel Channel
	// Campaigns are the campaigns listed, in the order the API returned
	// them, or sorted by key once Sealed.
	Campaigns []Campaign
	// Total is the API's Total on the last page read.
	Total int
	// Complete is true only when every page was read, the rows add up to
	// Total, Total did not move and no campaign came twice. Only a complete
	// listing may report a campaign as removed.
	Complete bool
	// Calls is the number of API calls made for this listing, retries
	// included.
	Calls int
	// Err says why the listing is incomplete; nil when Complete.
	Err error
	// Sealed says that Campaigns are sorted by key, every one of them
	// Channel's, and Digest is their hash (Seal).
	Sealed bool
	Digest [32]byte
}

// Seal sorts a complete listing's campaigns by key and hashes them
// (ChannelHash), so that the snapshot built from the listings need only
// put them in channel order, and its ContentHash is CombineChannelHashes
// of theirs. A Source seals each listing as it completes, beside the
// listing of the others, so that neither the sort nor the hash comes
// after the last page. A listing that is incomplete, or holds a campaign
// of another channel, is left unsealed.
func (l *Listing) Seal() {
	l.Sealed = false
	if !l.Complete {
		return
	}
	for i := range l.Campaigns {
		if l.Campaigns[i].CustSpaceID != l.Channel.CustSpaceID || l.Campaigns[i].PageID != l.Channel.PageID {
			return
		}
	}
	SortCampaigns(l.Campaigns)
	l.Digest = ChannelHash(l.Campaigns)
	l.Sealed = true
}

// ChannelState is what a snapshot remembers of one channel's listing.
type ChannelState struct {
	ChannelID
	Name     string `json:"name,omitempty"`
	Total    int    `json:"total"`
	Complete bool   `json:"complete"`
	// Filters are the filters the channel was listed with; nil in
	// snapshots written before they were recorded (then unknown).
	Filters *Filters `json:"filters,omitempty"`
}

// Snapshot is one committed generation of the watched campaigns.
type Snapshot struct {
	// Generation counts commits from 1; the empty store is generation 0.
	Generation int64
	TakenAt    time.Time
	Channels   []ChannelState
	// Campaigns are sorted by Key (CustSpaceID, PageID, CampaignID).
	// A snapshot loaded packed holds them in Rows instead, and Campaigns
	// is nil: Len and All read either.
	Campaigns []Campaign
	// Rows, when not nil, hold the campaigns packed (a snapshot loaded to
	// be compared with, History.LoadToCompare).
	Rows Rows `json:"-"`
	// ContentHash is ContentHash of the campaigns, set by the check that
	// builds the snapshot and by the store that loads one committed with
	// it; "" when not known (a snapshot committed before the store kept
	// it). Code that changes the campaigns of a copy clears it.
	ContentHash string `json:"-"`
	// BudgetRefs holds, for each campaign whose budget has moved by less
	// than BUDGET_CHANGE_THRESHOLD since it was last announced, the budget
	// last announced: the next Diff compares with it, so that small moves
	// add up. Campaigns without an entry compare with their budget here.
	BudgetRefs map[Key]int64 `json:"-"`
	// Incidents are the guardrail incidents open as of this snapshot
	// (Evaluate), committed with it: the one log of which incident was
	// opened when, so that each opens and resolves once.
	Incidents []Incident `json:"-"`
	// ReceiverRefs holds the same per receiver name, for the receivers
	// whose references differ from BudgetRefs (a threshold of their own,
	// fewer channels); a receiver without an entry uses BudgetRefs. An
	// entry may be empty: that receiver has no references.
	ReceiverRefs map[string]map[Key]int64 `json:"-"`
	// Outside holds, sorted by key, the campaigns that left their
	// channel's status filter but still exist (a campaign paused in a
	// channel that watches AVAILABLE ones), as last seen: not watched,
	// but known, so that coming back is a status change, not "added".
	Outside []Campaign `json:"-"`
}

// FormatMoney renders US cents as dollars: 6200 -> "$62.00", -150 -> "-$1.50".
func FormatMoney(cents int64) string {
	sign := ""
	u := uint64(cents)
	if cents < 0 {
		sign = "-"
		u = -u // in uint64, so that math.MinInt64 has a magnitude too
	}
	whole := strconv.FormatUint(u/100, 10)
	// Group thousands for readability: 1234567 -> 1,234,567.
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	return fmt.Sprintf("%s$%s.%02d", sign, whole, u%100)
}
