package notifytest

import (
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
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

// HealthAsideAlert is the notice that Slack refused two messages to the
// receiver "brand-team" three times each and they were set aside.
func HealthAsideAlert() *campaign.Alert {
	return &campaign.Alert{ID: "health-aside-brand-team-1-failing", Kind: campaign.AlertHealth, At: At, RunID: "5e8ff14d0061",
		Health: &campaign.Health{State: campaign.HealthFailing, Kind: campaign.HealthAside, Since: At.Add(-40 * time.Minute),
			Runs: 3, ErrorKind: campaign.Invalid, Hint: campaign.HintRefused, Receiver: "brand-team", Messages: 2,
			LastError: "Slack refused the message: HTTP 400 invalid_blocks; campaignwatch built a message Slack does not accept: this is a bug, please report it with the run id"}}
}

// HealthAlerts are the health notices the golden files show, for a
// receiver reading language in zone: checks failing, then recovered, and
// messages set aside.
func HealthAlerts(language string, zone *time.Location) []GoldenAlert {
	out := []GoldenAlert{{Name: "health-failing", Alert: HealthFailingAlert()}, {Name: "health-recovered", Alert: HealthRecoveredAlert()},
		{Name: "health-aside", Alert: HealthAsideAlert()}}
	for i := range out {
		out[i].Locale = notify.Locale{Language: language, Zone: zone, Labels: Labels()}
	}
	return out
}
