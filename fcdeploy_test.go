package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestFunctionComputeBuildHasNoFakes: the deployed build (-tags fcdeploy,
// as s.yaml's pre-deploy step and .ci/run build it) links none of the
// development fakes: the CAMS emulator, the OSS fake, the chat fakes and
// the playground. The untagged build keeps them for demo and playground.
func TestFunctionComputeBuildHasNoFakes(t *testing.T) {
	fakes := []string{"camsemu", "ossfake", "slacktest", "dingtalktest", "feishutest", "wecomtest", "webhooktest", "notifytest", "internal/playground"}
	deps := func(tags ...string) string {
		out, err := exec.Command("go", append(append([]string{"list", "-deps"}, tags...), ".")...).Output()
		if err != nil {
			t.Fatalf("go list -deps %v: %v", tags, err)
		}
		return string(out)
	}
	for _, pkg := range strings.Fields(deps("-tags", "fcdeploy")) {
		for _, f := range fakes {
			if strings.Contains(pkg, f) {
				t.Errorf("the Function Compute build links %s", pkg)
			}
		}
	}
	if all := deps(); !strings.Contains(all, "internal/cams/camsemu") || !strings.Contains(all, "internal/playground") {
		t.Error("the untagged build lost the emulator or the playground: go run . demo would not work")
	}
}
