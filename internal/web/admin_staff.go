package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// Organisers manage the staff accounts here: they invite facilitators (or
// further organisers) by email, change roles and workshops, deactivate
// and reactivate accounts and send a new link to set a password.

// staffRoles are the roles the staff forms offer.
var staffRoles = []string{model.RoleFacilitator, model.RoleOrganiser, model.RoleDoor}

// staffListView is the list of staff accounts.
type staffListView struct {
	Accounts []model.StaffAccount
}

// staffList handles GET /admin/staff.
func (a *App) staffList(c *gin.Context) {
	accounts, err := a.db.StaffAccounts(c.Request.Context())
	if err != nil {
		a.internalError(c, err)
		return
	}
	a.render(c, http.StatusOK, "admin_staff", a.pageData(c, localizer(c).T("staff_title"), staffListView{Accounts: accounts}))
}

// staffFormView is what the invitation form and an account's page show
// besides the form.
type staffFormView struct {
	Account        *model.StaffAccount // nil on the invitation form
	Roles          []string
	Workshops      []staffWorkshopGroup
	Emails         []model.Email // the account's emails in the outbox
	MailConfigured bool
	Loc            *time.Location
}

// staffWorkshopGroup is an edition's workshops as the staff form offers
// them: a group of checkboxes under the edition's title, since workshops
// of different editions often share their titles.
type staffWorkshopGroup struct {
	Conference string
	Workshops  []staffWorkshopBox
}

// staffWorkshopBox is one workshop's checkbox; Index numbers the boxes of
// the whole form, for their ids.
type staffWorkshopBox struct {
	Index        int
	Value, Title string
}

// staffWorkshops lists the workshops an account may facilitate, by edition.
func (a *App) staffWorkshops(c *gin.Context) ([]staffWorkshopGroup, error) {
	ws, err := a.db.StaffWorkshops(c.Request.Context())
	if err != nil {
		return nil, err
	}
	var out []staffWorkshopGroup
	var last int64
	for i, w := range ws {
		if len(out) == 0 || w.ConferenceID != last {
			out = append(out, staffWorkshopGroup{Conference: w.ConferenceTitle})
			last = w.ConferenceID
		}
		g := &out[len(out)-1]
		g.Workshops = append(g.Workshops, staffWorkshopBox{Index: i, Value: strconv.FormatInt(w.ID, 10), Title: w.Title})
	}
	return out, nil
}

// renderStaffForm shows the invitation form (account nil) or an account's page.
func (a *App) renderStaffForm(c *gin.Context, status int, form *Form, account *model.StaffAccount) {
	workshops, err := a.staffWorkshops(c)
	if err != nil {
		a.internalError(c, err)
		return
	}
	v := staffFormView{Account: account, Roles: staffRoles, Workshops: workshops,
		MailConfigured: a.cfg.MailConfigured, Loc: officeLocation()}
	title := localizer(c).T("staff_invite_title")
	if account != nil {
		title = account.Name
		if v.Emails, err = a.db.StaffEmails(c.Request.Context(), account.Email); err != nil {
			a.internalError(c, err)
			return
		}
	}
	p := a.pageData(c, title, v)
	p.Form = form
	a.render(c, status, "admin_staff_form", p)
}

// readStaffWorkshops reads the ticked workshops; each must be one the form
// offers.
func (a *App) readStaffWorkshops(c *gin.Context, form *Form) ([]int64, error) {
	offered, err := a.staffWorkshops(c)
	if err != nil {
		return nil, err
	}
	isOffered := func(v string) bool {
		return slices.ContainsFunc(offered, func(g staffWorkshopGroup) bool {
			return slices.ContainsFunc(g.Workshops, func(w staffWorkshopBox) bool { return w.Value == v })
		})
	}
	values := distinct(c.PostFormArray("workshops"))
	form.Values["workshops"] = strings.Join(values, ",")
	var ids []int64
	for _, s := range values {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || !isOffered(s) {
			form.Errors["workshops"] = "err_choice"
			continue
		}
		ids = append(ids, id)
	}
	// A door account sees only the door pages, so workshops would do
	// nothing for it: say so rather than store them.
	if form.Values["role"] == model.RoleDoor && len(values) > 0 {
		form.Errors["workshops"] = "door_err_workshops"
	}
	return ids, nil
}

// newStaff handles GET /admin/staff/new; ?workshop= ticks a workshop, for
// the link on a workshop's page.
func (a *App) newStaff(c *gin.Context) {
	form := newForm()
	form.Values["role"] = model.RoleFacilitator
	if w := c.Query("workshop"); w != "" {
		if _, err := strconv.ParseInt(w, 10, 64); err == nil {
			form.Values["workshops"] = w
		}
	}
	a.renderStaffForm(c, http.StatusOK, form, nil)
}

