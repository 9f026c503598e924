package notifytest

import (
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// HealthFailingAlert is the failing notice of checks that failed 3 times
// in a row because the API refused the credentials.
func HealthFailingAlert() *campaign.Alert {
	listing := &campaign.IncompleteListing{Failed: 1, Total: 2,
		Detail: "Brand A: InvalidAccessKeyId.NotFound: Specified access key is not found. (RequestId 5E8F-4411)"}
	return &campaign.Alert{ID: "health-check-4-failing", Kind: campaign.AlertHealth, At: At, RunID: "5e8ff14d0050",
		Health: &campaign.Health{State: campaign.HealthFailing, Kind: campaign.ModeCheck,
			Since: At.Add(-20 * time.Minute), Runs: 3, ErrorKind: campaign.Unauthorized, Hint: campaign.HintCredentials,
			LastError: listing.Error(), Listing: listing}}
}

// HealthRecoveredAlert is the recovered notice of the incident of
// HealthFailingAlert, after 5 failed runs.
func HealthRecoveredAlert() *campaign.Alert {
	a := HealthFailingAlert()
	a.ID, a.RunID, a.At = "health-check-4-recovered", "5e8ff14d0053", At.Add(30*time.Minute)
	a.Health.State, a.Health.Runs, a.Health.Until = campaign.HealthRecovered, 5, At.Add(30*time.Minute)
	return a
}

// HealthAlerts are the health notices the golden files show, for a
// receiver reading language in zone: checks failing, then recovered.
func HealthAlerts(language string, zone *time.Location) []GoldenAlert {
	out := []GoldenAlert{{"health-failing", HealthFailingAlert()}, {"health-recovered", HealthRecoveredAlert()}}
	for _, g := range out {
		g.Alert.Language, g.Alert.Zone = language, zone
	}
	return out
}
