package pdf

import (
	"bytes"
	"testing"
)

// The same document written twice gives the same bytes: its SHA-256 is the
// ETag, so a second request for unchanged data can be answered 304.
func TestSameDataSameBytes(t *testing.T) {
	write := func() []byte {
		d := New(Meta{Title: "Liste", PageOf: "Seite {page} von {pages}"})
		d.AddPage()
		d.Heading(1, "Flüchtlingsrat")
		d.Paragraph(Style{Bold: true}, Plain("fett")...)
		d.Paragraph(Style{Italic: true}, Plain("kursiv ተስፋይ Ана")...)
		var b bytes.Buffer
		if err := d.Output(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	first := write()
	for range 5 {
		if !bytes.Equal(first, write()) {
			t.Fatal("the same document gave different bytes")
		}
	}
}
