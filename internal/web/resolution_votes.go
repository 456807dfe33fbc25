package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// The plenary's vote: one row per voter group (councillors with a vote,
// advisory participants, ...), a first row "Alle" and empty rows for more
// groups, so that the form needs no script. The votes in all are no more
// than the edition that voted can cast (model.VoteLimit): check-in does
// not exist yet, so confirmed registrations are the bound.

// blankVoteRows are the empty rows the vote form offers for more groups.
const blankVoteRows = 2

var voteCounts = []string{"yes", "no", "abstain"}

type voteEdit struct {
	Resolution *model.Resolution
	Conference *model.Conference
	Amendment  *amendmentView // nil: the resolution's own vote
	Editions   []Option       // where a correction may have been voted
	Limit      int            // the votes the resolution's edition can cast (model.VoteLimit)
}

// Rows returns the row numbers of the form's voter groups.
func (v voteEdit) Rows(f *Form) []string {
	n, _ := strconv.Atoi(f.Values["vote_rows"])
	rows := make([]string, n)
	for i := range rows {
		rows[i] = strconv.Itoa(i)
	}
	return rows
}

// votesFrom reads the posted voter groups; rows left empty are dropped and
// the form is rewritten with the rows that remain, numbered as
// validation numbers them.
func votesFrom(c *gin.Context, f *Form) []model.VoteGroup {
	var groups []model.VoteGroup
	for i := 0; i < model.MaxVoteGroups+blankVoteRows; i++ {
		prefix := "votes." + strconv.Itoa(i) + "."
		row := "votes." + strconv.Itoa(len(groups)) + "."
		label := f.readText(c, prefix+"label", row+"label")
		counts := map[string]string{}
		empty := label == ""
		for _, k := range voteCounts {
			counts[k] = f.readText(c, prefix+k, row+k)
			empty = empty && counts[k] == ""
		}
		if empty {
			continue
		}
		g := model.VoteGroup{Label: label}
		for k, dst := range map[string]*int{"yes": &g.Yes, "no": &g.No, "abstain": &g.Abstain} {
			f.Values[row+k] = counts[k]
			if counts[k] == "" {
				continue
			}
			n, err := strconv.Atoi(counts[k])
			if err != nil {
				f.Errors[row+k] = "err_number"
			}
			*dst = n
		}
		f.Values[row+"label"] = label
		groups = append(groups, g)
	}
	f.setVoteRows(len(groups))
	return groups
}

// setVoteRows clears the rows after the first n and offers blank ones.
func (f *Form) setVoteRows(n int) {
	rows := min(n+blankVoteRows, model.MaxVoteGroups)
	rows = max(rows, n)
	for i := n; i < model.MaxVoteGroups+blankVoteRows; i++ {
		prefix := "votes." + strconv.Itoa(i) + "."
		for _, k := range append([]string{"label"}, voteCounts...) {
			delete(f.Values, prefix+k)
		}
	}
	f.Values["vote_rows"] = strconv.Itoa(rows)
}

// voteResult is the result the organiser chose, or by default the
// majority's: more yes than no adopts.
func voteResult(choice string, groups []model.VoteGroup) string {
	if choice != "" {
		return choice
	}
	yes, no, _ := model.Votes(groups)
	if yes > no {
		return model.ResAdopted
	}
	return model.ResRejected
}

func newVoteForm() *Form {
	form := newForm()
	form.setVoteRows(1)
	form.Values["votes.0.label"] = "Alle"
	return form
}

func (a *App) renderVoteForm(c *gin.Context, status int, form *Form, v voteEdit) {
	title := localizer(c).T("vote_title")
	if v.Amendment != nil {
		title = localizer(c).T("vote_amendment_title")
	}
	v.Limit = model.VoteLimit(v.Conference.ConfirmedCount, v.Conference.Capacity)
	p := a.pageData(c, title, v)
	p.Form = form
	a.render(c, status, "admin_vote_form", p)
}

// organiserResolution loads the resolution :id for an organiser; others 404.
func (a *App) organiserResolution(c *gin.Context) (*model.Resolution, *model.Conference, bool) {
	r, conf, rights, ok := a.resolutionParam(c)
	if ok && !rights.Organiser {
		a.notFound(c)
		return nil, nil, false
	}
	return r, conf, ok
}

// resolutionVoteForm handles GET /admin/resolutions/:id/vote.
func (a *App) resolutionVoteForm(c *gin.Context) {
	r, conf, ok := a.organiserResolution(c)
	if !ok {
		return
	}
	if r.Status != model.ResProposed {
		a.fail(c, model.Conflict("result", "err_resolution_not_proposed"))
		return
	}
	a.renderVoteForm(c, http.StatusOK, newVoteForm(), voteEdit{Resolution: r, Conference: conf})
}

