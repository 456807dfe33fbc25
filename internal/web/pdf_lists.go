package web

import (
	"context"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/pdf"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
)

// Participant lists and logistics sheets as PDFs. The organisers' list
// for funders has everyone confirmed, a signature column and who came; the
// list participants reach from their personal page has only those who
// agreed to it. A workshop's documents are its organisers' and its own
// facilitators'. They are written in the edition's document language and change
// nothing.

// editionPeople returns the edition's registrations that are not
// cancelled, with their choices, and the published run's placements (none
// before one is published, and then published is false).
func (a *App) editionPeople(ctx context.Context, conf *model.Conference) (regs []model.Registration, placed []model.Assignment, published bool, err error) {
	all, err := a.db.FindRegistrations(ctx, conf.ID, store.RegistrationFilter{})
	if err != nil {
		return nil, nil, false, err
	}
	for _, r := range all {
		if r.Status != model.RegCancelled {
			regs = append(regs, r)
		}
	}
	run, err := a.db.PublishedRunID(ctx, conf.ID)
	if err != nil || run == 0 {
		return regs, nil, false, err
	}
	placed, err = a.db.PublishedPlacements(ctx, conf.ID)
	return regs, placed, true, err
}

// workshopPeople picks the people of workshop w from the edition's
// registrations, as the facilitators' list does: those the published run
// placed there; before one is published, in first-come mode those granted
// a place there. Otherwise nobody is there yet, and firstChoice asks for the
// estimate the logistics sheet plans with: those who ranked it first,
// confirmed or waiting.
func workshopPeople(conf *model.Conference, w *model.Workshop, regs []model.Registration, placed []model.Assignment,
	published, firstChoice bool) ([]model.Registration, pdf.Listing) {
	var in []model.Registration
	switch {
	case published:
		here := map[int64]bool{}
		for _, x := range placed {
			if x.SessionID == w.SessionID && x.WorkshopID != nil && *x.WorkshopID == w.ID {
				here[x.RegistrationID] = true
			}
		}
		for _, r := range regs {
			if here[r.ID] && r.Status == model.RegConfirmed {
				in = append(in, r)
			}
		}
		return in, pdf.ListPlaced
	case conf.RegistrationMode == model.ModeFirstCome:
		for _, r := range regs {
			if r.Status == model.RegConfirmed && r.Granted[w.SessionID] == w.ID {
				in = append(in, r)
			}
		}
		return in, pdf.ListGranted
	case firstChoice:
		for _, r := range regs {
			if ranked := r.Choices[w.SessionID]; len(ranked) > 0 && ranked[0] == w.ID {
				in = append(in, r)
			}
		}
		return in, pdf.ListFirstChoice
	}
	return nil, pdf.ListUnpublished
}

// facilitatedWorkshop loads the workshop :id for its organisers and its own
// facilitators; anyone else gets 404, as on the participants' page.
func (a *App) facilitatedWorkshop(c *gin.Context) (*model.Workshop, *model.Session, *model.Conference, bool) {
	w, slot, conf, ok := a.workshopParam(c)
	if !ok {
		return nil, nil, nil, false
	}
	if u := currentUser(c); u.Role != model.RoleOrganiser {
		invited, err := a.db.Facilitates(c.Request.Context(), u.ID, w.ID)
		if err != nil {
			a.internalError(c, err)
			return nil, nil, nil, false
		}
		if !invited {
			a.notFound(c)
			return nil, nil, nil, false
		}
	}
	return w, slot, conf, true
}

// editionSignatureList handles GET /admin/editions/:id/teilnehmerliste.pdf:
// every confirmed participant with a signature column, for funders.
func (a *App) editionSignatureList(c *gin.Context) {
	conf, _, ok := a.conferenceParam(c)
	if !ok {
		return
	}
	regs, _, _, err := a.editionPeople(c.Request.Context(), conf)
	if err != nil {
		a.internalError(c, err)
		return
	}
	l := a.pdfLocalizer(conf.Language)
	doc := pdf.NewParticipantList(l, pdf.ParticipantList{Conference: conf, People: regs, ForOrganisers: true})
	a.sendPDF(c, conf.Slug+"-teilnehmerliste.pdf", doc)
}

