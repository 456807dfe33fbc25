package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/calendar"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// registrationFields are the form's plain fields (model.RegistrationFields
// that the form asks for); choices and checkboxes are read apart.
var registrationFields = plainFormFields()

func plainFormFields() []string {
	var names []string
	for _, f := range model.RegistrationFields {
		if _, box := f.Cleared().(bool); f.Form && !box {
			names = append(names, f.Name)
		}
	}
	return names
}

// registrationView is what the registration form and the personal page show.
// The views of published editions are kept in the registration cache
// (App.regViews) and shared between requests: each request gets a shallow
// copy (loadRegistrationView) to set its own fields on, and nobody changes
// the slices, maps or bytes it shares with the cached view.
type registrationView struct {
	Conference   *model.Conference
	Loc          *time.Location
	Programme    []model.Session // the whole agenda, for the calendar file
	Slots        []model.Session // workshop slots with their workshops
	Categories   []string
	Calendar     []byte // the edition's calendar file, at its address; nil if it could not be made
	CalendarETag string // its entity tag, made once with it
	Open         bool   // the edition takes registrations now
	NotOpenYet   bool   // ... and if not, whether it will
	Registration *model.Registration
	Link         string // the personal link, on the personal page
	Token        string
	// Assigned are the person's workshops in the published assignment, on
	// the personal page; none before one is published.
	Assigned []model.Assignment
	// Frozen are the slots in which the published assignment placed the
	// person: on the personal page their wishes there no longer change
	// (frozen.go). OpenRequest is their change request not yet handled,
	// and RequestPosted says that the form posted is the request's.
	Frozen        map[int64]bool
	OpenRequest   *model.ChangeRequest
	RequestPosted bool
	// PersonalCalendar is the file a confirmation carries: the edition
	// without the workshops, as nobody is placed yet; nil if it could not be made.
	PersonalCalendar []byte
	// ForOrganiser makes the form's texts speak about the participant, on
	// the organisers' page, instead of to them (Label).
	ForOrganiser bool
}

// AssignedIn returns the person's published placement in a workshop slot.
func (v *registrationView) AssignedIn(slotID int64) *model.Assignment {
	for i := range v.Assigned {
		if v.Assigned[i].SessionID == slotID {
			return &v.Assigned[i]
		}
	}
	return nil
}

// loadRegistrationView loads an edition for its registration pages. The
// programme, its slots and the calendar file of a published edition come
// from the registration cache when it holds conf's revision, which every
// change to the edition or its programme moves on; otherwise they are read
// and, for a published edition, kept. Whether registration is open is
// worked out on every request from conf and the clock, so the registration
// window opens and closes to the second; a change of status or publication
// made on another instance shows within the cache's ttl (Config.PageCacheTTL).
func (a *App) loadRegistrationView(c *gin.Context, conf *model.Conference) (*registrationView, bool) {
	// conf is as current as the caller needs it, so its own revision is
	// what the entry is checked against: no query.
	cached, ok := a.regViews.get(conf.Slug, a.db.Now(), func() (int64, bool) { return conf.Revision, conf.Published })
	if !ok || cached.Conference.ID != conf.ID || cached.Conference.Revision != conf.Revision {
		programme, err := a.db.Programme(c.Request.Context(), conf.ID)
		if err != nil {
			a.internalError(c, err)
			return nil, false
		}
		// The cache keeps its own copy of the edition: handlers may change theirs.
		kept := *conf
		cached = a.newRegistrationView(&kept, programme)
		if conf.Published {
			a.regViews.put(conf.Slug, cached, conf.Revision, a.db.Now())
		}
	}
	v := *cached
	v.Conference = conf
	now := a.db.Now()
	v.Open = conf.RegistrationOpen(now)
	v.NotOpenYet = !v.Open && conf.Status == model.StatusOpen && conf.RegistrationOpensAt != nil && now.Before(*conf.RegistrationOpensAt)
	return &v, true
}

// newRegistrationView makes what a registration view keeps for as long as
// the edition's revision lasts: the workshop slots and the calendar file,
// and the one a confirmation carries, which are made once here rather
// than for every confirmation.
func (a *App) newRegistrationView(conf *model.Conference, programme []model.Session) *registrationView {
	v := &registrationView{Conference: conf, Loc: conf.Location(), Programme: programme, Categories: model.Categories}
	for _, s := range programme {
		// A cancelled slot's workshops cannot be chosen: it stays in the
		// programme and the calendars, marked, but takes nobody.
		if s.Kind == model.KindWorkshopSlot && len(s.Workshops) > 0 && !s.Cancelled() {
			v.Slots = append(v.Slots, s)
		}
	}
	ics, err := calendar.Conference(conf, programme, a.site)
	if err != nil {
		a.log.Error("calendar file for registrations", "conference", conf.ID, "err", err)
	}
	// Clipped, so that appending to a shared file copies it instead of
	// writing into the cached one.
	v.Calendar = slices.Clip(ics)
	v.CalendarETag = calendarETag(ics)
	personal, err := calendar.Personal(conf, programme, nil, a.site)
	if err != nil {
		a.log.Error("calendar file for confirmations", "conference", conf.ID, "err", err)
	}
	v.PersonalCalendar = slices.Clip(personal)
	return v
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
	if w := v.workshop(id); w != nil {
		return w.Title
	}
	return ""
}