// recordResolutionVote handles POST /admin/resolutions/:id/vote.
func (a *App) recordResolutionVote(c *gin.Context) {
	r, conf, ok := a.organiserResolution(c)
	if !ok {
		return
	}
	if r.Status != model.ResProposed {
		a.fail(c, model.Conflict("result", "err_resolution_not_proposed"))
		return
	}
	form := formFrom(c, "result")
	groups := votesFrom(c, form)
	result := voteResult(form.Values["result"], groups)
	validate := func() error { return model.ValidateVote(groups, model.VoteLimit(conf.ConfirmedCount, conf.Capacity)) }
	save := func() error { return a.db.RecordVote(c.Request.Context(), r.ID, groups, result, currentUser(c)) }
	if a.saveForm(c, form, validate, save, func() {
		a.renderVoteForm(c, http.StatusUnprocessableEntity, form, voteEdit{Resolution: r, Conference: conf})
	}) {
		a.flash(c, "flash_vote_recorded")
		c.Redirect(http.StatusSeeOther, urls.AdminResolution(r.ID))
	}
}

// seriesEditionOptions are the editions of conf's series from conf on, as
// choices of where something happened, and the one to choose by default:
// the latest that has begun.
func (a *App) seriesEditionOptions(c *gin.Context, conf *model.Conference) ([]Option, string, error) {
	editions, err := a.db.Conferences(c.Request.Context(), conf.SeriesID, false)
	if err != nil {
		return nil, "", err
	}
	var out []Option
	chosen := strconv.FormatInt(conf.ID, 10)
	now := a.db.Now()
	for i := len(editions) - 1; i >= 0; i-- { // oldest first
		e := editions[i]
		if e.StartsAt.Before(conf.StartsAt) {
			continue
		}
		id := strconv.FormatInt(e.ID, 10)
		out = append(out, Option{Value: id, Label: e.Title, Lang: contentLang})
		if !e.StartsAt.After(now) {
			chosen = id
		}
	}
	return out, chosen, nil
}

// amendmentVoteForm handles GET /admin/resolutions/:id/amendments/:amendment/vote.
func (a *App) amendmentVoteForm(c *gin.Context) {
	r, conf, am, ok := a.amendmentParam(c)
	if !ok {
		return
	}
	v, chosen, ok := a.amendmentVoteEdit(c, r, conf, am)
	if !ok {
		return
	}
	form := newVoteForm()
	form.Values["voted_in"] = chosen
	a.renderVoteForm(c, http.StatusOK, form, v)
}

// amendmentVoteEdit is the vote form's view of a correction still open;
// anything else is a conflict. It returns the edition chosen by default too.
func (a *App) amendmentVoteEdit(c *gin.Context, r *model.Resolution, conf *model.Conference, am *model.Amendment) (voteEdit, string, bool) {
	if !am.Correction || am.Status != model.AmendProposed {
		a.fail(c, model.Conflict("amendment", "err_amendment_no_vote"))
		return voteEdit{}, "", false
	}
	editions, chosen, err := a.seriesEditionOptions(c, conf)
	if err != nil {
		a.internalError(c, err)
		return voteEdit{}, "", false
	}
	return voteEdit{Resolution: r, Conference: conf, Editions: editions,
		Amendment: &amendmentView{Amendment: *am, Diff: wordDiff(am.BaseBody, am.Body)}}, chosen, true
}

// recordAmendmentVote handles POST /admin/resolutions/:id/amendments/:amendment/vote:
// the correction is accepted or rejected by its vote.
func (a *App) recordAmendmentVote(c *gin.Context) {
	r, conf, am, ok := a.amendmentParam(c)
	if !ok {
		return
	}
	v, _, ok := a.amendmentVoteEdit(c, r, conf, am)
	if !ok {
		return
	}
	form := formFrom(c, "result", "voted_in")
	groups := votesFrom(c, form)
	votedIn, err := strconv.ParseInt(form.Values["voted_in"], 10, 64)
	if err != nil {
		form.Errors["voted_in"] = "err_choice"
	}
	accept := voteResult(form.Values["result"], groups) == model.ResAdopted
	save := func() error {
		return a.db.VoteAmendment(c.Request.Context(), r.ID, am.ID, votedIn, groups, accept, currentUser(c))
	}
	if a.saveForm(c, form, func() error { return nil }, save, func() {
		a.renderVoteForm(c, http.StatusUnprocessableEntity, form, v)
	}) {
		a.flash(c, "flash_vote_recorded")
		c.Redirect(http.StatusSeeOther, urls.AdminResolution(r.ID))
	}
}

// WithOptions returns the field as a select of options.
func (f Field) WithOptions(options []Option) Field {
	f.Options = options
	return f
}

// VoteResults are the results an organiser may declare; the first leaves
// it to the majority (voteResult).
func (p *Page) VoteResults() []Option {
	return []Option{{Value: "", Label: p.T("vote_result_majority")},
		{Value: model.ResAdopted, Label: p.T("vote_result_adopted")},
		{Value: model.ResRejected, Label: p.T("vote_result_rejected")}}
}

// NoneFirst puts a "no answer" choice before options.
func (p *Page) NoneFirst(options []Option) []Option {
	return append([]Option{{Value: "", Label: p.T("choice_none")}}, options...)
}
