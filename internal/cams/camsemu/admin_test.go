package camsemu

import (
	"net/http"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

func TestAdminRoute(t *testing.T) {
	s := New(Options{Admin: true})
	defer s.Close()
	s.SetCampaigns("cams-a1", "239001", []campaign.Campaign{{CampaignID: "1", CampaignName: "spring", Status: "AVAILABLE", Budget: 6200, BudgetType: campaign.BudgetDaily}})
	post := func(body string) int {
		t.Helper()
		resp, err := http.Post(s.URL()+AdminPath, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, tc := range []struct {
		name, body string
		status     int
	}{
		{"change a budget", `{"CustSpaceId":"cams-a1","PageId":"239001","CampaignId":"1","Budget":8000}`, 200},
		{"pause", `{"CustSpaceId":"cams-a1","PageId":"239001","CampaignId":"1","Status":"PAUSED"}`, 200},
		{"add", `{"CustSpaceId":"cams-a1","PageId":"239001","CampaignId":"2","CampaignName":"new","Budget":100}`, 200},
		{"unnamed campaign", `{"CustSpaceId":"cams-a1","Budget":1}`, 400},
		{"unknown field", `{"CustSpaceId":"cams-a1","PageId":"239001","CampaignId":"1","Spend":1}`, 400},
		{"bad budget type", `{"CustSpaceId":"cams-a1","PageId":"239001","CampaignId":"1","BudgetType":"weekly"}`, 400},
		{"a status the API never returns", `{"CustSpaceId":"cams-a1","PageId":"239001","CampaignId":"1","Status":"paused"}`, 400},
		{"an empty name", `{"CustSpaceId":"cams-a1","PageId":"239001","CampaignId":"1","CampaignName":" "}`, 400},
		{"a new campaign without a name", `{"CustSpaceId":"cams-a1","PageId":"239001","CampaignId":"3","Budget":100}`, 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := post(tc.body); got != tc.status {
				t.Errorf("status %d, want %d", got, tc.status)
			}
		})
	}
	got := s.Campaigns("cams-a1", "239001")
	if len(got) != 2 || got[0].Budget != 8000 || got[0].Status != "PAUSED" || got[0].CampaignName != "spring" ||
		got[1].CampaignName != "new" || got[1].Status != "AVAILABLE" || got[1].BudgetType != campaign.BudgetDaily {
		t.Errorf("campaigns after the changes: %+v", got)
	}
	req, _ := http.NewRequest(http.MethodDelete, s.URL()+AdminPath+"?custSpaceId=cams-a1&pageId=239001&campaignId=2", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent || len(s.Campaigns("cams-a1", "239001")) != 1 {
		t.Errorf("DELETE: status %d, %d campaigns left", resp.StatusCode, len(s.Campaigns("cams-a1", "239001")))
	}
}

func TestAdminRouteOffByDefault(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	resp, err := http.Post(s.URL()+AdminPath, "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		t.Error("the admin route answers 200 on an emulator without Options.Admin")
	}
}
