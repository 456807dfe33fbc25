package pdf

import (
	"fmt"
	"strings"
	"testing"
)

// A table of contents over several pages: every entry is readable with
// the page number of its heading, and every page is numbered with the
// real total, the pages turned back to included.
func TestLongTableOfContents(t *testing.T) {
	d := New(Meta{Title: "Dokumentation", PageOf: "Seite {page} von {pages}"})
	d.AddPage()
	var titles []string
	for i := range 90 {
		titles = append(titles, fmt.Sprintf("Arbeitsgruppe %02d: Gesundheitsversorgung", i+1))
	}
	d.ReserveTOC("Inhalt", titles)
	for _, title := range titles {
		d.Heading(1, title)
		d.Text(strings.Repeat("Der Flüchtlingsrat berichtet. ", 40))
	}
	text, _ := pdfText(t, d)
	pages := strings.Split(text, "\f")
	pages = pages[:len(pages)-1]
	if len(d.tocPages) < 2 {
		t.Fatalf("%d pages of contents for 90 entries", len(d.tocPages))
	}
	toc := strings.Join(pages[d.tocPages[0]-1:d.tocPages[len(d.tocPages)-1]], "\n")
	for i, title := range titles {
		page := d.TOC()[i]
		found := false
		for _, l := range strings.Split(toc, "\n") {
			f := strings.Fields(l)
			if strings.Contains(l, title) && len(f) > 0 && f[len(f)-1] == fmt.Sprint(page) {
				found = true
			}
		}
		if !found {
			t.Errorf("contents lack %q with page %d", title, page)
		}
		if !strings.Contains(pages[page-1], title) {
			t.Errorf("%q is not on page %d", title, page)
		}
	}
	for i, p := range pages {
		if want := fmt.Sprintf("Seite %d von %d", i+1, len(pages)); !strings.Contains(p, want) {
			t.Errorf("page %d lacks %q", i+1, want)
		}
	}
}
