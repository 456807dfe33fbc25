package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/demo"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// A workshop's demand from draft to adoption: amendments accepted (the
// text changes, the amendment stays, its change shown word by word) and
// rejected; a vote by two voter groups that may not exceed the edition's
// registrations; the adopted text frozen; a correction with its own vote.
func TestResolutionAmendmentsAndVotes(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := resolutionsSetup(t, e)
		form := resolutionsForm("Faire Prüfung des Aufenthalts", "Die Kommune prüft Anträge zügig.")
		form.Set("workshop", itoa(w.a.ID))
		id := resolutionsCreate(t, w.asA, w.first, form)
		wantContains(t, w.asA.get(urls.AdminResolution(id)), "Faire Prüfung des Aufenthalts", "Entwurf")

		// A draft is its workshop's: no one else on staff or in public sees it.
		wantStatus(t, w.asB.get(urls.AdminResolution(id)), http.StatusNotFound)
		wantLacks(t, w.asB.get(urls.EditionResolutions(w.first.ID)), "Faire Prüfung")
		wantStatus(t, w.anonymous.get(urls.Demand(id)), http.StatusNotFound)

		wantStatus(t, w.asA.post(urls.ProposeResolution(id), nil), http.StatusSeeOther)
		wantContains(t, w.asB.get(urls.AdminResolution(id)), "dem Plenum vorgelegt")

		// Facilitator B proposes new text; the page shows what it changes.
		res := w.asB.post(urls.Amendments(id), url.Values{"body": {"Die Kommune prüft alle Anträge fair und zügig."},
			"reason": {"Fairness zuerst."}})
		wantStatus(t, res, http.StatusSeeOther)
		page := w.organiser.get(urls.AdminResolution(id))
		wantContains(t, page, `<del><span class="visually-hidden">[entfernt: </span>Anträge`,
			`<ins><span class="visually-hidden">[eingefügt: </span>alle Anträge fair und`, "Moderation b@example.test")
		ams, err := e.db.Amendments(t.Context(), id)
		if err != nil || len(ams) != 1 {
			t.Fatalf("amendments %v, %v", ams, err)
		}
		// Unchanged text is no amendment.
		res = w.asB.post(urls.Amendments(id), url.Values{"body": {"Die Kommune prüft Anträge zügig."}, "reason": {"x"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, "Der neue Text ist derselbe")

		wantStatus(t, w.organiser.post(urls.AcceptAmendment(id, ams[0].ID), nil), http.StatusSeeOther)
		r, err := e.db.Resolution(t.Context(), id)
		if err != nil || r.Body != "Die Kommune prüft alle Anträge fair und zügig." {
			t.Fatalf("text after acceptance: %q, %v", r.Body, err)
		}
		page = w.organiser.get(urls.AdminResolution(id))
		wantContains(t, page, "angenommen", "Fairness zuerst.")

		// A second amendment, rejected: the text stays.
		wantStatus(t, w.organiser.post(urls.Amendments(id), url.Values{"body": {"Alles anders."}, "reason": {"Neu."}}),
			http.StatusSeeOther)
		ams, _ = e.db.Amendments(t.Context(), id)
		wantStatus(t, w.organiser.post(urls.RejectAmendment(id, ams[1].ID), nil), http.StatusSeeOther)
		r, _ = e.db.Resolution(t.Context(), id)
		if r.Body != "Die Kommune prüft alle Anträge fair und zügig." {
			t.Fatalf("text after rejection: %q", r.Body)
		}
		// Decided is decided.
		wantStatus(t, w.organiser.post(urls.AcceptAmendment(id, ams[1].ID), nil), http.StatusConflict)

		// More votes than the 12 registered: 422, the numbers kept.
		wantContains(t, w.organiser.get(urls.ResolutionVote(id)), `value="Alle"`, "höchstens 12 Stimmen")
		res = w.organiser.post(urls.ResolutionVote(id), resolutionsVote("",
			[4]string{"Ratsmitglieder", "8", "1", "0"}, [4]string{"Beratende", "3", "0", "1"}))
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, "höchstens 12 Stimmen (so viele sind angemeldet", `value="Beratende"`, `value="8"`)
		res = w.organiser.post(urls.ResolutionVote(id), resolutionsVote("", [4]string{"Alle", "-1", "", ""}))
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, "Bitte eine Zahl ab 0 angeben.")

		res = w.organiser.post(urls.ResolutionVote(id), resolutionsVote("",
			[4]string{"Ratsmitglieder", "7", "1", "0"}, [4]string{"Beratende", "3", "0", "1"}))
		wantStatus(t, res, http.StatusSeeOther)
		r, _ = e.db.Resolution(t.Context(), id)
		if r.Status != model.ResAdopted {
			t.Fatalf("status after a majority: %s", r.Status)
		}
		public := w.anonymous.get(urls.Demand(id))
		wantStatus(t, public, http.StatusOK)
		wantContains(t, public, "Ratsmitglieder", "Beratende", "<td>10</td>", "Landtag NRW", "Fairness zuerst.")
		wantLacks(t, public, "Alles anders.")
		audit, err := e.db.AuditLog(t.Context(), 10)
		if err != nil {
			t.Fatal(err)
		}
		actions := map[string]bool{}
		for _, a := range audit {
			actions[a.Action] = true
		}
		for _, want := range []string{model.AuditResolutionVote, model.AuditAmendmentAccepted, model.AuditAmendmentRejected} {
			if !actions[want] {
				t.Errorf("audit log lacks %s: %v", want, audit)
			}
		}

		// The adopted text is frozen: the form refuses, and so does the store.
		wantStatus(t, w.organiser.get(urls.EditResolution(id)), http.StatusConflict)
		frozen := resolutionsForm("Faire Prüfung des Aufenthalts", "Heimlich geändert.")
		wantStatus(t, w.organiser.post(urls.AdminResolution(id), frozen), http.StatusConflict)
		r.Body = "Heimlich geändert."
		if err := e.db.UpdateResolution(t.Context(), r); model.ErrorCode(err) != model.EConflict {
			t.Errorf("store update of an adopted text: %v", err)
		}
		wantStatus(t, w.organiser.post(urls.ResolutionVote(id), resolutionsVote("", [4]string{"Alle", "1", "0", "0"})),
			http.StatusConflict)

		// A correction: an amendment with its own vote.
		wantStatus(t, w.asA.post(urls.Amendments(id), url.Values{"body": {"Die Kommune prüft alle Anträge fair, zügig und kostenlos."},
			"reason": {"Gebühren schrecken ab."}}), http.StatusSeeOther)
		ams, _ = e.db.Amendments(t.Context(), id)
		corr := ams[2]
		if !corr.Correction {
			t.Fatal("an amendment to an adopted demand is no correction")
		}
		wantStatus(t, w.organiser.post(urls.AcceptAmendment(id, corr.ID), nil), http.StatusConflict)
		// Voted at the second edition, where nobody has registered yet.
		res = w.organiser.post(urls.AmendmentVote(id, corr.ID), withValues(resolutionsVote("adopted",
			[4]string{"Alle", "5", "0", "0"}), "voted_in", itoa(w.second.ID)))
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, "höchstens 0 Stimmen (")
		res = w.organiser.post(urls.AmendmentVote(id, corr.ID), withValues(resolutionsVote("",
			[4]string{"Alle", "6", "2", "1"}), "voted_in", itoa(w.first.ID)))
		wantStatus(t, res, http.StatusSeeOther)
		r, _ = e.db.Resolution(t.Context(), id)
		if r.Body != "Die Kommune prüft alle Anträge fair, zügig und kostenlos." {
			t.Fatalf("text after the correction: %q", r.Body)
		}
		public = w.anonymous.get(urls.Demand(id))
		wantContains(t, public, "Gebühren schrecken ab.", "Korrektur nach dem Beschluss", "<td>6</td>",
			`kostenlos<span class="visually-hidden">]</span></ins>.`)
	})
}

