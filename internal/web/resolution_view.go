package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// amendmentView is an amendment with what it changes, word by word.
type amendmentView struct {
	model.Amendment
	Diff []diffPart
}

// resolutionDetail is a resolution with everything recorded about it, as
// the staff page and the public page show it.
type resolutionDetail struct {
	Resolution *model.Resolution
	Conference *model.Conference
	Workshop   string // origin workshop's title
	Vote       []model.VoteGroup
	Amendments []amendmentView
	FollowUps  []model.FollowUp
	Rights     resolutionRights
	Editions   map[int64]*model.Conference // the editions follow-ups and corrections name
}

func voteTotal(groups []model.VoteGroup) model.VoteGroup {
	yes, no, abstain := model.Votes(groups)
	return model.VoteGroup{Yes: yes, No: no, Abstain: abstain}
}

// Accepted lists the accepted amendments, for the public page.
func (d *resolutionDetail) Accepted() []amendmentView {
	var out []amendmentView
	for _, am := range d.Amendments {
		if am.Status == model.AmendAccepted {
			out = append(out, am)
		}
	}
	return out
}

// Edition returns an edition a follow-up or correction names, or nil.
func (d *resolutionDetail) Edition(id *int64) *model.Conference {
	if id == nil {
		return nil
	}
	return d.Editions[*id]
}

// loadDetail reads what the resolution's pages show.
func (a *App) loadDetail(c *gin.Context, r *model.Resolution, conf *model.Conference) (*resolutionDetail, error) {
	ctx := c.Request.Context()
	d := &resolutionDetail{Resolution: r, Conference: conf, Editions: map[int64]*model.Conference{conf.ID: conf}}
	var err error
	if d.Vote, err = a.db.Vote(ctx, r.ID, 0); err != nil {
		return nil, err
	}
	ams, err := a.db.Amendments(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	for _, am := range ams {
		d.Amendments = append(d.Amendments, amendmentView{Amendment: am, Diff: wordDiff(am.BaseBody, am.Body)})
	}
	if d.FollowUps, err = a.db.FollowUps(ctx, r.ID); err != nil {
		return nil, err
	}
	editions, err := a.db.Conferences(ctx, conf.SeriesID, false)
	if err != nil {
		return nil, err
	}
	for i := range editions {
		d.Editions[editions[i].ID] = &editions[i]
	}
	if r.WorkshopID != nil {
		w, err := a.db.Workshop(ctx, *r.WorkshopID)
		if err != nil {
			return nil, err
		}
		d.Workshop = w.Title
	}
	return d, nil
}

// adminResolution handles GET /admin/resolutions/:id: a resolution with
// its amendments (each with its word diff), its vote and its follow-ups,
// and what the user may do with it.
func (a *App) adminResolution(c *gin.Context) {
	r, conf, rights, ok := a.resolutionParam(c)
	if !ok {
		return
	}
	d, err := a.loadDetail(c, r, conf)
	if err != nil {
		a.internalError(c, err)
		return
	}
	d.Rights = rights
	a.render(c, http.StatusOK, "admin_resolution", a.pageData(c, r.Title, d))
}

// VoteTotal sums a vote's groups, for its table's last row.
func (p *Page) VoteTotal(groups []model.VoteGroup) model.VoteGroup {
	return voteTotal(groups)
}

// Day shows a calendar day (stored at midnight UTC) as the page's
// language writes dates.
func (p *Page) Day(t time.Time) string {
	return p.Date(t, time.UTC)
}
