package dingtalk_test

import (
	"net/url"
	"testing"

	"github.com/campaignwatch/campaignwatch/notify/dingtalk"
	"github.com/campaignwatch/campaignwatch/notify/notifytest"
)

// The vector was computed independently of this code, with:
//
//	python3 -c '
//	import hmac, hashlib, base64, urllib.parse, datetime
//	secret = "SEC000test0secret0for0campaignwatch0000000000000000000000000000"
//	ts = str(int(datetime.datetime(2026,11,26,9,0,tzinfo=datetime.timezone.utc).timestamp()*1000))
//	s = base64.b64encode(hmac.new(secret.encode(), (ts + "\n" + secret).encode(), hashlib.sha256).digest()).decode()
//	print(ts); print(s); print(urllib.parse.quote_plus(s))'
//
// which printed the three constants below.
const (
	vectorSecret    = "SEC000test0secret0for0campaignwatch0000000000000000000000000000"
	vectorTimestamp = 1795683600000
	vectorSign      = "SNw7jGNEV16+RQIW1G/uTVxa4JG/BvrgHWKUuWIfnyg="
	vectorEncoded   = "SNw7jGNEV16%2BRQIW1G%2FuTVxa4JG%2FBvrgHWKUuWIfnyg%3D"
)

func TestSignVector(t *testing.T) {
	if got := dingtalk.Sign(vectorSecret, vectorTimestamp); got != vectorSign {
		t.Errorf("Sign = %q, want %q", got, vectorSign)
	}
	if notifytest.At.UnixMilli() != vectorTimestamp {
		t.Fatalf("fixture time %d is not the vector's %d", notifytest.At.UnixMilli(), vectorTimestamp)
	}
}

func TestSignedURL(t *testing.T) {
	const hook = "https://oapi.dingtalk.com/robot/send?access_token=abc123"
	tests := []struct {
		name, secret, want string
	}{
		{"signed", vectorSecret, "https://oapi.dingtalk.com/robot/send?access_token=abc123&sign=" + vectorEncoded + "&timestamp=1795683600000"},
		{"no secret", "", hook},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := dingtalk.SignedURL(hook, tt.secret, notifytest.At)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("SignedURL = %q, want %q", got, tt.want)
			}
			u, _ := url.Parse(got)
			if tt.secret != "" && u.Query().Get("sign") != vectorSign {
				t.Errorf("sign decodes to %q, want %q", u.Query().Get("sign"), vectorSign)
			}
		})
	}
}
