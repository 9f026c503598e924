package config

import (
	"strings"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// problem is one thing wrong with the configuration.
type problem struct {
	// Var is the variable, the place in the file ("receivers[1].name") or
	// the file the problem is about.
	Var string
	// Text is the whole line: it names Var, says what is wrong and what to
	// do, and never carries a secret value.
	Text string
}

// problems is every problem Load found: the variables' in the order of the
// variables table (docs/configuration.md), the file's receivers after the channels.
type problems struct {
	List []problem
}

// Error joins the problems' texts, one per line.
func (p *problems) Error() string {
	lines := make([]string, len(p.List))
	for i, pr := range p.List {
		lines[i] = pr.Text
	}
	return strings.Join(lines, "\n")
}

// Vars returns the variables named by the problems, in order, with
// repeats.
func (p *problems) Vars() []string {
	out := make([]string, len(p.List))
	for i, pr := range p.List {
		out[i] = pr.Var
	}
	return out
}

// err wraps p as an error of kind Invalid with the same text.
func (p *problems) err() error {
	return &campaign.Error{Kind: campaign.Invalid, Msg: p.Error(), Err: p}
}

func (p *problems) add(v, text string) {
	p.List = append(p.List, problem{Var: v, Text: text})
}
