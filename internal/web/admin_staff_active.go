package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// Deactivating an account shuts its holder out at once, so it is asked
// first, like everything that takes something away; reactivating lets
// someone in again, so it is asked too.

// confirmDeactivateStaff handles GET /admin/staff/:id/deactivate.
func (a *App) confirmDeactivateStaff(c *gin.Context) {
	if account, ok := a.staffParam(c); ok {
		a.askDeactivateStaff(c, http.StatusOK, account, "")
	}
}

// askDeactivateStaff asks before an account is deactivated, or says why it
// cannot be (refused, a catalogue id, or found here): the last active
// organiser stays, and an inactive account is inactive already.
func (a *App) askDeactivateStaff(c *gin.Context, status int, account *model.StaffAccount, refused string) {
	l := localizer(c)
	v := &confirmView{Subject: account.Name + " (" + account.Email + ")", Action: urls.DeactivateStaff(account.ID),
		Submit: l.T("staff_deactivate"), Back: urls.StaffAccount(account.ID),
		Lines: []string{l.T("staff_deactivate_text"), l.T("staff_deactivate_kept")}}
	if refused == "" && !account.Active {
		refused = "staff_already_inactive"
	}
	if refused == "" && account.Role == model.RoleOrganiser {
		last, err := a.lastOrganiser(c, account.ID)
		if err != nil {
			a.internalError(c, err)
			return
		}
		if last {
			refused = "err_staff_last_organiser"
		}
	}
	if refused != "" {
		v.Lines, v.Refused = nil, l.T(refused)
	}
	a.renderConfirm(c, status, "staff_deactivate_title", v)
}

// lastOrganiser reports whether no active organiser but id is left. The
// confirmation page asks it to say so before the button is pressed; the
// store checks again, under a lock, when the button is.
func (a *App) lastOrganiser(c *gin.Context, id int64) (bool, error) {
	accounts, err := a.db.StaffAccounts(c.Request.Context())
	if err != nil {
		return false, err
	}
	for _, o := range accounts {
		if o.ID != id && o.Active && o.Role == model.RoleOrganiser {
			return false, nil
		}
	}
	return true, nil
}

// deactivateStaff handles POST /admin/staff/:id/deactivate.
func (a *App) deactivateStaff(c *gin.Context) {
	account, ok := a.staffParam(c)
	if !ok {
		return
	}
	if !confirmed(c) {
		a.askDeactivateStaff(c, http.StatusOK, account, "")
		return
	}
	err := a.db.DeactivateStaff(c.Request.Context(), account.ID, currentUser(c))
	if e := model.AsError(err); e != nil && e.Code == model.EConflict {
		a.askDeactivateStaff(c, http.StatusUnprocessableEntity, account, e.Message)
		return
	}
	if err != nil {
		a.fail(c, err)
		return
	}
	a.flash(c, "staff_flash_deactivated")
	if account.ID == currentUser(c).ID {
		// Their own session ended with it.
		c.Redirect(http.StatusSeeOther, urls.Login())
		return
	}
	c.Redirect(http.StatusSeeOther, urls.Staff())
}

// confirmReactivateStaff handles GET /admin/staff/:id/reactivate.
func (a *App) confirmReactivateStaff(c *gin.Context) {
	if account, ok := a.staffParam(c); ok {
		a.askReactivateStaff(c, account)
	}
}

func (a *App) askReactivateStaff(c *gin.Context, account *model.StaffAccount) {
	l := localizer(c)
	v := &confirmView{Subject: account.Name + " (" + account.Email + ")", Action: urls.ReactivateStaff(account.ID),
		Submit: l.T("staff_reactivate"), Back: urls.StaffAccount(account.ID), Lines: []string{l.T("staff_reactivate_text")}}
	if account.Active {
		v.Lines, v.Refused = nil, l.T("staff_already_active")
	}
	a.renderConfirm(c, http.StatusOK, "staff_reactivate_title", v)
}

// reactivateStaff handles POST /admin/staff/:id/reactivate.
func (a *App) reactivateStaff(c *gin.Context) {
	account, ok := a.staffParam(c)
	if !ok {
		return
	}
	if !confirmed(c) {
		a.askReactivateStaff(c, account)
		return
	}
	if err := a.db.ReactivateStaff(c.Request.Context(), account.ID, currentUser(c)); err != nil {
		a.fail(c, err)
		return
	}
	a.flash(c, "staff_flash_reactivated")
	c.Redirect(http.StatusSeeOther, urls.StaffAccount(account.ID))
}