// withValues returns v with one more field set.
func withValues(v url.Values, key, value string) url.Values {
	v.Set(key, value)
	return v
}

// Follow-ups entered during the next edition show on that edition's page
// under "what became of our demands", on the series' list with its
// filters kept in the address, and on the demand's page.
func TestResolutionFollowUpsAcrossEditions(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := resolutionsSetup(t, e)
		id := resolutionsAdopted(t, w, "Neue Wohnungsgemeinnützigkeit", "Ein Gesetz für gemeinnützigen Wohnungsbau.")
		other := resolutionsAdopted(t, w, "Dolmetschen in Ämtern", "Behörden bieten Dolmetschung an.")
		if err := e.db.UpdateResolution(t.Context(), &model.Resolution{ID: other}); err == nil {
			t.Fatal("an empty update was stored")
		}

		wantStatus(t, w.asB.get(urls.NewFollowUp(id)), http.StatusNotFound)
		res := w.organiser.post(urls.FollowUps(id), url.Values{"occurred_on": {"2016-04-01"}, "kind": {"sent"},
			"note": {"An den Landtag geschickt."}})
		wantStatus(t, res, http.StatusSeeOther)
		res = w.asA.post(urls.FollowUps(id), url.Values{"occurred_on": {"2017-02-20"}, "kind": {"partly_implemented"},
			"note": {"Ein Entwurf liegt vor."}, "conference_id": {itoa(w.second.ID)}})
		wantStatus(t, res, http.StatusSeeOther)
		res = w.asA.post(urls.FollowUps(id), url.Values{"occurred_on": {"gestern"}, "kind": {"sent"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, "Bitte ein gültiges Datum angeben.")

		later := w.anonymous.get(urls.Conference(w.second.Slug))
		wantStatus(t, later, http.StatusOK)
		wantContains(t, later, "Was aus unseren Forderungen wurde", "Neue Wohnungsgemeinnützigkeit", "teilweise umgesetzt",
			"Dolmetschen in Ämtern", `href="`+urls.Demand(id)+`"`)
		first := w.anonymous.get(urls.Conference(w.first.Slug))
		wantContains(t, first, "Beschlossene Forderungen", "Neue Wohnungsgemeinnützigkeit")
		wantLacks(t, first, "Was aus unseren Forderungen wurde")
		// An earlier demand names its edition; one on its own edition's
		// page does not.
		byEdition := ` · <bdi lang="de">` + w.first.Title + `</bdi></p>`
		wantContains(t, later, byEdition)
		wantLacks(t, first, byEdition)

		demand := w.anonymous.get(urls.Demand(id))
		wantContains(t, demand, "An den Landtag geschickt.", "Ein Entwurf liegt vor.", "eingetragen während", "2. Konferenz")

		for _, tc := range []struct {
			topic, level, state string
			want                bool
		}{
			{"housing", "", "", true},
			{"health", "", "", false},
			{"", "state", "", true},
			{"", "eu", "", false},
			{"", "", "partly_implemented", true},
			{"", "", "sent", false},
			{"housing", "state", "partly_implemented", true},
		} {
			path := urls.SeriesDemandsFiltered(w.series.Slug, tc.topic, tc.level, tc.state)
			list := w.anonymous.get(path)
			wantStatus(t, list, http.StatusOK)
			if got := strings.Contains(list.Body, "Neue Wohnungsgemeinnützigkeit"); got != tc.want {
				t.Errorf("%s: listed %v, want %v", path, got, tc.want)
			}
			if tc.state != "" {
				wantContains(t, list, `<option value="`+tc.state+`" selected>`)
			}
		}
		// The other demand has no follow-up: its state is "adopted".
		list := w.anonymous.get(urls.SeriesDemandsFiltered(w.series.Slug, "", "", "adopted"))
		wantContains(t, list, "Dolmetschen in Ämtern")
		wantLacks(t, list, "Neue Wohnungsgemeinnützigkeit")
	})
}

