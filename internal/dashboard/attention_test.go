package dashboard_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/dashboard"
	"github.com/campaignwatch/campaignwatch/internal/history"
	"github.com/campaignwatch/campaignwatch/internal/silence"
	"github.com/campaignwatch/campaignwatch/notify/catalog"
)

var (
	brandA = campaign.Channel{ChannelID: campaign.ChannelID{CustSpaceID: "cams-a1", PageID: "239001"}, Name: "Brand A"}
	at     = time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
)

// markedSource is a store whose latest snapshot (generation 7, no
// campaigns) has one guardrail incident open, and whose history holds one
// change, set aside for a Feishu receiver, as the store marks it.
type markedSource struct{ emptySource }

func (markedSource) LatestGeneration(context.Context) (int64, error) { return 7, nil }
func (markedSource) Load(_ context.Context, gen int64) (*campaign.Snapshot, error) {
	return &campaign.Snapshot{Generation: gen, TakenAt: at, Incidents: []campaign.Incident{{Rule: "cap-spring", Condition: campaign.CampaignBudgetAbove, BudgetType: campaign.BudgetDaily,
		CustSpaceID: "cams-a1", PageID: "239001", CampaignID: "233001", CampaignName: "spring-sale", Value: 80000, Limit: 50000, Since: at}}}, nil
}

func (markedSource) Changes(context.Context, history.Query) (*history.Page, error) {
	return &history.Page{Changes: []history.Change{{At: at, Generation: 7, Type: campaign.BudgetChanged,
		CustSpaceID: "cams-a1", PageID: "239001", Channel: "Brand A", CampaignID: "233001", CampaignName: "spring-sale",
		Old: "6200", New: "8000", Budget: 8000, BudgetType: campaign.BudgetDaily, Silenced: []string{},
		SetAside: []history.SetAside{{Receiver: "cn-feishu", At: at.Add(2 * time.Hour), Refusals: 3, Reason: "Feishu refused the message (code 9499: Bad Request)"}}}}}, nil
}

