package pdf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// pdfText writes the document and returns what pdftotext reads from it.
func pdfText(t *testing.T, d *Doc) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := d.Output(&buf); err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext (poppler-utils) is needed to read the PDFs back")
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out), buf.Bytes()
}

func TestTextComesBackFromPDF(t *testing.T) {
	d := New(Meta{Title: "Dokumentation", Author: "Flüchtlingsrat Wuppertal", PageOf: "Seite {page} von {pages}"})
	d.AddPage()
	d.ReserveTOC("Inhalt", []string{"Gesundheitsversorgung", "Wohnen"})
	d.Heading(1, "Gesundheitsversorgung")
	d.Text("Der Flüchtlingsrat und Médecins du Monde in der Bahnhofstraße – „gemeinsam“.")
	d.Heading(2, "Wohnen")
	d.Table(Table{Columns: []Column{{Title: "Name", Weight: 2}, {Title: "Unterschrift", Weight: 1}}, MinRowHeight: 10},
		[][]string{{"Ана Петрова", ""}, {"ተስፋይ ገብረ", ""}})
	text, _ := pdfText(t, d)
	for _, want := range []string{"Flüchtlingsrat", "Gesundheitsversorgung", "Médecins", "Bahnhofstraße", "–", "„gemeinsam“", "Seite 2 von 3", "Ана Петрова", "ተስፋይ"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext lacks %q:\n%s", want, text)
		}
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
