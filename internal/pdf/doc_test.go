package pdf

import (
	"bytes"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// pdfBytes writes the document.
func pdfBytes(t *testing.T, d *Doc) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := d.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// poppler runs one of poppler-utils' tools on a PDF and returns its output.
func poppler(t *testing.T, pdf []byte, tool string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Fatalf("%s (poppler-utils) is needed to read the PDFs back", tool)
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	args = append(args, path)
	if tool == "pdftotext" {
		args = append(args, "-")
	}
	out, err := exec.Command(tool, args...).Output()
	if err != nil {
		t.Fatalf("%s: %v", tool, err)
	}
	return string(out)
}

// pdfText writes the document and returns what pdftotext -layout reads from it.
func pdfText(t *testing.T, d *Doc) (string, []byte) {
	t.Helper()
	pdf := pdfBytes(t, d)
	return poppler(t, pdf, "pdftotext", "-layout"), pdf
}

// readable is pdftotext's text as a reader copying it gets it: pdftotext
// gives Arabic lines back in logical order (it runs the bidi algorithm over
// what it reads), wrapped in embedding marks (U+202A–U+202C), and keeps the
// presentation forms the PDF draws; NFKC turns those into the letters.
func readable(s string) string {
	s = strings.Map(func(r rune) rune {
		if r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F {
			return -1
		}
		return r
	}, s)
	return norm.NFKC.String(s)
}

// wantFontsEmbedded checks with pdffonts that the PDF embeds every font it uses.
func wantFontsEmbedded(t *testing.T, pdf []byte) {
	t.Helper()
	out := poppler(t, pdf, "pdffonts")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no fonts:\n%s", out)
	}
	for _, l := range lines[2:] {
		// name type... encoding emb sub uni object ID: emb is 5th from the end.
		f := strings.Fields(l)
		if len(f) < 6 || f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %s", l)
		}
	}
}

// word is a word on a page as pdftotext -bbox places it (points from the
// top left); text is in drawing order, so Arabic words come reversed.
type word struct {
	page          int
	xMin, xMax, y float64
	text          string
}

