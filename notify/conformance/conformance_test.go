package conformance_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/catalog"
	"github.com/campaignwatch/campaignwatch/notify/notifytest"
	"github.com/campaignwatch/campaignwatch/notify/receivers"
	"github.com/campaignwatch/campaignwatch/notify/receivers/receiverstest"
)

// secret is what the fakes of signing services verify.
const secret = "SECconformanceSigningKey0123"

// rig is one service under test: its fake, and a notifier posting to it
// on the fake's clock.
type rig struct {
	svc   notify.Service
	fake  receiverstest.Fake
	clock *notifytest.Clock
}

func newRig(t *testing.T, svc notify.Service) *rig {
	t.Helper()
	fake, ok := receiverstest.Start(svc, secret)
	if !ok {
		t.Fatalf("service %q registers no fake (notify/%s/fake.go)", svc.Type, svc.Type)
	}
	t.Cleanup(fake.Close)
	clock := notifytest.NewClock(notifytest.At)
	fake.SetClock(clock.Now)
	return &rig{svc: svc, fake: fake, clock: clock}
}

// notifier posts to the fake as receiver svc.Type#2 with t's secret and
// mentions (the URL is the fake's), in English.
func (r *rig) notifier(t *testing.T, target notify.Target) campaign.Notifier {
	t.Helper()
	return r.notifierIn(t, target, notify.Locale{Labels: notifytest.Labels()})
}

