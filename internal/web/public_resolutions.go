package web

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
)

// The public reads the demands its conferences adopted: each edition's
// page lists its own with their current state and, under "what became of
// our demands", those of the series' earlier editions; the series has a
// list filterable by topic, addressee level and state; each demand has a
// stable page. Only adopted demands of published editions are public.

// editionDemands is what an edition's page shows of the series' demands.
type editionDemands struct {
	Series  *model.Series
	Adopted []store.PublicDemand // the edition's own
	Earlier []store.PublicDemand // of earlier editions
}

// demandsOf reads the demands conf's page shows.
func (a *App) demandsOf(c *gin.Context, series *model.Series, conf *model.Conference) (*editionDemands, error) {
	all, err := a.db.PublicDemands(c.Request.Context(), series.ID)
	if err != nil {
		return nil, err
	}
	v := &editionDemands{Series: series}
	for _, d := range all {
		switch {
		case d.ConferenceID == conf.ID:
			// On its own edition's page a demand needs no edition's name.
			d.ConferenceTitle = ""
			v.Adopted = append(v.Adopted, d)
		case d.ConferenceStartsAt.Before(conf.StartsAt):
			v.Earlier = append(v.Earlier, d)
		}
	}
	return v, nil
}

// demandStates are the states a demand can be in, for the filter.
var demandStates = append([]string{model.ResAdopted}, model.FollowUpKinds...)

// demandsView is the series' list of demands with its filter.
type demandsView struct {
	Series                 *model.Series
	Demands                []store.PublicDemand
	Topic, Level, State    string
	Topics, Levels, States []string
	Filtered               bool
}

// seriesDemands handles GET /s/:slug/forderungen: the series' adopted
// demands, filtered by the GET parameters topic, level and state (values
// it does not know filter nothing), so that a filtered list has an address.
func (a *App) seriesDemands(c *gin.Context) {
	ctx := c.Request.Context()
	s, err := a.db.SeriesBySlug(ctx, c.Param("slug"))
	if err != nil {
		a.fail(c, err)
		return
	}
	all, err := a.db.PublicDemands(ctx, s.ID)
	if err != nil {
		a.internalError(c, err)
		return
	}
	pick := func(name string, allowed []string) string {
		if v := c.Query(name); slices.Contains(allowed, v) {
			return v
		}
		return ""
	}
	v := &demandsView{Series: s, Topic: pick("topic", model.WorkshopTopics), Level: pick("level", model.AddresseeLevels),
		State: pick("state", demandStates), Topics: model.WorkshopTopics, Levels: model.AddresseeLevels, States: demandStates}
	v.Filtered = v.Topic != "" || v.Level != "" || v.State != ""
	for _, d := range all {
		if (v.Topic == "" || d.Topic == v.Topic) && (v.Level == "" || d.AddresseeLevel == v.Level) &&
			(v.State == "" || stateOf(d.State) == v.State) {
			v.Demands = append(v.Demands, d)
		}
	}
	a.render(c, http.StatusOK, "demands", a.pageData(c, localizer(c).T("demands_title"), v))
}

// publicDemand is a demand's public page.
type publicDemand struct {
	*resolutionDetail
	Series *model.Series
}

// demandPage handles GET /forderungen/:id: an adopted demand of a
// published edition with its text, reasoning, addressee, vote, accepted
// amendments and follow-ups. Anything else is not found.
func (a *App) demandPage(c *gin.Context) {
	r, conf, ok := a.publicResolution(c)
	if !ok {
		return
	}
	d, err := a.loadDetail(c, r, conf)
	if err != nil {
		a.internalError(c, err)
		return
	}
	series, err := a.db.Series(c.Request.Context(), conf.SeriesID)
	if err != nil {
		a.internalError(c, err)
		return
	}
	// Follow-ups and corrections may name an edition not yet published.
	for id, e := range d.Editions {
		if !e.Published {
			delete(d.Editions, id)
		}
	}
	a.render(c, http.StatusOK, "demand", a.pageData(c, r.Title, publicDemand{resolutionDetail: d, Series: series}))
}

// publicResolution loads the resolution :id if the public may read it.
func (a *App) publicResolution(c *gin.Context) (*model.Resolution, *model.Conference, bool) {
	id, ok := a.idParam(c)
	if !ok {
		return nil, nil, false
	}
	ctx := c.Request.Context()
	r, err := a.db.Resolution(ctx, id)
	if err != nil {
		a.fail(c, err)
		return nil, nil, false
	}
	conf, err := a.db.Conference(ctx, r.ConferenceID)
	if err != nil {
		a.fail(c, err)
		return nil, nil, false
	}
	if !r.Public() || !conf.Published {
		a.notFound(c)
		return nil, nil, false
	}
	return r, conf, true
}
