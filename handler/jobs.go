package handler

import (
	"context"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// jobs is what triggers can ask campaignwatch to do. The integrator
// implements it (internal/run); the handler only decides which job a
// trigger asks for and how its outcome is answered.
type jobs interface {
	// Check runs one check (list, diff, commit, deliver; dryRun: list and
	// diff only). The report is non-nil whenever the run got as far as
	// listing, also alongside an error; a receiver that could not be
	// reached shows as a Delivery with a non-empty Error in
	// report.Notifications (err is nil then).
	Check(ctx context.Context, dryRun bool) (*campaign.Report, error)
	// SendDigest sends the day's digest (dryRun: render only); same
	// report/error rules as Check.
	SendDigest(ctx context.Context, dryRun bool) (*campaign.Report, error)
	// PreviewDigest builds the digest of the latest snapshot without
	// sending or storing anything.
	PreviewDigest(ctx context.Context) (*campaign.Digest, error)
	// Latest returns the newest snapshot, or (nil, nil) when none has been
	// committed.
	Latest(ctx context.Context) (*campaign.Snapshot, error)
	// Test posts one short test message to each receiver, or to those
	// named, and answers one Delivery per receiver (a failed post is its
	// Error, not err). An unknown name is an error of kind Invalid, and
	// then nothing is posted.
	Test(ctx context.Context, receivers []string) ([]campaign.Delivery, error)
}
