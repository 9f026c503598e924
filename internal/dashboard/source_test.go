package dashboard_test

import (
	"context"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/dashboard"
	"github.com/campaignwatch/campaignwatch/internal/history"
)

// emptySource is a store with nothing in it, for tests that read none.
type emptySource struct{}

var _ dashboard.Source = emptySource{}

func (emptySource) LatestGeneration(context.Context) (int64, error)         { return 0, nil }
func (emptySource) Load(context.Context, int64) (*campaign.Snapshot, error) { return nil, nil }
func (emptySource) Changes(context.Context, history.Query) (*history.Page, error) {
	return &history.Page{Changes: []history.Change{}}, nil
}
func (emptySource) Series(context.Context, history.SeriesQuery) (*history.Series, error) {
	return &history.Series{Zone: "UTC", Days: []history.SeriesDay{}}, nil
}
func (emptySource) Streaks(context.Context, string) (campaign.Streak, campaign.Streak, error) {
	return campaign.Streak{}, campaign.Streak{}, nil
}
