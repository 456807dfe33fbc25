package pdf

import (
	"io"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/assets"
)

// benchParagraphs is about 150 pages of German body text: 700 paragraphs of
// 100 words each, made of the seed report's vocabulary.
func benchParagraphs() []string {
	words := strings.Fields(`Die Teilnehmenden der kommunalen Flüchtlingskonferenz in Wuppertal
		diskutierten über Wohnen, Gesundheitsversorgung, Bildung und den Zugang zum Arbeitsmarkt.
		Ratsmitglieder aus Bielefeld und Köln berichteten über ihre Erfahrungen mit der Unterbringung
		in Sammelunterkünften und Wohnungen, über die elektronische Gesundheitskarte, über Sprachkurse
		und Anerkennungsverfahren. Der Flüchtlingsrat und die Selbstorganisation „Voix des Migrants“
		forderten, dass Geflüchtete an den Entscheidungen beteiligt werden – nicht nur als Betroffene.`)
	ps := make([]string, 700)
	for i := range ps {
		var b strings.Builder
		for j := range 100 {
			if j > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[(i*7+j)%len(words)])
		}
		ps[i] = b.String()
	}
	return ps
}

// BenchmarkParagraphs writes the same text through the writer (Paragraph)
// and with bare fpdf (MultiCell) in the same font and size, without running
// headers and footers on either side:
//
//	go test -run '^$' -bench BenchmarkParagraphs -benchmem ./internal/pdf/
func BenchmarkParagraphs(b *testing.B) {
	ps := benchParagraphs()
	b.Run("writer", func(b *testing.B) {
		pages := 0
		for b.Loop() {
			d := New(Meta{Title: "Dokumentation", Header: "-"})
			d.AddPage()
			for _, p := range ps {
				d.Paragraph(Style{}, Plain(p)...)
			}
			if err := d.Output(io.Discard); err != nil {
				b.Fatal(err)
			}
			pages = d.f.PageCount()
		}
		b.ReportMetric(float64(pages), "pages")
	})
	b.Run("fpdf", func(b *testing.B) {
		font, err := assets.Fonts.ReadFile(fontFiles[famSans][0])
		if err != nil {
			b.Fatal(err)
		}
		pages := 0
		for b.Loop() {
			f := fpdf.New("P", "mm", "A4", "")
			f.SetMargins(Margin, Margin, Margin)
			f.SetAutoPageBreak(true, Margin)
			f.SetCompression(true)
			f.AddUTF8FontFromBytes("sans", "", font)
			f.SetFont("sans", "", BodySize)
			f.AddPage()
			for _, p := range ps {
				f.MultiCell(0, Style{}.LineHeight(), p, "", "L", false)
			}
			if err := f.Output(io.Discard); err != nil {
				b.Fatal(err)
			}
			pages = f.PageCount()
		}
		b.ReportMetric(float64(pages), "pages")
	})
}
