package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/i18n"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/pdf"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// Name badges: name, organisation, the languages the person speaks in
// their own names, their workshops and a QR code of their check-in address
// (the door code, store.DoorCodes), eight to an A4 sheet. Printing them
// gives people who have none a door code and changes nothing else; the
// same badge printed again carries the same code.

// placedWorkshops returns, per registration, the titles of the workshops
// the person was placed in (the published assignment) or, in first-come
// mode, granted, in the order of the programme's workshop slots.
func placedWorkshops(conf *model.Conference, programme []model.Session, regs []model.Registration, placed []model.Assignment) map[int64][]string {
	titles := map[int64]string{}
	var slots []int64
	for _, s := range programme {
		if s.Kind != model.KindWorkshopSlot {
			continue
		}
		slots = append(slots, s.ID)
		for _, w := range s.Workshops {
			titles[w.ID] = w.Title
		}
	}
	bySlot := map[int64]map[int64]int64{} // registration → slot → workshop
	if conf.RegistrationMode == model.ModeFirstCome {
		for _, r := range regs {
			bySlot[r.ID] = r.Granted
		}
	} else {
		for _, p := range placed {
			if p.WorkshopID == nil {
				continue
			}
			if bySlot[p.RegistrationID] == nil {
				bySlot[p.RegistrationID] = map[int64]int64{}
			}
			bySlot[p.RegistrationID][p.SessionID] = *p.WorkshopID
		}
	}
	out := map[int64][]string{}
	for id, ws := range bySlot {
		for _, s := range slots {
			if t := titles[ws[s]]; t != "" {
				out[id] = append(out[id], t)
			}
		}
	}
	return out
}

// badge is one registration's badge.
func (a *App) badge(r *model.Registration, workshops []string, code string) pdf.Badge {
	return pdf.Badge{Name: r.Name, Organisation: r.Organisation, Languages: pdf.Endonyms(r.Languages),
		Workshops: workshops, CheckIn: a.site.URL(urls.DoorCode(code))}
}

// writeBadges answers with the badges as one PDF.
func (a *App) writeBadges(c *gin.Context, l *i18n.Localizer, conf *model.Conference, title, filename string, badges []pdf.Badge) {
	d, err := pdf.Badges(pdf.Meta{Title: title + " – " + conf.Title, Author: conf.Hosts, Creator: l.T("pdf_creator"), Lang: l.Code,
		Created: conf.UpdatedAt},
		pdf.BadgeSheet{Edition: conf.Title, Workshop: l.T("pdfbadge_workshop")}, badges)
	if err != nil {
		a.internalError(c, err)
		return
	}
	a.sendPDF(c, filename, d)
}

// confirmedRegistrations returns the edition's confirmed registrations
// whose data is still there, by name.
func (a *App) confirmedRegistrations(ctx context.Context, conf *model.Conference) ([]model.Registration, error) {
	all, err := a.db.FindRegistrations(ctx, conf.ID, store.RegistrationFilter{Status: model.RegConfirmed})
	if err != nil {
		return nil, err
	}
	regs := slices.DeleteFunc(all, func(r model.Registration) bool { return r.AnonymisedAt != nil })
	pdf.SortByName(conf.Language, regs)
	return regs, nil
}

// editionBadges handles GET /admin/editions/:id/namensschilder.pdf: the
// badges of every confirmed registration, by name.
func (a *App) editionBadges(c *gin.Context) {
	conf, _, ok := a.conferenceParam(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	regs, err := a.confirmedRegistrations(ctx, conf)
	if err != nil {
		a.internalError(c, err)
		return
	}
	codes, err := a.db.DoorCodes(ctx, conf.ID)
	if err != nil {
		a.internalError(c, err)
		return
	}
	workshops, err := a.editionWorkshops(ctx, conf, regs)
	if err != nil {
		a.internalError(c, err)
		return
	}
	badges := make([]pdf.Badge, 0, len(regs))
	for i := range regs {
		r := &regs[i]
		code, ok := codes[r.ID]
		if !ok { // confirmed after the codes were read: on the next print
			continue
		}
		badges = append(badges, a.badge(r, workshops[r.ID], code))
	}
	l := a.pdfLocalizer(conf.Language)
	a.writeBadges(c, l, conf, l.T("pdfbadge_title"), conf.Slug+"-namensschilder.pdf", badges)
}

// registrationBadge handles GET /admin/registrations/:id/namensschild.pdf:
// one person's badge, to print again, with the same code as before.
func (a *App) registrationBadge(c *gin.Context) {
	r, conf, ok := a.documentRegistration(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	if r.Status != model.RegConfirmed || r.AnonymisedAt != nil {
		a.documentMissing(c, "pdfbadge_none_title", "pdfbadge_none_text")
		return
	}
	code, err := a.db.DoorCode(ctx, r.ID)
	if err != nil {
		a.fail(c, err)
		return
	}
	workshops, ok := a.registrationWorkshops(c, conf, r)
	if !ok {
		return
	}
	l := a.pdfLocalizer(conf.Language)
	a.writeBadges(c, l, conf, l.T("pdfbadge_one_title")+" "+r.Name, conf.Slug+"-namensschild-"+strconv.FormatInt(r.ID, 10)+".pdf",
		[]pdf.Badge{a.badge(r, workshops, code)})
}

// documentRegistration loads the registration named by :id with its edition
// (for its documents and its detail page).
func (a *App) documentRegistration(c *gin.Context) (*model.Registration, *model.Conference, bool) {
	id, ok := a.idParam(c)
	if !ok {
		return nil, nil, false
	}
	ctx := c.Request.Context()
	r, err := a.db.Registration(ctx, id)
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

// editionWorkshops returns, per registration, the titles of the workshops
// the published run (or, first come, the registration) gives them.
func (a *App) editionWorkshops(ctx context.Context, conf *model.Conference, regs []model.Registration) (map[int64][]string, error) {
	programme, err := a.db.Programme(ctx, conf.ID)
	if err != nil {
		return nil, err
	}
	placed, err := a.db.PublishedPlacements(ctx, conf.ID)
	if err != nil {
		return nil, err
	}
	return placedWorkshops(conf, programme, regs, placed), nil
}

// registrationWorkshops returns the workshops one person was placed in or granted.
func (a *App) registrationWorkshops(c *gin.Context, conf *model.Conference, r *model.Registration) ([]string, bool) {
	ctx := c.Request.Context()
	programme, err := a.db.Programme(ctx, conf.ID)
	if err != nil {
		a.internalError(c, err)
		return nil, false
	}
	placed, err := a.db.PublishedAssignments(ctx, r)
	if err != nil {
		a.internalError(c, err)
		return nil, false
	}
	return placedWorkshops(conf, programme, []model.Registration{*r}, placed)[r.ID], true
}

// documentMissing answers 404 with a page that says why there is no such
// document, in the page's language.
func (a *App) documentMissing(c *gin.Context, title, text string) {
	p := a.pageData(c, "", text)
	p.Title = p.T(title)
	a.render(c, http.StatusNotFound, "error", p)
	c.Abort()
}
