package web

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// personalRegistration loads the registration of the personal link :token
// with its edition. Personal pages are never cached or indexed.
func (a *App) personalRegistration(c *gin.Context) (*model.Registration, *registrationView, bool) {
	c.Header("Cache-Control", "no-store")
	c.Header("X-Robots-Tag", "noindex")
	ctx := c.Request.Context()
	token := c.Param("token")
	r, err := a.db.RegistrationByToken(ctx, token)
	if err != nil {
		a.fail(c, err)
		return nil, nil, false
	}
	conf, err := a.db.Conference(ctx, r.ConferenceID)
	if err != nil {
		a.fail(c, err)
		return nil, nil, false
	}
	v, ok := a.loadRegistrationView(c, conf)
	if !ok {
		return nil, nil, false
	}
	v.Registration, v.Token = r, token
	v.Link = strings.TrimSuffix(a.cfg.BaseURL, "/") + "/r/" + token
	if r.Status == model.RegConfirmed {
		if v.Assigned, err = a.db.PublishedAssignments(ctx, r); err != nil {
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
// choices; after the deadline the form says so and nothing changes.
func (a *App) updatePersonal(c *gin.Context) {
	r, v, ok := a.personalRegistration(c)
	if !ok {
		return
	}
	form := readRegistrationForm(c, v, r)
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
	a.flash(c, "flash_saved")
	c.Redirect(http.StatusSeeOther, "/r/"+v.Token)
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
	c.Redirect(http.StatusSeeOther, "/r/"+v.Token)
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
	c.Redirect(http.StatusSeeOther, "/k/"+v.Conference.Slug)
}

// personalData is what a person downloads about themselves: everything
// stored about their registration, in plain words, as JSON.
type personalData struct {
	Conference   string           `json:"conference"`
	Address      string           `json:"conference_page"`
	Status       string           `json:"status"`
	Position     int              `json:"waiting_position,omitempty"`
	Name         string           `json:"name"`
	Email        *string          `json:"email"`
	Phone        string           `json:"phone"`
	Organisation string           `json:"organisation"`
	Municipality string           `json:"municipality"`
	Category     string           `json:"category"`
	Languages    string           `json:"languages"`
	Interpreting string           `json:"interpretation"`
	Access       string           `json:"accessibility"`
	Children     int              `json:"childcare_children"`
	ChildAges    string           `json:"childcare_ages"`
	Diet         string           `json:"diet"`
	ListConsent  bool             `json:"participant_list_consent"`
	PhotoConsent bool             `json:"photo_consent"`
	ContactName  string           `json:"contact_name"`
	ContactEmail *string          `json:"contact_email"`
	Language     string           `json:"language"`
	Choices      []personalChoice `json:"workshop_choices"`
	Assigned     []personalChoice `json:"assigned_workshops,omitempty"`
	ConsentedAt  time.Time        `json:"consented_at"`
	CreatedAt    time.Time        `json:"created_at"`
	UpdatedAt    time.Time        `json:"updated_at"`
	CancelledAt  *time.Time       `json:"cancelled_at"`
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
	d := personalData{
		Conference: v.Conference.Title, Address: strings.TrimSuffix(a.cfg.BaseURL, "/") + "/k/" + v.Conference.Slug,
		Status: r.Status, Position: r.Position, Name: r.Name, Email: r.Email, Phone: r.Phone,
		Organisation: r.Organisation, Municipality: r.Municipality, Category: r.Category, Languages: r.Languages,
		Interpreting: r.Interpreting, Access: r.Access, Children: r.Children, ChildAges: r.ChildAges, Diet: r.Diet,
		ListConsent: r.ListConsent, PhotoConsent: r.PhotoConsent, ContactName: r.ContactName,
		ContactEmail: r.ContactEmail, Language: r.Lang, Choices: []personalChoice{},
		ConsentedAt: r.ConsentedAt, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, CancelledAt: r.CancelledAt,
	}
	for _, slot := range v.Slots {
		for i, w := range r.Choices[slot.ID] {
			ch := personalChoice{Slot: slot.Title, Rank: i + 1, Workshop: v.WorkshopTitle(w)}
			if r.Granted[slot.ID] == w {
				ch.Place = "granted"
			} else if slices.Contains(r.Waiting[slot.ID], w) {
				ch.Place = "waiting"
			}
			d.Choices = append(d.Choices, ch)
		}
	}
	for _, slot := range v.Slots {
		if x := v.AssignedIn(slot.ID); x != nil && x.WorkshopID != nil {
			d.Assigned = append(d.Assigned, personalChoice{Slot: slot.Title, Rank: x.Rank, Workshop: v.WorkshopTitle(*x.WorkshopID)})
		}
	}
	c.Header("Content-Disposition", `attachment; filename="`+v.Conference.Slug+`-meine-daten.json"`)
	c.IndentedJSON(http.StatusOK, d)
}
