package campaign

import (
	"reflect"
	"testing"
)

func TestRouteShareAndAlertFor(t *testing.T) {
	a := ChannelID{CustSpaceID: "a", PageID: "1"}
	b := ChannelID{CustSpaceID: "b", PageID: "2"}
	camp := func(ch ChannelID, id string, budget int64, status string) Campaign {
		return Campaign{CustSpaceID: ch.CustSpaceID, PageID: ch.PageID, CampaignID: id, CampaignName: id, Status: status, Budget: budget, BudgetType: BudgetDaily}
	}
	states := []ChannelState{{ChannelID: a, Complete: true}, {ChannelID: b, Complete: true}}
	prev := &Snapshot{Channels: states, Campaigns: []Campaign{camp(a, "1", 1000, "ON"), camp(b, "2", 1000, "ON")}}
	next := &Snapshot{Channels: states, Campaigns: []Campaign{camp(a, "1", 1100, "ON"), camp(b, "2", 1000, "OFF")}}
	cmp := Compare(prev, next, Threshold{})
	if len(cmp.Changes) != 2 || len(cmp.Moves) != 1 {
		t.Fatalf("Compare = %+v", cmp)
	}

	tests := []struct {
		name      string
		route     Route
		refs      map[Key]int64
		wantTypes []ChangeType
		wantOld   string
		wantRefs  map[Key]int64
	}{
		{"everything", Route{}, nil, []ChangeType{BudgetChanged, StatusChanged}, "1000", nil},
		{"channel b only", Route{Channels: []ChannelID{b}}, nil, []ChangeType{StatusChanged}, "", nil},
		{"budget only", Route{Changes: []ChangeType{BudgetChanged}}, nil, []ChangeType{BudgetChanged}, "1000", nil},
		{"20% holds a 10% move", Route{Threshold: Threshold{Percent: 20}}, nil, []ChangeType{StatusChanged}, "",
			map[Key]int64{next.Campaigns[0].Key(): 1000}},
		{"its own reference adds up", Route{Threshold: Threshold{Percent: 20}}, map[Key]int64{next.Campaigns[0].Key(): 900},
			[]ChangeType{BudgetChanged, StatusChanged}, "900", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, refs := tt.route.Share(cmp, next, tt.refs)
			var types []ChangeType
			old := ""
			for _, c := range got {
				types = append(types, c.Type)
				if c.Type == BudgetChanged {
					old = c.Old
				}
			}
			if !reflect.DeepEqual(types, tt.wantTypes) || old != tt.wantOld || !reflect.DeepEqual(refs, tt.wantRefs) {
				t.Fatalf("Share = %v (old %q), refs %v; want %v (old %q), refs %v", types, old, refs, tt.wantTypes, tt.wantOld, tt.wantRefs)
			}
		})
	}

	own := cmp.Changes[0]
	own.Old = "900"
	alert := &Alert{Kind: AlertChanges, Changes: cmp.Changes,
		Shares: map[string]*Share{"x": {Changes: []int{1}, Own: []Change{own}, Channels: []ChannelID{a, b}}, "y": {Channels: []ChannelID{b}, Changes: []int{1}}}}
	x := alert.For("x")
	if len(x.Changes) != 2 || x.Changes[0].Old != "900" || x.Changes[1].Type != StatusChanged || x.Shares != nil {
		t.Fatalf("For(x) = %+v", x.Changes)
	}
	if y := alert.For("y"); len(y.Changes) != 1 {
		t.Fatalf("For(y) = %+v", y.Changes)
	}
	if z := alert.For("z"); len(z.Changes) != 2 {
		t.Fatalf("a receiver without a share gets the alert whole: %+v", z)
	}
	if len(alert.Changes) != 2 || alert.Shares == nil {
		t.Fatal("For modified the alert")
	}
}
