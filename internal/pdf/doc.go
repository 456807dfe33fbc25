// Package pdf writes the conference's documents: the documentation of an
// edition, participant lists and sign-in sheets, badges, certificates and
// logistics sheets. It reads model values that the store returned and never
// touches the database. Text goes through one writer (text.go) that picks a
// font by script, joins Arabic letters and orders right-to-left text, because
// fpdf draws code points as they come.
package pdf

import (
	"io"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// Meta is what every document says about itself.
type Meta struct {
	Title   string // the PDF's title, also the running header when Header is empty
	Author  string // the edition's hosts, or the series
	Subject string
	Creator string // the app's name in the document's language
	Lang    string // BCP 47 language of the document, "de" when empty
	// Header is the running header on every page but the first; "-" for none.
	Header string
	// PageOf is the footer, with {page} and {pages} for the numbers
	// ("Seite {page} von {pages}"); empty for no footer.
	PageOf string
	// Landscape turns the pages to A4 landscape.
	Landscape bool
	// Created is the creation date in the metadata. fpdf always writes one,
	// the current time when none is set; for the zero time the document says
	// 1 January 1970 (the Unix epoch, the usual "no date" of reproducible
	// builds), so that the same data gives the same bytes, whenever it is written.
	Created time.Time
}

// Page geometry in millimetres.
const (
	Margin   = 20.0
	BodySize = 10.5 // points
	lineGap  = 1.35 // line height as a multiple of the font size
)

// Doc is one document being written.
type Doc struct {
	f     *fpdf.Fpdf
	meta  Meta
	fonts [len(families) * len(styles)]bool // the faces registered with fpdf
	rtl   bool                              // the document's base direction is right to left

	toc      []tocEntry
	tocPages []int // the pages reserved for the table of contents
	tocTitle string
}

// New starts an A4 document with its metadata, running header and footer.
func New(m Meta) *Doc {
	if m.Lang == "" {
		m.Lang = "de"
	}
	orientation := "P"
	if m.Landscape {
		orientation = "L"
	}
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: orientation, UnitStr: "mm", SizeStr: "A4"})
	d := &Doc{f: f, meta: m, rtl: isRTLLang(m.Lang)}
	f.SetMargins(Margin, Margin, Margin)
	f.SetAutoPageBreak(true, Margin)
	f.SetTitle(m.Title, true)
	f.SetAuthor(m.Author, true)
	f.SetSubject(m.Subject, true)
	f.SetCreator(m.Creator, true)
	f.SetLang(m.Lang)
	created := m.Created
	if created.IsZero() {
		created = time.Unix(0, 0).UTC()
	}
	f.SetCreationDate(created)
	f.SetModificationDate(created)
	f.SetCompression(true)
	// fpdf writes fonts and images in map order unless told to sort them;
	// sorted, the same data gives the same bytes, and so the same ETag.
	f.SetCatalogSort(true)
	f.SetHeaderFunc(d.header)
	return d
}

func isRTLLang(lang string) bool {
	base, _, _ := strings.Cut(lang, "-")
	switch base {
	case "ar", "fa", "he", "ur", "ps", "ku":
		return true
	}
	return false
}

// Fpdf gives the document's fpdf value to the layouts that place things
// themselves (badges, cutting marks). Text must still go through TextBox.
func (d *Doc) Fpdf() *fpdf.Fpdf { return d.f }

// RTL reports whether the document's base direction is right to left.
func (d *Doc) RTL() bool { return d.rtl }

// PageWidth is the width between the margins.
func (d *Doc) PageWidth() float64 {
	w, _ := d.f.GetPageSize()
	return w - 2*Margin
}

// AddPage starts a new page.
func (d *Doc) AddPage() { d.f.AddPage() }

// Space moves down by h millimetres, starting a new page when the rest of
// the page is shorter.
func (d *Doc) Space(h float64) {
	if !d.fits(h) {
		d.f.AddPage()
		return
	}
	d.f.SetY(d.f.GetY() + h)
}

// fits reports whether h millimetres fit above the bottom margin.
func (d *Doc) fits(h float64) bool {
	_, ph := d.f.GetPageSize()
	return d.f.GetY()+h <= ph-Margin
}

// Output finishes the document (the table of contents, if one was reserved)
// and writes it.
func (d *Doc) Output(w io.Writer) error {
	if err := d.f.Error(); err != nil {
		return err
	}
	d.writeTOC()
	d.writeFooters()
	return d.f.Output(w)
}

func (d *Doc) header() {
	if d.f.PageNo() == 1 || d.meta.Header == "-" {
		return
	}
	text := d.meta.Header
	if text == "" {
		text = d.meta.Title
	}
	d.f.SetTextColor(90, 90, 90)
	d.f.SetXY(Margin, 9)
	d.TextBox(Margin, 9, d.PageWidth(), Style{Size: 8}, Span{Text: text})
	d.f.SetDrawColor(180, 180, 180)
	d.f.Line(Margin, 14, Margin+d.PageWidth(), 14)
	d.f.SetTextColor(0, 0, 0)
	d.f.SetXY(Margin, Margin)
}

// writeFooters numbers the pages once all are written, so that the total
// is known and each footer is centred on its real width (an alias that fpdf
// replaces later would be centred on the alias).
func (d *Doc) writeFooters() {
	if d.meta.PageOf == "" {
		return
	}
	last := d.f.PageCount()
	current := d.f.PageNo()
	d.f.SetAutoPageBreak(false, Margin)
	_, ph := d.f.GetPageSize()
	r, g, b := d.f.GetTextColor()
	for p := 1; p <= last; p++ {
		d.f.SetPage(p)
		text := strings.NewReplacer("{page}", strconv.Itoa(p), "{pages}", strconv.Itoa(last)).Replace(d.meta.PageOf)
		d.f.SetTextColor(90, 90, 90)
		d.TextBox(Margin, ph-12, d.PageWidth(), Style{Size: 8, Align: "C"}, Span{Text: text})
	}
	d.f.SetTextColor(r, g, b)
	d.f.SetPage(current)
	d.f.SetAutoPageBreak(true, Margin)
}
