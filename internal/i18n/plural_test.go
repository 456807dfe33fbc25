package i18n_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/i18n"
)

// pluralIDs returns the ids of the messages the German catalogue files
// give plural forms (TOML tables).
func pluralIDs(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("locales", "*de.toml"))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, f := range files {
		var m map[string]any
		if _, err := toml.DecodeFile(f, &m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for id, v := range m {
			if _, table := v.(map[string]any); table {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 {
		t.Fatal("no message with plural forms")
	}
	return ids
}

// Every message that counts has every plural form its language needs
// (German and English two, French three, Arabic six), so that no number
// shows the id or the wrong form.
func TestPluralMessagesHaveEveryForm(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range i18n.Languages {
		loc := b.Localizer(l.Code)
		for _, id := range pluralIDs(t) {
			for _, n := range []int{0, 1, 2, 3, 11, 100, 1000000} {
				got := loc.T(id, "Count", n, "Shown", 1)
				if got == id || strings.Contains(got, "<no value>") {
					t.Errorf("%s: %s for %d gives %q", l.Code, id, n, got)
				}
			}
		}
	}
	if missing := i18n.Missing(); len(missing) > 0 {
		t.Errorf("forms missing: %v", missing)
	}
	for _, c := range []struct {
		lang, id string
		n        int
		want     string
	}{
		{"de", "hint_workshops", 1, "Wählen Sie eine Arbeitsgruppe."},
		{"de", "run_bound_language", 1, "1 Person konnte nicht hinein, weil ihre Sprache fehlt"},
		{"de", "run_bound_language", 4, "4 Personen konnten nicht hinein, weil ihre Sprache fehlt"},
		{"en", "outbox_attachment_size", 1, "1 byte"},
		{"fr", "run_missing", 1, "1 inscription confirmée est arrivée après ce calcul et n’y a pas de place. Recalculez la répartition pour l’inclure."},
		{"ar", "outbox_more", 2, "تُعرض أحدث رسالتين."},
		{"ar", "outbox_more", 5, "تُعرض أحدث 5 رسائل."},
		{"ar", "run_bound_language", 11, "\u200f11 شخصًا لم يتمكنوا من الدخول لعدم توفر لغتهم"},
	} {
		if got := b.Localizer(c.lang).T(c.id, "Count", c.n); got != c.want {
			t.Errorf("%s %s(%d) = %q, want %q", c.lang, c.id, c.n, got, c.want)
		}
	}
}

// A message with plural forms is always given its number as "Count", the
// one name by which go-i18n chooses the form.
func TestPluralMessagesAreCalledWithCount(t *testing.T) {
	pages, err := filepath.Glob(filepath.Join("..", "..", "templates", "*", "*.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range pluralIDs(t) {
		call := regexp.MustCompile(`\bTI? "` + id + `"[^}]*`)
		for _, page := range pages {
			src, err := os.ReadFile(page)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range call.FindAllString(string(src), -1) {
				if !strings.Contains(c, `"Count"`) {
					t.Errorf("%s: %s without \"Count\"", page, c)
				}
			}
		}
	}
}
