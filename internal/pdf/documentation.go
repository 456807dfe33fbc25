package pdf

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/i18n"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// Documentation is what the documentation of an edition prints: only what
// the public may read (published minutes, adopted demands) and counts
// without names.
type Documentation struct {
	Series     model.Series
	Conference model.Conference
	Programme  []model.Session // in order, with people and workshops
	Records    []Record        // published minutes in the programme's order
	Adopted    []Demand        // the edition's adopted demands
	Earlier    []Demand        // adopted at earlier editions of the series
	Counts     []Count         // confirmed registrations by category and municipality
	Choices    []SlotChoices   // from the published run; none before one is
}

// Record is one item's or workshop's published minutes.
type Record struct {
	Title   string // the workshop's or the item's
	Context string // for a workshop, its slot
	Body    string // Markdown
	Files   []Attachment
}

// Attachment is a file of published minutes, with its public address.
type Attachment struct {
	Name, ContentType string
	Size              int64
	URL               string
}

// Demand is an adopted resolution with its vote, its state (the kind of
// its latest follow-up, "" while none) and its public page.
type Demand struct {
	model.Resolution
	Vote    []model.VoteGroup
	State   string
	Edition string // for an earlier demand, its edition's title
	URL     string
}

// Count is how many confirmed registrations share a category and a
// municipality, and how many of them were present.
type Count struct {
	Category, Municipality string
	Registered, Present    int
}

// SlotChoices is how many people a workshop slot placed, and how many of
// them in their first choice.
type SlotChoices struct {
	Slot          string
	Placed, First int
}

// MinGroup is the fewest people a municipality's row may count: smaller
// ones are added to "other municipalities", so that nobody is recognisable.
const MinGroup = 3

// chapter is a heading of the document with what follows it.
type chapter struct {
	level int
	title string
	body  func()
}

// documentation writes one document; l is the edition's language.
type documentation struct {
	d   *Doc
	in  Documentation
	l   *i18n.Localizer
	loc *time.Location
}

// NewDocumentation lays out the documentation of an edition in l's language.
func NewDocumentation(in Documentation, l *i18n.Localizer) *Doc {
	c := in.Conference
	title := l.T("pdfdoc_doc_title", "Title", c.Title)
	// The edition's last change is the document's date, so that the same
	// data gives the same bytes (and ETag) at any time.
	d := New(Meta{Title: title, Author: firstOf(c.Hosts, in.Series.Title), Subject: c.Subtitle,
		Creator: l.T("pdf_creator"), Lang: l.Code, PageOf: l.T("pdf_page_of"), Created: c.UpdatedAt})
	// The header is set once the document can measure it (the header's
	// style is doc.go's).
	d.meta.Header = d.fitLine(in.Series.Title+" – "+c.Title, Style{Size: 8}, d.PageWidth())
	w := &documentation{d: d, in: in, l: l, loc: c.Location()}
	w.cover()
	chapters := w.chapters()
	var entries []string
	for _, s := range chapters {
		if s.level <= 2 {
			entries = append(entries, s.title)
		}
	}
	d.ReserveTOC(l.T("pdfdoc_contents"), entries)
	for i, s := range chapters {
		// Each chapter begins on a page of its own; the records within
		// the chapter follow each other.
		if s.level == 1 && i > 0 {
			d.AddPage()
		}
		d.Heading(s.level, s.title)
		if s.body != nil {
			s.body()
		}
	}
	return d
}

