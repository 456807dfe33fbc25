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
	head := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = c.Title
	}
	headStyle := Style{Size: size, Bold: true}
	d.tableRow(t, widths, head, headStyle, true)
	for _, row := range rows {
		h := d.rowHeight(t, widths, row, Style{Size: size})
		if !d.fits(h) {
			d.f.AddPage()
			d.tableRow(t, widths, head, headStyle, true)
		}
		d.tableRow(t, widths, row, Style{Size: size}, false)
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

func (d *Doc) rowHeight(t Table, widths []float64, row []string, st Style) float64 {
	h := t.MinRowHeight
	for i, cell := range row {
		if i >= len(widths) {
			break
		}
		if ch := d.TextHeight(widths[i]-2*cellPad, st, Plain(cell)...) + 2*cellPad; ch > h {
			h = ch
		}
	}
	return h
}

func (d *Doc) tableRow(t Table, widths []float64, row []string, st Style, header bool) {
	h := d.rowHeight(t, widths, row, st)
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
			d.f.Rect(x, y, w, h, "FD")
		} else {
			d.f.Rect(x, y, w, h, "D")
		}
		if i < len(row) {
			cst := st
			cst.Align = t.Columns[i].Align
			d.TextBox(x+cellPad, y+cellPad, w-2*cellPad, cst, Plain(row[i])...)
		}
		if !d.rtl {
			x += w
		}
	}
	d.f.SetY(y + h)
}
