// Package feishu posts campaignwatch alerts to Feishu and Lark custom bots
// as interactive cards, signed in the body when the bot has a secret,
// mentioning everyone or user ids on change alerts.
package feishu

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
)

// hosts are the bots' API hosts: Feishu's and Lark's.
var hosts = []string{"open.feishu.cn", "open.larksuite.com"}

// hookPath is the path of a bot's webhook, before its token.
const hookPath = "/open-apis/bot/v2/hook/"

// Service describes Feishu/Lark custom bots to the registry: interactive
// cards of at most maxBodyBytes (Render), signed with a timestamp and sign
// in the body at each attempt when the bot has a secret (signature), at most 5
// posts a second and 100 a minute. Replies (readReply): code 0 is
// delivered; 11232 (too often) is retried with backoff; 19021 (sign or
// timestamp) and 19022/19024 (IP, keyword) fail as Unauthorized; 9499 and
// 230018 (the group's settings, such as @all) refuse the message; other
// codes fail as Invalid, with Feishu's msg. A card refused while it
// mentions everyone is posted again without the mention (withoutAll).
var Service = notify.Service{
	Type:     "feishu",
	Title:    "Feishu",
	Mentions: notify.MentionKinds{All: true, UserIDs: true},
	CheckURL: checkURL,
	Render:   Render,
	Sign:     sign,
	Read:     readReply,
	// A group whose owner lets only the owner and admins @all refuses a
	// card that mentions everyone: the notifier posts it again without.
	WithoutAll: withoutAll,
	// 5 a second: one per 200 ms, no burst. 100 a minute: a bucket of 10
	// refilled one per 667 ms lets through at most 10 + 89 in any 60 s.
	Pace: []notify.Rate{{Every: 200 * time.Millisecond, Burst: 1}, {Every: 667 * time.Millisecond, Burst: 10}},
	Vars: notify.Vars{URL: "FEISHU_WEBHOOK_URL", Secret: "FEISHU_SECRET", About: "Feishu/Lark custom bots"},
}

// checkURL says what is wrong with a bot URL without quoting it.
func checkURL(u *url.URL) error {
	host := u.Hostname()
	if !notify.IsLoopback(host) && host != hosts[0] && host != hosts[1] {
		return errors.New("is not a Feishu or Lark bot URL (host open.feishu.cn or open.larksuite.com); copy the custom bot's webhook URL from the group's bot settings")
	}
	token, ok := strings.CutPrefix(u.Path, hookPath)
	if !ok || token == "" || strings.Contains(token, "/") {
		return errors.New("has no bot token after /open-apis/bot/v2/hook/; copy the custom bot's whole webhook URL")
	}
	return nil
}

// signature computes a custom bot's signature: the Base64 of HMAC-SHA256 keyed
// by timestamp + "\n" + secret over an empty message, where timestamp is
// in Unix seconds.
func signature(secret string, timestamp int64) string {
	mac := hmac.New(sha256.New, []byte(strconv.FormatInt(timestamp, 10)+"\n"+secret))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// signRoom is what the signature fields add to a body: Render keeps it
// free under maxBodyBytes.
const signRoom = len(`"timestamp":"0000000000","sign":"`) + 44 + len(`",`) + 8

// sign adds "timestamp" (now, seconds, as a string) and "sign" to the
// body's object when the bot has a secret. Feishu accepts the signature
// for an hour, so it is made per attempt, never stored.
func sign(r *notify.Request, t notify.Target, now time.Time) error {
	if t.Secret == "" {
		return nil
	}
	if len(r.Body) < 2 || r.Body[0] != '{' {
		return campaign.Errorf(campaign.Internal, "Feishu: a message body is not a JSON object; this is a bug, please report it")
	}
	ts := now.Unix()
	fields := `{"timestamp":"` + strconv.FormatInt(ts, 10) + `","sign":"` + signature(t.Secret, ts) + `",`
	r.Body = append([]byte(fields), r.Body[1:]...)
	return nil
}
