package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/app"
	"github.com/campaignwatch/campaignwatch/internal/config"
	"github.com/campaignwatch/campaignwatch/notify"
)

// TestOpenSilencesBuildsNoNotifier: the silence commands know the
// receivers by the names the configuration gives them; no notifier is
// built for it, so a receiver that could not be built is still known.
func TestOpenSilencesBuildsNoNotifier(t *testing.T) {
	cfg := &config.Config{SnapshotURL: "file://" + t.TempDir(), Receivers: []config.Receiver{
		{Type: "slack", Target: notify.Target{Name: "slack"}, Language: "en", Zone: time.UTC},
		{Type: "no-such-service", Target: notify.Target{Name: "broken"}, Language: "en", Zone: time.UTC},
	}}
	svc, err := app.OpenSilences(context.Background(), cfg, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(svc.Known.Receivers, ","); got != "slack,broken" {
		t.Fatalf("known receivers %q, want slack,broken", got)
	}
}