// notifierIn is notifier for a receiver of locale loc.
func (r *rig) notifierIn(t *testing.T, target notify.Target, loc notify.Locale) campaign.Notifier {
	t.Helper()
	target.Name, target.URL = r.svc.Type+"#2", r.fake.URL
	n, err := r.svc.New(target, loc, notify.Options{
		HTTPClient: &http.Client{Timeout: 5 * time.Second},
		Now:        r.clock.Now, Sleep: r.clock.Sleep, MaxWait: time.Hour,
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// send renders a for n and posts every message, failing at the first
// error; it returns the rendered messages.
func send(t *testing.T, n campaign.Notifier, a *campaign.Alert) []campaign.Message {
	t.Helper()
	msgs, err := n.Render(a)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	for i, m := range msgs {
		if err := n.Post(context.Background(), m); err != nil {
			t.Fatalf("message %d of %d: %v", i+1, len(msgs), err)
		}
	}
	return msgs
}

// forEachService runs check for every registered service, each on a fresh
// fake.
func forEachService(t *testing.T, check func(t *testing.T, r *rig)) {
	for _, svc := range receivers.All() {
		t.Run(svc.Type, func(t *testing.T) { check(t, newRig(t, svc)) })
	}
}

// signing returns the target's secret: the fake's for a service that
// signs, none for one that does not.
func (r *rig) signing() string {
	if r.svc.Sign == nil {
		return ""
	}
	return secret
}

// TestSignedPostsAreVerified: a service that signs is accepted by its
// fake with the right secret, and refused with a wrong one, as a failure
// that retrying does not fix, naming the receiver and never the secret.
func TestSignedPostsAreVerified(t *testing.T) {
	forEachService(t, func(t *testing.T, r *rig) {
		send(t, r.notifier(t, notify.Target{Secret: r.signing()}), notifytest.ChangesAlert())
		if got := len(r.fake.Bodies()); got == 0 {
			t.Fatal("the fake accepted nothing")
		}
		if r.svc.Sign == nil {
			return
		}
		const wrong = "SECnotTheRobotsSigningKey999"
		n := r.notifier(t, notify.Target{Secret: wrong})
		msgs, _ := n.Render(notifytest.ChangesAlert())
		err := n.Post(context.Background(), msgs[0])
		switch {
		case err == nil:
			t.Fatal("the fake accepted a post signed with the wrong secret")
		case campaign.KindOf(err) == campaign.Unavailable:
			t.Errorf("a wrong signature is %v: a later run would fail alike", err)
		case !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(r.svc.Title)):
			t.Errorf("the error does not name the service %s: %v", r.svc.Title, err)
		case strings.Contains(err.Error(), wrong) || strings.Contains(err.Error(), secret):
			t.Errorf("the error carries a secret: %v", err)
		}
	})
}

// TestLongAlertsSplitWithinTheLimits: an alert too long for one message
// is split into messages the fake accepts (it refuses what is over the
// service's limits), numbered "(1/3)", each campaign in exactly one.
func TestLongAlertsSplitWithinTheLimits(t *testing.T) {
	forEachService(t, func(t *testing.T, r *rig) {
		n := r.notifier(t, notify.Target{Secret: r.signing()})
		a := longAlert(t, n)
		msgs := send(t, n, a)
		if got := len(r.fake.Bodies()); got != len(msgs) {
			t.Errorf("the fake accepted %d of %d messages", got, len(msgs))
		}
		seen := map[string]int{}
		for i, m := range msgs {
			if want := fmt.Sprintf("(%d/%d)", i+1, len(msgs)); !strings.Contains(m.Text, want) && !numbered(m.Body, i+1, len(msgs)) {
				t.Errorf("message %d is not numbered %s:\n%.200s", i+1, want, m.Text)
			}
			for _, id := range campaignID.FindAllString(m.Text, -1) {
				seen[id]++
			}
		}
		for _, c := range a.Changes {
			if id := "(" + c.CampaignID + ")"; seen[id] != 1 {
				t.Errorf("%s is in %d of the %d messages, want one", id, seen[id], len(msgs))
			}
		}
	})
}

// numbered reports whether a JSON body says it is part of parts: the
// webhook's numbering, for programs rather than people.
func numbered(body []byte, part, parts int) bool {
	var p struct{ Part, Parts int }
	return json.Unmarshal(body, &p) == nil && p.Part == part && p.Parts == parts
}

// campaignID is a campaign id of notifytest.ManyChanges, as messages show it.
var campaignID = regexp.MustCompile(`\(c-\d{5}\)`)

// longAlert is an alert of many changes that n splits in two or more
// messages: notifytest.SplitChanges, doubled until it does.
func longAlert(t *testing.T, n campaign.Notifier) *campaign.Alert {
	t.Helper()
	for count := notifytest.SplitChanges; count <= 16*notifytest.SplitChanges; count *= 2 {
		a := notifytest.ManyChanges(count)
		msgs, err := n.Render(a)
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) >= 2 {
			return a
		}
	}
	t.Fatalf("%d changes still fit one message: the service does not split", 16*notifytest.SplitChanges)
	return nil
}

// TestThrottlingIsWaitedOut: the service's "too many" answer is retried
// after a wait, and the message is delivered once.
func TestThrottlingIsWaitedOut(t *testing.T) {
	forEachService(t, func(t *testing.T, r *rig) {
		n := r.notifier(t, notify.Target{Secret: r.signing()})
		msgs, err := n.Render(notifytest.ChangesAlert())
		if err != nil {
			t.Fatal(err)
		}
		r.fake.Throttle()
		if err := n.Post(context.Background(), msgs[0]); err != nil {
			t.Fatalf("a throttled post was not retried: %v", err)
		}
		if got, want := r.fake.Requests(), 2; got != want {
			t.Errorf("%d requests, want %d: the throttled one and its retry", got, want)
		}
		if got := len(r.fake.Bodies()); got != 1 {
			t.Errorf("the fake accepted %d messages, want 1", got)
		}
		if len(r.clock.Sleeps()) == 0 {
			t.Error("the retry did not wait")
		}
	})
}

// mentionKinds are the mentions a service can carry, one at a time, with
// values its rules accept.
func mentionKinds(svc notify.Service) map[string]notify.Mention {
	out := map[string]notify.Mention{}
	k := svc.Mentions
	if k.All {
		out["all"] = notify.Mention{All: true}
	}
	if k.Here {
		out["here"] = notify.Mention{Here: true}
	}
	if k.Mobiles {
		out["mobiles"] = notify.Mention{Mobiles: []string{"13800000000"}}
	}
	if k.UserIDs {
		for _, id := range []string{"U024BE7LH", "ou_7d8a6e6df7621556ce0d21922b676706", "manager7921"} {
			if svc.CheckUserID == nil || svc.CheckUserID(id) == nil {
				out["user"] = notify.Mention{UserIDs: []string{id}}
				break
			}
		}
	}
	return out
}

// TestMentionsOncePerChangeAlert: every kind of mention a service lists
// pings on a change alert, in one of its messages only, however many the
// alert is split into; a note (the baseline) pings nobody.
func TestMentionsOncePerChangeAlert(t *testing.T) {
	for _, svc := range receivers.All() {
		for kind, m := range mentionKinds(svc) {
			t.Run(svc.Type+"/"+kind, func(t *testing.T) {
				r := newRig(t, svc)
				n := r.notifier(t, notify.Target{Secret: r.signing(), Mention: m})
				send(t, n, longAlert(t, n))
				var mentioning []int
				for i, b := range r.fake.Bodies() {
					if len(r.fake.Mentions(b)) > 0 {
						mentioning = append(mentioning, i+1)
					}
				}
				if len(mentioning) != 1 {
					t.Errorf("messages %v of %d mention %+v; want exactly one", mentioning, len(r.fake.Bodies()), m)
				}
				before := len(r.fake.Bodies())
				send(t, n, notifytest.BaselineAlert())
				for _, b := range r.fake.Bodies()[before:] {
					if got := r.fake.Mentions(b); len(got) > 0 {
						t.Errorf("the baseline note mentions %v", got)
					}
				}
			})
		}
	}
}

// hostileNames are campaign names that would mention, link or restyle
// in one service or another if they were passed through.
var hostileNames = []string{
	"<!channel>", "<!here|here>", "<@U024BE7LH>", "<!subteam^S0614TZR7>", "@all", "@13800000000",
	"<at id=all></at>", `<at user_id="ou_1">x</at>`, "&lt;at id=all&gt;", "<@zhangsan> promo",
	"[win](https://evil.example)", "**bold** `c`", "# big\n- item\n> quote", "spring\u202esale",
}

// TestHostileNamesMentionNobody: campaign and channel names written to
// ping or link mention nobody, in either language, in what the fake
// accepts (the fake also refuses what its service would not render).
func TestHostileNamesMentionNobody(t *testing.T) {
	forEachService(t, func(t *testing.T, r *rig) {
		for _, lang := range []string{"en", "zh-CN"} {
			// One notifier, paced as one receiver: each name is given to
			// the channel in its labels before the alert is sent.
			labels := map[string]string{}
			n := r.notifierIn(t, notify.Target{Secret: r.signing()}, notify.Locale{Language: lang, Labels: labels})
			for _, name := range hostileNames {
				labels[notifytest.ChannelA.String()] = name
				a := notifytest.ChangesAlert()
				for i := range a.Changes {
					a.Changes[i].CampaignName = name
				}
				before := len(r.fake.Bodies())
				send(t, n, a)
				for _, b := range r.fake.Bodies()[before:] {
					if got := r.fake.Mentions(b); len(got) > 0 {
						t.Errorf("%s: the name %q mentions %v", lang, name, got)
					}
				}
			}
		}
	})
}

// TestErrorsCarryNoSecret: when a post fails (the service keeps
// throttling), the error names the service, is Unavailable, and carries
// neither the webhook URL, nor any token of it, nor the signing secret.
func TestErrorsCarryNoSecret(t *testing.T) {
	forEachService(t, func(t *testing.T, r *rig) {
		n := r.notifier(t, notify.Target{Secret: r.signing()})
		msgs, _ := n.Render(notifytest.ChangesAlert())
		for range 10 {
			r.fake.Throttle()
		}
		err := n.Post(context.Background(), msgs[0])
		if err == nil {
			t.Fatal("a post throttled at every attempt succeeded")
		}
		text := err.Error()
		if !strings.Contains(strings.ToLower(text), strings.ToLower(r.svc.Title)) || campaign.KindOf(err) != campaign.Unavailable {
			t.Errorf("the error does not name %s as the service to wait for: %v (kind %s)", r.svc.Title, text, campaign.KindOf(err))
		}
		for _, s := range append(urlTokens(t, r.fake.URL), secret) {
			if strings.Contains(text, s) {
				t.Errorf("the error carries %q: %s", s, text)
			}
		}
	})
}

// urlTokens are the parts of a webhook URL that make it a secret: its
// longer path segments and query values.
func urlTokens(t *testing.T, raw string) []string {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{raw}
	for _, s := range strings.Split(u.Path, "/") {
		if len(s) >= 8 {
			out = append(out, s)
		}
	}
	for _, vs := range u.Query() {
		out = append(out, vs...)
	}
	return out
}

// TestGoldensInEveryLanguage: every message kind of the golden files
// has one per service and language under testdata/notify (or one for
// every language, for a service whose body has no words: the webhook's).
func TestGoldensInEveryLanguage(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "notify")
	var langs []string
	for _, r := range notifytest.GoldenReaders() {
		langs = append(langs, r.Language)
	}
	if !slices.Equal(langs, catalog.Tags()) {
		t.Errorf("the golden files are rendered in %v, the catalog writes %v: every language needs its goldens", langs, catalog.Tags())
	}
	for _, svc := range receivers.All() {
		for _, reader := range notifytest.GoldenReaders() {
			for _, g := range notifytest.GoldenAlerts(reader.Language, reader.Zone) {
				own, _ := filepath.Glob(filepath.Join(dir, g.Name+"."+reader.Language+"."+svc.Type+".*"))
				shared, _ := filepath.Glob(filepath.Join(dir, g.Name+"."+svc.Type+".*"))
				if len(own)+len(shared) == 0 {
					t.Errorf("%s has no golden file of %s in %s (testdata/notify/%s.%s.%s.*)", svc.Type, g.Name, reader.Language, g.Name, reader.Language, svc.Type)
				}
			}
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) == 0 {
		t.Fatal("no golden files found: the test reads the wrong folder")
	}
	for _, f := range files {
		parts := strings.Split(filepath.Base(f), ".")
		if len(parts) < 3 || !slices.ContainsFunc(parts, func(p string) bool { _, ok := receivers.Lookup(p); return ok }) {
			t.Errorf("%s belongs to no registered service", filepath.Base(f))
		}
	}
}
