package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/mail"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// Nothing that destroys data, or tells many people something, happens on
// one click. Its button leads to a page that says exactly what will
// happen, in numbers, and only that page's form, which posts confirm=yes,
// does it. A post without the confirmation shows the page and changes
// nothing, so an old form or a forged post cannot skip it.

// confirmView is the page that asks first.
type confirmView struct {
	Subject string   // what it acts on, as a user typed it: a title, a name
	Lines   []string // what will happen, in the user's language
	Items   []string // what goes with it, counted
	Action  string   // where the confirmation posts
	Expect  string   // posted back as "expect": the count the page promised, if the action checks it
	Submit  string   // the button's label
	Back    string   // where keeping everything as it is leads
	Refused string   // why it cannot happen; the page then has no button

	// NamesHeading introduces Names, the people it concerns by name (as
	// they typed them), if the page lists them.
	NamesHeading string
	Names        []string
}

// confirmed reports whether a post carries the confirmation its page asks for.
func confirmed(c *gin.Context) bool {
	return c.PostForm("confirm") == "yes"
}

// renderConfirm shows a confirmation page; title is the catalogue ID of its question.
func (a *App) renderConfirm(c *gin.Context, status int, title string, v *confirmView) {
	a.render(c, status, "confirm", a.pageData(c, localizer(c).T(title), v))
}

// counted appends the catalogue's phrase for n things to items, unless
// there are none.
func counted(c *gin.Context, items []string, id string, n int) []string {
	if n == 0 {
		return items
	}
	return append(items, localizer(c).T(id, "Count", n))
}

// confirmDeleteConference handles GET /admin/editions/:id/delete: what
// deleting the edition takes with it, and the button that does it.
func (a *App) confirmDeleteConference(c *gin.Context) {
	conf, _, ok := a.conferenceParam(c)
	if ok {
		a.askDeleteConference(c, conf, false)
	}
}

// askDeleteConference asks before an edition is deleted. Its form carries
// the number of registrations it counted; status 409 says that number no
// longer held when the confirmation came (changed), and asks again.
func (a *App) askDeleteConference(c *gin.Context, conf *model.Conference, changed bool) {
	n, err := a.db.EditionContents(c.Request.Context(), conf.ID)
	if err != nil {
		a.internalError(c, err)
		return
	}
	l := localizer(c)
	v := &confirmView{Subject: conf.Title, Lines: []string{l.T("confirm_edition_text")}, Action: urls.DeleteEdition(conf.ID),
		Expect: strconv.Itoa(n.Registrations), Submit: l.T("action_delete"), Back: urls.AdminEdition(conf.ID)}
	status := http.StatusOK
	if changed {
		v.Lines = append([]string{l.T("confirm_changed")}, v.Lines...)
		status = http.StatusConflict
	}
	v.Items = counted(c, v.Items, "confirm_registrations", n.Registrations)
	v.Items = counted(c, v.Items, "confirm_emails", n.Emails)
	v.Items = counted(c, v.Items, "confirm_sessions", n.Sessions)
	v.Items = counted(c, v.Items, "confirm_workshops", n.Workshops)
	v.Items = counted(c, v.Items, "confirm_runs", n.Runs)
	v.Items = counted(c, v.Items, "deletions_edition_minutes", n.Minutes)
	v.Items = counted(c, v.Items, "deletions_files", n.Files)
	v.Items = counted(c, v.Items, "deletions_resolutions", n.Resolutions)
	v.Items = counted(c, v.Items, "deletions_adopted", n.Adopted)
	if len(v.Items) == 0 {
		v.Lines = append(v.Lines, l.T("confirm_edition_empty"))
	}
	if n.Registrations > 0 {
		v.Lines = append(v.Lines, l.T("confirm_edition_audited"))
	}
	a.renderConfirm(c, status, "confirm_edition_title", v)
}

// confirmDeleteSeries handles GET /admin/series/:id/delete.
func (a *App) confirmDeleteSeries(c *gin.Context) {
	s, ok := a.seriesParam(c)
	if ok {
		a.askDeleteSeries(c, http.StatusOK, s)
	}
}

// askDeleteSeries asks before a series is deleted, or says why it cannot
// be: only a series without editions can go.
func (a *App) askDeleteSeries(c *gin.Context, status int, s *model.Series) {
	editions, err := a.db.Conferences(c.Request.Context(), s.ID, false)
	if err != nil {
		a.internalError(c, err)
		return
	}
	l := localizer(c)
	v := &confirmView{Subject: s.Title, Lines: []string{l.T("confirm_series_text")},
		Action: urls.DeleteSeries(s.ID), Submit: l.T("action_delete"),
		Back: urls.EditSeries(s.ID)}
	if len(editions) > 0 {
		v.Lines, v.Refused = nil, l.T("confirm_series_refused", "Count", len(editions))
	}
	a.renderConfirm(c, status, "confirm_series_title", v)
}

// cancelLines says what cancelling r does, to the person (self) or to an
// organiser: who holds a place frees it, for the first person waiting.
func (a *App) cancelLines(c *gin.Context, r *model.Registration, self bool) ([]string, bool) {
	l := localizer(c)
	prefix := "confirm_cancel_"
	if self {
		prefix = "confirm_cancel_self_"
	}
	if r.Status != model.RegConfirmed {
		return []string{l.T(prefix + "waiting")}, true
	}
	counts, err := a.db.StatusCounts(c.Request.Context(), r.ConferenceID)
	if err != nil {
		a.internalError(c, err)
		return nil, false
	}
	lines := []string{l.T(prefix + "confirmed")}
	if n := counts[model.RegWaiting]; n > 0 {
		lines = append(lines, l.T("confirm_moves_up", "Count", n))
	}
	return lines, true
}

