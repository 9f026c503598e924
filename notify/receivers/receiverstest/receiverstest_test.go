package receiverstest

import (
	"testing"

	"github.com/campaignwatch/campaignwatch/notify/receivers"
)

// TestEveryServiceHasAFake: the fakes are the services of notify/receivers,
// no more, no fewer: a service added there without its fake here fails.
func TestEveryServiceHasAFake(t *testing.T) {
	for _, svc := range receivers.All() {
		f, ok := Start(svc, "SEC-test-secret")
		if !ok {
			t.Errorf("service %q has no fake in receiverstest", svc.Type)
			continue
		}
		if f.URL == "" || f.Bodies == nil || f.Requests == nil || f.Throttle == nil || f.Mentions == nil || f.SetClock == nil || f.Close == nil {
			t.Errorf("the fake of %q is incomplete", svc.Type)
		}
		if (f.Secret != "") != (svc.Sign != nil) {
			t.Errorf("the fake of %q checks secret %q; the service signs: %v", svc.Type, f.Secret, svc.Sign != nil)
		}
		if f.Close != nil {
			f.Close()
		}
	}
	if len(fakes) != len(receivers.Types()) {
		t.Errorf("%d fakes for %d services: a fake of a service that is not registered", len(fakes), len(receivers.Types()))
	}
}
