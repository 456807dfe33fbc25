package pdf

import (
	"bytes"
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/i18n"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// Participant lists: the sign-in sheet organisers owe their funders, and
// the list participants may see of each other.

// Listing says how the people of a workshop were chosen, for the sheet to say.
type Listing int

const (
	// ListPlaced: the people the published assignment placed there.
	ListPlaced Listing = iota
	// ListGranted: in first-come mode, the people granted a place there.
	ListGranted
	// ListUnpublished: no assignment is published yet, so nobody is listed.
	ListUnpublished
	// ListFirstChoice: no assignment is published yet; the people who ranked
	// it first (the logistics sheet's estimate; a list of names never uses it).
	ListFirstChoice
)

// ParticipantList is what a participant list is made of.
type ParticipantList struct {
	Conference *model.Conference
	// Workshop and Slot are set for a workshop's list, nil for the edition's.
	Workshop *model.Workshop
	Slot     *model.Session
	// Listing says how a workshop's People were chosen (ListPlaced,
	// ListGranted or ListUnpublished); an edition's list ignores it.
	Listing Listing
	// People are the registrations to list. Only confirmed ones that were
	// not anonymised are printed, and in the participants' version only
	// those who agreed to the list, whatever the caller passed.
	People []model.Registration
	// ForOrganisers is the organisers' version for funders: everyone, with
	// a signature column, who was checked in at the door, and the counts.
	ForOrganisers bool
}

// Listed returns the people a list prints, sorted by name as the language
// l sorts: confirmed, not anonymised, and, in the participants' version,
// only those who agreed to appear on the list.
func (p ParticipantList) Listed(l *i18n.Localizer) []model.Registration {
	var out []model.Registration
	for _, r := range p.People {
		if r.Status != model.RegConfirmed || r.AnonymisedAt != nil {
			continue
		}
		if !p.ForOrganisers && !r.ListConsent {
			continue
		}
		out = append(out, r)
	}
	SortByName(l.Code, out)
	return out
}

// SortByName sorts registrations by name in the collation of the language
// lang (German puts "Özdemir" beside "Oz", not after "Z"), then by id, so
// that the same people always come in the same order.
func SortByName(lang string, regs []model.Registration) {
	tag, err := language.Parse(lang)
	if err != nil {
		tag = language.German
	}
	c := collate.New(tag)
	type keyed struct {
		key []byte
		reg model.Registration
	}
	ks := make([]keyed, len(regs))
	var buf collate.Buffer
	for i, r := range regs {
		ks[i] = keyed{key: bytes.Clone(c.KeyFromString(&buf, r.Name)), reg: r}
		buf.Reset()
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		return cmp.Or(bytes.Compare(a.key, b.key), cmp.Compare(a.reg.ID, b.reg.ID))
	})
	for i := range ks {
		regs[i] = ks[i].reg
	}
}