// WorkshopRoom returns the room of one of the edition's workshops.
func (v *registrationView) WorkshopRoom(id int64) string {
	if w := v.workshop(id); w != nil {
		return w.Room
	}
	return ""
}

func (v *registrationView) workshop(id int64) *model.Workshop {
	for _, s := range v.Slots {
		for i := range s.Workshops {
			if s.Workshops[i].ID == id {
				return &s.Workshops[i]
			}
		}
	}
	return nil
}

// WorkshopTitles lists the titles of workshops, for a sentence, joined by
// the language's separator (Arabic has its own comma); each title is
// isolated, so that one written right to left does not reorder the others.
func (v *registrationView) WorkshopTitles(ids []int64, sep string) string {
	titles := make([]string, len(ids))
	for i, id := range ids {
		titles[i] = isolate(v.WorkshopTitle(id))
	}
	return strings.Join(titles, sep)
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
	p.noteError(f)
	f.Options = append(f.Options, Option{Value: "", Label: p.T("choice_none")})
	for _, w := range slot.Workshops {
		f.Options = append(f.Options, Option{Value: strconv.FormatInt(w.ID, 10), Label: w.Title, Lang: contentLang})
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
	for _, f := range model.RegistrationFields {
		if f.Form {
			v[f.Name] = formValue(f.Value(r))
		}
	}
	v["consent"] = "1"
	for slot, ranked := range r.Choices {
		for i, w := range ranked {
			v[model.ChoiceField(slot, i+1)] = strconv.FormatInt(w, 10)
		}
	}
}

// formValue writes a field's value as the form shows it: no address, no
// children and an unticked box are empty, a ticked box is "1".
func formValue(value any) string {
	switch x := value.(type) {
	case string:
		return x
	case *string:
		if x != nil {
			return *x
		}
	case int:
		if x != 0 {
			return strconv.Itoa(x)
		}
	case bool:
		if x {
			return "1"
		}
	}
	return ""
}

// publishedConference loads the published edition named by :slug; organisers
// also reach unpublished ones, to try their forms. A published edition comes
// from the registration cache while that holds it, checked against the
// database's revision once the cache's ttl is up (so hiding or removing it
// on another instance shows within the ttl); each request gets its own copy.
// Unpublished editions are never cached.
func (a *App) publishedConference(c *gin.Context) (*model.Conference, bool) {
	ctx := c.Request.Context()
	slug := c.Param("slug")
	cached, ok := a.regViews.get(slug, a.db.Now(), func() (int64, bool) {
		rev, err := a.db.PublishedRevision(ctx, slug)
		return rev, err == nil
	})
	if ok {
		conf := *cached.Conference
		return &conf, true
	}
	conf, err := a.db.ConferenceBySlug(ctx, slug)
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
	// Registrations take places without moving the revision, so a cached
	// edition counts the places taken when it was read; whether the form
	// says that all are taken is decided on the count read now. Only shown
	// forms of editions with a limit pay the query, not registrations.
	if v.Open && v.Conference.Capacity > 0 {
		current, err := a.db.Conference(c.Request.Context(), v.Conference.ID)
		if err != nil {
			a.fail(c, err)
			return
		}
		v.Conference.ConfirmedCount = current.ConfirmedCount
	}
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

// registrationWait takes a token of the client address's registration
// limit and returns 0, or how long the address must wait for one.
func (a *App) registrationWait(c *gin.Context) time.Duration {
	if a.regLimit == nil {
		return 0
	}
	return a.regLimit.take(c.ClientIP())
}

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
		c.Redirect(http.StatusSeeOther, urls.Conference(conf.Slug))
		return
	}
	r := &model.Registration{ConferenceID: conf.ID, Lang: localizer(c).Code}
	form := readRegistrationForm(c, v, r)
	if !v.Open {
		a.renderRegistrationForm(c, http.StatusUnprocessableEntity, form, v)
		return
	}
	var token string
	limited := false
	saved := a.saveForm(c, form,
		func() error { return r.Validate(v.slotWorkshops(), conf.MaxChoices, form.Values["consent"] == "1") },
		func() (err error) {
			// Counted only for forms that would be stored: someone correcting
			// a typo, or a volunteer registering a group, is not held up.
			if wait := a.registrationWait(c); wait > 0 {
				limited = true
				form.Errors["_form"] = "err_too_many_registrations_wait"
				form.Data["_form"] = []any{"Count", minutes(wait)}
				return nil
			}
			token, err = a.db.Register(c.Request.Context(), r, a.confirmation(v))
			return err
		},
		func() {
			status := http.StatusUnprocessableEntity
			if limited {
				status = http.StatusTooManyRequests
			}
			if form.Errors["email"] == "err_already_registered" && a.notifyLinkAgain(c, conf, *r.Email) {
				form.Errors["email"] = "err_link_sent_recently"
			}
			a.renderRegistrationForm(c, status, form, v)
		})
	if !saved {
		return
	}
	if r.Status == model.RegWaiting {
		a.flash(c, "flash_registered_waiting")
	} else {
		a.flash(c, "flash_registered")
	}
	c.Redirect(http.StatusSeeOther, urls.Personal(token))
}
