package catalog_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify/catalog"
)

// TestEveryCatalogueIsComplete: every catalogue sets every entry, so that
// no message of any language shows an empty word or panics on a nil func.
func TestEveryCatalogueIsComplete(t *testing.T) {
	if len(catalog.All()) < 2 {
		t.Fatalf("%d catalogues, want en and zh-CN at least", len(catalog.All()))
	}
	for _, l := range catalog.All() {
		for _, v := range []reflect.Value{reflect.ValueOf(*l), reflect.ValueOf(l.UI)} {
			for i := range v.NumField() {
				f, name := v.Field(i), v.Type().Field(i).Name
				if f.IsZero() {
					t.Errorf("catalogue %q lacks %s", l.Tag, name)
				}
			}
		}
	}
}

func TestLookup(t *testing.T) {
	for tag, want := range map[string]string{"en": "en", "zh-CN": "zh-CN", "zh-cn": "zh-CN", "EN": "en"} {
		l, ok := catalog.Lookup(tag)
		if !ok || l.Tag != want {
			t.Errorf("Lookup(%q) = %v, %v; want %s", tag, l, ok, want)
		}
	}
	for _, tag := range []string{"", "fr", "zh", "zh-TW"} {
		if _, ok := catalog.Lookup(tag); ok {
			t.Errorf("Lookup(%q) found a catalogue", tag)
		}
	}
	if catalog.For("").Tag != catalog.Default || catalog.For("fr").Tag != catalog.Default {
		t.Error("For of no language is not the default")
	}
}

// TestEveryGuardrailWordIsSet: the guardrail words, a group of their own,
// are complete in every catalogue too.
func TestEveryGuardrailWordIsSet(t *testing.T) {
	for _, l := range catalog.All() {
		v := reflect.ValueOf(l.Guardrail)
		for i := range v.NumField() {
			if v.Field(i).IsZero() {
				t.Errorf("catalogue %q lacks Guardrail.%s", l.Tag, v.Type().Field(i).Name)
			}
		}
	}
}

// TestEveryChangeTypeHasItsWords: every catalogue names every change type
// of campaign.ChangeTypes, and no type that is not one: adding a change
// type is its entry there and its heading here, in every language.
func TestEveryChangeTypeHasItsWords(t *testing.T) {
	for _, l := range catalog.All() {
		for _, ct := range campaign.ChangeTypes {
			if l.ChangeHeadings[string(ct)] == "" {
				t.Errorf("catalogue %q has no heading for change type %q", l.Tag, ct)
			}
		}
		for name := range l.ChangeHeadings {
			if !slices.Contains(campaign.ChangeTypes, campaign.ChangeType(name)) {
				t.Errorf("catalogue %q names %q, which is not a change type", l.Tag, name)
			}
		}
	}
}
