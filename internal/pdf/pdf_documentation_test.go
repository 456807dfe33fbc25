package pdf

import (
	"slices"
	"strings"
	"testing"
)

// Markdown comes out as text in the document's own styles: no markup, no
// HTML, escapes and entities resolved, lists with their markers.
func TestMarkdownIsSetNotShown(t *testing.T) {
	d := New(Meta{Title: "Protokoll"})
	d.AddPage()
	d.Markdown("# Ergebnis\n\nMigrant\\*innen &amp; Initiativen, <https://example.org/a> und <span>Text</span>.\n\n"+
		"3. drei\n4. vier\n   - darunter\n\n<div>roh</div>\n\n```\ncode  bleibt\n```\n", 2)
	text, body := pdfText(t, d)
	for _, want := range []string{"Ergebnis", "Migrant*innen & Initiativen, https://example.org/a und Text.", "3. drei", "4. vier",
		"• darunter", "code bleibt"} {
		if !strings.Contains(text, want) {
			t.Errorf("lacks %q:\n%s", want, text)
		}
	}
	for _, raw := range []string{"#", `\*`, "&amp;", "<", "roh", "```"} {
		if strings.Contains(text, raw) {
			t.Errorf("shows %q:\n%s", raw, text)
		}
	}
	if !strings.Contains(string(body), "/URI (https://example.org/a)") {
		t.Error("the autolink is not a link")
	}
}

// Municipalities of fewer than MinGroup people, and people who named none,
// are counted together; spellings that differ in case and spaces are one
// municipality, shown as most people wrote it.
func TestMunicipalitiesGroupTheSmallOnes(t *testing.T) {
	groups, other := Municipalities([]Count{
		{Municipality: "Wuppertal", Registered: 2, Present: 1},
		{Municipality: " wuppertal", Registered: 1},
		{Municipality: "Köln", Registered: 4, Present: 4},
		{Municipality: "Solingen", Registered: 2},
		{Municipality: "", Registered: 5},
	})
	want := []Count{{Municipality: "Köln", Registered: 4, Present: 4}, {Municipality: "Wuppertal", Registered: 3, Present: 1}}
	if !slices.Equal(groups, want) || other != (Count{Registered: 7}) {
		t.Errorf("groups %v, other %v", groups, other)
	}
}
