package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

var workshopFields = []string{"topic", "title", "description", "room", "capacity", "position"}

// workshopEdit is what the workshop form shows besides the form itself.
type workshopEdit struct {
	Conference   *model.Conference
	Slot         *model.Session
	Workshop     *model.Workshop // nil for a new workshop
	Topics       []string
	Roles        []string
	Languages    []Option // the interpretation languages it may offer
	Facilitators []Option // the staff accounts with the facilitator role
}

func (a *App) renderWorkshopForm(c *gin.Context, status int, form *Form, conf *model.Conference, slot *model.Session, w *model.Workshop) {
	title := localizer(c).T("workshop_new")
	if w != nil {
		title = localizer(c).T("workshop_edit")
	}
	facilitators, err := a.facilitatorOptions(c)
	if err != nil {
		a.internalError(c, err)
		return
	}
	p := a.pageData(c, title, workshopEdit{Conference: conf, Slot: slot, Workshop: w, Topics: model.WorkshopTopics,
		Roles: model.PersonRoles, Languages: interpretOptions(), Facilitators: facilitators})
	p.Form = form
	a.render(c, status, "admin_workshop_form", p)
}

// facilitatorOptions lists the accounts that may be invited to a workshop.
func (a *App) facilitatorOptions(c *gin.Context) ([]Option, error) {
	users, err := a.db.UsersWithRole(c.Request.Context(), model.RoleFacilitator)
	if err != nil {
		return nil, err
	}
	var out []Option
	for _, u := range users {
		label := u.Name + " (" + u.Email + ")"
		if !u.Active {
			label += " · " + localizer(c).T("staff_status_inactive")
		}
		out = append(out, Option{Value: strconv.FormatInt(u.ID, 10), Label: label})
	}
	return out, nil
}

// readWorkshopForm reads the posted workshop into w. Facilitators must be
// accounts the form offered.
func (a *App) readWorkshopForm(c *gin.Context, w *model.Workshop) (*Form, error) {
	form := formFrom(c, workshopFields...)
	v := form.Values
	w.Topic, w.Title, w.Description, w.Room = v["topic"], v["title"], v["description"], v["room"]
	w.Capacity = form.int("capacity")
	w.Position = form.int("position")
	w.People = peopleFrom(c, form, model.RoleModerator)
	w.Languages = strings.Join(distinct(c.PostFormArray("languages")), ",")
	v["languages"] = w.Languages
	offered, err := a.facilitatorOptions(c)
	if err != nil {
		return nil, err
	}
	w.FacilitatorIDs = nil
	ids := distinct(c.PostFormArray("facilitators"))
	v["facilitators"] = strings.Join(ids, ",")
	for _, s := range ids {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || !slices.ContainsFunc(offered, func(o Option) bool { return o.Value == s }) {
			form.Errors["facilitators"] = "err_choice"
			continue
		}
		w.FacilitatorIDs = append(w.FacilitatorIDs, id)
	}
	return form, nil
}

func fillWorkshopForm(form *Form, w *model.Workshop) {
	v := form.Values
	v["topic"], v["title"], v["description"], v["room"] = w.Topic, w.Title, w.Description, w.Room
	v["capacity"] = strconv.Itoa(w.Capacity)
	v["position"] = strconv.Itoa(w.Position)
	v["languages"] = w.Languages
	var ids []string
	for _, id := range w.FacilitatorIDs {
		ids = append(ids, strconv.FormatInt(id, 10))
	}
	v["facilitators"] = strings.Join(ids, ",")
	form.setPeople(w.People, model.RoleModerator)
}

// saveWorkshopForm stores the workshop unless the form has errors, and
// otherwise shows the form again with them; it reports whether it was saved.
func (a *App) saveWorkshopForm(c *gin.Context, form *Form, conf *model.Conference, slot *model.Session, w *model.Workshop, save func() error) bool {
	return a.saveForm(c, form, w.Validate, save, func() {
		var shown *model.Workshop
		if w.ID != 0 {
			shown = w
		}
		a.renderWorkshopForm(c, http.StatusUnprocessableEntity, form, conf, slot, shown)
	})
}

