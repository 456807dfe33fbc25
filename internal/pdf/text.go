package pdf

import (
	"strings"
	"unicode"
)

// Style is how a block of text is set.
type Style struct {
	Size   float64 // points; BodySize when 0
	Bold   bool
	Italic bool
	// Align is "L", "C" or "R"; empty means the start of a line in the
	// document's direction (left, or right in Arabic).
	Align string
	// Indent moves the block away from the start side, in millimetres.
	Indent float64
}

// Span is a piece of text in one style. Link makes it a link to that address.
type Span struct {
	Text   string
	Bold   bool
	Italic bool
	Link   string
}

// Plain is the spans of a plain string.
func Plain(s string) []Span { return []Span{{Text: s}} }

// piece is a run of text in one face and one direction: a word, part of a
// word, or a space.
type piece struct {
	text  string // shaped: Arabic letters in their contextual forms, logical order
	face  face
	link  string
	width float64
	space bool  // a breakable space
	brk   bool  // a hard line break
	level uint8 // bidi embedding level; odd levels run right to left
	rtl   bool  // set by visualOrder: the piece's letters run right to left
}

type line struct {
	pieces []piece
	width  float64
}

func (st Style) size() float64 {
	if st.Size == 0 {
		return BodySize
	}
	return st.Size
}

// LineHeight is the height of one line of text of this style in millimetres.
func (st Style) LineHeight() float64 { return st.size() * lineGap * 25.4 / 72 }

// mmPerPt converts points to millimetres, as fpdf does for a document in mm.
const mmPerPt = 1 / (72.0 / 25.4)

// pieces splits spans into words and spaces, each word into runs of one face
// and one bidi level, shapes them and measures them.
func (d *Doc) pieces(st Style, spans []Span) []piece {
	unit := st.size() * mmPerPt / 1000 // millimetres per 1/1000 em
	texts := make([]string, len(spans))
	bidiOn := false
	for i, sp := range spans {
		texts[i] = sanitize(sp.Text)
		bidiOn = bidiOn || needsBidi(texts[i], d.rtl)
	}
	// The bidi levels and the shaping look at the whole paragraph; text
	// without right-to-left letters needs neither (all levels 0).
	var rs []rune
	var levels []uint8
	if bidiOn {
		for _, t := range texts {
			rs = append(rs, []rune(t)...)
		}
		levels = make([]uint8, 0, len(rs))
		start := 0
		for k := 0; k <= len(rs); k++ {
			if k == len(rs) || rs[k] == '\n' {
				levels = append(levels, bidiLevels(rs[start:k], d.rtl)...)
				if k < len(rs) {
					levels = append(levels, 0)
				}
				start = k + 1
			}
		}
	}
	n := 0
	for _, t := range texts {
		n += len(t)
	}
	// About a word and a space per 8 bytes of German.
	out := make([]piece, 0, n/4+4)
	// ri indexes rs and levels: the rune at hand.
	ri := 0
	for si, sp := range spans {
		text := texts[si]
		style := styleOf(st.Bold || sp.Bold, st.Italic || sp.Italic)
		space := face{famSans, style}
		spaceWidth := float64(metrics(space).widths[' ']) * unit
		var cur face
		var curLevel uint8
		inRun := false
		runByte, runRune := 0, 0
		flush := func(endByte, endRune int) {
			if !inRun {
				return
			}
			inRun = false
			p := piece{face: cur, link: sp.Link, level: curLevel}
			if bidiOn {
				p.text = shapeRange(rs, runRune, endRune)
			} else {
				p.text = text[runByte:endByte]
			}
			p.width = measure(metrics(cur), p.text, unit)
			out = append(out, p)
		}
		for bi, r := range text {
			var lv uint8
			if bidiOn {
				lv = levels[ri]
			}
			switch {
			case r == '\n':
				flush(bi, ri)
				out = append(out, piece{brk: true})
			case isBreakingSpace(r):
				flush(bi, ri)
				out = append(out, piece{text: " ", face: space, link: sp.Link, space: true, width: spaceWidth, level: lv})
			default:
				fc := faceFor(r, cur, inRun, style)
				if !inRun || fc != cur || lv != curLevel {
					flush(bi, ri)
					inRun, cur, curLevel = true, fc, lv
					runByte, runRune = bi, ri
				}
			}
			ri++
		}
		flush(len(text), ri)
	}
	return out
}