// NewParticipantList writes a participant list in the language of l.
func NewParticipantList(l *i18n.Localizer, p ParticipantList) *Doc {
	conf := p.Conference
	title := l.T("pdflist_title")
	if p.ForOrganisers {
		title = l.T("pdflist_title_signatures")
	}
	header := title + " · " + conf.Title
	if p.Workshop != nil {
		header += " · " + p.Workshop.Title
	}
	// The sign-in sheet lies across the page, for room to sign.
	d := New(Meta{Title: header, Author: conf.Hosts, Subject: conf.Title, Creator: l.T("pdf_creator"),
		Lang: l.Code, PageOf: l.T("pdf_page_of"), Landscape: p.ForOrganisers})
	d.AddPage()
	d.Heading(1, title)
	editionLines(d, l, conf)
	if p.Workshop != nil {
		workshopLines(d, l, conf, p.Workshop, p.Slot)
	}
	if p.Listing == ListUnpublished {
		d.Space(2)
		d.Paragraph(Style{Bold: true}, Plain(l.T("pdflist_unpublished"))...)
		return d
	}
	people := p.Listed(l)
	if p.ForOrganisers {
		present := 0
		for _, r := range people {
			if r.CheckedInAt != nil {
				present++
			}
		}
		d.Paragraph(Style{Bold: true}, Plain(l.T("pdflist_present", "Present", present, "Registered", len(people)))...)
		d.Paragraph(Style{Size: 9}, Plain(l.T("pdflist_confidential"))...)
	} else {
		d.Paragraph(Style{Size: 9}, Plain(l.T("pdflist_consent_only"))...)
	}
	if p.Listing == ListGranted {
		d.Paragraph(Style{Size: 9}, Plain(l.T("pdflist_granted"))...)
	}
	d.Space(3)
	if len(people) == 0 {
		d.Paragraph(Style{}, Plain(l.T("pdflist_nobody"))...)
		return d
	}
	cols := []Column{
		{Title: l.T("pdflist_col_number"), Weight: 10, Align: "R"},
		{Title: l.T("pdflist_col_name"), Weight: 60},
		{Title: l.T("pdflist_col_organisation"), Weight: 60},
		{Title: l.T("pdflist_col_municipality"), Weight: 40},
	}
	t := Table{Columns: cols}
	if p.ForOrganisers {
		t.Columns[1].Weight, t.Columns[2].Weight = 55, 55
		t.Columns = append(t.Columns, Column{Title: l.T("pdflist_col_present"), Weight: 32},
			Column{Title: l.T("pdflist_col_signature"), Weight: 65})
		// Room for a handwritten signature.
		t.MinRowHeight = 11
	}
	loc := conf.Location()
	rows := make([][]string, len(people))
	for i, r := range people {
		row := []string{strconv.Itoa(i + 1), r.Name, r.Organisation, r.Municipality}
		if p.ForOrganisers {
			row = append(row, presentMark(l, r, loc), "")
		}
		rows[i] = row
	}
	d.Table(t, rows)
	return d
}

// presentMark is what the present column says of a person: the time they
// were checked in at the door, and whether they came without registering.
func presentMark(l *i18n.Localizer, r model.Registration, loc *time.Location) string {
	if r.CheckedInAt == nil {
		return ""
	}
	mark := "✓ " + r.CheckedInAt.In(loc).Format("15:04")
	if r.WalkIn {
		mark += "\n" + l.T("pdflist_walk_in")
	}
	return mark
}

// editionLines writes the edition's title, day and venue under a heading.
func editionLines(d *Doc, l *i18n.Localizer, conf *model.Conference) {
	d.Paragraph(Style{Size: 13, Bold: true}, Plain(conf.Title)...)
	if conf.Subtitle != "" {
		d.Paragraph(Style{}, Plain(conf.Subtitle)...)
	}
	line := longDate(l, conf.StartsAt, conf.Location())
	if venue := joinNonEmpty(", ", conf.Venue, conf.Address); venue != "" {
		line += " · " + venue
	}
	d.Paragraph(Style{}, Plain(line)...)
}

// workshopLines writes a workshop's title, then its slot line.
func workshopLines(d *Doc, l *i18n.Localizer, conf *model.Conference, w *model.Workshop, slot *model.Session) {
	d.Space(1.5)
	d.Paragraph(Style{Size: 12, Bold: true}, Plain(l.T("pdflist_workshop", "Title", w.Title))...)
	slotLine(d, l, conf, w, slot)
}

// slotLine writes a workshop's slot, day, time and room.
func slotLine(d *Doc, l *i18n.Localizer, conf *model.Conference, w *model.Workshop, slot *model.Session) {
	loc := conf.Location()
	line := slot.Title + " · " + longDate(l, slot.StartsAt, loc) + ", " +
		slot.StartsAt.In(loc).Format("15:04") + "–" + slot.EndsAt.In(loc).Format("15:04")
	room := w.Room
	if room == "" {
		room = slot.Room
	}
	if room != "" {
		line += " · " + l.T("pdflist_room", "Room", room)
	}
	d.Paragraph(Style{}, Plain(line)...)
}

// longDate writes a day with its weekday, as the pages do.
func longDate(l *i18n.Localizer, t time.Time, loc *time.Location) string {
	t = t.In(loc)
	return l.T("weekday_"+strconv.Itoa(int(t.Weekday()))) + ", " + t.Format(l.T("layout_date"))
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
