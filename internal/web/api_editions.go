package web

import (
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// The API's series, editions and programmes. Field names are snake_case
// and stay as they are within /api/v1; texts are the Markdown organisers
// wrote; times are RFC 3339 in the edition's time zone, with its offset.

type apiSeries struct {
	ID          int64            `json:"id"`
	Slug        string           `json:"slug"`
	Title       string           `json:"title"`
	Description string           `json:"description"`
	URL         string           `json:"url"`
	APIURL      string           `json:"api_url"`
	Editions    []apiEditionCard `json:"editions"`
}

// apiEditionCard is an edition as lists show it.
type apiEditionCard struct {
	ID          int64  `json:"id"`
	Slug        string `json:"slug"`
	Title       string `json:"title"`
	Subtitle    string `json:"subtitle"`
	StartsAt    string `json:"starts_at"`
	EndsAt      string `json:"ends_at"`
	TimeZone    string `json:"time_zone"`
	Venue       string `json:"venue"`
	Address     string `json:"address"`
	Status      string `json:"status"`
	URL         string `json:"url"`
	APIURL      string `json:"api_url"`
	CalendarURL string `json:"calendar_url"`
}

// apiEdition is an edition with its programme.
type apiEdition struct {
	apiEditionCard
	Series               apiSeriesRef `json:"series"`
	Hosts                string       `json:"hosts"`
	Description          string       `json:"description"`
	RegistrationOpensAt  *string      `json:"registration_opens_at"`
	RegistrationClosesAt *string      `json:"registration_closes_at"`
	RegistrationURL      string       `json:"registration_url,omitempty"` // while registration is open
	MinutesURL           string       `json:"minutes_url"`
	ResolutionsURL       string       `json:"resolutions_url"`
	Rooms                []string     `json:"rooms"`
	Programme            []apiItem    `json:"programme"`
}

type apiSeriesRef struct {
	ID     int64  `json:"id"`
	Slug   string `json:"slug"`
	Title  string `json:"title"`
	URL    string `json:"url"`
	APIURL string `json:"api_url"`
}

// apiItem is an agenda item; a workshop slot holds its workshops.
type apiItem struct {
	ID          int64         `json:"id"`
	Kind        string        `json:"kind"`
	Title       string        `json:"title"`
	Description string        `json:"description"`
	Room        string        `json:"room"`
	StartsAt    string        `json:"starts_at"`
	EndsAt      string        `json:"ends_at"`
	People      []apiPerson   `json:"people"`
	Workshops   []apiWorkshop `json:"workshops"`
}

type apiWorkshop struct {
	ID          int64       `json:"id"`
	Topic       string      `json:"topic"`
	Title       string      `json:"title"`
	Description string      `json:"description"`
	Room        string      `json:"room"`
	Places      int         `json:"places"`
	Languages   []string    `json:"languages"` // interpretation language codes
	People      []apiPerson `json:"people"`
}

// apiPerson is someone the programme names: a speaker, moderator or
// facilitator, public on the page already. Registrations never appear.
type apiPerson struct {
	Name        string `json:"name"`
	Affiliation string `json:"affiliation"`
	Role        string `json:"role"`
}

// apiTime writes t in loc as RFC 3339, with loc's offset.
func apiTime(t time.Time, loc *time.Location) string { return t.In(loc).Format(time.RFC3339) }

func apiTimePtr(t *time.Time, loc *time.Location) *string {
	if t == nil {
		return nil
	}
	s := apiTime(*t, loc)
	return &s
}

func (a *App) apiSeriesOf(s *model.Series, editions []model.Conference) apiSeries {
	out := apiSeries{ID: s.ID, Slug: s.Slug, Title: s.Title, Description: s.Description,
		URL: a.site.URL(urls.Series(s.Slug)), APIURL: a.site.URL(urls.APISeries(s.Slug)), Editions: []apiEditionCard{}}
	for i := range editions {
		out.Editions = append(out.Editions, a.apiCard(&editions[i]))
	}
	return out
}

func (a *App) apiCard(c *model.Conference) apiEditionCard {
	loc := c.Location()
	return apiEditionCard{ID: c.ID, Slug: c.Slug, Title: c.Title, Subtitle: c.Subtitle,
		StartsAt: apiTime(c.StartsAt, loc), EndsAt: apiTime(c.EndsAt, loc), TimeZone: c.TimeZone,
		Venue: c.Venue, Address: c.Address, Status: c.Status,
		URL: a.site.URL(urls.Conference(c.Slug)), APIURL: a.site.URL(urls.APIEdition(c.Slug)),
		CalendarURL: a.site.URL(urls.Calendar(c.Slug))}
}

func (a *App) apiSeriesRef(s *model.Series) apiSeriesRef {
	return apiSeriesRef{ID: s.ID, Slug: s.Slug, Title: s.Title,
		URL: a.site.URL(urls.Series(s.Slug)), APIURL: a.site.URL(urls.APISeries(s.Slug))}
}

func apiPeople(people []model.Person) []apiPerson {
	out := []apiPerson{}
	for _, p := range people {
		out = append(out, apiPerson{Name: p.Name, Affiliation: p.Affiliation, Role: p.Role})
	}
	return out
}

// apiSeriesList handles GET /api/v1/series: what the start page lists,
// every series with published editions, each with those, newest first.
func (a *App) apiSeriesList(c *gin.Context) {
	ctx := c.Request.Context()
	all, err := a.db.AllSeries(ctx)
	if err != nil {
		a.internalError(c, err)
		return
	}
	list := []apiSeries{}
	for i := range all {
		editions, err := a.db.Conferences(ctx, all[i].ID, true)
		if err != nil {
			a.internalError(c, err)
			return
		}
		if len(editions) > 0 {
			list = append(list, a.apiSeriesOf(&all[i], editions))
		}
	}
	a.apiJSON(c, map[string]any{"series": list})
}

// apiSeriesDetail handles GET /api/v1/series/:slug: a series and its
// published editions, as its page shows them.
func (a *App) apiSeriesDetail(c *gin.Context) {
	if s, ok := a.publicSeries(c); ok {
		a.apiJSON(c, a.apiSeriesOf(&s.Series, s.Editions))
	}
}

// apiEditionParam loads the edition :slug if it is published: the public
// pages' rule, for everyone, so an organiser's login shows no draft here.
func (a *App) apiEditionParam(c *gin.Context) (*model.Conference, bool) {
	conf, err := a.db.ConferenceBySlug(c.Request.Context(), c.Param("slug"))
	if err != nil {
		a.fail(c, err)
		return nil, false
	}
	if !conf.Published {
		a.notFound(c)
		return nil, false
	}
	return conf, true
}

// apiEditionDetail handles GET /api/v1/editions/:slug: a published
// edition with its programme (items, workshops, rooms and the people
// named on them), as its page shows it.
func (a *App) apiEditionDetail(c *gin.Context) {
	conf, ok := a.apiEditionParam(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	series, err := a.db.Series(ctx, conf.SeriesID)
	if err != nil {
		a.internalError(c, err)
		return
	}
	sessions, err := a.db.Programme(ctx, conf.ID)
	if err != nil {
		a.internalError(c, err)
		return
	}
	loc := conf.Location()
	out := apiEdition{apiEditionCard: a.apiCard(conf), Series: a.apiSeriesRef(series), Hosts: conf.Hosts,
		Description: conf.Description, RegistrationOpensAt: apiTimePtr(conf.RegistrationOpensAt, loc),
		RegistrationClosesAt: apiTimePtr(conf.RegistrationClosesAt, loc),
		MinutesURL:           a.site.URL(urls.APIEditionMinutes(conf.Slug)),
		ResolutionsURL:       a.site.URL(urls.APIEditionResolutions(conf.Slug)),
		Rooms:                []string{}, Programme: []apiItem{}}
	// The page offers the form while the edition is open.
	if conf.Status == model.StatusOpen {
		out.RegistrationURL = a.site.URL(urls.Register(conf.Slug))
	}
	room := func(r string) {
		if r != "" && !slices.Contains(out.Rooms, r) {
			out.Rooms = append(out.Rooms, r)
		}
	}
	for _, s := range sessions {
		item := apiItem{ID: s.ID, Kind: s.Kind, Title: s.Title, Description: s.Description, Room: s.Room,
			StartsAt: apiTime(s.StartsAt, loc), EndsAt: apiTime(s.EndsAt, loc), People: apiPeople(s.People),
			Workshops: []apiWorkshop{}}
		room(s.Room)
		for _, w := range s.Workshops {
			langs := model.SplitCodes(w.Languages)
			if langs == nil {
				langs = []string{}
			}
			item.Workshops = append(item.Workshops, apiWorkshop{ID: w.ID, Topic: w.Topic, Title: w.Title,
				Description: w.Description, Room: w.Room, Places: w.Capacity, Languages: langs, People: apiPeople(w.People)})
			room(w.Room)
		}
		out.Programme = append(out.Programme, item)
	}
	slices.Sort(out.Rooms)
	a.apiJSON(c, out)
}
