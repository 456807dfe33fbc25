package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// registrationFields are the form's plain fields; choices and checkboxes are read apart.
var registrationFields = []string{"name", "email", "phone", "organisation", "municipality", "category", "languages",
	"interpretation", "accessibility", "childcare_children", "childcare_ages", "diet", "contact_name", "contact_email"}

// registrationView is what the registration form and the personal page show.
type registrationView struct {
	Conference   *model.Conference
	Loc          *time.Location
	Programme    []model.Session // the whole agenda, for the calendar file
	Slots        []model.Session // workshop slots with their workshops
	Categories   []string
	Open         bool // the edition takes registrations now
	NotOpenYet   bool // ... and if not, whether it will
	Registration *model.Registration
	Link         string // the personal link, on the personal page
	Token        string
}

// loadRegistrationView loads an edition for its registration pages; an
// unpublished edition is not found.
func (a *App) loadRegistrationView(c *gin.Context, conf *model.Conference) (*registrationView, bool) {
	ctx := c.Request.Context()
	programme, err := a.db.Programme(ctx, conf.ID)
	if err != nil {
		a.internalError(c, err)
		return nil, false
	}
	v := &registrationView{Conference: conf, Loc: conf.Location(), Programme: programme, Categories: model.Categories}
	for _, s := range programme {
		if s.Kind == model.KindWorkshopSlot && len(s.Workshops) > 0 {
			v.Slots = append(v.Slots, s)
		}
	}
	now := a.db.Now()
	v.Open = conf.RegistrationOpen(now)
	v.NotOpenYet = !v.Open && conf.Status == model.StatusOpen && conf.RegistrationOpensAt != nil && now.Before(*conf.RegistrationOpensAt)
	return v, true
}

// slotWorkshops maps each slot of the view to its workshop ids, for validation.
func (v *registrationView) slotWorkshops() map[int64][]int64 {
	m := map[int64][]int64{}
	for _, s := range v.Slots {
		for _, w := range s.Workshops {
			m[s.ID] = append(m[s.ID], w.ID)
		}
	}
	return m
}

// WorkshopTitle returns the title of one of the edition's workshops.
func (v *registrationView) WorkshopTitle(id int64) string {
	for _, s := range v.Slots {
		for _, w := range s.Workshops {
			if w.ID == id {
				return w.Title
			}
		}
	}
	return ""
}

// WorkshopTitles lists the titles of workshops, for a sentence.
func (v *registrationView) WorkshopTitles(ids []int64) string {
	titles := make([]string, len(ids))
	for i, id := range ids {
		titles[i] = v.WorkshopTitle(id)
	}
	return strings.Join(titles, ", ")
}

// Ranks returns 1..MaxChoices, for the choice selects.
func (v *registrationView) Ranks() []int {
	ranks := make([]int, v.Conference.MaxChoices)
	for i := range ranks {
		ranks[i] = i + 1
	}
	return ranks
}

// WorkshopChoice builds the select for a slot's rank-th choice.
func (p *Page) WorkshopChoice(slot model.Session, rank int) Field {
	f := p.Field(model.ChoiceField(slot.ID, rank), "select", "", "", false)
	f.Label = p.T("label_choice", "Rank", rank)
	f.Options = append(f.Options, Option{Value: "", Label: p.T("choice_none")})
	for _, w := range slot.Workshops {
		f.Options = append(f.Options, Option{Value: strconv.FormatInt(w.ID, 10), Label: w.Title})
	}
	return f
}

// readRegistrationForm reads the posted form into r and returns the form to
// show again; choices are read per slot and rank as typed.
func readRegistrationForm(c *gin.Context, v *registrationView, r *model.Registration) *Form {
	form := formFrom(c, registrationFields...)
	val := form.Values
	r.Name, r.Phone, r.Organisation, r.Municipality = val["name"], val["phone"], val["organisation"], val["municipality"]
	r.Email, r.ContactEmail = model.OptionalEmail(val["email"]), model.OptionalEmail(val["contact_email"])
	r.Category, r.Languages, r.Interpreting, r.Access = val["category"], val["languages"], val["interpretation"], val["accessibility"]
	r.Children = form.int("childcare_children")
	r.ChildAges, r.Diet, r.ContactName = val["childcare_ages"], val["diet"], val["contact_name"]
	for _, box := range []string{"consent", "list_consent", "photo_consent"} {
		if c.PostForm(box) == "1" {
			val[box] = "1"
		}
	}
	r.ListConsent, r.PhotoConsent = val["list_consent"] == "1", val["photo_consent"] == "1"
	r.Choices = map[int64][]int64{}
	for _, slot := range v.Slots {
		seen := map[int64]bool{}
		for _, rank := range v.Ranks() {
			field := model.ChoiceField(slot.ID, rank)
			raw := strings.TrimSpace(c.PostForm(field))
			val[field] = raw
			if raw == "" {
				continue
			}
			id, err := strconv.ParseInt(raw, 10, 64)
			switch {
			case err != nil:
				form.Errors[field] = "err_choice"
			case seen[id]:
				form.Errors[field] = "err_same_workshop"
			default:
				seen[id] = true
				r.Choices[slot.ID] = append(r.Choices[slot.ID], id)
			}
		}
	}
	return form
}

