// Package receivers is the registry of chat services: the one list that
// names every service campaignwatch can post to. Adding a service is a
// package under notify/ that exports a notify.Service, and one line here.
package receivers

import (
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/dingtalk"
	"github.com/campaignwatch/campaignwatch/notify/feishu"
	"github.com/campaignwatch/campaignwatch/notify/slack"
	"github.com/campaignwatch/campaignwatch/notify/webhook"
	"github.com/campaignwatch/campaignwatch/notify/wecom"
)

// services lists every service, in the order the documentation shows them.
var services = []notify.Service{
	slack.Service,
	dingtalk.Service,
	feishu.Service,
	wecom.Service,
	webhook.Service,
}

// Lookup returns the service of a configuration's type name.
func Lookup(typ string) (notify.Service, bool) {
	for _, s := range services {
		if s.Type == typ {
			return s, true
		}
	}
	return notify.Service{}, false
}

// Types returns every service's type name, in the registry's order.
func Types() []string {
	out := make([]string, len(services))
	for i, s := range services {
		out[i] = s.Type
	}
	return out
}
