//go:build !fcdeploy

package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// shown records each message the demo posts, for postLog.flush to show.
type shown struct {
	campaign.Notifier
	log *postLog
}

func (s *shown) Post(ctx context.Context, m campaign.Message) error {
	err := s.Notifier.Post(ctx, m)
	s.log.add(post{service: s.Name(), text: m.Text, body: m.Body, err: err})
	return err
}

// post is one message as one service got it.
type post struct {
	service, text string
	body          []byte
	err           error
}

// postLog keeps the posts of a demo step until they are shown.
type postLog struct {
	mu    sync.Mutex
	posts []post
}

func (l *postLog) add(p post) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.posts = append(l.posts, p)
}

// flush shows the step's posts and forgets them. By default each message
// once, in its plain-text rendering, with the services that got it (the
// services render one alert alike); with all, every service's own: the
// DingTalk and WeCom markdown, the webhook's JSON body.
func (l *postLog) flush(w io.Writer, all bool) {
	l.mu.Lock()
	posts := l.posts
	l.posts = nil
	l.mu.Unlock()
	if all {
		for _, p := range posts {
			text, kind := rendering(p)
			frame(w, p.service+" "+kind, text, outcome(p))
		}
		return
	}
	var order []string
	to := map[string][]string{}
	for _, p := range posts {
		if _, ok := to[p.text]; !ok {
			order = append(order, p.text)
		}
		to[p.text] = append(to[p.text], p.service+failed(p))
	}
	for _, text := range order {
		sort.Strings(to[text])
		frame(w, "message", text, "posted to "+strings.Join(to[text], ", "))
	}
}

// rendering is what a service got, as a person reads it: the markdown a
// DingTalk or WeCom robot renders, the webhook's JSON body indented, else
// the plain text.
func rendering(p post) (text, kind string) {
	var md struct {
		Markdown struct {
			Text    string `json:"text"`
			Content string `json:"content"`
		} `json:"markdown"`
		Kind string `json:"kind"`
	}
	if json.Unmarshal(p.body, &md) == nil {
		switch {
		case md.Markdown.Text != "":
			return md.Markdown.Text, "markdown as posted"
		case md.Markdown.Content != "":
			return md.Markdown.Content, "markdown as posted"
		case md.Kind != "":
			var b bytes.Buffer
			if json.Indent(&b, p.body, "", "  ") == nil {
				return b.String(), "JSON body as posted"
			}
		}
	}
	return p.text, "message"
}

func outcome(p post) string {
	if p.err != nil {
		return "FAILED: " + p.err.Error()
	}
	return fmt.Sprintf("posted (%d bytes)", len(p.body))
}

func failed(p post) string {
	if p.err != nil {
		return " (FAILED: " + p.err.Error() + ")"
	}
	return ""
}

// frame writes text in a box with a title and a footer line.
func frame(w io.Writer, title, text, footer string) {
	fmt.Fprintf(w, "\n┌ %s %s\n", title, strings.Repeat("─", 40))
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		fmt.Fprintf(w, "│ %s\n", line)
	}
	fmt.Fprintf(w, "└ %s\n", footer)
}
