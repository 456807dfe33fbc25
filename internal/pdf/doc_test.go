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

func TestWriteSample(t *testing.T) {
	out := os.Getenv("PDF_SAMPLE")
	if out == "" {
		t.Skip("set PDF_SAMPLE to a file name to write a sample")
	}
	d := New(Meta{Title: "Dokumentation", PageOf: "Seite {page} von {pages}"})
	d.AddPage()
	d.ReserveTOC("Inhalt", []string{"Gesundheitsversorgung", "Wohnen"})
	d.Heading(1, "Gesundheitsversorgung")
	d.Text(strings.Repeat("Der Flüchtlingsrat und Médecins du Monde in der Bahnhofstraße – „gemeinsam“. ", 8))
	d.Heading(2, "Wohnen")
	d.Table(Table{Columns: []Column{{Title: "Name", Weight: 2}, {Title: "Unterschrift", Weight: 1}}, MinRowHeight: 10},
		[][]string{{"Ана Петрова", ""}, {"ተስፋይ ገብረ", ""}})
	var buf bytes.Buffer
	if err := d.Output(&buf); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(out, buf.Bytes(), 0o600)
}
