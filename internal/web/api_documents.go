package web

import (
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// The API's published minutes and adopted demands. Attachments are linked
// at the public download addresses the pages link to.

type apiEditionRef struct {
	ID     int64  `json:"id"`
	Slug   string `json:"slug"`
	Title  string `json:"title"`
	URL    string `json:"url"`
	APIURL string `json:"api_url"`
}

// apiMinutes is one published record, under the workshop or agenda item
// it belongs to, in the programme's order.
type apiMinutes struct {
	ID          int64     `json:"id"`
	Title       string    `json:"title"`          // the workshop's or the item's
	Slot        string    `json:"slot,omitempty"` // for a workshop, its slot's title
	WorkshopID  *int64    `json:"workshop_id"`    // nil for an agenda item's minutes
	ItemID      *int64    `json:"item_id"`        // nil for a workshop's minutes
	Language    string    `json:"language"`
	Body        string    `json:"body"`      // Markdown
	BodyHTML    string    `json:"body_html"` // as the page shows it, headings from h4
	PublishedAt *string   `json:"published_at"`
	URL         string    `json:"url"` // its place on the edition's page
	Attachments []apiFile `json:"attachments"`
}

type apiFile struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	URL         string `json:"url"`
}

// apiDemand is an adopted demand of a published edition.
type apiDemand struct {
	ID             int64         `json:"id"`
	Title          string        `json:"title"`
	Body           string        `json:"body"`      // Markdown, amendments accepted
	Reasoning      string        `json:"reasoning"` // Markdown
	Language       string        `json:"language"`
	Topic          string        `json:"topic"`
	AddresseeLevel string        `json:"addressee_level"`
	AddresseeName  string        `json:"addressee_name"`
	State          string        `json:"state"` // "adopted" or its latest follow-up's kind
	AdoptedAt      *string       `json:"adopted_at"`
	Edition        apiEditionRef `json:"edition"`
	Workshop       *apiRef       `json:"workshop"` // the workshop that drafted it, if one did
	Vote           apiVote       `json:"vote"`
	FollowUps      []apiFollowUp `json:"follow_ups"`
	URL            string        `json:"url"`
	APIURL         string        `json:"api_url"`
}

type apiRef struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
}

type apiVote struct {
	Groups  []apiVoteGroup `json:"groups"`
	Yes     int            `json:"yes"`
	No      int            `json:"no"`
	Abstain int            `json:"abstain"`
}

type apiVoteGroup struct {
	Label   string `json:"label"`
	Yes     int    `json:"yes"`
	No      int    `json:"no"`
	Abstain int    `json:"abstain"`
}

// apiFollowUp is what became of a demand on one day.
type apiFollowUp struct {
	ID         int64          `json:"id"`
	OccurredOn string         `json:"occurred_on"` // a day, 2006-01-02
	Kind       string         `json:"kind"`
	Note       string         `json:"note"`    // Markdown
	Edition    *apiEditionRef `json:"edition"` // the published edition during which it was entered
	Attachment *apiAttachment `json:"attachment"`
}

type apiAttachment struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

func (a *App) apiEditionRef(c *model.Conference) apiEditionRef {
	return apiEditionRef{ID: c.ID, Slug: c.Slug, Title: c.Title,
		URL: a.site.URL(urls.Conference(c.Slug)), APIURL: a.site.URL(urls.APIEdition(c.Slug))}
}

