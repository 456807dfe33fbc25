package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// registrationsView is the organisers' list of an edition's registrations.
type registrationsView struct {
	Conference    *model.Conference
	Registrations []model.Registration
	Confirmed     int
	Waiting       int
	Cancelled     int
}

// adminRegistrations handles GET /admin/editions/:id/registrations: who
// registered, in the order they came, with their status.
func (a *App) adminRegistrations(c *gin.Context) {
	conf, _, ok := a.conferenceParam(c)
	if !ok {
		return
	}
	regs, err := a.db.Registrations(c.Request.Context(), conf.ID)
	if err != nil {
		a.internalError(c, err)
		return
	}
	v := registrationsView{Conference: conf, Registrations: regs}
	for _, r := range regs {
		switch r.Status {
		case model.RegConfirmed:
			v.Confirmed++
		case model.RegWaiting:
			v.Waiting++
		default:
			v.Cancelled++
		}
	}
	a.render(c, http.StatusOK, "admin_registrations", a.pageData(c, localizer(c).T("registrations_title"), v))
}
