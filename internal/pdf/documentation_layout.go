package pdf

import "strings"

// Small layouts the documentation needs beside the writer's paragraphs:
// text hanging before a paragraph (list markers, the programme's times).

// marker draws text in the w millimetres before a paragraph that starts
// indent+w from the start side, on the line the paragraph will begin. It
// starts a new page first if that line does not fit, so that the marker
// and its text stay together.
func (d *Doc) marker(text string, indent, w float64) {
	d.hanging(Style{}, text, indent, w)
}

// hanging is marker in a style of its own.
func (d *Doc) hanging(st Style, text string, indent, w float64) {
	if !d.fits(st.LineHeight()) {
		d.f.AddPage()
	}
	x := Margin + indent
	st.Align = "L"
	if d.rtl {
		x = Margin + d.PageWidth() - indent - w
		st.Align = "R"
	}
	d.TextBox(x, d.f.GetY(), w-1, st, Plain(text)...)
}

// keepTogether starts a new page unless h millimetres fit on this one, for
// a block that should not be split from its first lines.
func (d *Doc) keepTogether(h float64) {
	if !d.fits(h) {
		d.f.AddPage()
	}
}

// fitLine shortens text with an ellipsis until it fits one line of width w
// in style st: the running header has room for one line only.
func (d *Doc) fitLine(text string, st Style, w float64) string {
	one := st.LineHeight()
	if d.TextHeight(w, st, Plain(text)...) <= one {
		return text
	}
	rs := []rune(text)
	lo, hi := 0, len(rs) // the longest prefix that fits lies in [lo, hi)
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if d.TextHeight(w, st, Plain(string(rs[:mid])+"…")...) <= one {
			lo = mid
		} else {
			hi = mid
		}
	}
	return strings.TrimSpace(string(rs[:lo])) + "…"
}
