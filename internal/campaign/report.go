package campaign

// Modes of a run.
const (
	ModeCheck  = "check"
	ModeDigest = "digest"
)

// Report is the JSON answer of a run (docs/http.md, "The report"): printed
// by --json, answered by POST /check and POST /digest, and returned by timer
// invocations. Its field names are part of the outside contract.
type Report struct {
	Mode       string `json:"mode"`
	DryRun     bool   `json:"dryRun"`
	Baseline   bool   `json:"baseline"`
	Superseded bool   `json:"superseded"`
	RunID      string `json:"runId"`
	Generation int64  `json:"generation"`
	// Campaigns counts the campaigns listed (check) or in the digest's
	// snapshot (digest).
	Campaigns     int             `json:"campaigns"`
	Channels      []ChannelReport `json:"channels"`
	Changes       []Change        `json:"changes"`
	Notifications []Delivery      `json:"notifications"`
	Digest        *Digest         `json:"digest,omitempty"`
	// Guardrails are the guardrail incidents this check opened (firing)
	// or resolved.
	Guardrails []GuardrailEvent `json:"guardrails,omitempty"`
	// Error is the reason the run failed; empty on success.
	Error string `json:"error,omitempty"`
}

// ChannelReport is one channel's line in the report.
type ChannelReport struct {
	CustSpaceID string `json:"custSpaceId"`
	PageID      string `json:"pageId"`
	Name        string `json:"name"`
	Campaigns   int    `json:"campaigns"`
	Complete    bool   `json:"complete"`
	Error       string `json:"error,omitempty"`
}

// Delivery is one receiver's line in the report.
type Delivery struct {
	// Receiver is the receiver's name: "slack" or "dingtalk", then "#2",
	// "#3"... for further URLs of the same variable, or a configuration
	// file's name.
	Receiver string `json:"receiver"`
	// Messages counts the chat messages posted to it in this run.
	Messages int `json:"messages"`
	// Error is empty on success.
	Error string `json:"error"`
	// Held counts the messages kept back by the receiver's quiet hours;
	// they go out on the first run after the window closes.
	Held int `json:"held,omitempty"`
	// Silenced counts the items (changes, guardrail messages) this check
	// found that the receiver's silences kept back: never sent.
	Silenced int `json:"silenced,omitempty"`
	// Pending counts the alerts left for the next run because another run
	// held the oldest of them longer than this run could wait: nothing
	// newer reaches a receiver before an older alert.
	Pending int `json:"pending,omitempty"`
	// SetAside counts the alerts this run set aside for the receiver: its
	// service refused them run after run for what they hold; they are kept
	// in the store and its later alerts were delivered.
	SetAside int `json:"setAside,omitempty"`
}

// Failed returns the deliveries of the report that failed (Error set), in
// the report's order; none for a nil report.
func (r *Report) Failed() []Delivery {
	if r == nil {
		return nil
	}
	var out []Delivery
	for _, d := range r.Notifications {
		if d.Error != "" {
			out = append(out, d)
		}
	}
	return out
}
