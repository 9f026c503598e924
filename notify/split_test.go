package notify_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
)

// linesAtMost is a fits func: a doc fits when it has at most n lines and
// fields in all.
func linesAtMost(n int) func(notify.Doc) bool {
	return func(d notify.Doc) bool {
		c := 0
		for _, b := range d.Blocks {
			c += len(b.Lines) + len(b.Fields)
		}
		return c <= n
	}
}

func TestSplit(t *testing.T) {
	lines := func(prefix string, n int) []string {
		var out []string
		for i := range n {
			out = append(out, fmt.Sprintf("%s%d", prefix, i))
		}
		return out
	}
	doc := notify.Doc{Title: "T", Footer: "F", Blocks: []notify.Block{
		{Section: "A", Heading: "one", Lines: lines("a", 5)},
		{Section: "A", Heading: "two", Fields: []notify.Field{{"x", "1"}, {"y", "2"}}, Lines: lines("b", 2)},
		{Section: "B", Heading: "three", Lines: lines("c", 4)},
	}}
	tests := []struct {
		name  string
		max   int
		parts int
	}{
		{"all in one", 100, 1},
		{"four per message", 4, 4},
		{"one per message", 2, 0}, // fields (2) and a line cannot share: error
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, err := notify.Split(doc, linesAtMost(tt.max))
			if tt.parts == 0 {
				if campaign.KindOf(err) != campaign.Internal {
					t.Fatalf("err = %v, want kind Internal", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) != tt.parts {
				t.Fatalf("got %d docs, want %d", len(docs), tt.parts)
			}
			seen := map[string]int{}
			for i, d := range docs {
				if !linesAtMost(tt.max)(d) {
					t.Errorf("doc %d does not fit", i)
				}
				if d.Footer != "F" {
					t.Errorf("doc %d footer = %q", i, d.Footer)
				}
				wantTitle := "T"
				if len(docs) > 1 {
					wantTitle = fmt.Sprintf("T (%d/%d)", i+1, len(docs))
				}
				if d.Title != wantTitle {
					t.Errorf("doc %d title = %q, want %q", i, d.Title, wantTitle)
				}
				for _, b := range d.Blocks {
					if b.Section == "" || b.Heading == "" {
						t.Errorf("doc %d has a block without section or heading: %+v", i, b)
					}
					for _, l := range b.Lines {
						seen[l]++
					}
				}
			}
			for _, b := range doc.Blocks {
				for _, l := range b.Lines {
					if seen[l] != 1 {
						t.Errorf("line %q appears %d times, want 1", l, seen[l])
					}
				}
			}
		})
	}
}

func TestSplitMarksContinuations(t *testing.T) {
	doc := notify.Doc{Title: "T", Blocks: []notify.Block{{Section: "A", Heading: "one", Lines: []string{"1", "2", "3"}}}}
	docs, err := notify.Split(doc, linesAtMost(2))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || docs[1].Blocks[0].Heading != "one (continued)" || docs[1].Lang != nil {
		t.Fatalf("docs = %+v, want the second to continue %q", docs, "one")
	}
	if !strings.Contains(docs[1].PlainText(), "A\n") {
		t.Errorf("continued doc does not repeat its section:\n%s", docs[1].PlainText())
	}
}
