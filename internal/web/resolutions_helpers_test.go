package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// resolutionsWorld is a series with two published editions, a year apart:
// the first with workshops A and B, each with its own facilitator, and
// registered participants; the second later. Clients for every kind of
// visitor the access matrix knows.
type resolutionsWorld struct {
	series        *model.Series
	first, second *model.Conference
	a, b          model.Workshop
	facA, facB    *model.User
	organiser     *client
	anonymous     *client
	participant   *client // holds a personal link, nothing else
	personal      string  // that link's page
	asA, asB      *client // facilitators of A and of B
}

// resolutionsRegistered is how many people register for the first edition.
const resolutionsRegistered = 12

func resolutionsSetup(t *testing.T, e *env) *resolutionsWorld {
	t.Helper()
	ctx := t.Context()
	w := &resolutionsWorld{series: &model.Series{Slug: "nrw", Title: "Kommunale Flüchtlingskonferenz NRW"}}
	if err := e.db.CreateSeries(ctx, w.series); err != nil {
		t.Fatal(err)
	}
	day := time.Now().UTC().AddDate(0, 1, 0).Truncate(24 * time.Hour)
	edition := func(slug, title string, at time.Time) *model.Conference {
		c := &model.Conference{SeriesID: w.series.ID, Slug: slug, Title: title, StartsAt: at.Add(9 * time.Hour),
			EndsAt: at.Add(17 * time.Hour), TimeZone: model.DefaultTimeZone, Status: model.StatusOpen, Published: true,
			MaxChoices: model.DefaultMaxChoices, RegistrationMode: model.ModeAssign}
		if err := e.db.CreateConference(ctx, c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	w.first = edition("erste", "1. Konferenz", day)
	w.second = edition("zweite", "2. Konferenz", day.AddDate(1, 0, 0))
	slot := &model.Session{ConferenceID: w.first.ID, Kind: model.KindWorkshopSlot, Title: "Arbeitsgruppen",
		StartsAt: day.Add(13 * time.Hour), EndsAt: day.Add(15 * time.Hour)}
	if err := e.db.CreateSession(ctx, slot); err != nil {
		t.Fatal(err)
	}
	password := organiserPassword
	facilitator := func(email string) *model.User {
		u := &model.User{Email: email, Name: "Moderation " + email, Role: model.RoleFacilitator}
		if err := e.db.CreateUserWithPassword(ctx, u, password); err != nil {
			t.Fatal(err)
		}
		return u
	}
	w.facA, w.facB = facilitator("a@example.test"), facilitator("b@example.test")
	for i, spec := range []struct {
		title, topic string
		fac          *model.User
		into         *model.Workshop
	}{{"Wohnen", model.TopicHousing, w.facA, &w.a}, {"Gesundheit", model.TopicHealth, w.facB, &w.b}} {
		ws := &model.Workshop{SessionID: slot.ID, Topic: spec.topic, Title: spec.title, Capacity: 20, Position: i,
			FacilitatorIDs: []int64{spec.fac.ID}}
		if err := e.db.CreateWorkshop(ctx, ws); err != nil {
			t.Fatal(err)
		}
		*spec.into = *ws
	}
	var token string
	for i := range resolutionsRegistered {
		r := &model.Registration{ConferenceID: w.first.ID, Name: fmt.Sprintf("Teilnehmerin %d", i+1),
			Choices: map[int64][]int64{slot.ID: {w.a.ID}}}
		tok, err := e.db.Register(ctx, r, nil)
		if err != nil {
			t.Fatal(err)
		}
		token = tok
	}
	w.organiser = e.organiser(t)
	w.anonymous = newClient(t, e.app.Handler())
	w.participant = newClient(t, e.app.Handler())
	w.personal = urls.Personal(token)
	wantStatus(t, w.participant.get(w.personal), http.StatusOK)
	login := func(u *model.User) *client {
		c := newClient(t, e.app.Handler())
		res := c.post(urls.Login(), url.Values{"email": {u.Email}, "password": {password}, "next": {urls.MyWorkshops()}})
		wantStatus(t, res, http.StatusSeeOther)
		return c
	}
	w.asA, w.asB = login(w.facA), login(w.facB)
	return w
}

// resolutionsForm is a valid resolution form.
func resolutionsForm(title, body string) url.Values {
	return url.Values{"title": {title}, "body": {body}, "reasoning": {"Weil es nötig ist."}, "topic": {model.TopicHousing},
		"addressee_level": {model.LevelState}, "addressee_name": {"Landtag NRW"}}
}

// resolutionsCreate posts a new resolution as c and returns its id.
func resolutionsCreate(t *testing.T, c *client, conf *model.Conference, form url.Values) int64 {
	t.Helper()
	res := c.post(urls.EditionResolutions(conf.ID), form)
	wantStatus(t, res, http.StatusSeeOther)
	return idFrom(t, res.Location, "/admin/resolutions/")
}

// resolutionsVote is a vote form with the groups given as label, yes, no, abstain.
func resolutionsVote(result string, groups ...[4]string) url.Values {
	v := url.Values{"result": {result}}
	for i, g := range groups {
		p := fmt.Sprintf("votes.%d.", i)
		v.Set(p+"label", g[0])
		v.Set(p+"yes", g[1])
		v.Set(p+"no", g[2])
		v.Set(p+"abstain", g[3])
	}
	return v
}

// resolutionsAdopted makes an adopted resolution of workshop A, drafted by
// its facilitator, proposed and voted on by the organiser.
func resolutionsAdopted(t *testing.T, w *resolutionsWorld, title, body string) int64 {
	t.Helper()
	form := resolutionsForm(title, body)
	form.Set("workshop", itoa(w.a.ID))
	id := resolutionsCreate(t, w.asA, w.first, form)
	wantStatus(t, w.asA.post(urls.ProposeResolution(id), nil), http.StatusSeeOther)
	wantStatus(t, w.organiser.post(urls.ResolutionVote(id), resolutionsVote("", [4]string{"Alle", "9", "1", "2"})), http.StatusSeeOther)
	return id
}
