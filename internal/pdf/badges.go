package pdf

import "fmt"

// Badge is one person's name badge.
type Badge struct {
	Name         string
	Organisation string
	Languages    []string // in their own names and scripts (Endonyms)
	Workshops    []string // the workshops the person was placed in or granted
	CheckIn      string   // the absolute check-in address the QR code carries
}

// BadgeSheet is what every badge of a set says besides its person.
type BadgeSheet struct {
	Edition  string // the edition's title, at the top of each badge
	Workshop string // the label before the workshops ("Workshop")
}

// The badge grid: 2 × 4 badges of 95 × 68 mm, edge to edge in the middle of
// an A4 sheet, so that one cut separates two badges; the cutting marks
// extend each cut line into the margin around the grid, where nothing else
// is printed.
const (
	badgeW, badgeH     = 95.0, 68.0
	badgeCols          = 2
	badgeRows          = 4
	BadgesPerPage      = badgeCols * badgeRows
	badgePad           = 5.0
	badgeQR            = 26.0 // the QR code's side, quiet zone included
	qrQuiet            = 4    // modules of white around the code, as ISO/IEC 18004 asks
	qrEdge             = 3.0  // from the code's box to the cut
	cutMarkGap, cutLen = 2.0, 5.0
)

// Badges writes the badges, eight to a page, in the order given.
func Badges(m Meta, sheet BadgeSheet, badges []Badge) (*Doc, error) {
	m.Header, m.PageOf = "-", ""
	d := New(m)
	d.f.SetAutoPageBreak(false, 0)
	pw, ph := d.f.GetPageSize()
	left := (pw - badgeCols*badgeW) / 2
	top := (ph - badgeRows*badgeH) / 2
	codes, err := encodeQRCodes(badges)
	if err != nil {
		return nil, err
	}
	for i, b := range badges {
		slot := i % BadgesPerPage
		if slot == 0 {
			d.AddPage()
			d.cutMarks(left, top)
		}
		x := left + float64(slot%badgeCols)*badgeW
		y := top + float64(slot/badgeCols)*badgeH
		// Whatever a very long name or list takes, it stays on its badge.
		d.f.ClipRect(x, y, badgeW, badgeH, false)
		d.badge(x, y, sheet, b, codes[i])
		d.f.ClipEnd()
	}
	if len(badges) == 0 {
		d.AddPage()
	}
	return d, d.f.Error()
}

// cutMarks draws, outside the grid whose top left corner is (left, top),
// a thin line continuing each cut.
func (d *Doc) cutMarks(left, top float64) {
	f := d.f
	f.SetDrawColor(0, 0, 0)
	f.SetLineWidth(0.15)
	right, bottom := left+badgeCols*badgeW, top+badgeRows*badgeH
	for c := 0; c <= badgeCols; c++ {
		x := left + float64(c)*badgeW
		f.Line(x, top-cutMarkGap-cutLen, x, top-cutMarkGap)
		f.Line(x, bottom+cutMarkGap, x, bottom+cutMarkGap+cutLen)
	}
	for r := 0; r <= badgeRows; r++ {
		y := top + float64(r)*badgeH
		f.Line(left-cutMarkGap-cutLen, y, left-cutMarkGap, y)
		f.Line(right+cutMarkGap, y, right+cutMarkGap+cutLen, y)
	}
}

