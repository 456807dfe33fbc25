package web

import (
	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/pdf"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// documentationPDF handles GET /k/:slug/dokumentation.pdf: the
// documentation of an edition in the edition's language. It holds only
// what the public may read: published minutes, adopted demands and counts
// without names. Like the edition's page, a draft is there for organisers
// only (to check it before publishing) and not found for everyone else.
func (a *App) documentationPDF(c *gin.Context) {
	ctx := c.Request.Context()
	conf, err := a.db.ConferenceBySlug(ctx, c.Param("slug"))
	if err != nil {
		a.fail(c, err)
		return
	}
	if !conf.Published {
		if u := currentUser(c); u == nil || u.Role != model.RoleOrganiser {
			a.notFound(c)
			return
		}
	}
	in, err := a.documentationOf(c, conf)
	if err != nil {
		a.internalError(c, err)
		return
	}
	a.sendPDF(c, conf.Slug+"-dokumentation.pdf", pdf.NewDocumentation(*in, a.pdfLocalizer(conf.Language)))
}

// documentationOf gathers what the documentation of conf prints.
func (a *App) documentationOf(c *gin.Context, conf *model.Conference) (*pdf.Documentation, error) {
	ctx := c.Request.Context()
	series, err := a.db.Series(ctx, conf.SeriesID)
	if err != nil {
		return nil, err
	}
	programme, err := a.db.Programme(ctx, conf.ID)
	if err != nil {
		return nil, err
	}
	in := &pdf.Documentation{Series: *series, Conference: *conf, Programme: programme}
	records, err := a.publicMinutes(ctx, conf.ID, programme)
	if err != nil {
		return nil, err
	}
	for _, m := range records {
		r := pdf.Record{Title: m.Title, Context: m.Context, Body: m.Minutes.Body}
		for _, f := range m.Files {
			r.Files = append(r.Files, pdf.Attachment{Name: f.Name, ContentType: f.ContentType, Size: f.Size,
				URL: a.site.URL(urls.PublicAttachment(conf.Slug, m.Minutes.ID, f.ID))})
		}
		in.Records = append(in.Records, r)
	}
	demands, err := a.demandsOf(c, series, conf)
	if err != nil {
		return nil, err
	}
	for _, d := range demands.Adopted {
		vote, err := a.db.Vote(ctx, d.ID, 0)
		if err != nil {
			return nil, err
		}
		in.Adopted = append(in.Adopted, pdf.Demand{Resolution: d.Resolution, Vote: vote, State: d.State,
			URL: a.site.URL(urls.Demand(d.ID))})
	}
	for _, d := range demands.Earlier {
		in.Earlier = append(in.Earlier, pdf.Demand{Resolution: d.Resolution, State: d.State, Edition: d.ConferenceTitle,
			URL: a.site.URL(urls.Demand(d.ID))})
	}
	counts, err := a.db.ParticipantCounts(ctx, conf.ID)
	if err != nil {
		return nil, err
	}
	for _, n := range counts {
		in.Counts = append(in.Counts, pdf.Count{Category: n.Category, Municipality: n.Municipality,
			Registered: n.Registered, Present: n.Present})
	}
	choices, err := a.db.FirstChoices(ctx, conf.ID)
	if err != nil {
		return nil, err
	}
	// In the programme's order, which is the time's.
	for _, s := range programme {
		for _, n := range choices {
			if n.SessionID == s.ID {
				in.Choices = append(in.Choices, pdf.SlotChoices{Slot: s.Title, Placed: n.Placed, First: n.First})
			}
		}
	}
	return in, nil
}
