package notify

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// Target is one receiver as its service needs it: where to post, how to
// sign, whom to mention. Its values come checked from the configuration
// (internal/config), which validates them against the Service's rules.
type Target struct {
	// Name is the receiver's name in the report and logs: "slack",
	// "slack#2", or the configuration file's name. Never the URL.
	Name string
	// URL is the webhook URL: a secret.
	URL string
	// Secret signs every post where the service signs; "" means unsigned.
	Secret string
	// Mention is whom change alerts mention.
	Mention Mention
}

// Mention is whom a receiver's change alerts mention. Only the kinds a
// Service lists in its Mentions are ever set.
type Mention struct {
	// All mentions everyone in the chat.
	All bool
	// Here mentions those active now (Slack's <!here>).
	Here bool
	// Mobiles are phone numbers (DingTalk, WeCom).
	Mobiles []string
	// UserIDs are the service's own user or group ids.
	UserIDs []string
}

// IsZero reports whether m mentions nobody.
func (m Mention) IsZero() bool {
	return !m.All && !m.Here && len(m.Mobiles) == 0 && len(m.UserIDs) == 0
}

// MentionKinds says which fields of Mention a service can carry.
type MentionKinds struct {
	All, Here, Mobiles, UserIDs bool
}

// Service describes one chat service to the registry (notify/receivers):
// each service package under notify/ exports one. It holds only what is
// the service's own (its payload, its limits, its replies, its signing,
// its mentions); New joins it with what every receiver shares: the
// outbox identity, pacing, retries and redaction.
type Service struct {
	// Type is the service's name in the configuration: "slack".
	Type string
	// Title names the service in messages and errors: "Slack".
	Title string
	// Mentions are the kinds of Mention the service can carry; the
	// configuration refuses the others.
	Mentions MentionKinds
	// CheckURL says what is wrong with a webhook URL for this service
	// beyond being an absolute https URL (checked by the configuration),
	// without quoting it: the URL is a secret. nil accepts any.
	CheckURL func(u *url.URL) error
	// CheckUserID says what is wrong with a user id to mention, beyond
	// being one word of at most 64 printable ASCII bytes (checked by the
	// configuration). nil accepts any.
	CheckUserID func(id string) error
	// Render turns an alert into the messages to post to t for a receiver
	// of locale loc (its language, zone and public URL), each within
	// the service's size limits (RenderDoc does this for services that
	// show a Doc). t.Mention is zero except on change alerts. It must be
	// deterministic: the same alert, locale and target render the same
	// bodies.
	Render func(a *campaign.Alert, loc Locale, t Target) ([]campaign.Message, error)
	// Sign readies one attempt of a post to t at time now: a signature in
	// the URL, the body or the headers. r.ID is the message's identity.
	// nil posts r as it is.
	Sign func(r *Request, t Target, now time.Time) error
	// Read turns the service's answer into delivered, retry or failed.
	Read replyReader
	// Pace lists the rates the service allows per webhook.
	Pace []Rate
	// WithoutAll takes the @all mention out of a rendered body that the
	// chat refused, for a service whose chats may refuse it (a Feishu
	// group that lets only its owner and admins mention everyone): it
	// returns the body without the mention and, when note is not "", with
	// note added where the reader sees it; ok is false when body mentions
	// nobody as everyone. nil: the service's refusals are final.
	WithoutAll func(body []byte, note string) (out []byte, ok bool, err error)
	// Vars are the environment variables that configure its receivers
	// without a configuration file: internal/config reads them and the
	// help lists them.
	Vars Vars
}

// Vars are the environment variables of one service: every URL of URL is
// a receiver, named Type, Type#2, Type#3, ... by position, sharing the
// secret of Secret and the numbers of Mobiles.
type Vars struct {
	// URL takes the webhook URLs, comma-separated: "SLACK_WEBHOOK_URL".
	URL string
	// Secret takes the signing secret; "" when the service signs nothing.
	Secret string
	// Mobiles takes the phone numbers its change alerts mention; "" when
	// the service has no such variable.
	Mobiles string
	// About says what the URLs are, for the help: "Slack incoming webhooks".
	About string
}

// Names returns the variables' names, URL first, leaving out the unset.
func (v Vars) Names() []string {
	var out []string
	for _, n := range []string{v.URL, v.Secret, v.Mobiles} {
		if n != "" {
			out = append(out, n)
		}
	}
	return out
}

// SecretNames returns the names of the variables whose values are
// secrets: the URLs and the signing secret.
func (v Vars) SecretNames() []string {
	if v.Secret == "" {
		return []string{v.URL}
	}
	return []string{v.URL, v.Secret}
}

// New returns the notifier of one target of the service, whose values the
// configuration has checked.
func (s Service) New(t Target, loc Locale, opt Options) (campaign.Notifier, error) {
	if s.Render == nil || s.Read == nil {
		return nil, campaign.Errorf(campaign.Internal, "notify: service %q has no Render or Read", s.Type)
	}
	return newNotifier(s, t, loc, opt), nil
}

// IsLoopback reports whether host (a URL's Hostname) is this machine:
// local fakes and the playground, which a service's URL rule accepts
// besides the service's own host.
func IsLoopback(host string) bool {
	switch host {
	case "127.0.0.1", "localhost", "::1":
		return true
	}
	return false
}

// receiverID is the key of the notes a webhook was given (Notes): the
// service and the first 12 hex digits of its URL's SHA-256. It stays the
// same while the URL does, so that a new URL (another group) is given a
// note afresh, and reveals nothing of it.
func receiverID(service, rawURL string) string {
	sum := sha256.Sum256([]byte(rawURL))
	return service + "-" + hex.EncodeToString(sum[:])[:12]
}
