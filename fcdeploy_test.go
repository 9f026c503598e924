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
// A fake is any package of the module named *test (every service's fake,
// notify/receivers/receiverstest, notifytest...), the emulator, the OSS
// fake or the playground.
func TestFunctionComputeBuildHasNoFakes(t *testing.T) {
	isFake := func(pkg string) bool {
		const module = "github.com/campaignwatch/campaignwatch/"
		if !strings.HasPrefix(pkg, module) {
			return false
		}
		last := pkg[strings.LastIndex(pkg, "/")+1:]
		return strings.HasSuffix(last, "test") || last == "camsemu" || last == "ossfake" || last == "playground"
	}
	deps := func(tags ...string) string {
		out, err := exec.Command("go", append(append([]string{"list", "-deps"}, tags...), ".")...).Output()
		if err != nil {
			t.Fatalf("go list -deps %v: %v", tags, err)
		}
		return string(out)
	}
	for _, pkg := range strings.Fields(deps("-tags", "fcdeploy")) {
		if isFake(pkg) {
			t.Errorf("the Function Compute build links %s", pkg)
		}
	}
	all := deps()
	for _, want := range []string{"internal/cams/camsemu", "internal/playground", "notify/receivers/receiverstest"} {
		if !strings.Contains(all, want) {
			t.Errorf("the untagged build lost %s: go run . demo would not work", want)
		}
	}
}