// The demo's upcoming edition shows what became of Wuppertal's demands,
// and its own open demand with its amendment waits for the demo
// facilitator and the organiser.
func TestResolutionsInTheDemo(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		loadDemo(t, e)
		anon := newClient(t, e.app.Handler())
		page := anon.get(urls.Conference(demo.UpcomingSlug))
		wantStatus(t, page, http.StatusOK)
		wantContains(t, page, "Was aus unseren Forderungen wurde", "Recht auf Schulbesuch auch für Volljährige",
			"Eine neue Wohnungsgemeinnützigkeit", "Dolmetschung in Behörden und Ämtern",
			"Selbstorganisation von Geflüchteten unterstützen", "teilweise umgesetzt", "Antwort erhalten")
		wantLacks(t, page, "Wohnungen statt Sammelunterkünfte")
		wantContains(t, anon.get(urls.Conference(demo.WuppertalSlug)), "Beschlossene Forderungen", "Faire und strukturierte Prüfung")

		conf, err := e.db.ConferenceBySlug(t.Context(), demo.UpcomingSlug)
		if err != nil {
			t.Fatal(err)
		}
		open, err := e.db.Resolutions(t.Context(), conf.ID)
		if err != nil || len(open) != 1 {
			t.Fatalf("open demands: %v, %v", open, err)
		}
		orga := e.organiser(t)
		res := orga.get(urls.AdminResolution(open[0].ID))
		wantContains(t, res, "Wohnungen statt Sammelunterkünfte", `[entfernt: </span>drei Monaten`, "Annehmen")
	})
}
