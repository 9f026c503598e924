package camsemu

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// AdminPath is where an emulator started with Options.Admin takes changes
// to its campaigns over plain, unauthenticated HTTP: a person's way to
// make something happen in the playground. The real API has no such
// route.
//
//	GET    /_emulator/campaigns   every campaign, a JSON array in LoadCampaigns' format
//	POST   /_emulator/campaigns   one campaign to add or change (see Patch); answers it
//	DELETE /_emulator/campaigns?custSpaceId=..&pageId=..&campaignId=..   removes one
const AdminPath = "/_emulator/campaigns"

// Patch adds or changes one campaign through the admin route. CustSpaceId,
// PageId and CampaignId name it; every other field given replaces the
// campaign's, fields left out keep their value. A campaign not yet listed
// is added at the end of its channel with Status AVAILABLE and BudgetType
// daily unless given; it needs a CampaignName. Budget is in cents, as the
// API has it; Status is one the API returns (Statuses).
type Patch struct {
	CustSpaceID  string  `json:"CustSpaceId"`
	PageID       string  `json:"PageId"`
	CampaignID   string  `json:"CampaignId"`
	CampaignName *string `json:"CampaignName"`
	Status       *string `json:"Status"`
	Budget       *int64  `json:"Budget"`
	BudgetType   *string `json:"BudgetType"`
	AdAccountID  *string `json:"AdAccountId"`
	CreateTime   *int64  `json:"CreateTime"`
}

// Apply makes the change p describes and returns the campaign as it now
// is. Errors name what is wrong with p.
func (s *Server) Apply(p Patch) (campaign.Campaign, error) {
	if p.CustSpaceID == "" || p.PageID == "" || p.CampaignID == "" {
		return campaign.Campaign{}, errors.New("CustSpaceId, PageId and CampaignId name the campaign: give all three")
	}
	if p.BudgetType != nil && *p.BudgetType != campaign.BudgetDaily && *p.BudgetType != campaign.BudgetLifetime {
		return campaign.Campaign{}, fmt.Errorf("BudgetType %q: want daily or lifetime", *p.BudgetType)
	}
	if p.Status != nil {
		if err := checkStatus(*p.Status); err != nil {
			return campaign.Campaign{}, err
		}
	}
	if p.CampaignName != nil && strings.TrimSpace(*p.CampaignName) == "" {
		return campaign.Campaign{}, errors.New("CampaignName is empty: every campaign the API lists has a name")
	}
	if p.Budget != nil && *p.Budget < 0 {
		//lint:ignore ST1005 the text names the API's field, which is capitalised
		return campaign.Campaign{}, fmt.Errorf("Budget %d: want cents, 0 or more", *p.Budget)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := campaign.ChannelID{CustSpaceID: p.CustSpaceID, PageID: p.PageID}
	cs := append([]campaign.Campaign(nil), s.data[id]...) // a new slice: list cuts pages from the old one unlocked
	i := indexOf(cs, p.CampaignID)
	if i < 0 {
		if p.CampaignName == nil {
			return campaign.Campaign{}, fmt.Errorf("campaign %s is not listed yet: give its CampaignName to add it", p.CampaignID)
		}
		cs = append(cs, campaign.Campaign{CustSpaceID: p.CustSpaceID, PageID: p.PageID, CampaignID: p.CampaignID,
			Status: "AVAILABLE", BudgetType: campaign.BudgetDaily, CreateTime: s.opts.Now().UnixMilli()})
		i = len(cs) - 1
	}
	c := &cs[i]
	set(&c.CampaignName, p.CampaignName)
	set(&c.Status, p.Status)
	set(&c.Budget, p.Budget)
	set(&c.BudgetType, p.BudgetType)
	set(&c.AdAccountID, p.AdAccountID)
	set(&c.CreateTime, p.CreateTime)
	s.data[id] = cs
	return *c, nil
}

// Remove deletes one campaign and reports whether it was there.
func (s *Server) Remove(custSpaceID, pageID, campaignID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := campaign.ChannelID{CustSpaceID: custSpaceID, PageID: pageID}
	cs := s.data[id]
	i := indexOf(cs, campaignID)
	if i < 0 {
		return false
	}
	s.data[id] = append(append([]campaign.Campaign(nil), cs[:i]...), cs[i+1:]...)
	return true
}

func indexOf(cs []campaign.Campaign, campaignID string) int {
	for i, c := range cs {
		if c.CampaignID == campaignID {
			return i
		}
	}
	return -1
}

func set[T any](field *T, v *T) {
	if v != nil {
		*field = *v
	}
}

// all returns every campaign, channel by channel in id order.
func (s *Server) all() []Row {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]campaign.ChannelID, 0, len(s.data))
	for id := range s.data {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i].String() < ids[j].String() })
	rows := []Row{}
	for _, id := range ids {
		for _, c := range s.data[id] {
			rows = append(rows, rowOf(c))
		}
	}
	return rows
}

// serveAdmin answers the admin route.
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if r.URL.Path != AdminPath {
		adminError(w, http.StatusNotFound, "no such admin route: use "+AdminPath)
		return
	}
	switch r.Method {
	case http.MethodGet:
		_ = json.NewEncoder(w).Encode(s.all())
	case http.MethodPost:
		dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
		dec.DisallowUnknownFields()
		var p Patch
		if err := dec.Decode(&p); err != nil {
			adminError(w, http.StatusBadRequest, "want one JSON object with CustSpaceId, PageId, CampaignId and the fields to set: "+err.Error())
			return
		}
		c, err := s.Apply(p)
		if err != nil {
			adminError(w, http.StatusBadRequest, err.Error())
			return
		}
		_ = json.NewEncoder(w).Encode(rowOf(c))
	case http.MethodDelete:
		q := r.URL.Query()
		if !s.Remove(q.Get("custSpaceId"), q.Get("pageId"), q.Get("campaignId")) {
			adminError(w, http.StatusNotFound, "no such campaign: give custSpaceId, pageId and campaignId of a listed one")
			return
		}
		w.WriteHeader(http.StatusNoContent)
	default:
		w.Header().Set("Allow", "GET, POST, DELETE")
		adminError(w, http.StatusMethodNotAllowed, r.Method+" is not allowed here: GET, POST or DELETE")
	}
}

func adminError(w http.ResponseWriter, status int, msg string) {
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

// isAdmin reports whether r is for the admin routes of an emulator that
// has them.
func (s *Server) isAdmin(r *http.Request) bool {
	return s.opts.Admin && strings.HasPrefix(r.URL.Path, "/_emulator/")
}