// inviteStaff handles POST /admin/staff/new: the account is created and
// its invitation queued.
func (a *App) inviteStaff(c *gin.Context) {
	form := formFrom(c, "name", "email", "role")
	v := form.Values
	u := &model.User{Name: v["name"], Email: model.NormalizeEmail(v["email"]), Role: v["role"]}
	workshops, err := a.readStaffWorkshops(c, form)
	if err != nil {
		a.internalError(c, err)
		return
	}
	var token string
	save := func() (err error) {
		token, err = a.db.InviteStaff(c.Request.Context(), u, workshops, currentUser(c), a.mail.StaffLink)
		return err
	}
	if !a.saveForm(c, form, u.Validate, save, func() { a.renderStaffForm(c, http.StatusUnprocessableEntity, form, nil) }) {
		return
	}
	a.linkSent(c, u, token, "staff_flash_invited")
}

// staffLinkView is the page that hands an organiser a one-time link to
// pass on when no mail server sends it.
type staffLinkView struct {
	User *model.User
	Link string
}

// linkSent finishes an action that made a one-time link for u. With a mail
// server, the email is on its way: the account's page says so. Without
// one, the link is shown here, once, on the page that answers the post:
// only its hash is stored, so no later page can show it (the outbox keeps
// the email with it).
func (a *App) linkSent(c *gin.Context, u *model.User, token, flash string) {
	if a.cfg.MailConfigured {
		a.flash(c, flash)
		c.Redirect(http.StatusSeeOther, urls.StaffAccount(u.ID))
		return
	}
	c.Header("Cache-Control", "no-store")
	v := staffLinkView{User: u, Link: a.site.URL(urls.Account(token))}
	a.render(c, http.StatusOK, "staff_link", a.pageData(c, localizer(c).T("staff_link_title"), v))
}

// staffParam loads the account named by :id.
func (a *App) staffParam(c *gin.Context) (*model.StaffAccount, bool) {
	id, ok := a.idParam(c)
	if !ok {
		return nil, false
	}
	account, err := a.db.StaffAccount(c.Request.Context(), id)
	if err != nil {
		a.fail(c, err)
		return nil, false
	}
	return account, true
}

func fillStaffForm(form *Form, account *model.StaffAccount) {
	form.Values["name"], form.Values["role"] = account.Name, account.Role
	var ids []string
	for _, w := range account.Workshops {
		ids = append(ids, strconv.FormatInt(w.ID, 10))
	}
	form.Values["workshops"] = strings.Join(ids, ",")
}

// editStaff handles GET /admin/staff/:id.
func (a *App) editStaff(c *gin.Context) {
	account, ok := a.staffParam(c)
	if !ok {
		return
	}
	form := newForm()
	fillStaffForm(form, account)
	a.renderStaffForm(c, http.StatusOK, form, account)
}

// updateStaff handles POST /admin/staff/:id: name, role and workshops.
func (a *App) updateStaff(c *gin.Context) {
	account, ok := a.staffParam(c)
	if !ok {
		return
	}
	form := formFrom(c, "name", "role")
	workshops, err := a.readStaffWorkshops(c, form)
	if err != nil {
		a.internalError(c, err)
		return
	}
	changed := account.User
	changed.Name, changed.Role = form.Values["name"], form.Values["role"]
	save := func() error {
		return a.db.UpdateStaff(c.Request.Context(), account.ID, changed.Name, changed.Role, workshops, currentUser(c))
	}
	if !a.saveForm(c, form, changed.Validate, save, func() { a.renderStaffForm(c, http.StatusUnprocessableEntity, form, account) }) {
		return
	}
	a.flash(c, "flash_saved")
	if account.ID == currentUser(c).ID && changed.Role != model.RoleOrganiser {
		// No longer an organiser, they have no staff pages to go back to.
		c.Redirect(http.StatusSeeOther, urls.Admin())
		return
	}
	c.Redirect(http.StatusSeeOther, urls.Staff())
}

// sendStaffLink handles POST /admin/staff/:id/link: a new one-time link,
// an invitation again if the account never set a password.
func (a *App) sendStaffLink(c *gin.Context) {
	account, ok := a.staffParam(c)
	if !ok {
		return
	}
	token, err := a.db.SendAccountLink(c.Request.Context(), account.ID, currentUser(c), a.mail.StaffLink)
	if err != nil {
		form := newForm()
		fillStaffForm(form, account)
		if form.addErrors(err) {
			a.renderStaffForm(c, http.StatusUnprocessableEntity, form, account)
			return
		}
		a.fail(c, err)
		return
	}
	a.linkSent(c, &account.User, token, "staff_flash_link_sent")
}
