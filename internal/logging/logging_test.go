package logging

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

func TestRecordsCarryIDsAndNoSecrets(t *testing.T) {
	const secret = "s3cr3t-token-value"
	var buf bytes.Buffer
	log := New(&buf, Options{JSON: true, Level: slog.LevelDebug, Redact: func(s string) string {
		return strings.ReplaceAll(s, secret, "[REDACTED]")
	}})
	ctx := WithRunID(WithRequestID(context.Background(), "req-1"), "run-9")
	log.InfoContext(ctx, "posting to "+secret, "url", "https://x/"+secret, "err", errors.New("dial "+secret))

	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatalf("not one JSON record: %v: %s", err, buf.String())
	}
	if rec["requestId"] != "req-1" || rec["runId"] != "run-9" {
		t.Errorf("ids missing: %v", rec)
	}
	if strings.Contains(buf.String(), secret) {
		t.Errorf("secret leaked into the log: %s", buf.String())
	}
	if rec["msg"] != "posting to [REDACTED]" {
		t.Errorf("msg = %q", rec["msg"])
	}
}