// fillRegistrationForm shows a stored registration in the form.
func fillRegistrationForm(form *Form, r *model.Registration) {
	v := form.Values
	v["name"], v["phone"], v["organisation"], v["municipality"] = r.Name, r.Phone, r.Organisation, r.Municipality
	if r.Email != nil {
		v["email"] = *r.Email
	}
	if r.ContactEmail != nil {
		v["contact_email"] = *r.ContactEmail
	}
	v["category"], v["languages"], v["interpretation"], v["accessibility"] = r.Category, r.Languages, r.Interpreting, r.Access
	if r.Children > 0 {
		v["childcare_children"] = strconv.Itoa(r.Children)
	}
	v["childcare_ages"], v["diet"], v["contact_name"] = r.ChildAges, r.Diet, r.ContactName
	v["consent"] = "1"
	if r.ListConsent {
		v["list_consent"] = "1"
	}
	if r.PhotoConsent {
		v["photo_consent"] = "1"
	}
	for slot, ranked := range r.Choices {
		for i, w := range ranked {
			v[model.ChoiceField(slot, i+1)] = strconv.FormatInt(w, 10)
		}
	}
}

// publishedConference loads the published edition named by :slug; organisers
// also reach unpublished ones, to try their forms.
func (a *App) publishedConference(c *gin.Context) (*model.Conference, bool) {
	conf, err := a.db.ConferenceBySlug(c.Request.Context(), c.Param("slug"))
	if err != nil {
		a.fail(c, err)
		return nil, false
	}
	if !conf.Published {
		if u := currentUser(c); u == nil || u.Role != model.RoleOrganiser {
			a.notFound(c)
			return nil, false
		}
	}
	return conf, true
}

func (a *App) renderRegistrationForm(c *gin.Context, status int, form *Form, v *registrationView) {
	p := a.pageData(c, localizer(c).T("register_title"), v)
	p.Form = form
	a.render(c, status, "register", p)
}

// registrationForm handles GET /k/:slug/anmelden.
func (a *App) registrationForm(c *gin.Context) {
	conf, ok := a.publishedConference(c)
	if !ok {
		return
	}
	v, ok := a.loadRegistrationView(c, conf)
	if !ok {
		return
	}
	a.renderRegistrationForm(c, http.StatusOK, newForm(), v)
}

// honeypot is a form field people never see; a bot that fills it is
// answered as if it had registered, and nothing is stored.
const honeypot = "website"

// register handles POST /k/:slug/anmelden.
func (a *App) register(c *gin.Context) {
	conf, ok := a.publishedConference(c)
	if !ok {
		return
	}
	v, ok := a.loadRegistrationView(c, conf)
	if !ok {
		return
	}
	if c.PostForm(honeypot) != "" {
		a.log.Warn("honeypot filled", "conference", conf.Slug)
		c.Redirect(http.StatusSeeOther, "/k/"+conf.Slug)
		return
	}
	r := &model.Registration{ConferenceID: conf.ID, Lang: localizer(c).Code}
	form := readRegistrationForm(c, v, r)
	if !v.Open {
		a.renderRegistrationForm(c, http.StatusUnprocessableEntity, form, v)
		return
	}
	if a.regLimit != nil && !a.regLimit.allow(c.ClientIP()) {
		form.Errors["_form"] = "err_too_many_registrations"
		a.renderRegistrationForm(c, http.StatusTooManyRequests, form, v)
		return
	}
	var token string
	saved := a.saveForm(c, form,
		func() error { return r.Validate(v.slotWorkshops(), conf.MaxChoices, form.Values["consent"] == "1") },
		func() (err error) { token, err = a.db.Register(c.Request.Context(), r); return err },
		func() {
			if form.Errors["email"] == "err_already_registered" {
				a.notifyLinkAgain(c, conf, *r.Email)
			}
			a.renderRegistrationForm(c, http.StatusUnprocessableEntity, form, v)
		})
	if !saved {
		return
	}
	a.notifyRegistered(c, v, r, token)
	if r.Status == model.RegWaiting {
		a.flash(c, "flash_registered_waiting")
	} else {
		a.flash(c, "flash_registered")
	}
	c.Redirect(http.StatusSeeOther, "/r/"+token)
}