// isBreakingSpace reports whether a line may break at r: white space except
// the no-break spaces.
func isBreakingSpace(r rune) bool {
	return unicode.IsSpace(r) && r != 0xA0 && r != 0x202F && r != 0x2007
}

// sanitize drops control characters (keeping line breaks and tabs, which are
// white space), makes the paragraph separator a line break (the bidi
// algorithm stops at it) and replaces runes above U+FFFF, which fpdf cannot
// measure, with U+FFFD.
func sanitize(s string) string {
	clean := true
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\t' || r >= 0x7f && r < 0xa0 || r == 0x2029 || r >= maxRune {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == 0x2029: // paragraph separator
			return '\n'
		case r < 0x20 || r >= 0x7f && r < 0xa0:
			return -1
		case r >= maxRune:
			return 0xFFFD
		}
		return r
	}, s)
}

// measure is the width of s in a face, in millimetres (unit per 1/1000 em).
func measure(m *faceMetrics, s string, unit float64) float64 {
	w := 0
	for _, r := range s {
		if r < maxRune {
			w += int(m.widths[r])
		}
	}
	return float64(w) * unit
}

// wrap breaks pieces into lines no wider than w. Each line is a slice of
// the pieces, without the spaces at its ends.
func wrap(ps []piece, w float64) []line {
	ps = cutLongWords(ps, w)
	var lines []line
	start := -1 // the current line's first piece; -1 while it is empty
	width := 0.0
	emit := func(end int) {
		if start < 0 {
			lines = append(lines, line{})
			return
		}
		for end > start && ps[end-1].space {
			end--
			width -= ps[end].width
		}
		lines = append(lines, line{pieces: ps[start:end:end], width: width})
		start, width = -1, 0
	}
	for i := 0; i < len(ps); {
		switch p := ps[i]; {
		case p.brk:
			emit(i)
			i++
		case p.space:
			if start >= 0 {
				width += p.width
			}
			i++
		default:
			// A word: the pieces up to the next space or break.
			j := i
			ww := 0.0
			for j < len(ps) && !ps[j].space && !ps[j].brk {
				ww += ps[j].width
				j++
			}
			if ww <= w {
				if start >= 0 && width+ww > w {
					emit(i)
				}
				if start < 0 {
					start = i
				}
				width += ww
				i = j
				continue
			}
			// A word cut by cutLongWords: its parts go where they fit.
			for ; i < j; i++ {
				if start >= 0 && width+ps[i].width > w {
					emit(i)
				}
				if start < 0 {
					start = i
				}
				width += ps[i].width
			}
		}
	}
	if start >= 0 || len(lines) == 0 {
		emit(len(ps))
	}
	return lines
}

// cutLongWords cuts the pieces of words wider than w into parts no wider
// than w (at least one letter each), so that wrap can put them on lines of
// their own. Most text has no such word and is returned as it is.
func cutLongWords(ps []piece, w float64) []piece {
	long := false
	for i := 0; i < len(ps) && !long; {
		j, ww := i, 0.0
		for j < len(ps) && !ps[j].space && !ps[j].brk {
			ww += ps[j].width
			j++
		}
		long = ww > w
		i = max(j, i+1)
	}
	if !long {
		return ps
	}
	var out []piece
	for _, p := range ps {
		if p.width <= w || p.space || p.brk {
			out = append(out, p)
			continue
		}
		m := metrics(p.face)
		total := 0
		for _, r := range p.text {
			total += int(m.widths[r])
		}
		perUnit := p.width / float64(max(total, 1))
		from, used := 0, 0.0
		for bi, r := range p.text {
			rw := float64(m.widths[r]) * perUnit
			if used+rw > w && bi > from {
				q := p
				q.text, q.width = p.text[from:bi], used
				out = append(out, q)
				from, used = bi, 0
			}
			used += rw
		}
		q := p
		q.text, q.width = p.text[from:], used
		out = append(out, q)
	}
	return out
}