func attentionDashboard(t *testing.T) *dashboard.Dashboard {
	t.Helper()
	d, err := dashboard.New(dashboard.Options{Source: markedSource{}, Channels: []campaign.Channel{brandA}, Now: func() time.Time { return at.Add(3 * time.Hour) },
		SetAsides: func(context.Context) ([]campaign.SetAside, error) {
			return []campaign.SetAside{{AlertID: "a-7", Receiver: "cn-feishu", Kind: campaign.AlertChanges, Generation: 7, AlertAt: at,
				At: at.Add(2 * time.Hour), Changes: 1, Refusals: []campaign.Refusal{{At: at, RunID: "r1", Error: "first"},
					{At: at.Add(time.Hour), RunID: "r2", Error: "second"}, {At: at.Add(2 * time.Hour), RunID: "r3", Error: "Feishu refused the message (code 9499: Bad Request)"}}}}, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestOverviewShowsIncidentsAndSetAside: the overview lists the open
// guardrail incident in the guardrail messages' words, and the message
// set aside under its receiver with a count, why and when; the latest
// changes mark the change whose message was set aside. Both languages.
func TestOverviewShowsIncidentsAndSetAside(t *testing.T) {
	d := attentionDashboard(t)
	want := map[string][]string{
		"en": {"spring-sale (233001) in Brand A", "US$800.00", "cap-spring", "Messages set aside", "<strong>cn-feishu</strong>: 1 message",
			"The alert of 2026-12-07 09:00 UTC (1 change)", "set aside 2026-12-07 11:00 UTC after 3 refusals", "code 9499: Bad Request",
			`class="set-aside"`, "Not delivered to cn-feishu (set aside)"},
		"zh-CN": {"spring-sale", "US$800.00", "cap-spring", "已搁置的消息", "<strong>cn-feishu</strong>：1 条消息",
			"2026-12-07 09:00 UTC 的提醒（1 项变更）", "被拒收 3 次后于 2026-12-07 11:00 UTC 搁置", "未送达 cn-feishu（已搁置）"},
	}
	for tag, words := range want {
		res := d.Serve(context.Background(), dashboard.Request{Path: "/ui/", Lang: catalog.For(tag)})
		if res.Status != http.StatusOK {
			t.Fatalf("%s: status %d", tag, res.Status)
		}
		page := html.UnescapeString(string(res.Body))
		for _, w := range words {
			if !strings.Contains(page, w) {
				t.Errorf("%s: the overview lacks %q", tag, w)
			}
		}
		guard, _, _ := strings.Cut(page[strings.Index(page, `id="h-guard"`):], "</section>")
		if strings.Contains(guard, catalog.For(tag).UI.NoGuardrails) || !strings.Contains(guard, "cap-spring") {
			t.Errorf("%s: the overview says there are no guardrail incidents while one is open", tag)
		}
	}
	res := d.Serve(context.Background(), dashboard.Request{Path: "/ui/changes", Lang: catalog.For("en")})
	if !strings.Contains(string(res.Body), "Not delivered to cn-feishu (set aside)") {
		t.Error("the changes page does not mark the change set aside")
	}
}

// TestOverviewWithoutIncidentsSaysNone: nothing open, nothing set aside:
// the overview says there are no incidents and shows no set-aside list.
func TestOverviewWithoutIncidentsSaysNone(t *testing.T) {
	d, err := dashboard.New(dashboard.Options{Source: emptySource{},
		SetAsides: func(context.Context) ([]campaign.SetAside, error) { return nil, nil }})
	if err != nil {
		t.Fatal(err)
	}
	page := string(d.Serve(context.Background(), dashboard.Request{Path: "/ui/"}).Body)
	guard, _, _ := strings.Cut(page[strings.Index(page, `id="h-guard"`):], "</section>")
	if !strings.Contains(guard, catalog.For("en").UI.NoGuardrails) || strings.Contains(page, "h-aside") {
		t.Errorf("an overview with nothing open: %s", page)
	}
}

type memSilences struct{ kept []campaign.Silence }

func (m *memSilences) AddSilence(_ context.Context, s campaign.Silence) error {
	m.kept = append(m.kept, s)
	return nil
}
func (m *memSilences) ListSilences(context.Context) ([]campaign.Silence, error) { return m.kept, nil }
func (m *memSilences) ExpireSilence(context.Context, string, time.Time) error   { return nil }
func (m *memSilences) PruneSilences(context.Context, time.Time) error           { return nil }

// TestSilenceFormProblemsInThePagesLanguage: a form with every field
// wrong is answered 400 with each problem in the page's language, under
// the form's own labels; the Chinese page carries none of the English.
func TestSilenceFormProblemsInThePagesLanguage(t *testing.T) {
	svc := &silence.Service{Store: &memSilences{}, Known: silence.Known{Channels: []campaign.Channel{brandA}, Receivers: []string{"team-slack"}}}
	d, err := dashboard.New(dashboard.Options{Source: emptySource{}, Channels: []campaign.Channel{brandA}, Silences: svc})
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"for": {"soon"}, "comment": {" "}, "types": {"nonsense"}, "receivers": {"nobody"}, "campaignIds": {strings.Repeat("9", 70)}}
	want := map[string][]string{
		"en": {"For how long: “soon” is not a length of time", `"soon" is not a length of time such as 90m, 3h or 2d`,
			"Why: say why", `Kinds of message: "nonsense" is not a kind of message`, `Receivers: "nobody" is not one of the receivers`, "Campaign ids: "},
		"zh-CN": {"持续时长：“soon”不是有效的时长", "原因：请填写原因", "消息类型：“nonsense”不是有效的消息类型", "接收方：“nobody”不是已配置的接收方", "广告系列编号："},
	}
	english := []string{"is not", "say why", "configured receiver", "change type"}
	for tag, words := range want {
		res := d.AddSilence(context.Background(), dashboard.Request{Path: "/ui/silences", Lang: catalog.For(tag)}, form)
		if res.Status != http.StatusBadRequest {
			t.Fatalf("%s: status %d, want 400", tag, res.Status)
		}
		page := html.UnescapeString(string(res.Body))
		for _, w := range words[1:] {
			if !strings.Contains(page, w) {
				t.Errorf("%s: the page lacks %q", tag, w)
			}
		}
		if tag == "zh-CN" {
			for _, e := range english {
				if strings.Contains(page, e) {
					t.Errorf("the Chinese page carries the English %q", e)
				}
			}
		}
	}
}

// TestEverySilenceProblemHasWords: every check a silence can fail is
// worded in every language.
func TestEverySilenceProblemHasWords(t *testing.T) {
	for _, tag := range catalog.Tags() {
		for _, code := range silence.ProblemCodes {
			if catalog.For(tag).UI.SilenceProblem(code, "x") == "" {
				t.Errorf("%s has no words for the silence problem %q", tag, code)
			}
		}
	}
}
