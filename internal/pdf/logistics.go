package pdf

import (
	"slices"
	"strconv"
	"strings"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/i18n"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// Logistics sheets: what a workshop's room needs to be ready for its
// people, interpreters, childcare, access and catering, one workshop a page.

// LogisticsSheet is one workshop's sheet.
type LogisticsSheet struct {
	Workshop model.Workshop
	Slot     model.Session
	// Listing is ListPlaced, ListGranted or ListFirstChoice: how People
	// were chosen.
	Listing Listing
	// People are the workshop's registrations; cancelled ones are not counted.
	People []model.Registration
}

// Logistics is what the sheets of an edition are made of.
type Logistics struct {
	Conference *model.Conference
	Sheets     []LogisticsSheet
	// Names shows who wrote which access need and childcare note, for
	// organisers, who ask back. Facilitators get the childcare notes
	// without names and only the number of access needs (DESIGN.md:
	// accessibility needs are organisers' to see).
	Names bool
}

// NewLogistics writes the sheets, each on its own page, in the language of l.
func NewLogistics(l *i18n.Localizer, lg Logistics) *Doc {
	conf := lg.Conference
	title := l.T("pdflist_logistics_title") + " · " + conf.Title
	if len(lg.Sheets) == 1 {
		title += " · " + lg.Sheets[0].Workshop.Title
	}
	d := New(Meta{Title: title, Author: conf.Hosts, Subject: conf.Title, Creator: l.T("pdf_creator"),
		Lang: l.Code, PageOf: l.T("pdf_page_of")})
	if len(lg.Sheets) == 0 {
		d.AddPage()
		d.Heading(1, l.T("pdflist_logistics_title"))
		editionLines(d, l, conf)
		d.Space(3)
		d.Paragraph(Style{}, Plain(l.T("pdflist_no_workshops"))...)
	}
	for _, s := range lg.Sheets {
		d.AddPage()
		logisticsSheet(d, l, conf, s, lg.Names)
	}
	return d
}

func logisticsSheet(d *Doc, l *i18n.Localizer, conf *model.Conference, s LogisticsSheet, names bool) {
	w := s.Workshop
	d.Heading(1, w.Title)
	d.Paragraph(Style{Size: 9}, Plain(l.T("pdflist_logistics_title")+" · "+conf.Title)...)
	slotLine(d, l, conf, &w, &s.Slot)
	// Sorted first, so that the notes of each kind come by name.
	people := slices.Clone(s.People)
	SortByName(l.Code, people)
	n := model.NeedsOf(people)
	waiting := s.Listing == ListFirstChoice
	count := l.T("pdflist_people", "People", n.People.Confirmed, "Capacity", w.Capacity)
	if waiting {
		count = l.T("pdflist_people_waiting", "People", n.People.Confirmed, "Waiting", n.People.Waiting, "Capacity", w.Capacity)
	}
	d.Paragraph(Style{}, Plain(count)...)
	if len(w.People) > 0 {
		var ps []string
		for _, p := range w.People {
			ps = append(ps, joinNonEmpty(", ", p.Name, p.Affiliation)+" ("+l.T("role_"+p.Role)+")")
		}
		d.Paragraph(Style{}, Plain(l.T("pdflist_facilitators", "People", strings.Join(ps, "; ")))...)
	}
	switch s.Listing {
	case ListPlaced:
		d.Paragraph(Style{Size: 9}, Plain(l.T("pdflist_basis_placed"))...)
	case ListGranted:
		d.Paragraph(Style{Size: 9}, Plain(l.T("pdflist_basis_granted"))...)
	case ListFirstChoice:
		d.Paragraph(Style{Size: 9, Bold: true}, Plain(l.T("pdflist_basis_first_choice"))...)
	}

	counts := func(c model.Count) []string {
		if waiting {
			return []string{strconv.Itoa(c.Confirmed), strconv.Itoa(c.Waiting)}
		}
		return []string{strconv.Itoa(c.Confirmed)}
	}
	countCols := []Column{{Title: l.T("pdflist_col_people"), Weight: 1.4, Align: "R"}}
	if waiting {
		countCols = []Column{{Title: l.T("pdflist_col_confirmed"), Weight: 1.4, Align: "R"},
			{Title: l.T("pdflist_col_waiting"), Weight: 1.4, Align: "R"}}
	}

	// Interpretation, with whether the workshop offers the language.
	section(d, l.T("pdflist_interpretation"))
	if len(n.Interpretation) == 0 {
		d.Paragraph(Style{}, Plain(l.T("pdflist_none"))...)
	} else {
		offered := model.SplitCodes(w.Languages)
		cols := append([]Column{{Title: l.T("pdflist_col_language"), Weight: 3}, {Title: l.T("pdflist_col_offered"), Weight: 2}}, countCols...)
		var rows [][]string
		for _, t := range n.Interpretation {
			yes := ""
			if slices.Contains(offered, t.Label) {
				yes = l.T("pdflist_offered_yes")
			}
			rows = append(rows, append([]string{model.InterpretLanguageName(t.Label), yes}, counts(t.Count)...))
		}
		d.Table(Table{Columns: cols}, rows)
	}

	// Childcare, by age group.
	section(d, l.T("pdflist_childcare"))
	if n.Families.Total() == 0 {
		d.Paragraph(Style{}, Plain(l.T("pdflist_none"))...)
	} else {
		cols := append([]Column{{Title: "", Weight: 5}}, countCols...)
		rows := [][]string{
			append([]string{l.T("pdflist_families")}, counts(n.Families)...),
			append([]string{l.T("pdflist_children")}, counts(n.Children)...),
		}
		for _, g := range model.GroupAges(n.ChildAges) {
			label := l.T("pdflist_age_group", "From", g.From, "To", g.To)
			rows = append(rows, append([]string{label}, counts(g.Count)...))
		}
		d.Table(Table{Columns: cols}, rows)
		if len(n.UnreadAges) > 0 {
			d.Space(1.5)
			d.Paragraph(Style{Size: 9}, Plain(l.T("pdflist_unread_ages"))...)
			personalNeeds(d, l, n.UnreadAges, names, waiting)
		}
	}

	// Access needs, each as the person wrote it, for organisers; a
	// facilitator learns only how many, since even without a name the
	// words may tell who it is (DESIGN.md: organisers' to see).
	section(d, l.T("pdflist_access"))
	switch {
	case len(n.Accessibility) == 0:
		d.Paragraph(Style{}, Plain(l.T("pdflist_none"))...)
	case names:
		personalNeeds(d, l, n.Accessibility, names, waiting)
	default:
		d.Paragraph(Style{}, Plain(l.T("pdflist_access_count", "Count", len(n.Accessibility)))...)
	}

	// Diets, the same answers grouped.
	section(d, l.T("pdflist_diets"))
	if len(n.Diets) == 0 {
		d.Paragraph(Style{}, Plain(l.T("pdflist_none"))...)
	} else {
		cols := append([]Column{{Title: l.T("pdflist_col_diet"), Weight: 5}}, countCols...)
		var rows [][]string
		for _, t := range n.Diets {
			rows = append(rows, append([]string{t.Label}, counts(t.Count)...))
		}
		d.Table(Table{Columns: cols}, rows)
	}
}

// section starts one part of a sheet, in the outline but not in a table of contents.
func section(d *Doc, title string) {
	d.Space(2)
	d.SubHeading(2, title)
}

// personalNeeds lists what each person wrote, with their name if names,
// and whether they are waiting if the sheet counts people waiting.
func personalNeeds(d *Doc, l *i18n.Localizer, needs []model.PersonalNeed, names, waiting bool) {
	if !names {
		var rows [][]string
		for _, p := range needs {
			rows = append(rows, []string{p.Text})
		}
		d.Table(Table{Columns: []Column{{Title: l.T("pdflist_col_need"), Weight: 1}}}, rows)
		return
	}
	cols := []Column{{Title: l.T("pdflist_col_name"), Weight: 3}, {Title: l.T("pdflist_col_need"), Weight: 6}}
	if waiting {
		cols = slices.Insert(cols, 1, Column{Title: l.T("pdflist_col_status"), Weight: 2})
	}
	var rows [][]string
	for _, p := range needs {
		row := []string{p.Name, p.Text}
		if waiting {
			row = slices.Insert(row, 1, l.T("pdflist_status_"+p.Status))
		}
		rows = append(rows, row)
	}
	d.Table(Table{Columns: cols}, rows)
}