// TextHeight is the height spans need when set in width w.
func (d *Doc) TextHeight(w float64, st Style, spans ...Span) float64 {
	return float64(len(wrap(d.pieces(st, spans), w-st.Indent))) * st.LineHeight()
}

// TextBox sets spans into width w from (x, y), without breaking the page,
// and returns the height used.
func (d *Doc) TextBox(x, y, w float64, st Style, spans ...Span) float64 {
	lines := wrap(d.pieces(st, spans), w-st.Indent)
	lh := st.LineHeight()
	for i, l := range lines {
		d.drawLine(l, x, y+float64(i)*lh, w, st)
	}
	return float64(len(lines)) * lh
}

// Paragraph sets spans across the page from the current position, breaking
// pages between lines, and moves below it.
func (d *Doc) Paragraph(st Style, spans ...Span) {
	lines := wrap(d.pieces(st, spans), d.PageWidth()-st.Indent)
	lh := st.LineHeight()
	for _, l := range lines {
		if !d.fits(lh) {
			d.f.AddPage()
		}
		y := d.f.GetY()
		d.drawLine(l, Margin, y, d.PageWidth(), st)
		d.f.SetY(y + lh)
	}
}

// Text writes a plain paragraph in the body style, followed by a little space.
func (d *Doc) Text(s string) {
	d.Paragraph(Style{}, Plain(s)...)
	d.Space(BodySize * 0.4 * 25.4 / 72)
}

// drawLine draws one line whose top is at y within the box from x of width w.
func (d *Doc) drawLine(l line, x, y, w float64, st Style) {
	size := st.size()
	align := st.Align
	if align == "" {
		align = "L"
		if d.rtl {
			align = "R"
		}
	}
	left := x
	if align == "L" {
		left += st.Indent
	}
	switch align {
	case "R":
		left = x + w - l.width
		if d.rtl {
			left -= st.Indent
		}
	case "C":
		left = x + (w-l.width)/2
	}
	baseline := y + st.LineHeight()*0.72
	r, g, b := d.f.GetTextColor()
	ps := visualOrder(l.pieces)
	var cur face
	fontSet := false // set once per line: between lines a page break may change it
	var buf strings.Builder
	for i := 0; i < len(ps); {
		p := ps[i]
		// Pieces side by side in one face are drawn as one string: fewer,
		// longer text operators, as fpdf's own cells write them.
		j := i + 1
		for j < len(ps) && ps[j].face == p.face && ps[j].link == p.link {
			j++
		}
		width := 0.0
		for _, q := range ps[i:j] {
			width += q.width
		}
		text := drawText(p)
		if j > i+1 {
			buf.Reset()
			for _, q := range ps[i:j] {
				buf.WriteString(drawText(q))
			}
			text = buf.String()
		}
		i = j
		if strings.TrimSpace(text) == "" {
			left += width
			continue
		}
		if !fontSet || cur != p.face {
			d.useFont(p.face, size)
			cur, fontSet = p.face, true
		}
		if p.link != "" {
			d.f.SetTextColor(0, 70, 160)
		}
		d.f.Text(left, baseline, text)
		if p.link != "" {
			d.f.SetDrawColor(0, 70, 160)
			d.f.SetLineWidth(0.2)
			d.f.Line(left, baseline+0.6, left+width, baseline+0.6)
			d.f.LinkString(left, y, width, st.LineHeight(), p.link)
			d.f.SetTextColor(r, g, b)
		}
		left += width
	}
}

// drawText is a piece's text in drawing order.
func drawText(p piece) string {
	if p.rtl {
		return visualRTL(p.text)
	}
	return p.text
}
