package pdf

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// visual lays text out on one wide line and gives its pieces in drawing
// order, left to right, as "|"-separated logical texts (NFKC, so that the
// Arabic reads as typed), each right-to-left piece marked with "<".
func visual(d *Doc, spans ...Span) string {
	lines := wrap(d.pieces(Style{}, spans), 1e6)
	var parts []string
	for _, p := range visualOrder(lines[0].pieces) {
		if p.space {
			continue
		}
		s := norm.NFKC.String(p.text)
		if p.rtl {
			s = "<" + s
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "|")
}

func TestVisualOrder(t *testing.T) {
	de := New(Meta{Lang: "de"})
	ar := New(Meta{Lang: "ar"})
	for _, c := range []struct {
		name string
		d    *Doc
		in   string
		want string
	}{
		{"German stays", de, "Der Flüchtlingsrat – „gemeinsam“ 2016", "Der|Flüchtlingsrat|–|„gemeinsam“|2016"},
		// An Arabic title in a German line reads right to left; the number
		// after it belongs to it (an Arabic number, level 2), so it is drawn
		// at its left end, as a browser shows the same line.
		{"Arabic title in a German line", de, "Workshop ورشة العمل 2", "Workshop|2|<العمل|<ورشة"},
		{"Arabic name in a German sentence", de, "Herr محمد الأحمد kommt.", "Herr|<الأحمد|<محمد|kommt."},
		// A text that starts with an Arabic letter is right to left as a
		// whole, even in a German document (a name in a list).
		{"Arabic first in a German document", de, "محمد Ali", "Ali|<محمد"},
		// In an Arabic document: words right to left, digits left to right,
		// Latin words in their own order, the full stop at the (left) end.
		{"Arabic sentence with number and Latin word", ar, "شارك 24 شخصاً في Workshop Gesundheit.",
			"<.|Workshop|Gesundheit|<في|<شخصاً|24|<شارك"},
		{"from 24", ar, "من 24", "24|<من"},
		// Brackets in right-to-left text are drawn mirrored (see TestVisualRTL);
		// here they stay with the words they enclose.
		{"brackets", ar, "بلدية (في فوبرتال)", "<فوبرتال)|<(في|<بلدية"},
		{"Latin line in an Arabic document", ar, "Anna Schmidt, Köln", "Anna|Schmidt,|Köln"},
		{"page numbers in an Arabic document", ar, "صفحة 3 من NBPAGES", "NBPAGES|<من|3|<صفحة"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := visual(c.d, Span{Text: c.in}); got != c.want {
				t.Errorf("visual order of %q:\n got %s\nwant %s", c.in, got, c.want)
			}
		})
	}
}

// TestVisualOrderSplitsWords: a word that changes direction is cut into
// pieces of one direction each.
func TestVisualOrderSplitsWords(t *testing.T) {
	d := New(Meta{Lang: "ar"})
	if got, want := visual(d, Span{Text: "ورشة2"}), "2|<ورشة"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if got, want := visual(New(Meta{}), Span{Text: "Nr.محمد"}), "Nr.|<محمد"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestVisualOrderAcrossSpans: the direction is found for the whole
// paragraph, not per span.
func TestVisualOrderAcrossSpans(t *testing.T) {
	d := New(Meta{})
	got := visual(d, Span{Text: "محمد "}, Span{Text: "الأحمد", Bold: true}, Span{Text: " kommt"})
	if want := "kommt|<الأحمد|<محمد"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestVisualRTL(t *testing.T) {
	if got, want := visualRTL("(في)"), "(يف)"; got != want {
		t.Errorf("visualRTL = %q, want %q", got, want)
	}
	if got, want := visualRTL("«ab»"), "«ba»"; got != want {
		t.Errorf("visualRTL = %q, want %q", got, want)
	}
}

func TestBidiLevels(t *testing.T) {
	for _, c := range []struct {
		in   string
		rtl  bool
		want string
	}{
		{"abc", false, "000"},
		{"abc دب", false, "000011"},
		{"د 12", false, "1122"},
		{"a 12 د", false, "000001"},
		{"ب 1,5", false, "11222"},
		{"abc", true, "222"},
		{"د 12", true, "1122"},
		{"12", false, "00"},
	} {
		lv := bidiLevels([]rune(c.in), c.rtl)
		var b strings.Builder
		for _, l := range lv {
			b.WriteByte('0' + l)
		}
		if b.String() != c.want {
			t.Errorf("bidiLevels(%q, rtl %v) = %s, want %s", c.in, c.rtl, b.String(), c.want)
		}
	}
}