func firstOf(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// cover is the first page: series, title, subtitle, date, venue, hosts.
func (w *documentation) cover() {
	d, c := w.d, w.in.Conference
	d.AddPage()
	d.f.SetY(60)
	d.Paragraph(Style{Size: 13}, Plain(w.in.Series.Title)...)
	d.Space(6)
	d.Paragraph(Style{Size: 24, Bold: true}, Plain(c.Title)...)
	if c.Subtitle != "" {
		d.Space(4)
		d.Paragraph(Style{Size: 15}, Plain(c.Subtitle)...)
	}
	d.Space(14)
	d.Paragraph(Style{Size: 12, Bold: true}, Plain(w.l.T("pdfdoc_documentation"))...)
	d.Space(10)
	line := func(label, value string) {
		if strings.TrimSpace(value) == "" {
			return
		}
		d.Paragraph(Style{Size: 11}, Span{Text: label + ": ", Bold: true}, Span{Text: value})
		d.Space(2)
	}
	line(w.l.T("pdfdoc_date"), w.dates())
	line(w.l.T("pdfdoc_venue"), strings.Join(nonEmpty(c.Venue, c.Address), ", "))
	line(w.l.T("pdfdoc_hosts"), c.Hosts)
}

func nonEmpty(s ...string) []string {
	var out []string
	for _, v := range s {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// date writes a day as the edition's language does, with its weekday.
func (w *documentation) date(t time.Time) string {
	t = t.In(w.loc)
	return w.l.T("weekday_"+strconv.Itoa(int(t.Weekday()))) + ", " + t.Format(w.l.T("layout_date"))
}

// dates is the edition's day, or its first and last day, with its hours.
func (w *documentation) dates() string {
	c := w.in.Conference
	from, to := c.StartsAt.In(w.loc), c.EndsAt.In(w.loc)
	if from.Format(time.DateOnly) == to.Format(time.DateOnly) {
		return w.date(from) + ", " + from.Format("15:04") + "–" + to.Format("15:04")
	}
	return w.date(from) + " – " + w.date(to)
}

// chapters lists the document's headings in order, each with its text.
func (w *documentation) chapters() []chapter {
	l := w.l
	var out []chapter
	if strings.TrimSpace(w.in.Conference.Description) != "" {
		out = append(out, chapter{1, l.T("pdfdoc_introduction"), func() { w.d.Markdown(w.in.Conference.Description, 2) }})
	}
	out = append(out, chapter{1, l.T("pdfdoc_programme"), w.programme})
	out = append(out, chapter{1, l.T("pdfdoc_records"), w.recordsIntro})
	for _, r := range w.in.Records {
		out = append(out, chapter{2, r.Title, func() { w.record(r) }})
	}
	out = append(out, chapter{1, l.T("pdfdoc_adopted"), w.adopted})
	out = append(out, chapter{1, l.T("pdfdoc_earlier"), w.earlier})
	out = append(out, chapter{1, l.T("pdfdoc_statistics"), w.statisticsIntro},
		chapter{2, l.T("pdfdoc_by_category"), w.byCategory},
		chapter{2, l.T("pdfdoc_by_municipality"), w.byMunicipality},
		chapter{2, l.T("pdfdoc_first_choices"), w.firstChoices})
	out = append(out, chapter{1, l.T("pdfdoc_attachments"), w.attachments})
	return out
}

// Widths of the programme's time column, in millimetres.
const timeWidth = 30.0

// programme lists the agenda by time with rooms and people, each workshop
// slot with its workshops and their facilitators; cancelled items are
// marked, not left out.
func (w *documentation) programme() {
	d, l := w.d, w.l
	multiDay := w.in.Conference.StartsAt.In(w.loc).Format(time.DateOnly) != w.in.Conference.EndsAt.In(w.loc).Format(time.DateOnly)
	day := ""
	for _, s := range w.in.Programme {
		if multiDay {
			if t := s.StartsAt.In(w.loc).Format(time.DateOnly); t != day {
				day = t
				d.SubHeading(2, w.date(s.StartsAt))
			}
		}
		d.keepTogether(3 * Style{}.LineHeight())
		d.hanging(Style{Bold: true}, s.StartsAt.In(w.loc).Format("15:04")+"–"+s.EndsAt.In(w.loc).Format("15:04"), 0, timeWidth)
		title := []Span{{Text: s.Title, Bold: true}}
		if s.Cancelled() {
			// Not italic: DejaVu Sans Oblique has no Arabic letters.
			title = append(title, Span{Text: " (" + l.T("pdfdoc_cancelled") + ")"})
		}
		d.Paragraph(Style{Indent: timeWidth}, title...)
		small := Style{Indent: timeWidth, Size: 9}
		details := nonEmpty(l.T("kind_"+s.Kind), s.Room)
		d.Paragraph(small, Plain(strings.Join(details, " · "))...)
		if p := w.people(s.People); p != "" {
			d.Paragraph(small, Plain(p)...)
		}
		for _, ws := range s.Workshops {
			d.Space(1)
			d.marker("•", timeWidth, listIndent)
			d.Paragraph(Style{Indent: timeWidth + listIndent}, Span{Text: ws.Title, Bold: true})
			in := Style{Indent: timeWidth + listIndent, Size: 9}
			if ws.Room != "" {
				d.Paragraph(in, Plain(l.T("pdfdoc_room", "Room", ws.Room))...)
			}
			if p := w.people(ws.People); p != "" {
				d.Paragraph(in, Plain(p)...)
			}
		}
		d.Space(3)
	}
}

// people writes "Name (Affiliation), role; ...".
func (w *documentation) people(ps []model.Person) string {
	var out []string
	for _, p := range ps {
		s := p.Name
		if p.Affiliation != "" {
			s += " (" + p.Affiliation + ")"
		}
		if p.Role != "" {
			s += ", " + w.l.T("role_"+p.Role)
		}
		out = append(out, s)
	}
	return strings.Join(out, "; ")
}

func (w *documentation) recordsIntro() {
	if len(w.in.Records) == 0 {
		w.d.Text(w.l.T("pdfdoc_records_none"))
	}
}

// record is one item's or workshop's minutes, its headings below the
// record's own.
func (w *documentation) record(r Record) {
	if r.Context != "" {
		w.d.Paragraph(Style{Size: 9}, Plain(w.l.T("pdfdoc_workshop_in", "Slot", r.Context))...)
		w.d.Space(2)
	}
	w.d.Markdown(r.Body, 3)
	if len(r.Files) > 0 {
		w.d.Paragraph(Style{Size: 9}, Plain(w.l.T("pdfdoc_see_attachments"))...)
	}
	w.d.Space(4)
}

// adopted lists the edition's adopted demands with addressee, vote and
// state, each a heading in the outline.
func (w *documentation) adopted() {
	if len(w.in.Adopted) == 0 {
		w.d.Text(w.l.T("pdfdoc_adopted_none"))
		return
	}
	for _, r := range w.in.Adopted {
		// Level 2, so that the outline has the demands under the chapter.
		w.d.SubHeading(2, r.Title)
		w.d.Markdown(r.Body, 3)
		if strings.TrimSpace(r.Reasoning) != "" {
			w.d.Paragraph(Style{}, Span{Text: w.l.T("pdfdoc_reasoning") + ": ", Bold: true}, Span{Text: strings.TrimSpace(r.Reasoning)})
			w.d.Space(paraGap)
		}
		w.fact(w.l.T("pdfdoc_addressee"), r.AddresseeName+" ("+w.l.T("level_"+r.AddresseeLevel)+")")
		if len(r.Vote) > 0 {
			yes, no, abstain := model.Votes(r.Vote)
			w.fact(w.l.T("pdfdoc_vote"), w.l.T("pdfdoc_vote_result", "Yes", yes, "No", no)+", "+
				w.l.T("pdfdoc_abstentions", "Count", abstain))
		}
		w.fact(w.l.T("pdfdoc_state"), w.state(r.State))
		if r.URL != "" {
			w.d.Paragraph(Style{Size: 9}, Span{Text: r.URL, Link: r.URL})
		}
		w.d.Space(3)
	}
}

func (w *documentation) fact(label, value string) {
	w.d.Paragraph(Style{}, Span{Text: label + ": ", Bold: true}, Span{Text: value})
}

// state names a demand's state: its latest follow-up, or adopted.
func (w *documentation) state(kind string) string {
	if kind == "" {
		kind = model.ResAdopted
	}
	return w.l.T("demand_state_" + kind)
}

// earlier lists the demands of the series' earlier editions with what
// became of them.
func (w *documentation) earlier() {
	if len(w.in.Earlier) == 0 {
		w.d.Text(w.l.T("pdfdoc_earlier_none"))
		return
	}
	rows := make([][]string, 0, len(w.in.Earlier))
	for _, r := range w.in.Earlier {
		rows = append(rows, []string{r.Title, r.Edition, r.AddresseeName, w.state(r.State)})
	}
	w.d.Table(Table{Columns: []Column{{Title: w.l.T("pdfdoc_col_demand"), Weight: 4}, {Title: w.l.T("pdfdoc_col_edition"), Weight: 3},
		{Title: w.l.T("pdfdoc_addressee"), Weight: 3}, {Title: w.l.T("pdfdoc_state"), Weight: 2}}}, rows)
}

func (w *documentation) statisticsIntro() {
	w.d.Text(w.l.T("pdfdoc_statistics_note", "Min", MinGroup))
}

// present reports whether anyone was marked present at the door: only
// then is the present column more than zeros.
func (w *documentation) present() bool {
	for _, c := range w.in.Counts {
		if c.Present > 0 {
			return true
		}
	}
	return false
}

// countRow is one row of a statistics table: what is counted, and how many.
type countRow struct {
	label               string
	registered, present int
}

// countTable prints rows of counts with a total row.
func (w *documentation) countTable(first string, groups []countRow) {
	if len(groups) == 0 {
		w.d.Text(w.l.T("pdfdoc_no_registrations"))
		return
	}
	cols := []Column{{Title: first, Weight: 5}, {Title: w.l.T("pdfdoc_col_registered"), Weight: 2, Align: "R"}}
	present := w.present()
	if present {
		cols = append(cols, Column{Title: w.l.T("pdfdoc_col_present"), Weight: 2, Align: "R"})
	}
	var rows [][]string
	var total countRow
	for _, g := range groups {
		row := []string{g.label, strconv.Itoa(g.registered)}
		if present {
			row = append(row, strconv.Itoa(g.present))
		}
		rows = append(rows, row)
		total.registered += g.registered
		total.present += g.present
	}
	row := []string{w.l.T("pdfdoc_total"), strconv.Itoa(total.registered)}
	if present {
		row = append(row, strconv.Itoa(total.present))
	}
	w.d.Table(Table{Columns: cols}, append(rows, row))
	w.d.Space(4)
}

// byCategory counts participants by category, in the order of the form;
// a category the form no longer offers counts as not stated.
func (w *documentation) byCategory() {
	sums := map[string]*Count{}
	for _, c := range w.in.Counts {
		k := c.Category
		if !slices.Contains(model.Categories, k) {
			k = ""
		}
		if sums[k] == nil {
			sums[k] = &Count{}
		}
		sums[k].Registered += c.Registered
		sums[k].Present += c.Present
	}
	var groups []countRow
	for _, k := range append(append([]string{}, model.Categories...), "") {
		if s := sums[k]; s != nil {
			label := w.l.T("pdfdoc_not_stated")
			if k != "" {
				label = w.l.T("category_" + k)
			}
			groups = append(groups, countRow{label, s.Registered, s.Present})
		}
	}
	w.countTable(w.l.T("pdfdoc_col_category"), groups)
}

// Municipalities groups the counts by municipality, written alike whatever
// the case and spaces, largest first, each under the spelling most people
// used; municipalities of fewer than MinGroup people are counted together
// as other, as are those who named none, so that nobody is recognisable.
func Municipalities(counts []Count) (groups []Count, other Count) {
	byKey := map[string]int{}
	var all []Count
	spellings := []map[string]int{}
	for _, c := range counts {
		name := strings.Join(strings.Fields(c.Municipality), " ")
		key := strings.ToLower(name)
		i, ok := byKey[key]
		if !ok {
			i = len(all)
			byKey[key] = i
			all = append(all, Count{})
			spellings = append(spellings, map[string]int{})
		}
		all[i].Registered += c.Registered
		all[i].Present += c.Present
		spellings[i][name] += c.Registered
	}
	for i, g := range all {
		for name, n := range spellings[i] {
			if best := spellings[i][g.Municipality]; g.Municipality == "" || n > best || n == best && name < g.Municipality {
				g.Municipality = name
			}
		}
		if g.Municipality == "" || g.Registered < MinGroup {
			other.Registered += g.Registered
			other.Present += g.Present
			continue
		}
		groups = append(groups, g)
	}
	// Largest first, then by name.
	slices.SortFunc(groups, func(a, b Count) int {
		if a.Registered != b.Registered {
			return b.Registered - a.Registered
		}
		return strings.Compare(a.Municipality, b.Municipality)
	})
	return groups, other
}

func (w *documentation) byMunicipality() {
	groups, other := Municipalities(w.in.Counts)
	rows := make([]countRow, 0, len(groups)+1)
	for _, g := range groups {
		rows = append(rows, countRow{g.Municipality, g.Registered, g.Present})
	}
	if other.Registered > 0 {
		rows = append(rows, countRow{w.l.T("pdfdoc_other_municipalities"), other.Registered, other.Present})
	}
	w.countTable(w.l.T("pdfdoc_col_municipality"), rows)
}

// firstChoices shows per slot how many got their first choice, and over all slots.
func (w *documentation) firstChoices() {
	if len(w.in.Choices) == 0 {
		w.d.Text(w.l.T("pdfdoc_no_run"))
		return
	}
	var rows [][]string
	var placed, first int
	for _, s := range w.in.Choices {
		rows = append(rows, []string{s.Slot, strconv.Itoa(s.Placed), strconv.Itoa(s.First), percent(s.First, s.Placed)})
		placed += s.Placed
		first += s.First
	}
	if len(w.in.Choices) > 1 {
		rows = append(rows, []string{w.l.T("pdfdoc_all_slots"), strconv.Itoa(placed), strconv.Itoa(first), percent(first, placed)})
	}
	w.d.Table(Table{Columns: []Column{{Title: w.l.T("pdfdoc_col_slot"), Weight: 5},
		{Title: w.l.T("pdfdoc_col_placed"), Weight: 2, Align: "R"}, {Title: w.l.T("pdfdoc_col_first"), Weight: 2, Align: "R"},
		{Title: w.l.T("pdfdoc_col_share"), Weight: 2, Align: "R"}}}, rows)
}

func percent(n, of int) string {
	if of == 0 {
		return "–"
	}
	return strconv.Itoa((n*100+of/2)/of) + " %"
}

// attachments lists the files of the published minutes, each name a link
// to its public address.
func (w *documentation) attachments() {
	listed := false
	for _, r := range w.in.Records {
		if len(r.Files) == 0 {
			continue
		}
		listed = true
		w.d.Paragraph(Style{Bold: true}, Plain(r.Title)...)
		for _, f := range r.Files {
			w.d.marker("•", 0, listIndent)
			w.d.Paragraph(Style{Indent: listIndent}, Span{Text: f.Name, Link: f.URL},
				Span{Text: " (" + fileType(f.ContentType) + ", " + w.size(f.Size) + ")"})
			w.d.Paragraph(Style{Indent: listIndent, Size: 8}, Span{Text: f.URL, Link: f.URL})
		}
		w.d.Space(3)
	}
	if !listed {
		w.d.Text(w.l.T("pdfdoc_attachments_none"))
	}
}

// fileType names a content type the way people know it.
func fileType(contentType string) string {
	switch contentType {
	case model.TypePDF:
		return "PDF"
	case model.TypeDOCX:
		return "DOCX"
	case model.TypeODT:
		return "ODT"
	case model.TypeMarkdown:
		return "Markdown"
	case model.TypeText:
		return "Text"
	case model.TypePNG:
		return "PNG"
	case model.TypeJPEG:
		return "JPEG"
	}
	return contentType
}

// size writes a file's size in kB or MB, with the language's decimal mark.
func (w *documentation) size(n int64) string {
	if n < 1000*1000 {
		return strconv.FormatInt((n+999)/1000, 10) + " kB"
	}
	s := strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64)
	if w.l.Code != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + " MB"
}