// workshopSignatureList handles GET /admin/workshops/:id/teilnehmerliste.pdf:
// the workshop's participants with a signature column.
func (a *App) workshopSignatureList(c *gin.Context) {
	w, slot, conf, ok := a.facilitatedWorkshop(c)
	if !ok {
		return
	}
	regs, placed, published, err := a.editionPeople(c.Request.Context(), conf)
	if err != nil {
		a.internalError(c, err)
		return
	}
	people, listing := workshopPeople(conf, w, regs, placed, published, false)
	l := a.pdfLocalizer(conf.Language)
	doc := pdf.NewParticipantList(l, pdf.ParticipantList{Conference: conf, Workshop: w, Slot: slot, Listing: listing,
		People: people, ForOrganisers: true})
	a.sendPDF(c, conf.Slug+"-ag-"+strconv.FormatInt(w.ID, 10)+"-teilnehmerliste.pdf", doc)
}

// personalParticipantList handles GET /r/:token/teilnehmerliste.pdf: the
// edition's participants who agreed to the list, for a confirmed
// participant; anyone else finds nothing here.
func (a *App) personalParticipantList(c *gin.Context) {
	r, conf, ok := a.personalLink(c)
	if !ok {
		return
	}
	if r.Status != model.RegConfirmed {
		a.notFound(c)
		return
	}
	regs, _, _, err := a.editionPeople(c.Request.Context(), conf)
	if err != nil {
		a.internalError(c, err)
		return
	}
	doc := pdf.NewParticipantList(a.pdfLocalizer(conf.Language), pdf.ParticipantList{Conference: conf, People: regs})
	c.Set(privatePDF, true)
	a.sendPDF(c, conf.Slug+"-teilnehmerliste.pdf", doc)
}

// workshopLogistics handles GET /admin/workshops/:id/logistik.pdf.
func (a *App) workshopLogistics(c *gin.Context) {
	w, slot, conf, ok := a.facilitatedWorkshop(c)
	if !ok {
		return
	}
	regs, placed, published, err := a.editionPeople(c.Request.Context(), conf)
	if err != nil {
		a.internalError(c, err)
		return
	}
	people, listing := workshopPeople(conf, w, regs, placed, published, true)
	sheet := pdf.LogisticsSheet{Workshop: *w, Slot: *slot, Listing: listing, People: people}
	doc := pdf.NewLogistics(a.pdfLocalizer(conf.Language), pdf.Logistics{Conference: conf, Sheets: []pdf.LogisticsSheet{sheet},
		Names: currentUser(c).Role == model.RoleOrganiser})
	a.sendPDF(c, conf.Slug+"-ag-"+strconv.FormatInt(w.ID, 10)+"-logistik.pdf", doc)
}

// editionLogistics handles GET /admin/editions/:id/logistik.pdf: the sheet
// of every workshop of the slots that take place, one a page.
func (a *App) editionLogistics(c *gin.Context) {
	conf, _, ok := a.conferenceParam(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	programme, err := a.db.Programme(ctx, conf.ID)
	if err != nil {
		a.internalError(c, err)
		return
	}
	regs, placed, published, err := a.editionPeople(ctx, conf)
	if err != nil {
		a.internalError(c, err)
		return
	}
	var sheets []pdf.LogisticsSheet
	for _, s := range programme {
		if s.Kind != model.KindWorkshopSlot || s.Cancelled() {
			continue
		}
		for _, w := range s.Workshops {
			people, listing := workshopPeople(conf, &w, regs, placed, published, true)
			sheets = append(sheets, pdf.LogisticsSheet{Workshop: w, Slot: s, Listing: listing, People: people})
		}
	}
	doc := pdf.NewLogistics(a.pdfLocalizer(conf.Language), pdf.Logistics{Conference: conf, Sheets: sheets, Names: true})
	a.sendPDF(c, conf.Slug+"-logistik.pdf", doc)
}
