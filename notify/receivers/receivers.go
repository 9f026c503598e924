// Package receivers is the registry of chat services: the one list that
// names every service campaignwatch can post to. Adding a service is a
// package under notify/ that exports a notify.Service and registers its
// fake (notify/<service>/fake.go, built without -tags fcdeploy, so that
// the Function Compute binary leaves it out), and one line here.
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

// All returns every service, in the registry's order: the order of their
// variables in the help and of their receivers in the configuration.
func All() []notify.Service { return append([]notify.Service(nil), services...) }

// URLVars returns every service's webhook URL variable, in the registry's
// order: the variables that name receivers.
func URLVars() []string {
	out := make([]string, len(services))
	for i, s := range services {
		out[i] = s.Vars.URL
	}
	return out
}

// SecretVars returns the names of every service's variables whose values
// are secrets (the webhook URLs and signing secrets), in the registry's
// order.
func SecretVars() []string {
	var out []string
	for _, s := range services {
		out = append(out, s.Vars.SecretNames()...)
	}
	return out
}
