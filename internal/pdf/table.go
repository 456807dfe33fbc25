package pdf

// Column is one column of a table.
type Column struct {
	Title string
	// Weight is the column's share of the width, relative to the others.
	Weight float64
	Align  string // "L", "C", "R" or empty for the start side
}

// Table is how a table is drawn.
type Table struct {
	Columns []Column
	Size    float64 // points; 9 when 0
	// MinRowHeight keeps rows at least this tall (mm), room for a signature.
	MinRowHeight float64
}

const cellPad = 1.5 // mm inside each cell

// Table draws rows under a header row, repeating the header on every page
// it continues on. In a right-to-left document the first column is on the right.
func (d *Doc) Table(t Table, rows [][]string) {
	size := t.Size
	if size == 0 {
		size = 9
	}
	widths := d.columnWidths(t)
	titles := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		titles[i] = c.Title
	}
	head := d.layoutRow(t, widths, titles, Style{Size: size, Bold: true})
	d.drawRow(t, widths, head, true)
	body := Style{Size: size}
	for _, row := range rows {
		r := d.layoutRow(t, widths, row, body)
		if !d.fits(r.height) {
			d.f.AddPage()
			d.drawRow(t, widths, head, true)
		}
		d.drawRow(t, widths, r, false)
	}
}

func (d *Doc) columnWidths(t Table) []float64 {
	total := 0.0
	for _, c := range t.Columns {
		total += c.Weight
	}
	ws := make([]float64, len(t.Columns))
	for i, c := range t.Columns {
		ws[i] = d.PageWidth() * c.Weight / total
	}
	return ws
}

// rowLayout is a row's cells broken into lines, measured once for both the
// page break and the drawing.
type rowLayout struct {
	cells  [][]line
	styles []Style
	height float64
}

func (d *Doc) layoutRow(t Table, widths []float64, row []string, st Style) rowLayout {
	r := rowLayout{height: t.MinRowHeight}
	for i, cell := range row {
		if i >= len(widths) {
			break
		}
		cst := st
		cst.Align = t.Columns[i].Align
		lines := wrap(d.pieces(cst, Plain(cell)), widths[i]-2*cellPad)
		r.cells = append(r.cells, lines)
		r.styles = append(r.styles, cst)
		r.height = max(r.height, float64(len(lines))*cst.LineHeight()+2*cellPad)
	}
	return r
}

func (d *Doc) drawRow(t Table, widths []float64, r rowLayout, header bool) {
	y := d.f.GetY()
	x := Margin
	if d.rtl {
		x = Margin + d.PageWidth()
	}
	d.f.SetDrawColor(120, 120, 120)
	d.f.SetLineWidth(0.2)
	for i, w := range widths {
		if d.rtl {
			x -= w
		}
		if header {
			d.f.SetFillColor(230, 230, 230)
			d.f.Rect(x, y, w, r.height, "FD")
		} else {
			d.f.Rect(x, y, w, r.height, "D")
		}
		if i < len(r.cells) {
			st := r.styles[i]
			for k, l := range r.cells[i] {
				d.drawLine(l, x+cellPad, y+cellPad+float64(k)*st.LineHeight(), w-2*cellPad, st)
			}
		}
		if !d.rtl {
			x += w
		}
	}
	d.f.SetY(y + r.height)
}