// slotParam loads the workshop slot named by :id; another kind of item is a 404.
func (a *App) slotParam(c *gin.Context) (*model.Session, *model.Conference, bool) {
	slot, conf, ok := a.sessionParam(c)
	if ok && slot.Kind != model.KindWorkshopSlot {
		a.notFound(c)
		return nil, nil, false
	}
	return slot, conf, ok
}

// newWorkshop handles GET /admin/sessions/:id/workshops/new.
func (a *App) newWorkshop(c *gin.Context) {
	slot, conf, ok := a.slotParam(c)
	if !ok {
		return
	}
	form := newForm()
	form.Values["topic"] = model.TopicOther
	form.Values["capacity"] = "20"
	form.Values["position"] = "0"
	form.setPeople(nil, model.RoleModerator)
	a.renderWorkshopForm(c, http.StatusOK, form, conf, slot, nil)
}

// createWorkshop handles POST /admin/sessions/:id/workshops.
func (a *App) createWorkshop(c *gin.Context) {
	slot, conf, ok := a.slotParam(c)
	if !ok {
		return
	}
	w := &model.Workshop{SessionID: slot.ID}
	form, err := a.readWorkshopForm(c, w)
	if err != nil {
		a.internalError(c, err)
		return
	}
	if a.saveWorkshopForm(c, form, conf, slot, w, func() error { return a.db.CreateWorkshop(c.Request.Context(), w) }) {
		a.flash(c, "flash_saved")
		c.Redirect(http.StatusSeeOther, urls.AdminEdition(conf.ID))
	}
}

// workshopParam loads the workshop named by :id with its slot and edition.
func (a *App) workshopParam(c *gin.Context) (*model.Workshop, *model.Session, *model.Conference, bool) {
	id, ok := a.idParam(c)
	if !ok {
		return nil, nil, nil, false
	}
	ctx := c.Request.Context()
	w, err := a.db.Workshop(ctx, id)
	if err != nil {
		a.fail(c, err)
		return nil, nil, nil, false
	}
	slot, err := a.db.Session(ctx, w.SessionID)
	if err != nil {
		a.fail(c, err)
		return nil, nil, nil, false
	}
	conf, err := a.db.Conference(ctx, w.ConferenceID)
	if err != nil {
		a.fail(c, err)
		return nil, nil, nil, false
	}
	return w, slot, conf, true
}

// editWorkshop handles GET /admin/workshops/:id/edit.
func (a *App) editWorkshop(c *gin.Context) {
	w, slot, conf, ok := a.workshopParam(c)
	if !ok {
		return
	}
	form := newForm()
	fillWorkshopForm(form, w)
	a.renderWorkshopForm(c, http.StatusOK, form, conf, slot, w)
}

// updateWorkshop handles POST /admin/workshops/:id.
func (a *App) updateWorkshop(c *gin.Context) {
	w, slot, conf, ok := a.workshopParam(c)
	if !ok {
		return
	}
	form, err := a.readWorkshopForm(c, w)
	if err != nil {
		a.internalError(c, err)
		return
	}
	if !a.saveWorkshopForm(c, form, conf, slot, w, func() error { return a.db.UpdateWorkshop(c.Request.Context(), w) }) {
		return
	}
	// Fewer places than people placed: say what happens next.
	taken, err := a.db.WorkshopTaken(c.Request.Context(), w.ID)
	if err != nil {
		a.internalError(c, err)
		return
	}
	if taken > w.Capacity {
		a.flash(c, "runs_flash_over_capacity")
	} else {
		a.flash(c, "flash_saved")
	}
	c.Redirect(http.StatusSeeOther, urls.AdminEdition(conf.ID))
}

// deleteWorkshop handles POST /admin/workshops/:id/delete: the workshop
// goes with its places and minutes once its page has asked.
func (a *App) deleteWorkshop(c *gin.Context) {
	w, _, conf, ok := a.workshopParam(c)
	if !ok {
		return
	}
	if !confirmed(c) {
		a.askDeleteWorkshop(c, w)
		return
	}
	if err := a.db.DeleteWorkshop(c.Request.Context(), w.ID); err != nil {
		a.fail(c, err)
		return
	}
	a.flash(c, "flash_deleted")
	c.Redirect(http.StatusSeeOther, urls.AdminEdition(conf.ID))
}
