package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/export"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/i18n"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/pdf"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// registrationStatuses lists the statuses, for the filter.
var registrationStatuses = []string{model.RegConfirmed, model.RegWaiting, model.RegCancelled}

// auditShown is how many events of the audit log the registrations page lists.
const auditShown = 20

// registrationsView is the organisers' list of an edition's registrations.
type registrationsView struct {
	Conference    *model.Conference
	Loc           *time.Location
	Slots         []model.Session // workshop slots with their workshops, for the filter
	Statuses      []string
	Categories    []string
	Filter        store.RegistrationFilter
	Filtered      bool
	Registrations []model.Registration
	Counts        map[string]int // the whole edition's, by status
	CSVURL        string         // the export of what the filter shows
	Audit         []model.AuditEvent
	// Unplaced marks the confirmed registrations without a workshop in the
	// published assignment (admin_assignment_late.go).
	Unplaced map[int64]bool
}

// Total is the number of the edition's registrations.
func (v *registrationsView) Total() int {
	n := 0
	for _, c := range v.Counts {
		n += c
	}
	return n
}

// readFilter reads the list's filter from the query; values that are not
// offered are ignored, so a stale link shows more rather than nothing.
func readFilter(c *gin.Context, v *registrationView) store.RegistrationFilter {
	f := store.RegistrationFilter{Query: strings.TrimSpace(c.Query("q"))}
	if s := c.Query("status"); slices.Contains(registrationStatuses, s) {
		f.Status = s
	}
	if s := c.Query("category"); slices.Contains(model.Categories, s) {
		f.Category = s
	}
	if id, err := strconv.ParseInt(c.Query("workshop"), 10, 64); err == nil && v.WorkshopTitle(id) != "" {
		f.WorkshopID = id
	}
	return f
}

// filterQuery writes a filter as the list's query, for links; empty when
// the filter shows everything.
func filterQuery(f store.RegistrationFilter) string {
	q := url.Values{}
	for name, v := range map[string]string{"status": f.Status, "category": f.Category, "q": f.Query} {
		if v != "" {
			q.Set(name, v)
		}
	}
	if f.WorkshopID != 0 {
		q.Set("workshop", strconv.FormatInt(f.WorkshopID, 10))
	}
	return q.Encode()
}

// filteredRegistrations loads the edition named by :id with its workshops
// and the registrations that the filter in the query picks: what the list
// shows and the export writes.
func (a *App) filteredRegistrations(c *gin.Context) (*registrationView, store.RegistrationFilter, []model.Registration, bool) {
	conf, _, ok := a.conferenceParam(c)
	if !ok {
		return nil, store.RegistrationFilter{}, nil, false
	}
	rv, ok := a.loadRegistrationView(c, conf)
	if !ok {
		return nil, store.RegistrationFilter{}, nil, false
	}
	f := readFilter(c, rv)
	regs, err := a.db.FindRegistrations(c.Request.Context(), conf.ID, f)
	if err != nil {
		a.internalError(c, err)
		return nil, store.RegistrationFilter{}, nil, false
	}
	return rv, f, regs, true
}

