package i18n_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/i18n"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

func catalogue(t *testing.T, code string) map[string]bool {
	t.Helper()
	ids, err := i18n.MessageIDs(code)
	if err != nil {
		t.Fatalf("%s: %v", code, err)
	}
	return ids
}

// A catalogue that lacks a key another has fails, whichever language it is.
func TestCataloguesHaveTheSameKeys(t *testing.T) {
	ref := i18n.Languages[0].Code
	want := catalogue(t, ref)
	for _, l := range i18n.Languages[1:] {
		got := catalogue(t, l.Code)
		for id := range want {
			if !got[id] {
				t.Errorf("%s lacks %q, which %s has", l.Code, id, ref)
			}
		}
		for id := range got {
			if !want[id] {
				t.Errorf("%s lacks %q, which %s has", ref, id, l.Code)
			}
		}
	}
}

// Message ids written in Go code (errors, flashes) are all in the catalogue.
func TestMessageIDsInCodeExist(t *testing.T) {
	ids := catalogue(t, i18n.Languages[0].Code)
	literal := regexp.MustCompile(`"((?:err|flash)_[a-z_]+)"`)
	found := map[string]bool{}
	for _, root := range []string{"../../internal", "../../server"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range literal.FindAllStringSubmatch(string(src), -1) {
				found[m[1]] = true
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(found) < 20 {
		t.Fatalf("found only %d message ids in the code; is the pattern right?", len(found))
	}
	var missing []string
	for id := range found {
		if !ids[id] {
			missing = append(missing, id)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("ids used in code but missing from the catalogue: %v", missing)
	}
}

// Every value of every enumeration the pages label has its label.
func TestEnumerationsHaveLabels(t *testing.T) {
	for _, l := range i18n.Languages {
		ids := catalogue(t, l.Code)
		for prefix, values := range map[string][]string{
			"kind_":   model.SessionKinds,
			"topic_":  model.WorkshopTopics,
			"role_":   model.PersonRoles,
			"status_": model.ConferenceStatuses,
		} {
			for _, v := range values {
				if !ids[prefix+v] {
					t.Errorf("%s lacks %s%s", l.Code, prefix, v)
				}
			}
		}
		for d := range 7 {
			if !ids["weekday_"+string(rune('0'+d))] {
				t.Errorf("%s lacks weekday_%d", l.Code, d)
			}
		}
	}
}

func TestMatch(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	for header, want := range map[string]string{
		"":                      "de",
		"en-US,en;q=0.9":        "en",
		"de-AT":                 "de",
		"pl-PL":                 "de",
		"fr;q=0.9, en;q=0.8":    "fr",
		"ar-SY,ar;q=0.9":        "ar",
		"garbage;;;q=":          "de",
		"de;q=0.1, en-GB;q=0.9": "en",
	} {
		if got := b.Match(header); got != want {
			t.Errorf("Match(%q) = %q, want %q", header, got, want)
		}
	}
}

func TestPlural(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	de := b.Localizer("de")
	if got := de.T("workshop_places", "Count", 1); got != "1 Platz" {
		t.Errorf("one: %q", got)
	}
	if got := de.T("workshop_places", "Count", 20); got != "20 Plätze" {
		t.Errorf("other: %q", got)
	}
	if got := b.Localizer("en").T("workshop_places", "Count", 20); got != "20 places" {
		t.Errorf("en: %q", got)
	}
}