// badge draws one badge with its top left corner at (x, y): the edition
// at the top, the name as large as fits two lines, the organisation, and
// below on the left the languages and workshops, on the right the QR code.
func (d *Doc) badge(x, y float64, sheet BadgeSheet, b Badge, code *qrMatrix) {
	inner := badgeW - 2*badgePad
	cy := y + badgePad
	d.f.SetTextColor(90, 90, 90)
	cy += d.TextBox(x+badgePad, cy, inner, Style{Size: 8, Align: "C"}, Plain(sheet.Edition)...)
	d.f.SetTextColor(0, 0, 0)
	d.f.SetDrawColor(150, 150, 150)
	d.f.SetLineWidth(0.2)
	d.f.Line(x+badgePad, cy+1, x+badgeW-badgePad, cy+1)
	cy += 3

	name := d.fitSize(inner, 2, Style{Bold: true, Align: "C"}, 22, 11, b.Name)
	cy += d.TextBox(x+badgePad, cy, inner, name, Plain(b.Name)...)
	if b.Organisation != "" {
		org := d.fitSize(inner, 2, Style{Align: "C"}, 10.5, 8, b.Organisation)
		cy += 0.5 + d.TextBox(x+badgePad, cy+0.5, inner, org, Plain(b.Organisation)...)
	}

	// The quiet zone is white already: the code's box reaches nearer the
	// cut than the text does, and its dark modules line up with the text.
	qrX, qrY := x+badgeW-badgeQR-qrEdge, y+badgeH-badgeQR-qrEdge
	d.qrCode(qrX, qrY, badgeQR, code)

	// Languages and workshops, left of the code, from the bottom up.
	colW := qrX - x - badgePad - 1
	var lines [][]Span
	if len(b.Languages) > 0 {
		lines = append(lines, dotted(b.Languages))
	}
	for _, w := range b.Workshops {
		lines = append(lines, []Span{{Text: sheet.Workshop + ": ", Bold: true}, {Text: w}})
	}
	st := Style{Size: 9}
	bottom := y + badgeH - badgePad
	room := bottom - (cy + 2)
	for st.Size > 6.5 && d.linesHeight(colW, st, lines) > room {
		st.Size -= 0.5
	}
	ly := bottom - d.linesHeight(colW, st, lines)
	for _, l := range lines {
		ly += d.TextBox(x+badgePad, ly, colW, st, l...) + 0.8
	}
}

// dotted sets items with a middle dot between them, each item and each dot
// a span of its own: the text writer gives punctuation the font of the
// letters before it in its span, even across a space, and Noto Sans
// Ethiopic has no middle dot.
func dotted(items []string) []Span {
	var out []Span
	for i, it := range items {
		if i > 0 {
			out = append(out, Span{Text: " · "})
		}
		out = append(out, Span{Text: it})
	}
	return out
}

// linesHeight is the height of blocks set one below the other in width w.
func (d *Doc) linesHeight(w float64, st Style, lines [][]Span) float64 {
	h := 0.0
	for _, l := range lines {
		h += d.TextHeight(w, st, l...) + 0.8
	}
	return h
}

// fitSize returns st at the largest size from max down to min at which
// text takes at most maxLines lines in width w; min if none does.
func (d *Doc) fitSize(w float64, maxLines int, st Style, max, min float64, text string) Style {
	for st.Size = max; st.Size > min; st.Size -= 1 {
		if d.TextHeight(w, st, Plain(text)...) <= float64(maxLines)*st.LineHeight()+0.01 {
			return st
		}
	}
	st.Size = min
	return st
}

// encodeQRCodes encodes the badges' check-in addresses.
func encodeQRCodes(badges []Badge) ([]*qrMatrix, error) {
	codes := make([]*qrMatrix, len(badges))
	for i, b := range badges {
		var err error
		if codes[i], err = encodeQR(b.CheckIn); err != nil {
			return nil, fmt.Errorf("pdf: QR code of %s: %w", b.Name, err)
		}
	}
	return codes, nil
}

// qrCode draws a QR code of side size (quiet zone included) with its top
// left corner at (x, y), as filled rectangles: one for each run of dark
// modules in a row, which keeps it sharp at any print size and the file
// small.
func (d *Doc) qrCode(x, y, size float64, code *qrMatrix) {
	n := code.size
	module := size / float64(n+2*qrQuiet)
	d.f.SetFillColor(0, 0, 0)
	for row := 0; row < n; row++ {
		for col := 0; col < n; {
			if !code.at(col, row) {
				col++
				continue
			}
			start := col
			for col < n && code.at(col, row) {
				col++
			}
			d.f.Rect(x+float64(qrQuiet+start)*module, y+float64(qrQuiet+row)*module,
				float64(col-start)*module, module, "F")
		}
	}
}
