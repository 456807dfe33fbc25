package pdf

import (
	"strings"
	"testing"
)

// lineTexts gives each line's text in logical order.
func lineTexts(lines []line) []string {
	var out []string
	for _, l := range lines {
		var b strings.Builder
		for _, p := range l.pieces {
			b.WriteString(p.text)
		}
		out = append(out, b.String())
	}
	return out
}

func TestWrap(t *testing.T) {
	d := New(Meta{})
	st := Style{}
	ps := d.pieces(st, Plain("Der Flüchtlingsrat  fordert Wohnungen\nstatt Sammelunterkünfte."))
	w := measure(metrics(face{}), "Der Flüchtlingsrat  fordert", st.size()*mmPerPt/1000) + 0.01
	lines := wrap(ps, w)
	got := strings.Join(lineTexts(lines), "|")
	if want := "Der Flüchtlingsrat  fordert|Wohnungen|statt Sammelunterkünfte."; got != want {
		t.Errorf("lines %q, want %q", got, want)
	}
	for _, l := range lines {
		if l.width > w {
			t.Errorf("line %q is %.2f mm wide, more than %.2f", lineTexts([]line{l})[0], l.width, w)
		}
	}
	if n := len(wrap(d.pieces(st, Plain("")), w)); n != 1 {
		t.Errorf("empty text: %d lines, want 1", n)
	}
	if got := lineTexts(wrap(d.pieces(st, Plain("a\n\nb")), w)); strings.Join(got, "|") != "a||b" {
		t.Errorf("blank line: %q", got)
	}
}

// TestWrapLongWord: a word longer than the line is cut into parts that fit,
// each on a line of its own, nothing lost.
func TestWrapLongWord(t *testing.T) {
	d := New(Meta{})
	long := "https://example.org/" + strings.Repeat("Gesundheitsversorgung", 6)
	lines := wrap(d.pieces(Style{}, Plain("Siehe "+long+" dazu")), 60)
	texts := lineTexts(lines)
	if len(texts) < 4 || texts[0] != "Siehe" {
		t.Errorf("lines %q", texts)
	}
	if got, want := strings.Join(texts, ""), "Siehe"+long+" dazu"; got != want {
		t.Errorf("the lines give %q, want %q", got, want)
	}
	for _, l := range lines {
		if l.width > 60 {
			t.Errorf("line %.2f mm wide, more than 60", l.width)
		}
	}
}

// TestLinkSpan: a span with a link is drawn as a link annotation.
func TestLinkSpan(t *testing.T) {
	d := New(Meta{})
	d.AddPage()
	d.Paragraph(Style{}, Span{Text: "Programm: "}, Span{Text: "konferenz.example.org/programm", Link: "https://konferenz.example.org/programm"})
	text, pdf := pdfText(t, d)
	if !strings.Contains(text, "Programm: konferenz.example.org/programm") {
		t.Errorf("pdftotext:\n%s", text)
	}
	if !strings.Contains(string(pdf), "/URI (https://konferenz.example.org/programm)") {
		t.Error("the PDF has no link to the address")
	}
}
