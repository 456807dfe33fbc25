package pdf

// Certificate is one person's certificate of attendance, its texts written
// in the document's language by the caller.
type Certificate struct {
	Hosts          string // at the top: who issues it
	Title          string // "Teilnahmebescheinigung"
	Confirms       string // "Hiermit wird bestätigt, dass"
	Name           string
	TookPart       string // "am 13.2.2016 in Wuppertal an „…“ teilgenommen hat."
	Subtitle       string // the edition's subtitle, if any
	Workshop       string // "in der Arbeitsgruppe „Wohnen“", empty for none
	PlaceDate      string // "Wuppertal, 13.2.2016", above the left line
	PlaceDateLabel string // under it: "Ort, Datum"
	Signature      string // under the right line: "Unterschrift"
}

// Certificates writes one page per certificate, in the order given.
func Certificates(m Meta, certs []Certificate) (*Doc, error) {
	m.Header, m.PageOf = "-", ""
	d := New(m)
	d.f.SetAutoPageBreak(false, 0)
	for _, c := range certs {
		d.AddPage()
		d.certificate(c)
	}
	if len(certs) == 0 {
		d.AddPage()
	}
	return d, d.f.Error()
}

// certificate lays out one page: a frame, the hosts, the title, the name
// between what it confirms, and at the bottom place, date and a line to
// sign on.
func (d *Doc) certificate(c Certificate) {
	f := d.f
	pw, ph := f.GetPageSize()
	w := pw - 2*Margin - 10
	x := Margin + 5
	f.SetDrawColor(120, 120, 120)
	f.SetLineWidth(0.4)
	f.Rect(Margin-5, Margin-5, pw-2*Margin+10, ph-2*Margin+10, "D")
	f.SetLineWidth(0.15)
	f.Rect(Margin-3.5, Margin-3.5, pw-2*Margin+7, ph-2*Margin+7, "D")

	y := Margin + 8
	f.SetTextColor(90, 90, 90)
	y += d.TextBox(x, y, w, Style{Size: 10, Align: "C"}, Plain(c.Hosts)...)
	f.SetTextColor(0, 0, 0)

	y = 85
	y += d.TextBox(x, y, w, Style{Size: 28, Bold: true, Align: "C"}, Plain(c.Title)...) + 18
	y += d.TextBox(x, y, w, Style{Size: 12, Align: "C"}, Plain(c.Confirms)...) + 6
	name := d.fitSize(w, 2, Style{Bold: true, Align: "C"}, 24, 14, c.Name)
	y += d.TextBox(x, y, w, name, Plain(c.Name)...) + 6
	y += d.TextBox(x, y, w, Style{Size: 12, Align: "C"}, Plain(c.TookPart)...)
	if c.Subtitle != "" {
		y += 2 + d.TextBox(x, y+2, w, Style{Size: 10.5, Italic: true, Align: "C"}, Plain(c.Subtitle)...)
	}
	if c.Workshop != "" {
		d.TextBox(x, y+8, w, Style{Size: 12, Align: "C"}, Plain(c.Workshop)...)
	}

	// Place and date on the left, the line to sign on the right.
	base := ph - Margin - 40
	half := (w - 20) / 2
	d.TextBox(x, base-6, half, Style{Size: 11}, Plain(c.PlaceDate)...)
	f.SetDrawColor(0, 0, 0)
	f.SetLineWidth(0.3)
	f.Line(x, base, x+half, base)
	f.Line(x+half+20, base, x+w, base)
	d.TextBox(x, base+1.5, half, Style{Size: 9}, Plain(c.PlaceDateLabel)...)
	d.TextBox(x+half+20, base+1.5, half, Style{Size: 9}, Plain(c.Signature)...)
}
