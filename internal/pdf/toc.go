package pdf

import (
	"math"
	"strconv"
)

type tocEntry struct {
	level int
	text  string
	page  int
	link  int
}

// Heading sizes by level, in points.
var headingSize = map[int]float64{1: 17, 2: 13.5, 3: 11.5, 4: 10.5}

// Heading writes a heading of level 1 to 4, adds it to the PDF's outline
// (bookmarks) and, for levels 1 and 2, to the table of contents. A heading
// never stands alone at the bottom of a page.
func (d *Doc) Heading(level int, text string) {
	d.heading(level, text, level <= 2)
}

// SubHeading is a heading in the outline but not in the table of contents:
// the headings inside minutes.
func (d *Doc) SubHeading(level int, text string) {
	d.heading(level, text, false)
}

func (d *Doc) heading(level int, text string, inTOC bool) {
	if level < 1 {
		level = 1
	}
	if level > 4 {
		level = 4
	}
	st := Style{Size: headingSize[level], Bold: true}
	need := d.TextHeight(d.PageWidth(), st, Plain(text)...) + 3*Style{}.LineHeight()
	if !d.fits(need) {
		d.f.AddPage()
	} else if d.f.GetY() > Margin+1 {
		d.f.SetY(d.f.GetY() + st.LineHeight()*0.5)
	}
	d.f.Bookmark(text, level-1, -1)
	if inTOC {
		link := d.f.AddLink()
		d.f.SetLink(link, d.f.GetY(), d.f.PageNo())
		d.toc = append(d.toc, tocEntry{level: level, text: text, page: d.f.PageNo(), link: link})
	}
	d.Paragraph(st, Plain(text)...)
	d.f.SetY(d.f.GetY() + st.LineHeight()*0.25)
}

// TOC numbers: the entries' page numbers, in order, as the table of
// contents prints them (for tests and for callers that check them).
func (d *Doc) TOC() []int {
	pages := make([]int, len(d.toc))
	for i, e := range d.toc {
		pages[i] = e.page
	}
	return pages
}

var (
	tocStyle      = Style{Size: 10.5}
	tocTitleStyle = Style{Size: 17, Bold: true}
)

// tocNumberWidth is the room for the page numbers in the table of contents.
const tocNumberWidth = 14.0

// ReserveTOC starts the pages that the table of contents will fill when the
// document is written. entries are the texts of the level 1 and 2 headings
// that will follow; they are measured here so that enough pages are kept.
func (d *Doc) ReserveTOC(title string, entries []string) {
	d.tocTitle = title
	_, ph := d.f.GetPageSize()
	usable := ph - 2*Margin
	first := usable - 2*tocTitleStyle.LineHeight()
	need := 0.0
	for _, e := range entries {
		need += d.tocEntryHeight(e, Style{Size: tocStyle.Size, Bold: true, Indent: 6})
	}
	n := 1
	if rest := need - first; rest > 0 {
		n += int(math.Ceil(rest / (usable - tocStyle.LineHeight())))
	}
	for range n {
		d.f.AddPage()
		d.tocPages = append(d.tocPages, d.f.PageNo())
	}
	d.f.AddPage()
}

// writeTOC fills the reserved pages, each entry linked to its heading.
func (d *Doc) writeTOC() {
	if len(d.tocPages) == 0 {
		return
	}
	last := d.f.PageNo()
	d.f.SetAutoPageBreak(false, Margin)
	_, ph := d.f.GetPageSize()
	pi := 0
	d.f.SetPage(d.tocPages[pi])
	y := Margin
	y += d.TextBox(Margin, y, d.PageWidth(), tocTitleStyle, Plain(d.tocTitle)...) + tocTitleStyle.LineHeight()
	numW := tocNumberWidth
	for _, e := range d.toc {
		indent := float64(e.level-1) * 6
		st := tocStyle
		st.Bold = e.level == 1
		st.Indent = indent
		h := d.tocEntryHeight(e.text, st)
		if y+h > ph-Margin && pi+1 < len(d.tocPages) {
			pi++
			d.f.SetPage(d.tocPages[pi])
			y = Margin
		}
		textX, numX := Margin, Margin+d.PageWidth()-numW
		if d.rtl {
			textX, numX = Margin+numW, Margin
		}
		d.TextBox(textX, y, d.PageWidth()-numW, st, Plain(e.text)...)
		numAlign := "R"
		if d.rtl {
			numAlign = "L"
		}
		d.TextBox(numX, y, numW, Style{Size: tocStyle.Size, Align: numAlign}, Plain(strconv.Itoa(e.page))...)
		d.f.Link(Margin, y, d.PageWidth(), h, e.link)
		y += h
	}
	d.f.SetPage(last)
	d.f.SetAutoPageBreak(true, Margin)
}

// tocEntryHeight is the height of one entry with the gap below it.
func (d *Doc) tocEntryHeight(text string, st Style) float64 {
	return d.TextHeight(d.PageWidth()-tocNumberWidth, st, Plain(text)...) + tocStyle.LineHeight()*0.2
}
