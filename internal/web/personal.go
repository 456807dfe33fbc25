package web

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// personalLink loads the registration of the personal link :token and its
// edition. What a personal link shows is never cached or indexed.
func (a *App) personalLink(c *gin.Context) (*model.Registration, *model.Conference, bool) {
	c.Header("Cache-Control", "no-store")
	c.Header("X-Robots-Tag", "noindex")
	ctx := c.Request.Context()
	r, err := a.db.RegistrationByToken(ctx, c.Param("token"))
	if err != nil {
		a.fail(c, err)
		return nil, nil, false
	}
	conf, err := a.db.Conference(ctx, r.ConferenceID)
	if err != nil {
		a.fail(c, err)
		return nil, nil, false
	}
	return r, conf, true
}

// personalRegistration loads the registration of the personal link :token
// with its edition, as its page shows it.
func (a *App) personalRegistration(c *gin.Context) (*model.Registration, *registrationView, bool) {
	r, conf, ok := a.personalLink(c)
	if !ok {
		return nil, nil, false
	}
	ctx := c.Request.Context()
	token := c.Param("token")
	var err error
	v, ok := a.loadRegistrationView(c, conf)
	if !ok {
		return nil, nil, false
	}
	v.Registration, v.Token = r, token
	v.Link = a.site.URL(urls.Personal(token))
	if r.Status == model.RegConfirmed {
		if v.Assigned, err = a.db.PublishedAssignments(ctx, r); err != nil {
			a.internalError(c, err)
			return nil, nil, false
		}
		if err := a.loadFrozen(ctx, v); err != nil {
			a.internalError(c, err)
			return nil, nil, false
		}
	}
	return r, v, true
}

func (a *App) renderPersonalPage(c *gin.Context, status int, form *Form, v *registrationView) {
	p := a.pageData(c, localizer(c).T("personal_title"), v)
	p.Form = form
	a.render(c, status, "personal", p)
}

// personalPage handles GET /r/:token: the registration, its status and the
// personal link, the form to change it while registration is open, and cancelling.
func (a *App) personalPage(c *gin.Context) {
	r, v, ok := a.personalRegistration(c)
	if !ok {
		return
	}
	form := newForm()
	fillRegistrationForm(form, r)
	a.renderPersonalPage(c, http.StatusOK, form, v)
}

// updatePersonal handles POST /r/:token: the person changes details or
// choices; after the deadline the form says so and nothing changes. Once
// the published assignment placed them, their wishes there stay as they
// are, and if the form asked for others the person is told so.
func (a *App) updatePersonal(c *gin.Context) {
	r, v, ok := a.personalRegistration(c)
	if !ok {
		return
	}
	stored := r.Choices
	form := readRegistrationForm(c, v, r)
	wishesKept := v.keepFrozenChoices(c, form, r, stored)
	form.Values["consent"] = "1" // given when registering; the page does not ask again
	if !v.Open || r.Status == model.RegCancelled {
		form.Errors["_form"] = "err_registration_closed"
		a.renderPersonalPage(c, http.StatusUnprocessableEntity, form, v)
		return
	}
	saved := a.saveForm(c, form,
		func() error { return r.Validate(v.slotWorkshops(), v.Conference.MaxChoices, true) },
		func() error { return a.db.UpdateRegistration(c.Request.Context(), r) },
		func() { a.renderPersonalPage(c, http.StatusUnprocessableEntity, form, v) })
	if !saved {
		return
	}
	if wishesKept {
		a.flash(c, "frozen_flash_saved_wishes_kept")
	} else {
		a.flash(c, "flash_saved")
	}
	c.Redirect(http.StatusSeeOther, urls.Personal(v.Token))
}

// cancelPersonal handles POST /r/:token/cancel. A freed place goes to the
// first person waiting. Its page asks first.
func (a *App) cancelPersonal(c *gin.Context) {
	r, v, ok := a.personalRegistration(c)
	if !ok {
		return
	}
	if !confirmed(c) {
		a.askCancelPersonal(c, r, v)
		return
	}
	promoted, err := a.db.CancelRegistration(c.Request.Context(), r.ID)
	if err != nil && model.ErrorCode(err) != model.EConflict { // cancelling twice changes nothing
		a.fail(c, err)
		return
	}
	a.notifyPromoted(c, v.Conference, promoted)
	a.flash(c, "flash_cancelled")
	c.Redirect(http.StatusSeeOther, urls.Personal(v.Token))
}

// deletePersonal handles POST /r/:token/delete: the person deletes their
// data, once its page has asked: it cancels the registration too. The link
// stops working, so the person lands on the edition's page.
func (a *App) deletePersonal(c *gin.Context) {
	r, v, ok := a.personalRegistration(c)
	if !ok {
		return
	}
	if !confirmed(c) {
		a.askDeletePersonal(c, r, v)
		return
	}
	promoted, err := a.db.AnonymiseRegistration(c.Request.Context(), r.ID)
	if err != nil {
		a.fail(c, err)
		return
	}
	a.notifyPromoted(c, v.Conference, promoted)
	a.flash(c, "flash_data_deleted")
	c.Redirect(http.StatusSeeOther, urls.Conference(v.Conference.Slug))
}

type personalChoice struct {
	Slot     string `json:"slot"`
	Rank     int    `json:"rank"`
	Workshop string `json:"workshop"`
	Place    string `json:"place,omitempty"` // first-come mode: granted or waiting
}

// personalDataFile handles GET /r/:token/daten.json: the person's data to download.
func (a *App) personalDataFile(c *gin.Context) {
	r, v, ok := a.personalRegistration(c)
	if !ok {
		return
	}
	// Every field of the registration (model.RegistrationFields), then the
	// edition, the status and the workshops, by name.
	d := map[string]any{}
	for _, f := range model.RegistrationFields {
		d[f.Name] = f.Value(r)
	}
	d["conference"] = v.Conference.Title
	d["conference_page"] = a.site.URL(urls.Conference(v.Conference.Slug))
	d["status"] = r.Status
	if r.Position > 0 {
		d["waiting_position"] = r.Position
	}
	choices, assigned := []personalChoice{}, []personalChoice{}
	for _, slot := range v.Slots {
		for i, w := range r.Choices[slot.ID] {
			ch := personalChoice{Slot: slot.Title, Rank: i + 1, Workshop: v.WorkshopTitle(w)}
			if r.Granted[slot.ID] == w {
				ch.Place = "granted"
			} else if slices.Contains(r.Waiting[slot.ID], w) {
				ch.Place = "waiting"
			}
			choices = append(choices, ch)
		}
	}
	for _, slot := range v.Slots {
		if x := v.AssignedIn(slot.ID); x != nil && x.WorkshopID != nil {
			assigned = append(assigned, personalChoice{Slot: slot.Title, Rank: x.Rank, Workshop: v.WorkshopTitle(*x.WorkshopID)})
		}
	}
	d["workshop_choices"] = choices
	if len(assigned) > 0 {
		d["assigned_workshops"] = assigned
	}
	requests, err := a.personalChangeRequests(c.Request.Context(), v)
	if err != nil {
		a.internalError(c, err)
		return
	}
	if len(requests) > 0 {
		d["change_requests"] = requests
	}
	c.Header("Content-Disposition", `attachment; filename="`+v.Conference.Slug+`-meine-daten.json"`)
	c.IndentedJSON(http.StatusOK, d)
}
