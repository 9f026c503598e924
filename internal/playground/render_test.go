package playground

import "testing"

func TestRender(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"slack blocks", `{"text":"1 change","blocks":[{"type":"header","text":{"type":"plain_text","text":"1 change"}},{"type":"section","text":{"type":"mrkdwn","text":"*Budget changed*"}},{"type":"context","elements":[{"type":"mrkdwn","text":"run abc"}]}]}`,
			"1 change\n*Budget changed*\nrun abc"},
		{"dingtalk markdown", `{"msgtype":"markdown","markdown":{"title":"t","text":"### 1 change"},"at":{"atMobiles":["138"]}}`, "### 1 change"},
		{"wecom markdown", `{"msgtype":"markdown","markdown":{"content":"**hi**"}}`, "**hi**"},
		{"not JSON", `hello`, "hello"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := render([]byte(tc.body)); got != tc.want {
				t.Errorf("Render = %q, want %q", got, tc.want)
			}
		})
	}
}