var wordRE = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>`)

func pdfWords(t *testing.T, pdf []byte) []word {
	t.Helper()
	var ws []word
	for i, page := range strings.Split(poppler(t, pdf, "pdftotext", "-bbox"), "<page ")[1:] {
		for _, m := range wordRE.FindAllStringSubmatch(page, -1) {
			x0, _ := strconv.ParseFloat(m[1], 64)
			y, _ := strconv.ParseFloat(m[2], 64)
			x1, _ := strconv.ParseFloat(m[3], 64)
			ws = append(ws, word{page: i + 1, xMin: x0, xMax: x1, y: y, text: html.UnescapeString(m[4])})
		}
	}
	return ws
}

// find returns the first word on the page whose text, read logically, is s.
func find(t *testing.T, ws []word, page int, s string) word {
	t.Helper()
	for _, w := range ws {
		rs := []rune(w.text)
		if strings.ContainsFunc(w.text, func(r rune) bool { return unicode.Is(unicode.Arabic, r) }) {
			slices.Reverse(rs)
		}
		if w.page == page && norm.NFKC.String(string(rs)) == s {
			return w
		}
	}
	t.Fatalf("no word %q on page %d", s, page)
	return word{}
}

func TestTextComesBackFromPDF(t *testing.T) {
	d := New(Meta{Title: "Dokumentation", Author: "Flüchtlingsrat Wuppertal", PageOf: "Seite {page} von {pages}"})
	d.AddPage()
	d.ReserveTOC("Inhalt", []string{"Gesundheitsversorgung", "Wohnen"})
	d.Heading(1, "Gesundheitsversorgung")
	d.Text("Der Flüchtlingsrat und Médecins du Monde in der Bahnhofstraße – „gemeinsam“, „…“.")
	d.Paragraph(Style{Italic: true}, Plain("Kursiv: Straße, Ана Петрова, ተስፋይ ገብረመድህን, محمد الأحمد, Şanlıurfa, Êzîdî, Αθήνα")...)
	d.Heading(2, "Wohnen")
	d.Table(Table{Columns: []Column{{Title: "Name", Weight: 2}, {Title: "Unterschrift", Weight: 1}}, MinRowHeight: 10},
		[][]string{{"Ана Петрова", ""}, {"ተስፋይ ገብረመድህን (Asmara, 1990)", ""}, {"محمد الأحمد", ""}, {"زهرا رضایی", ""}})
	text, pdf := pdfText(t, d)
	for _, want := range []string{"Flüchtlingsrat", "Gesundheitsversorgung", "Médecins", "Bahnhofstraße", "Straße", "–", "„gemeinsam“", "„…“",
		"Seite 2 von 3", "Ана Петрова", "ተስፋይ ገብረመድህን", "ተስፋይ ገብረመድህን (Asmara, 1990)", "Şanlıurfa", "Êzîdî", "Αθήνα"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext lacks %q:\n%s", want, text)
		}
	}
	// The Arabic names, in a German document: each cell and the name in the
	// sentence come back in logical order once the forms are normalised.
	for _, want := range []string{"محمد الأحمد", "زهرا رضایی"} {
		if !strings.Contains(readable(text), want) {
			t.Errorf("pdftotext lacks %q:\n%s", want, readable(text))
		}
	}
	wantFontsEmbedded(t, pdf)
}

func TestArabicDocumentComesBackFromPDF(t *testing.T) {
	d := New(Meta{Title: "التوثيق", Lang: "ar", PageOf: "صفحة {page} من {pages}"})
	d.AddPage()
	d.Heading(1, "مرحبا بكم في المؤتمر")
	d.Text("السلام عليكم، لا شيء يتغير.")
	d.Text("شارك في ورشة العمل 24 شخصاً.")
	d.Table(Table{Columns: []Column{{Title: "الاسم", Weight: 1}, {Title: "البلدية", Weight: 1}}},
		[][]string{{"محمد الأحمد", "Wuppertal"}, {"Anna Schmidt", "Köln"}})
	text, pdf := pdfText(t, d)
	got := readable(text)
	for _, want := range []string{"مرحبا بكم في المؤتمر", "محمد الأحمد", "Wuppertal", "Anna Schmidt", "Köln"} {
		if !strings.Contains(got, want) {
			t.Errorf("pdftotext lacks %q:\n%s", want, got)
		}
	}
	// Around digits and punctuation inside Arabic, pdftotext's own
	// reordering moves the spaces ("العمل  24شخصاً", "عليكم ،لا"; the page
	// shows them right, see TestVisualOrder and TestWriteSample): the
	// letters come back in logical order, the spaces do not.
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
	for _, want := range []string{"السلام عليكم، لا شيء يتغير.", "شارك في ورشة العمل 24 شخصاً.", "صفحة 1 من 1"} {
		if !strings.Contains(squeeze(got), squeeze(want)) {
			t.Errorf("pdftotext lacks %q:\n%s", want, got)
		}
	}
	wantFontsEmbedded(t, pdf)
}

// TestRightToLeftLayout: in an Arabic document the text starts on the right,
// the table's first column is on the right, the table of contents has its
// numbers on the left and the running header is on the right.
func TestRightToLeftLayout(t *testing.T) {
	d := New(Meta{Title: "التوثيق", Lang: "ar", Header: "المؤتمر البلدي", PageOf: "صفحة {page} من {pages}"})
	d.AddPage()
	d.ReserveTOC("المحتويات", []string{"الصحة"})
	d.Heading(1, "الصحة")
	d.Text("من 24")
	d.Table(Table{Columns: []Column{{Title: "الاسم", Weight: 1}, {Title: "البلدية", Weight: 1}}}, [][]string{{"محمد", "Köln"}})
	ws := pdfWords(t, pdfBytes(t, d))
	const left, right = Margin * 72 / 25.4, (210 - Margin) * 72 / 25.4 // in points
	near := func(what string, got, want float64) {
		t.Helper()
		if got < want-1.5 || got > want+1.5 {
			t.Errorf("%s at %.1f pt, want %.1f", what, got, want)
		}
	}
	near("heading's right edge", find(t, ws, 3, "الصحة").xMax, right)
	near("paragraph's right edge", find(t, ws, 3, "من").xMax, right)
	near("running header's right edge", find(t, ws, 3, "المؤتمر").xMax, right)
	name, town := find(t, ws, 3, "الاسم"), find(t, ws, 3, "البلدية")
	near("first column's title", name.xMax, right-cellPad*72/25.4)
	if town.xMax > (left+right)/2 {
		t.Errorf("second column's title at %.1f pt, want it on the left half", town.xMax)
	}
	near("TOC entry's right edge", find(t, ws, 2, "الصحة").xMax, right)
	near("TOC number's left edge", find(t, ws, 2, "3").xMin, left)
	// The footer reads right to left: "صفحة" (page) is right of its number.
	if p, n := find(t, ws, 3, "صفحة"), find(t, ws, 3, "3"); p.y != n.y || p.xMin < n.xMax {
		t.Errorf("footer: صفحة at %.1f, 3 at %.1f; want صفحة right of the number", p.xMin, n.xMax)
	}
}

// TestWriteSample writes sample documents for a person to look at:
// PDF_SAMPLE=/tmp/sample.pdf go test -run TestWriteSample ./internal/pdf/
// writes /tmp/sample.pdf (German, with names in many scripts) and
// /tmp/sample-ar.pdf (an Arabic document, right to left).
func TestWriteSample(t *testing.T) {
	out := os.Getenv("PDF_SAMPLE")
	if out == "" {
		t.Skip("set PDF_SAMPLE to a file name to write a sample")
	}
	write := func(name string, d *Doc) {
		var buf bytes.Buffer
		if err := d.Output(&buf); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(out, sampleGerman())
	write(strings.TrimSuffix(out, ".pdf")+"-ar.pdf", sampleArabic())
}

func sampleGerman() *Doc {
	d := New(Meta{Title: "Dokumentation", PageOf: "Seite {page} von {pages}"})
	d.AddPage()
	d.ReserveTOC("Inhalt", []string{"Gesundheitsversorgung", "Wohnen", "Namen in vielen Schriften"})
	d.Heading(1, "Gesundheitsversorgung")
	d.Text(strings.Repeat("Der Flüchtlingsrat und Médecins du Monde in der Bahnhofstraße – „gemeinsam“. ", 8))
	d.Paragraph(Style{}, Span{Text: "Kursiv: "}, Span{Text: "Arbeit und Ausbildung, محمد الأحمد, Ана Петрова, ተስፋይ ገብረ", Italic: true},
		Span{Text: " und fett kursiv: "}, Span{Text: "ورشة العمل", Bold: true, Italic: true})
	d.Text("Workshop ورشة العمل 2 – ein arabischer Titel in einem deutschen Satz, mit Zahl.")
	d.Text("Türkisch und Kurdisch: Şanlıurfa, Ağrı, Iğdır, Êzîdî, Kurdistanê, Hûn çawa ne? Griechisch: Αθήνα, Ελληνικά.")
	d.Heading(2, "Wohnen")
	d.Table(Table{Columns: []Column{{Title: "Name", Weight: 2}, {Title: "Herkunft", Weight: 1.5}, {Title: "Unterschrift", Weight: 1}}, MinRowHeight: 10},
		[][]string{
			{"Ана Петрова", "Kyjiw", ""},
			{"ተስፋይ ገብረመድህን", "ኣስመራ (Asmara)", ""},
			{"محمد الأحمد", "حلب", ""},
			{"زهرا رضایی", "مشهد، ایران", ""},
			{"Lâm Nguyễn", "Đà Nẵng", ""},
		})
	d.Heading(1, "Namen in vielen Schriften")
	d.Text("Arabisch mit Harakat: مُحَمَّد، لا، لأن، السلام عليكم، مرحبا بكم في المؤتمر.")
	d.Text("Persisch/Urdu: پدر، چای، ژاله، گل، کتاب، یک، پاکستان.")
	d.Text("Tigrinya: ሰላም፡ ከመይ ኣለኹም። ቁጽሪ ፩፪፫ und 123.")
	return d
}

func sampleArabic() *Doc {
	d := New(Meta{Title: "التوثيق", Lang: "ar", PageOf: "صفحة {page} من {pages}", Header: "المؤتمر البلدي للاجئين"})
	d.AddPage()
	d.ReserveTOC("المحتويات", []string{"الصحة", "السكن"})
	d.Heading(1, "الصحة")
	d.Text(strings.Repeat("شارك في ورشة العمل 24 شخصاً من 12 بلدية (في فوبرتال) وتحدثوا عن Gesundheitsversorgung والسكن. ", 4))
	d.Text("من 24")
	d.Heading(2, "السكن")
	d.Table(Table{Columns: []Column{{Title: "الاسم", Weight: 2}, {Title: "البلدية", Weight: 1.5}, {Title: "التوقيع", Weight: 1}}, MinRowHeight: 10},
		[][]string{
			{"محمد الأحمد", "فوبرتال", ""},
			{"Anna Schmidt", "Köln", ""},
			{"ተስፋይ ገብረ", "Bielefeld", ""},
		})
	for range 40 {
		d.Text("سطر لملء الصفحات حتى يظهر رأس الصفحة وتذييلها.")
	}
	return d
}

// TestNoDateNoClock: without Meta.Created the document's dates do not come
// from the clock (fpdf would write the current second), so the same data
// written a second later gives the same bytes and ETag.
func TestNoDateNoClock(t *testing.T) {
	d := New(Meta{Title: "Liste"})
	d.AddPage()
	d.Text("Flüchtlingsrat")
	pdf := pdfBytes(t, d)
	for _, want := range []string{"/CreationDate (D:19700101000000)", "/ModDate (D:19700101000000)"} {
		if !bytes.Contains(pdf, []byte(want)) {
			t.Errorf("the PDF lacks %s", want)
		}
	}
	created := time.Date(2016, 2, 13, 9, 30, 0, 0, time.UTC)
	d = New(Meta{Title: "Liste", Created: created})
	d.AddPage()
	if pdf := pdfBytes(t, d); !bytes.Contains(pdf, []byte("/CreationDate (D:20160213093000)")) {
		t.Error("the PDF lacks the creation date given")
	}
}
