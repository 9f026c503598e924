package config

import (
	"fmt"
	"strings"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
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
// variables table (docs/configuration.md), the file's receivers after the
// channels. It keeps the
// first maxKept and counts the rest, so that a hostile file of a hundred
// thousand mistakes costs neither memory nor megabytes of logs.
type problems struct {
	List []problem
	// more counts the problems found past maxKept.
	more int
}

const (
	// maxKept bounds the problems kept; maxShown those printed, followed
	// by "and N more".
	maxKept  = 200
	maxShown = 30
)

// Error joins the problems' texts, one per line: the first maxShown, then
// a line saying how many more there are.
func (p *problems) Error() string {
	n := min(len(p.List), maxShown)
	lines := make([]string, n, n+1)
	for i, pr := range p.List[:n] {
		lines[i] = pr.Text
	}
	if rest := p.count() - n; rest > 0 {
		lines = append(lines, fmt.Sprintf("and %d more problems: fix these and run again to see the rest", rest))
	}
	return strings.Join(lines, "\n")
}

// count is how many problems were found, kept or not.
func (p *problems) count() int { return len(p.List) + p.more }

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

// redact passes every problem's text through red: a problem may quote a
// value that a ${NAME} put in.
func (p *problems) redact(red *notify.Redactor) {
	for i := range p.List {
		p.List[i].Text = red.String(p.List[i].Text)
	}
}

func (p *problems) add(v, text string) {
	if len(p.List) >= maxKept {
		p.more++
		return
	}
	p.List = append(p.List, problem{Var: v, Text: text})
}
