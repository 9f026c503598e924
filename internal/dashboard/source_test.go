package dashboard_test

import (
	"context"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/dashboard"
)

// emptySource is a store with nothing in it, for tests that read none.
type emptySource struct{}

var _ dashboard.Source = emptySource{}

func (emptySource) LatestGeneration(context.Context) (int64, error)          { return 0, nil }
func (emptySource) GenerationAsOf(context.Context, time.Time) (int64, error) { return 0, nil }
func (emptySource) Load(context.Context, int64) (*campaign.Snapshot, error)  { return nil, nil }
func (emptySource) Alerts(context.Context, time.Time, time.Time) ([]*campaign.Alert, error) {
	return nil, nil
}
func (emptySource) HealthStreaks(context.Context, string) (campaign.Streak, campaign.Streak, error) {
	return campaign.Streak{}, campaign.Streak{}, nil
}
