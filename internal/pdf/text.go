package pdf

import (
	"strings"
	"unicode"
	"unicode/utf8"
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

// piece is a run of text in one font: a word, part of a word, or a space.
type piece struct {
	text   string // shaped: Arabic letters in their contextual forms, logical order
	family string
	style  string
	link   string
	width  float64
	space  bool // a breakable space
	brk    bool // a hard line break
	rtl    bool // set by visualOrder: the piece's letters run right to left
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

func fontStyle(bold, italic bool) string {
	s := ""
	if bold {
		s += "B"
	}
	if italic {
		s += "I"
	}
	return s
}

// pieces splits spans into words and spaces, each word into runs of one
// font, shapes them and measures them.
func (d *Doc) pieces(st Style, spans []Span) []piece {
	var out []piece
	size := st.size()
	for _, sp := range spans {
		style := fontStyle(st.Bold || sp.Bold, st.Italic || sp.Italic)
		var run strings.Builder
		runFamily := ""
		flush := func() {
			if run.Len() == 0 {
				return
			}
			p := piece{text: shape(run.String()), family: runFamily, style: style, link: sp.Link}
			d.useFont(p.family, p.style, size)
			p.width = d.f.GetStringWidth(p.text)
			out = append(out, p)
			run.Reset()
		}
		for _, r := range sp.Text {
			switch {
			case r == '\n':
				flush()
				out = append(out, piece{brk: true})
			case unicode.IsSpace(r):
				flush()
				d.useFont(familySans, style, size)
				out = append(out, piece{text: " ", family: familySans, style: style, link: sp.Link, space: true, width: d.f.GetStringWidth(" ")})
			default:
				if f := familyFor(r); f != runFamily && !isNeutral(r) {
					flush()
					runFamily = f
				} else if runFamily == "" {
					runFamily = familySans
				}
				run.WriteRune(r)
			}
		}
		flush()
	}
	return out
}

// isNeutral reports whether r takes the font of the letters around it
// (punctuation and digits within an Ethiopic word stay in its run).
func isNeutral(r rune) bool {
	return unicode.IsPunct(r) || unicode.IsDigit(r)
}

// wrap breaks pieces into lines no wider than w.
func wrap(ps []piece, w float64) []line {
	var lines []line
	var cur line
	i := 0
	for i < len(ps) {
		p := ps[i]
		if p.brk {
			lines = append(lines, trimLine(cur))
			cur = line{}
			i++
			continue
		}
		if p.space {
			if len(cur.pieces) > 0 {
				cur.pieces = append(cur.pieces, p)
				cur.width += p.width
			}
			i++
			continue
		}
		// A word: the pieces up to the next space or break.
		j := i
		ww := 0.0
		for j < len(ps) && !ps[j].space && !ps[j].brk {
			ww += ps[j].width
			j++
		}
		if cur.width+ww > w && len(cur.pieces) > 0 {
			lines = append(lines, trimLine(cur))
			cur = line{}
		}
		if ww > w {
			// A word longer than the line is cut where it must be.
			for _, q := range ps[i:j] {
				for _, part := range splitPiece(q, w, cur.width) {
					if cur.width+part.width > w && len(cur.pieces) > 0 {
						lines = append(lines, trimLine(cur))
						cur = line{}
					}
					cur.pieces = append(cur.pieces, part)
					cur.width += part.width
				}
			}
		} else {
			cur.pieces = append(cur.pieces, ps[i:j]...)
			cur.width += ww
		}
		i = j
	}
	if len(cur.pieces) > 0 || len(lines) == 0 {
		lines = append(lines, trimLine(cur))
	}
	return lines
}

// splitPiece cuts a piece into parts that fit w, the first one into what
// is left of the current line.
func splitPiece(p piece, w, used float64) []piece {
	if p.width <= w-used {
		return []piece{p}
	}
	var parts []piece
	perRune := p.width / float64(utf8.RuneCountInString(p.text))
	room := w - used
	var b strings.Builder
	bw := 0.0
	for _, r := range p.text {
		if bw+perRune > room && b.Len() > 0 {
			q := p
			q.text, q.width = b.String(), bw
			parts = append(parts, q)
			b.Reset()
			bw = 0
			room = w
		}
		b.WriteRune(r)
		bw += perRune
	}
	q := p
	q.text, q.width = b.String(), bw
	return append(parts, q)
}

func trimLine(l line) line {
	for len(l.pieces) > 0 && l.pieces[len(l.pieces)-1].space {
		l.width -= l.pieces[len(l.pieces)-1].width
		l.pieces = l.pieces[:len(l.pieces)-1]
	}
	return l
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
	for _, p := range visualOrder(l.pieces, d.rtl) {
		if p.space {
			left += p.width
			continue
		}
		d.useFont(p.family, p.style, size)
		text := p.text
		if p.rtl {
			text = reverseRunes(text)
		}
		if p.link != "" {
			d.f.SetTextColor(0, 70, 160)
		}
		d.f.Text(left, baseline, text)
		if p.link != "" {
			d.f.SetDrawColor(0, 70, 160)
			d.f.SetLineWidth(0.2)
			d.f.Line(left, baseline+0.6, left+p.width, baseline+0.6)
			d.f.LinkString(left, y, p.width, st.LineHeight(), p.link)
			d.f.SetTextColor(r, g, b)
		}
		left += p.width
	}
}

func reverseRunes(s string) string {
	rs := []rune(s)
	for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
		rs[i], rs[j] = rs[j], rs[i]
	}
	return string(rs)
}