// apiEditionMinutes handles GET /api/v1/editions/:slug/minutes: the
// published minutes of a published edition, as its page shows them.
func (a *App) apiEditionMinutes(c *gin.Context) {
	conf, ok := a.apiEditionParam(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	sessions, err := a.db.Programme(ctx, conf.ID)
	if err != nil {
		a.internalError(c, err)
		return
	}
	published, err := a.publicMinutes(ctx, conf.ID, sessions)
	if err != nil {
		a.internalError(c, err)
		return
	}
	loc := conf.Location()
	list := []apiMinutes{}
	for _, p := range published {
		m := p.Minutes
		out := apiMinutes{ID: m.ID, Title: p.Title, Slot: p.Context, WorkshopID: m.WorkshopID, ItemID: m.SessionID,
			Language: m.Language, Body: m.Body, BodyHTML: string(p.HTML), PublishedAt: apiTimePtr(m.PublishedAt, loc),
			URL: a.site.URL(urls.Conference(conf.Slug)) + "#minutes-" + strconv.FormatInt(m.ID, 10), Attachments: []apiFile{}}
		for _, f := range p.Files {
			out.Attachments = append(out.Attachments, apiFile{ID: f.ID, Name: f.Name, ContentType: f.ContentType,
				Size: f.Size, URL: a.site.URL(urls.PublicAttachment(conf.Slug, m.ID, f.ID))})
		}
		list = append(list, out)
	}
	a.apiJSON(c, map[string]any{"edition": a.apiEditionRef(conf), "minutes": list})
}

// apiEditionResolutions handles GET /api/v1/editions/:slug/resolutions:
// the demands a published edition adopted, with their follow-ups.
func (a *App) apiEditionResolutions(c *gin.Context) {
	conf, ok := a.apiEditionParam(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	all, err := a.db.PublicDemands(ctx, conf.SeriesID)
	if err != nil {
		a.internalError(c, err)
		return
	}
	editions, err := a.publishedEditions(c, conf.SeriesID)
	if err != nil {
		a.internalError(c, err)
		return
	}
	list := []apiDemand{}
	for i := range all {
		if all[i].ConferenceID != conf.ID {
			continue
		}
		d, err := a.apiDemandOf(c, &all[i].Resolution, conf, editions)
		if err != nil {
			a.internalError(c, err)
			return
		}
		list = append(list, d)
	}
	a.apiJSON(c, map[string]any{"edition": a.apiEditionRef(conf), "resolutions": list})
}

// apiResolution handles GET /api/v1/resolutions/:id: an adopted demand of
// a published edition, as its page /forderungen/:id shows it; anything
// else is not found.
func (a *App) apiResolution(c *gin.Context) {
	r, conf, ok := a.publicResolution(c)
	if !ok {
		return
	}
	editions, err := a.publishedEditions(c, conf.SeriesID)
	if err != nil {
		a.internalError(c, err)
		return
	}
	d, err := a.apiDemandOf(c, r, conf, editions)
	if err != nil {
		a.internalError(c, err)
		return
	}
	a.apiJSON(c, d)
}

// publishedEditions returns a series' published editions by id: the ones
// a follow-up may name in public.
func (a *App) publishedEditions(c *gin.Context, seriesID int64) (map[int64]*model.Conference, error) {
	list, err := a.db.Conferences(c.Request.Context(), seriesID, true)
	if err != nil {
		return nil, err
	}
	out := map[int64]*model.Conference{}
	for i := range list {
		out[list[i].ID] = &list[i]
	}
	return out, nil
}

// apiDemandOf reads a public demand's vote, follow-ups and origin.
func (a *App) apiDemandOf(c *gin.Context, r *model.Resolution, conf *model.Conference, editions map[int64]*model.Conference) (apiDemand, error) {
	ctx := c.Request.Context()
	d := apiDemand{ID: r.ID, Title: r.Title, Body: r.Body, Reasoning: r.Reasoning, Language: r.Language,
		Topic: r.Topic, AddresseeLevel: r.AddresseeLevel, AddresseeName: r.AddresseeName, State: model.ResAdopted,
		AdoptedAt: apiTimePtr(r.DecidedAt, conf.Location()), Edition: a.apiEditionRef(conf),
		Vote: apiVote{Groups: []apiVoteGroup{}}, FollowUps: []apiFollowUp{},
		URL: a.site.URL(urls.Demand(r.ID)), APIURL: a.site.URL(urls.APIResolution(r.ID))}
	vote, err := a.db.Vote(ctx, r.ID, 0)
	if err != nil {
		return d, err
	}
	for _, g := range vote {
		d.Vote.Groups = append(d.Vote.Groups, apiVoteGroup(g))
	}
	d.Vote.Yes, d.Vote.No, d.Vote.Abstain = model.Votes(vote)
	if r.WorkshopID != nil {
		w, err := a.db.Workshop(ctx, *r.WorkshopID)
		if err != nil {
			return d, err
		}
		d.Workshop = &apiRef{ID: w.ID, Title: w.Title}
	}
	followUps, err := a.db.FollowUps(ctx, r.ID)
	if err != nil {
		return d, err
	}
	// In the order of their days, so the last one is the state, as the
	// store's PublicDemands reckons it.
	for _, f := range followUps {
		out := apiFollowUp{ID: f.ID, OccurredOn: f.OccurredOn.UTC().Format(time.DateOnly), Kind: f.Kind, Note: f.Note}
		if f.ConferenceID != nil {
			if e, ok := editions[*f.ConferenceID]; ok {
				ref := a.apiEditionRef(e)
				out.Edition = &ref
			}
		}
		if f.FileID != nil {
			out.Attachment = &apiAttachment{Name: f.FileName, URL: a.site.URL(urls.FollowUpAttachment(r.ID, f.ID))}
		}
		d.FollowUps = append(d.FollowUps, out)
		d.State = f.Kind
	}
	return d, nil
}