// adminRegistrations handles GET /admin/editions/:id/registrations: who
// registered, in the order they came, narrowed by the filter in the query,
// with the links to the export and the needs, and the audit log below.
func (a *App) adminRegistrations(c *gin.Context) {
	rv, f, regs, ok := a.filteredRegistrations(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	conf := rv.Conference
	v := &registrationsView{Conference: conf, Loc: rv.Loc, Slots: rv.Slots, Statuses: registrationStatuses,
		Categories: model.Categories, Filter: f, Registrations: regs,
		CSVURL: urls.RegistrationsCSV(conf.ID)}
	if q := filterQuery(f); q != "" {
		v.Filtered = true
		v.CSVURL += "?" + q
	}
	var err error
	if v.Counts, err = a.db.StatusCounts(ctx, conf.ID); err != nil {
		a.internalError(c, err)
		return
	}
	if v.Audit, err = a.db.AuditLog(ctx, auditShown); err != nil {
		a.internalError(c, err)
		return
	}
	if v.Unplaced, err = a.unplacedIDs(c, conf.ID); err != nil {
		a.internalError(c, err)
		return
	}
	a.render(c, http.StatusOK, "admin_registrations", a.pageData(c, localizer(c).T("registrations_title"), v))
}

// registrationDetail is what the organisers' page of one registration shows.
type registrationDetail struct {
	*registrationView
	Cancelled  bool
	Anonymised bool
	LangName   string
	Places     []slotPlace // in first-come mode: what the person got and waits for
	// In assignment mode: whether a run is published, and then the
	// person's workshop per slot.
	ShowAssignment bool
	Published      bool
	Placements     []slotPlacement
	Emails         []model.Email // written to the person, newest first
}

// slotPlace is, in first-come mode, a slot's workshop granted and those waited for.
type slotPlace struct {
	Slot    string
	Granted string
	Waiting string
}

// registrationParam loads the registration named by :id with its edition.
// The view shows the registration as stored, whatever the form then reads into r.
func (a *App) registrationParam(c *gin.Context) (*model.Registration, *registrationDetail, bool) {
	r, conf, ok := a.documentRegistration(c)
	if !ok {
		return nil, nil, false
	}
	ctx := c.Request.Context()
	rv, ok := a.loadRegistrationView(c, conf)
	if !ok {
		return nil, nil, false
	}
	stored := *r
	rv.Registration, rv.ForOrganiser = &stored, true
	v := &registrationDetail{registrationView: rv, Cancelled: r.Status == model.RegCancelled,
		Anonymised: r.AnonymisedAt != nil, LangName: r.Lang}
	for _, l := range i18n.Languages {
		if l.Code == r.Lang {
			v.LangName = l.Name
		}
	}
	if conf.RegistrationMode == model.ModeFirstCome {
		for _, s := range rv.Slots {
			v.Places = append(v.Places, slotPlace{Slot: s.Title, Granted: rv.WorkshopTitle(r.Granted[s.ID]),
				Waiting: rv.WorkshopTitles(r.Waiting[s.ID], localizer(c).T("list_separator"))})
		}
	}
	if err := a.loadPlacements(ctx, v, r); err != nil {
		a.internalError(c, err)
		return nil, nil, false
	}
	emails, err := a.db.RegistrationEmails(ctx, r.ID)
	if err != nil {
		a.internalError(c, err)
		return nil, nil, false
	}
	v.Emails = emails
	return r, v, true
}

func (a *App) renderRegistrationDetail(c *gin.Context, status int, form *Form, v *registrationDetail) {
	title := v.Registration.Name
	if title == "" {
		title = localizer(c).T("orga_anonymised")
	}
	p := a.pageData(c, title, v)
	p.Form = form
	a.render(c, status, "admin_registration", p)
}

// adminRegistration handles GET /admin/registrations/:id: the registration
// with its status, and the form to change it.
func (a *App) adminRegistration(c *gin.Context) {
	r, v, ok := a.registrationParam(c)
	if !ok {
		return
	}
	form := newForm()
	fillRegistrationForm(form, r)
	a.renderRegistrationDetail(c, http.StatusOK, form, v)
}

// updateRegistration handles POST /admin/registrations/:id. Unlike the
// participant's own page, it works after the registration deadline too:
// organisers correct details until the day.
func (a *App) updateRegistration(c *gin.Context) {
	r, v, ok := a.registrationParam(c)
	if !ok {
		return
	}
	form := readRegistrationForm(c, v.registrationView, r)
	form.Values["consent"] = "1" // given when registering; organisers cannot give it for someone
	switch {
	case v.Cancelled:
		form.Errors["_form"] = "err_already_cancelled"
	case v.Anonymised:
		form.Errors["_form"] = "err_reg_anonymised"
	}
	if form.Errors["_form"] != "" {
		a.renderRegistrationDetail(c, http.StatusUnprocessableEntity, form, v)
		return
	}
	saved := a.saveForm(c, form,
		func() error { return r.Validate(v.slotWorkshops(), v.Conference.MaxChoices, true) },
		func() error { return a.db.UpdateRegistration(c.Request.Context(), r) },
		func() { a.renderRegistrationDetail(c, http.StatusUnprocessableEntity, form, v) })
	if !saved {
		return
	}
	a.flash(c, "flash_saved")
	c.Redirect(http.StatusSeeOther, urls.AdminRegistration(r.ID))
}

// cancelRegistration handles POST /admin/registrations/:id/cancel, for
// someone who told the organisers they cannot come. A freed place goes to
// the first person waiting, who is told. Its page asks first.
func (a *App) cancelRegistration(c *gin.Context) {
	r, v, ok := a.registrationParam(c)
	if !ok {
		return
	}
	if !confirmed(c) {
		a.askCancelRegistration(c, r)
		return
	}
	promoted, err := a.db.CancelRegistration(c.Request.Context(), r.ID)
	if err != nil && model.ErrorCode(err) != model.EConflict { // cancelling twice changes nothing
		a.fail(c, err)
		return
	}
	if promoted != nil {
		a.notifyPromoted(c, v.Conference, promoted)
		a.flash(c, "flash_reg_cancelled_promoted")
	} else {
		a.flash(c, "flash_reg_cancelled")
	}
	c.Redirect(http.StatusSeeOther, urls.AdminRegistration(r.ID))
}

// needsView is the needs overview of an edition.
type needsView struct {
	Conference *model.Conference
	Edition    needsBlock
	Slots      []slotNeeds
	// Basis says whom the workshops' needs count, as their logistics
	// sheets do: the people placed there once a run is published, before
	// that those granted a place (first-come mode) or who ranked it first.
	Basis pdf.Listing
}

type slotNeeds struct {
	Slot      model.Session
	Workshops []workshopNeeds
}

type workshopNeeds struct {
	Workshop model.Workshop
	Needs    needsBlock
}

// needsBlock is the needs of an edition or workshop as the page shows them:
// the free-text answers each as a table of the same shape.
type needsBlock struct{ *model.Needs }

// BasisID is the catalogue id of the sentence that says whom the
// workshops' needs count.
func (v *needsView) BasisID() string { return basisID("frozen_needs_basis_", v.Basis) }

// tallyTable is a table of answers: caption and first column head are catalogue ids.
type tallyTable struct {
	Caption, Head string
	Rows          []model.Tally
}

// InterpretationTable names each language in itself, as the forms offer it.
func (b needsBlock) InterpretationTable() tallyTable {
	rows := slices.Clone(b.Interpretation)
	for i := range rows {
		rows[i].Label = model.InterpretLanguageName(rows[i].Label)
	}
	return tallyTable{Caption: "orga_needs_interpretation", Head: "orga_col_language", Rows: rows}
}

func (b needsBlock) DietTable() tallyTable {
	return tallyTable{Caption: "label_reg_diet", Head: "orga_col_diet", Rows: b.Diets}
}

// adminNeeds handles GET /admin/editions/:id/needs: interpretation,
// childcare, accessibility and diets of the whole edition, then of each
// workshop's people: those placed there once a run is published, and
// before that its first choosers (workshopPeople, as the logistics sheets).
func (a *App) adminNeeds(c *gin.Context) {
	conf, _, ok := a.conferenceParam(c)
	if !ok {
		return
	}
	rv, ok := a.loadRegistrationView(c, conf)
	if !ok {
		return
	}
	regs, placed, published, err := a.editionPeople(c.Request.Context(), conf)
	if err != nil {
		a.internalError(c, err)
		return
	}
	v := &needsView{Conference: conf, Edition: needsBlock{model.NeedsOf(regs)}, Basis: pdf.ListFirstChoice}
	for _, s := range rv.Slots {
		sn := slotNeeds{Slot: s}
		for _, w := range s.Workshops {
			people, basis := workshopPeople(conf, &w, regs, placed, published, true)
			v.Basis = basis
			sn.Workshops = append(sn.Workshops, workshopNeeds{Workshop: w, Needs: needsBlock{model.NeedsOf(people)}})
		}
		v.Slots = append(v.Slots, sn)
	}
	a.render(c, http.StatusOK, "admin_needs", a.pageData(c, localizer(c).T("orga_needs_title"), v))
}

// registrationsCSV handles GET /admin/editions/:id/registrations.csv: the
// registrations the list's filter shows, for spreadsheets. The export is
// written to the audit log first; without that record nothing is sent.
func (a *App) registrationsCSV(c *gin.Context) {
	rv, f, regs, ok := a.filteredRegistrations(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	conf := rv.Conference
	placed, err := a.db.PublishedPlacements(ctx, conf.ID)
	if err != nil {
		a.internalError(c, err)
		return
	}
	rows := export.RegistrationRows(localizer(c), export.Edition{Conference: conf, Slots: rv.Slots, Registrations: regs, Placed: placed})
	body, err := export.CSV(rows)
	if err != nil {
		a.internalError(c, err)
		return
	}
	u := currentUser(c)
	event := &model.AuditEvent{UserID: &u.ID, Actor: u.Email, Action: model.AuditExportCSV, ConferenceID: &conf.ID,
		Detail: exportDetail(conf, f, len(regs))}
	if err := a.db.Audit(ctx, event); err != nil {
		a.internalError(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+conf.Slug+`-anmeldungen.csv"`)
	c.Data(http.StatusOK, "text/csv; charset=utf-8", body)
}

// exportDetail says in the audit log what was exported: the edition, the
// filter and how many rows.
func exportDetail(conf *model.Conference, f store.RegistrationFilter, rows int) string {
	parts := []string{fmt.Sprintf("%s: rows=%d", conf.Slug, rows)}
	if f.Status != "" {
		parts = append(parts, "status="+f.Status)
	}
	if f.Category != "" {
		parts = append(parts, "category="+f.Category)
	}
	if f.WorkshopID != 0 {
		parts = append(parts, "workshop="+strconv.FormatInt(f.WorkshopID, 10))
	}
	if f.Query != "" {
		// Only that there was a search: its text is often a name, which the
		// log would keep after the person deleted their data.
		parts = append(parts, "search")
	}
	return strings.Join(parts, ", ")
}
