package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestNotInThisBuildSaysWhereToRunIt: what demo and playground answer in
// the Function Compute build (-tags fcdeploy): not here, and the command
// that runs them from a checkout.
func TestNotInThisBuildSaysWhereToRunIt(t *testing.T) {
	var errOut bytes.Buffer
	code := notInThisBuild("playground", Env{Stderr: &errOut})(context.Background())
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	for _, want := range []string{"campaignwatch playground: not in this build", "-tags fcdeploy", "go run . playground"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("the answer lacks %q:\n%s", want, errOut.String())
		}
	}
}
