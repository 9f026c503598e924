package receivers_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/notifytest"
	"github.com/campaignwatch/campaignwatch/notify/receivers"
)

// TestEveryServiceIsComplete: each listed service has a unique type (a
// lower-case word, as the configuration and the receivers' names use
// it), a title, a renderer, a reply reader and pacing, and builds a
// notifier whose messages carry an ID and whose name follows the target.
func TestEveryServiceIsComplete(t *testing.T) {
	types := receivers.Types()
	if len(types) == 0 {
		t.Fatal("no service is registered")
	}
	for i, typ := range types {
		if !regexp.MustCompile(`^[a-z][a-z0-9]*$`).MatchString(typ) || slices.Contains(types[:i], typ) {
			t.Errorf("service type %q: want a lower-case word no other service has", typ)
		}
		s, ok := receivers.Lookup(typ)
		if !ok || s.Type != typ || s.Title == "" || s.Render == nil || s.Read == nil || len(s.Pace) == 0 {
			t.Errorf("service %q is incomplete: %+v", typ, s)
			continue
		}
		n, err := s.New(notify.Target{Name: typ + "#2", URL: "https://example.com/hook/secret0001"}, notify.Locale{}, notify.Options{})
		if err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		if n.Name() != typ+"#2" {
			t.Errorf("%s: name %q", typ, n.Name())
		}
		msgs, err := n.Render(notifytest.ChangesAlert())
		if err != nil || len(msgs) == 0 {
			t.Fatalf("%s: Render = %d messages, %v", typ, len(msgs), err)
		}
		for i, m := range msgs {
			if want := notify.MessageID("g42", typ+"#2", i+1); m.ID != want {
				t.Errorf("%s: message %d has id %q, want %q", typ, i+1, m.ID, want)
			}
		}
	}
	seen := map[string]string{}
	for _, s := range receivers.All() {
		v := s.Vars
		if !strings.HasSuffix(v.URL, "_URL") || v.About == "" {
			t.Errorf("%s: variables %+v: a webhook variable ending in _URL and what it is, for the help", s.Type, v)
		}
		if (v.Secret != "") != (s.Sign != nil) {
			t.Errorf("%s: secret variable %q, signs %v: a service that signs takes its secret by variable, and only one", s.Type, v.Secret, s.Sign != nil)
		}
		if v.Mobiles != "" && !s.Mentions.Mobiles {
			t.Errorf("%s: %s names phone numbers the service cannot mention", s.Type, v.Mobiles)
		}
		for _, n := range v.Names() {
			if other, dup := seen[n]; dup {
				t.Errorf("%s and %s both read %s", other, s.Type, n)
			}
			seen[n] = s.Type
		}
	}
	if _, ok := receivers.Lookup("teams"); ok {
		t.Error("Lookup found a service that is not listed")
	}
}

func TestServiceWithoutRendererIsRefused(t *testing.T) {
	if _, err := (notify.Service{Type: "x"}).New(notify.Target{}, notify.Locale{}, notify.Options{}); err == nil {
		t.Error("a service without Render and Read built a notifier")
	}
}