// confirmCancelRegistration handles GET /admin/registrations/:id/cancel.
func (a *App) confirmCancelRegistration(c *gin.Context) {
	r, _, ok := a.registrationParam(c)
	if ok {
		a.askCancelRegistration(c, r)
	}
}

func (a *App) askCancelRegistration(c *gin.Context, r *model.Registration) {
	a.askCancel(c, r, false, &confirmView{Subject: r.Name, Action: urls.CancelRegistration(r.ID),
		Submit: localizer(c).T("orga_cancel_submit"), Back: urls.AdminRegistration(r.ID)})
}

// confirmCancelPersonal handles GET /r/:token/cancel.
func (a *App) confirmCancelPersonal(c *gin.Context) {
	r, v, ok := a.personalRegistration(c)
	if ok {
		a.askCancelPersonal(c, r, v)
	}
}

func (a *App) askCancelPersonal(c *gin.Context, r *model.Registration, rv *registrationView) {
	a.askCancel(c, r, true, &confirmView{Subject: rv.Conference.Title, Action: urls.PersonalCancel(rv.Token),
		Submit: localizer(c).T("personal_cancel"), Back: urls.Personal(rv.Token)})
}

// askCancel shows what cancelling r does, asked by the person themselves
// (personal) or by an organiser, or that it is cancelled already.
func (a *App) askCancel(c *gin.Context, r *model.Registration, personal bool, v *confirmView) {
	if r.Status == model.RegCancelled {
		v.Refused = localizer(c).T("err_already_cancelled")
	} else {
		var ok bool
		if v.Lines, ok = a.cancelLines(c, r, personal); !ok {
			return
		}
	}
	a.renderConfirm(c, http.StatusOK, "confirm_cancel_title", v)
}

// confirmDeletePersonal handles GET /r/:token/delete: what deleting one's
// data removes, and what stays.
func (a *App) confirmDeletePersonal(c *gin.Context) {
	r, v, ok := a.personalRegistration(c)
	if ok {
		a.askDeletePersonal(c, r, v)
	}
}

func (a *App) askDeletePersonal(c *gin.Context, r *model.Registration, rv *registrationView) {
	emails, links, err := a.db.RegistrationContents(c.Request.Context(), r.ID)
	if err != nil {
		a.internalError(c, err)
		return
	}
	l := localizer(c)
	v := &confirmView{Subject: rv.Conference.Title, Action: urls.PersonalDelete(rv.Token), Submit: l.T("personal_delete"),
		Back: urls.Personal(rv.Token), Lines: []string{l.T("personal_delete_hint")}}
	if r.Status != model.RegCancelled {
		lines, ok := a.cancelLines(c, r, true)
		if !ok {
			return
		}
		v.Lines = append(v.Lines, lines...)
	}
	v.Lines = append(v.Lines, l.T("confirm_delete_kept"))
	v.Items = append(v.Items, l.T("confirm_delete_personal"))
	v.Items = counted(c, v.Items, "confirm_emails", emails)
	v.Items = counted(c, v.Items, "confirm_delete_links", links)
	a.renderConfirm(c, http.StatusOK, "confirm_delete_title", v)
}

// confirmPublishRun handles GET /admin/assignment-runs/:id/publish: how
// many people publishing the run emails, and how many it cannot.
func (a *App) confirmPublishRun(c *gin.Context) {
	run, conf, ok := a.runParam(c)
	if ok {
		a.askPublishRun(c, run, conf)
	}
}

func (a *App) askPublishRun(c *gin.Context, run *model.AssignmentRun, conf *model.Conference) {
	ctx := c.Request.Context()
	published, err := a.db.PublishedRunID(ctx, conf.ID)
	if err != nil {
		a.internalError(c, err)
		return
	}
	l := localizer(c)
	v := &confirmView{Subject: conf.Title + " · " + l.T("run_title", "ID", run.ID), Action: urls.PublishRun(run.ID),
		Submit: l.T("run_publish"), Back: urls.Run(run.ID)}
	if published == run.ID {
		v.Refused = l.T("run_is_published")
		a.renderConfirm(c, http.StatusOK, "confirm_publish_title", v)
		return
	}
	told, err := a.db.PublishPreview(ctx, run)
	if err != nil {
		a.internalError(c, err)
		return
	}
	emailed := 0
	for _, t := range told {
		if to, _ := mail.Recipient(&t.Registration); to != "" {
			emailed++
		}
	}
	v.Lines = []string{l.T("run_publish_first")}
	if published != 0 {
		v.Lines[0] = l.T("run_publish_changes")
	}
	switch {
	case len(told) == 0:
		v.Lines = append(v.Lines, l.T("confirm_publish_nobody"))
	default:
		v.Items = counted(c, v.Items, "confirm_publish_emailed", emailed)
		v.Items = counted(c, v.Items, "confirm_publish_unreachable", len(told)-emailed)
	}
	// After a first publication only changes are told: few enough to name,
	// and the organiser checks that they are the people the run moved.
	if published != 0 && len(told) > 0 {
		v.NamesHeading = l.T("runs_confirm_told")
		for _, t := range told {
			v.Names = append(v.Names, t.Registration.Name)
		}
	}
	a.renderConfirm(c, http.StatusOK, "confirm_publish_title", v)
}
