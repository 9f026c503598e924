package feishu_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/feishu"
	"github.com/campaignwatch/campaignwatch/notify/feishu/feishutest"
	"github.com/campaignwatch/campaignwatch/notify/notifytest"
)

// sharedNotes are the notes of a store both notifiers read, as two
// instances of campaignwatch share one.
type sharedNotes struct{ given map[string]bool }

func (s *sharedNotes) NoteGiven(_ context.Context, receiver, note string) (bool, error) {
	return s.given[receiver+"/"+note], nil
}

func (s *sharedNotes) GiveNote(_ context.Context, receiver, note string) error {
	s.given[receiver+"/"+note] = true
	return nil
}

// TestAllRefusedPostsWithoutTheMentionAndSaysSoOnce: a group that does not
// let the bot @all refuses the change card; the notifier posts it again
// at once without @all (the user id stays mentioned), the first time with
// the note in the receiver's language, and never again with it, also from
// another instance sharing the store.
func TestAllRefusedPostsWithoutTheMentionAndSaysSoOnce(t *testing.T) {
	for _, r := range notifytest.GoldenReaders() {
		t.Run(r.Language, func(t *testing.T) {
			fake := feishutest.New(botSecret)
			t.Cleanup(fake.Close)
			fake.SetAllowAll(false)
			notes := &sharedNotes{given: map[string]bool{}}
			instance := func() campaign.Notifier {
				n, err := feishu.Service.New(notify.Target{Name: "feishu", URL: fake.URL(), Secret: botSecret, Mention: mention},
					notify.Locale{Labels: notifytest.Labels(), Language: r.Language, Zone: r.Zone},
					notify.Options{HTTPClient: &http.Client{Timeout: 5 * time.Second}, Notes: notes})
				if err != nil {
					t.Fatal(err)
				}
				return n
			}
			first, second := instance(), instance()
			a := notifytest.ChangesAlert()
			msgs, err := first.Render(a)
			if err != nil {
				t.Fatal(err)
			}
			if err := first.Post(context.Background(), msgs[0]); err != nil {
				t.Fatalf("post: %v", err)
			}
			if got := fake.Requests(); got != 2 {
				t.Errorf("requests = %d, want 2 (the card refused, then posted without @all)", got)
			}
			got := fake.Messages()
			if len(got) != 1 {
				t.Fatalf("the bot accepted %d messages, want 1", len(got))
			}
			body := string(got[0].Body)
			if strings.Contains(body, "<at id=all>") || !strings.Contains(body, "<at id="+mention.UserIDs[0]+"></at>") {
				t.Errorf("the card posted still mentions everyone, or no longer the user: %s", body)
			}
			note := noteOf(t, got[0].Body)
			if note == "" {
				t.Fatal("the first card taken without @all carries no note")
			}
			notifytest.Golden(t, "notify/changes-all-refused."+r.Language+".feishu.json", pretty(t, []campaign.Message{{Body: unsigned(t, got[0].Body)}}), *update)

			b := notifytest.ChangesAlert()
			b.ID = "a-later"
			later, err := second.Render(b)
			if err != nil {
				t.Fatal(err)
			}
			if err := second.Post(context.Background(), later[0]); err != nil {
				t.Fatalf("later post: %v", err)
			}
			got = fake.Messages()
			if len(got) != 2 || noteOf(t, got[1].Body) != "" || strings.Contains(string(got[1].Body), "<at id=all>") {
				t.Errorf("the later card repeats the note or mentions everyone: %s", got[len(got)-1].Body)
			}
		})
	}
}

// TestAllAllowedPostsOnce: a group that lets the bot @all takes the card
// as it is, with no note.
func TestAllAllowedPostsOnce(t *testing.T) {
	fake, n, _, _ := setup(t, setupOpts{})
	msgs, _ := n.Render(notifytest.ChangesAlert())
	if err := n.Post(context.Background(), msgs[0]); err != nil {
		t.Fatal(err)
	}
	if fake.Requests() != 1 || !strings.Contains(string(fake.Messages()[0].Body), "<at id=all></at>") || noteOf(t, fake.Messages()[0].Body) != "" {
		t.Errorf("an allowed @all was not posted as it is: %d requests, %s", fake.Requests(), fake.Messages()[0].Body)
	}
}

// TestRefusedForAnotherReasonStaysRefused: a card refused without its
// @all too was not refused for the mention: the refusal is the answer,
// and no note is recorded.
func TestRefusedForAnotherReasonStaysRefused(t *testing.T) {
	fake, n, _, _ := setup(t, setupOpts{})
	fake.Enqueue(feishutest.BadRequest, feishutest.BadRequest)
	msgs, _ := n.Render(notifytest.ChangesAlert())
	err := n.Post(context.Background(), msgs[0])
	if campaign.KindOf(err) != campaign.Invalid || !strings.Contains(err.Error(), "9499") {
		t.Errorf("err = %v, want the 9499 refusal", err)
	}
	if fake.Requests() != 2 || len(fake.Messages()) != 0 {
		t.Errorf("requests = %d, accepted = %d; want 2 and 0", fake.Requests(), len(fake.Messages()))
	}
	fake.SetAllowAll(false)
	if err := n.Post(context.Background(), msgs[0]); err != nil {
		t.Fatal(err)
	}
	if noteOf(t, fake.Messages()[0].Body) == "" {
		t.Error("a refusal for another reason used up the note")
	}
}

// noteOf is the plain_text div a card carries (the note), or "".
func noteOf(t *testing.T, body []byte) string {
	t.Helper()
	var m struct {
		Card struct {
			Elements []struct {
				Tag  string `json:"tag"`
				Text *struct {
					Tag     string `json:"tag"`
					Content string `json:"content"`
				} `json:"text"`
			} `json:"elements"`
		} `json:"card"`
	}
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatal(err)
	}
	for _, el := range m.Card.Elements {
		if el.Tag == "div" && el.Text != nil && el.Text.Tag == "plain_text" {
			return el.Text.Content
		}
	}
	return ""
}

// unsigned is a signed body without its timestamp and sign, for a golden
// that does not depend on the clock.
func unsigned(t *testing.T, body []byte) []byte {
	t.Helper()
	i := bytes.Index(body, []byte(`"msg_type"`))
	if i < 0 {
		t.Fatalf("no msg_type in %s", body)
	}
	return append([]byte("{"), body[i:]...)
}
