package receiverstest_test

import (
	"slices"
	"testing"

	"github.com/campaignwatch/campaignwatch/notify/receivers"
	"github.com/campaignwatch/campaignwatch/notify/receivers/receiverstest"
)

// TestEveryServiceHasAFake: the fakes are the services of notify/receivers,
// no more, no fewer: a service registered there whose package does not
// register its fake (notify/<service>/fake.go) fails, and so does a fake
// registered under a type the registry does not list.
func TestEveryServiceHasAFake(t *testing.T) {
	for _, svc := range receivers.All() {
		f, ok := receiverstest.Start(svc, "SEC-test-secret")
		if !ok {
			t.Errorf("service %q registers no fake (receiverstest.Register, in notify/%s/fake.go)", svc.Type, svc.Type)
			continue
		}
		if f.URL == "" || f.Format == "" || f.Bodies == nil || f.Requests == nil || f.Throttle == nil || f.Mentions == nil || f.SetClock == nil || f.Close == nil {
			t.Errorf("the fake of %q is incomplete", svc.Type)
		}
		if (f.Secret != "") != (svc.Sign != nil) {
			t.Errorf("the fake of %q checks secret %q; the service signs: %v", svc.Type, f.Secret, svc.Sign != nil)
		}
		if f.Close != nil {
			f.Close()
		}
	}
	for _, typ := range receiverstest.Registered() {
		if !slices.Contains(receivers.Types(), typ) {
			t.Errorf("a fake of %q, a service notify/receivers does not list", typ)
		}
	}
}

// TestRegisterRefusesASecondFake: two fakes of one type is a mistake
// found at startup, not a silent choice of one.
func TestRegisterRefusesASecondFake(t *testing.T) {
	typ := receivers.Types()[0]
	defer func() {
		if recover() == nil {
			t.Errorf("a second fake of %s was registered", typ)
		}
	}()
	receiverstest.Register(typ, func(string) receiverstest.Fake { return receiverstest.Fake{} })
}
