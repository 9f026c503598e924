package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/cli"
)

// firstScreen is the README up to its first section after "Try it": what
// it does, the two commands and the alert.
func firstScreen(t *testing.T) string {
	t.Helper()
	readme := readText(t, "README.md")
	start := strings.Index(readme, "## Try it\n")
	if start < 0 {
		t.Fatal(`README.md has no "## Try it" section`)
	}
	end := strings.Index(readme[start+1:], "\n## ")
	if end < 0 {
		t.Fatal(`README.md has nothing after "## Try it"`)
	}
	return readme[start : start+1+end]
}

// codeBlocks returns the fenced blocks of text whose info string is lang.
func codeBlocks(text, lang string) []string {
	var blocks []string
	var cur []string
	info, in := "", false
	for _, line := range strings.Split(text, "\n") {
		switch {
		case !in && strings.HasPrefix(line, "```"):
			info, in, cur = strings.TrimPrefix(line, "```"), true, nil
		case in && line == "```":
			if info == lang {
				blocks = append(blocks, strings.Join(cur, "\n")+"\n")
			}
			in = false
		case in:
			cur = append(cur, line)
		}
	}
	return blocks
}

// TestREADMEFirstScreen runs every command of the README's first screen
// as a newcomer would: `go run . ARGS` is the campaignwatch command line
// (cli.Main, the same code `go run .` starts), against the fakes the demo
// starts on 127.0.0.1; `go test ./...` is the suite this test belongs to.
// The alert pictured there is the one the demo shows, word for word.
func TestREADMEFirstScreen(t *testing.T) {
	screen := firstScreen(t)
	sh := codeBlocks(screen, "sh")
	if len(sh) != 1 {
		t.Fatalf("the first screen has %d sh blocks, want the one with the two commands", len(sh))
	}
	campaigns, err := os.ReadFile("testdata/demo/campaigns.json")
	if err != nil {
		t.Fatal(err)
	}
	var demo string
	ran := 0
	for _, line := range strings.Split(strings.TrimSpace(sh[0]), "\n") {
		command := strings.TrimSpace(strings.SplitN(line, "#", 2)[0])
		switch {
		case command == "go test ./...":
			ran++ // this test is part of it
		case strings.HasPrefix(command, "go run . "):
			args := strings.Fields(strings.TrimPrefix(command, "go run . "))
			var out, errOut bytes.Buffer
			env := cli.Env{Getenv: func(string) string { return "" }, Stdout: &out, Stderr: &errOut, Version: "readme", DemoCampaigns: campaigns}
			if code := cli.Main(context.Background(), args, env); code != 0 {
				t.Fatalf("%s: exit %d\n%s%s", command, code, out.String(), errOut.String())
			}
			if args[0] == "demo" {
				demo = out.String()
			}
			ran++
		default:
			t.Errorf("the first screen's command %q is neither `go run . ...` nor `go test ./...`: teach this test to run it", command)
		}
	}
	if ran != 2 || demo == "" {
		t.Fatalf("ran %d commands (demo output %d bytes), want `go run . demo` and `go test ./...`", ran, len(demo))
	}

	plain := codeBlocks(screen, "")
	if len(plain) != 1 {
		t.Fatalf("the first screen has %d plain blocks, want the alert", len(plain))
	}
	alert := shownMessage(demo, strings.SplitN(plain[0], "\n", 2)[0])
	if alert == "" {
		t.Fatalf("the demo shows no message titled %q:\n%s", strings.SplitN(plain[0], "\n", 2)[0], demo)
	}
	if alert != plain[0] {
		t.Errorf("the README's alert is not the demo's; the demo shows:\n%s\nthe README:\n%s", alert, plain[0])
	}
}

// shownMessage is the text of the demo's message titled title, without
// its footer line (time and run id), as the README pictures it.
func shownMessage(demo, title string) string {
	for _, frame := range strings.Split(demo, "┌ ")[1:] {
		lines := strings.Split(frame, "\n")
		if len(lines) < 2 || strings.TrimPrefix(lines[1], "│ ") != title {
			continue
		}
		var body []string
		for _, l := range lines[1:] {
			if !strings.HasPrefix(l, "│") {
				break
			}
			body = append(body, strings.TrimPrefix(strings.TrimPrefix(l, "│"), " "))
		}
		if n := len(body); n > 0 && strings.Contains(body[n-1], " · run ") {
			body = body[:n-1]
		}
		return strings.TrimRight(strings.Join(body, "\n"), "\n") + "\n"
	}
	return ""
}

// TestREADMEListsEveryCommand: the README's command list and docs/commands.md
// name exactly the commands `campaignwatch help` lists.
func TestREADMEListsEveryCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	env := cli.Env{Getenv: func(string) string { return "" }, Stdout: &out, Stderr: &errOut, Version: "readme"}
	if code := cli.Main(context.Background(), []string{"help"}, env); code != 0 {
		t.Fatalf("help: exit %d: %s", code, errOut.String())
	}
	_, list, _ := strings.Cut(out.String(), "Commands:\n")
	list, _, _ = strings.Cut(list, "\n\n")
	var want []string
	for _, line := range strings.Split(list, "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			want = append(want, f[0])
		}
	}
	if len(want) < 5 {
		t.Fatalf("`campaignwatch help` lists %d commands:\n%s", len(want), out.String())
	}
	for _, page := range []string{"README.md", "docs/commands.md"} {
		named := map[string]bool{}
		for _, block := range codeBlocks(readText(t, page), "") {
			for _, line := range strings.Split(block, "\n") {
				if f := strings.Fields(line); len(f) > 1 && f[0] == "campaignwatch" {
					named[f[1]] = true
				}
			}
		}
		for _, c := range want {
			if !named[c] {
				t.Errorf("%s's command list lacks `campaignwatch %s`", page, c)
			}
			delete(named, c)
		}
		for c := range named {
			t.Errorf("%s lists `campaignwatch %s`, which `campaignwatch help` does not know", page, c)
		}
	}
}
