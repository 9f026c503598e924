package handler

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/logging"
)

// fakeJobs is a function-field stand-in for the run. A nil field answers
// an Internal error, so a test that forgets to set one fails visibly.
// Every call is recorded, so that tests can show a refused request ran
// nothing.
type fakeJobs struct {
	check         func(ctx context.Context, dryRun bool) (*campaign.Report, error)
	sendDigest    func(ctx context.Context, dryRun bool) (*campaign.Report, error)
	previewDigest func(ctx context.Context) (*campaign.Digest, error)
	latest        func(ctx context.Context) (*campaign.Snapshot, error)
	test          func(ctx context.Context, receivers []string) ([]campaign.Delivery, error)

	mu         sync.Mutex
	calls      []string
	requestIDs []string
}

var _ jobs = (*fakeJobs)(nil)

func (f *fakeJobs) record(ctx context.Context, call string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, call)
	f.requestIDs = append(f.requestIDs, logging.RequestID(ctx))
}

func (f *fakeJobs) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

func (f *fakeJobs) Check(ctx context.Context, dryRun bool) (*campaign.Report, error) {
	f.record(ctx, fmt.Sprintf("Check(%v)", dryRun))
	if f.check == nil {
		return nil, campaign.Errorf(campaign.Internal, "fakeJobs: Check not set")
	}
	return f.check(ctx, dryRun)
}

func (f *fakeJobs) SendDigest(ctx context.Context, dryRun bool) (*campaign.Report, error) {
	f.record(ctx, fmt.Sprintf("SendDigest(%v)", dryRun))
	if f.sendDigest == nil {
		return nil, campaign.Errorf(campaign.Internal, "fakeJobs: SendDigest not set")
	}
	return f.sendDigest(ctx, dryRun)
}

func (f *fakeJobs) PreviewDigest(ctx context.Context) (*campaign.Digest, error) {
	f.record(ctx, "PreviewDigest")
	if f.previewDigest == nil {
		return nil, campaign.Errorf(campaign.Internal, "fakeJobs: PreviewDigest not set")
	}
	return f.previewDigest(ctx)
}

func (f *fakeJobs) Latest(ctx context.Context) (*campaign.Snapshot, error) {
	f.record(ctx, "Latest")
	if f.latest == nil {
		return nil, campaign.Errorf(campaign.Internal, "fakeJobs: Latest not set")
	}
	return f.latest(ctx)
}

func (f *fakeJobs) Test(ctx context.Context, receivers []string) ([]campaign.Delivery, error) {
	f.record(ctx, fmt.Sprintf("Test(%q)", receivers))
	if f.test == nil {
		return nil, campaign.Errorf(campaign.Internal, "fakeJobs: Test not set")
	}
	return f.test(ctx, receivers)
}

const (
	testToken = "test-token"
	// testSecret stands for a webhook URL or key that must never be
	// answered or logged; testRedact replaces it.
	testSecret = "https://hooks.slack.com/services/T000/B000/s3cr3t"
)

func testRedact(s string) string { return strings.ReplaceAll(s, testSecret, "[redacted]") }

func testMarkdown(d *campaign.Digest) string {
	return fmt.Sprintf("# Budget digest %s\n\n%d campaigns\n", d.Date, d.Total.Campaigns)
}

// newTestHandler returns a handler over jobs with the test token and a
// logger writing into the returned buffer.
func newTestHandler(t *testing.T, jobs jobs, token string) (*Handler, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	h, err := New(Options{
		Jobs:     jobs,
		Token:    token,
		Markdown: testMarkdown,
		Redact:   testRedact,
		Logger:   logging.New(logs, logging.Options{Level: slog.LevelDebug, Redact: testRedact}),
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return h, logs
}

// syncBuffer is a bytes.Buffer safe for the concurrent writes of an HTTP
// server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var takenAt = time.Date(2024, 5, 20, 1, 0, 0, 0, time.UTC)

func sampleSnapshot() *campaign.Snapshot {
	return &campaign.Snapshot{
		Generation: 7,
		TakenAt:    takenAt,
		Channels:   []campaign.ChannelState{{ChannelID: campaign.ChannelID{CustSpaceID: "cams-a1", PageID: "239001"}, Total: 2, Complete: true}},
		Campaigns: []campaign.Campaign{
			{CustSpaceID: "cams-a1", PageID: "239001", CampaignID: "233001", CampaignName: "spring-sale", Status: "AVAILABLE",
				Budget: 6200, BudgetType: campaign.BudgetDaily, AdAccountID: "act_1", CreateTime: 1716000000000},
			{CustSpaceID: "cams-a1", PageID: "239001", CampaignID: "233002", CampaignName: `summer, "big" sale`, Status: "PAUSED",
				Budget: 150000, BudgetType: campaign.BudgetLifetime, AdAccountID: "act_1", CreateTime: 1716000001000},
		},
	}
}

func sampleReport(mode string, dryRun bool) *campaign.Report {
	return &campaign.Report{
		Mode: mode, DryRun: dryRun, RunID: "run-1", Generation: 8, Campaigns: 2,
		Channels: []campaign.ChannelReport{{CustSpaceID: "cams-a1", PageID: "239001", Name: "Brand A", Campaigns: 2, Complete: true}},
		Changes: []campaign.Change{{Type: campaign.BudgetChanged, CustSpaceID: "cams-a1", PageID: "239001", CampaignID: "233001",
			CampaignName: "spring-sale", Old: "6200", New: "8000", Status: "AVAILABLE", Budget: 8000, BudgetType: campaign.BudgetDaily}},
		Notifications: []campaign.Delivery{{Receiver: "slack", Messages: 1}},
	}
}

// failedReport is a report whose second receiver could not be reached;
// its error text carries the secret the handler must redact.
func failedReport() *campaign.Report {
	r := sampleReport(campaign.ModeCheck, false)
	r.Notifications = append(r.Notifications, campaign.Delivery{Receiver: "slack#2", Error: "post " + testSecret + ": connection refused"})
	return r
}

func sampleDigest() *campaign.Digest {
	return &campaign.Digest{Date: "2024-05-20", Zone: "UTC", Generation: 7, TakenAt: takenAt,
		Total:    campaign.DigestSection{Campaigns: 2, ByStatus: []campaign.StatusCount{{Status: "AVAILABLE", Count: 1}, {Status: "PAUSED", Count: 1}}, DailyBudget: 6200},
		TopDaily: sampleSnapshot().Campaigns}
}

// stockedJobs answers every job successfully with the samples.
func stockedJobs() *fakeJobs {
	return &fakeJobs{
		check: func(_ context.Context, dryRun bool) (*campaign.Report, error) {
			return sampleReport(campaign.ModeCheck, dryRun), nil
		},
		sendDigest: func(_ context.Context, dryRun bool) (*campaign.Report, error) {
			return sampleReport(campaign.ModeDigest, dryRun), nil
		},
		previewDigest: func(context.Context) (*campaign.Digest, error) { return sampleDigest(), nil },
		latest:        func(context.Context) (*campaign.Snapshot, error) { return sampleSnapshot(), nil },
	}
}
