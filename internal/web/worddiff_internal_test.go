package web

import (
	"reflect"
	"testing"
)

// The diff marks whole words, and reading its kept and inserted parts
// gives the new text, its kept and removed parts the old.
func TestWordDiffMarksWholeWords(t *testing.T) {
	from := "Die Stadt prüft die Anträge zügig."
	to := "Die Stadt prüft alle Anträge fair und zügig."
	got := wordDiff(from, to)
	want := []diffPart{{"equal", "Die Stadt prüft "}, {"delete", "die"}, {"insert", "alle"},
		{"equal", " Anträge "}, {"insert", "fair und "}, {"equal", "zügig."}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("diff %q, want %q", got, want)
	}
	var old, next string
	for _, p := range got {
		if p.Op != "insert" {
			old += p.Text
		}
		if p.Op != "delete" {
			next += p.Text
		}
	}
	if old != from || next != to {
		t.Errorf("old %q, new %q", old, next)
	}
}

// Punctuation is a token of its own: a comma added after a word marks the
// comma, not the word, and Arabic words are whole words too.
func TestWordDiffMarksPunctuationAlone(t *testing.T) {
	got := wordDiff("Wohnungen an und", "Wohnungen an, bieten und")
	want := []diffPart{{"equal", "Wohnungen an"}, {"insert", ", bieten"}, {"equal", " und"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("diff %q, want %q", got, want)
	}
	got = wordDiff("حق التعليم للجميع", "حق التعليم المدرسي للجميع")
	want = []diffPart{{"equal", "حق التعليم "}, {"insert", "المدرسي "}, {"equal", "للجميع"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("diff %q, want %q", got, want)
	}
}
