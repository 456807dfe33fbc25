package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// resolutionsUpload posts form with a file part to path as c.
func resolutionsUpload(t *testing.T, c *client, path string, form url.Values, field, name string, content []byte) response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	part, err := mw.CreateFormFile(field, name)
	if err != nil {
		t.Fatal(err)
	}
	part.Write(content)
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, siteURL.String()+strings.TrimPrefix(path, "/"), &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// toLogin stands in the matrix for "sent to the login form".
const toLogin = -1

// Every route of resolutions, for each kind of visitor: anonymous, the
// holder of a participant's personal link, the facilitator of workshop B,
// of workshop A, and an organiser (in that order, so that what an allowed
// post changes comes after every refusal). A facilitator never reads or
// changes another workshop's drafts; nothing unpublished is public; a
// personal link reaches no staff page; ids of another edition or
// resolution are 404.
func TestResolutionsAccessMatrix(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := resolutionsSetup(t, e)
		withA := func(title string) url.Values {
			f := resolutionsForm(title, "Text "+title)
			f.Set("workshop", itoa(w.a.ID))
			return f
		}
		draftA := resolutionsCreate(t, w.asA, w.first, withA("Entwurf A"))
		draftA2 := resolutionsCreate(t, w.asA, w.first, withA("Zweiter Entwurf A"))
		draftO := resolutionsCreate(t, w.organiser, w.first, resolutionsForm("Entwurf Orga", "Text Orga"))
		propA := resolutionsCreate(t, w.asA, w.first, withA("Vorgelegt A"))
		wantStatus(t, w.asA.post(urls.ProposeResolution(propA), nil), http.StatusSeeOther)
		amend := func(c *client, id int64, body string) int64 {
			t.Helper()
			wantStatus(t, c.post(urls.Amendments(id), url.Values{"body": {body}, "reason": {"Grund"}}), http.StatusSeeOther)
			ams, err := e.db.Amendments(t.Context(), id)
			if err != nil {
				t.Fatal(err)
			}
			return ams[len(ams)-1].ID
		}
		amA1 := amend(w.asB, propA, "Neuer Text eins")
		amA2 := amend(w.organiser, propA, "Neuer Text zwei")
		adoptA := resolutionsAdopted(t, w, "Beschlossen A", "Text beschlossen")
		corrA := amend(w.asA, adoptA, "Korrigierter Text")
		res := resolutionsUpload(t, w.organiser, urls.FollowUps(adoptA), url.Values{"occurred_on": {"2016-05-02"}, "kind": {"answered"}},
			"attachment", "Antwort.txt", []byte("Sehr geehrte Damen und Herren"))
		wantStatus(t, res, http.StatusSeeOther)
		fus, err := e.db.FollowUps(t.Context(), adoptA)
		if err != nil || len(fus) != 1 || fus[0].FileID == nil {
			t.Fatalf("follow-ups %v, %v", fus, err)
		}
		fid := fus[0].ID

		empty := url.Values{}
		rows := []struct {
			method, path string
			form         url.Values
			want         [5]int // anonymous, participant, facilitator B, facilitator A, organiser
		}{
			{get, urls.EditionResolutions(w.first.ID), nil, [5]int{toLogin, toLogin, 200, 200, 200}},
			{get, urls.NewResolution(w.first.ID), nil, [5]int{toLogin, toLogin, 200, 200, 200}},
			{get, urls.NewResolution(w.second.ID), nil, [5]int{toLogin, toLogin, 404, 404, 200}},
			{get, urls.AdminResolution(draftA), nil, [5]int{toLogin, toLogin, 404, 200, 200}},
			{get, urls.AdminResolution(draftO), nil, [5]int{toLogin, toLogin, 404, 404, 200}},
			{get, urls.AdminResolution(propA), nil, [5]int{toLogin, toLogin, 200, 200, 200}},
			{get, urls.EditResolution(draftA), nil, [5]int{toLogin, toLogin, 404, 200, 200}},
			{get, urls.EditResolution(propA), nil, [5]int{toLogin, toLogin, 404, 200, 200}},
			{get, urls.EditResolution(adoptA), nil, [5]int{toLogin, toLogin, 409, 409, 409}},
			{get, urls.WithdrawResolution(propA), nil, [5]int{toLogin, toLogin, 404, 404, 200}},
			{get, urls.ResolutionVote(propA), nil, [5]int{toLogin, toLogin, 404, 404, 200}},
			{get, urls.ResolutionVote(adoptA), nil, [5]int{toLogin, toLogin, 404, 404, 409}},
			{get, urls.NewAmendment(propA), nil, [5]int{toLogin, toLogin, 200, 200, 200}},
			{get, urls.NewAmendment(draftA), nil, [5]int{toLogin, toLogin, 404, 409, 409}},
			{get, urls.AmendmentVote(adoptA, corrA), nil, [5]int{toLogin, toLogin, 404, 404, 200}},
			{get, urls.AmendmentVote(adoptA, amA1), nil, [5]int{toLogin, toLogin, 404, 404, 404}},
			{get, urls.NewFollowUp(adoptA), nil, [5]int{toLogin, toLogin, 404, 200, 200}},
			{get, urls.NewFollowUp(propA), nil, [5]int{toLogin, toLogin, 404, 409, 409}},
			{get, urls.Demand(draftA), nil, [5]int{404, 404, 404, 404, 404}},
			{get, urls.Demand(propA), nil, [5]int{404, 404, 404, 404, 404}},
			{get, urls.Demand(adoptA), nil, [5]int{200, 200, 200, 200, 200}},
			{get, urls.SeriesDemands(w.series.Slug), nil, [5]int{200, 200, 200, 200, 200}},
			{get, urls.FollowUpAttachment(adoptA, fid), nil, [5]int{200, 200, 200, 200, 200}},
			{get, urls.FollowUpAttachment(propA, fid), nil, [5]int{404, 404, 404, 404, 404}},
			{get, urls.FollowUpAttachment(draftA, fid), nil, [5]int{404, 404, 404, 404, 404}},
			{post, urls.EditionResolutions(w.first.ID), withValues(withA(""), "title", ""), [5]int{toLogin, toLogin, 404, 422, 422}},
			{post, urls.EditionResolutions(w.first.ID), withValues(withA("Von B"), "workshop", itoa(w.b.ID)), [5]int{toLogin, toLogin, 303, 404, 303}},
			{post, urls.EditionResolutions(w.second.ID), withA("Falsche Konferenz"), [5]int{toLogin, toLogin, 404, 404, 404}},
			{post, urls.AdminResolution(draftA), withValues(withA(""), "title", ""), [5]int{toLogin, toLogin, 404, 422, 422}},
			{post, urls.AdminResolution(adoptA), withA("Geändert"), [5]int{toLogin, toLogin, 409, 409, 409}},
			{post, urls.ProposeResolution(draftO), nil, [5]int{toLogin, toLogin, 404, 404, 303}},
			{post, urls.WithdrawResolution(propA), empty, [5]int{toLogin, toLogin, 404, 404, 200}},
			{post, urls.ResolutionVote(propA), empty, [5]int{toLogin, toLogin, 404, 404, 422}},
			{post, urls.Amendments(propA), empty, [5]int{toLogin, toLogin, 422, 422, 422}},
			{post, urls.Amendments(draftA), empty, [5]int{toLogin, toLogin, 404, 409, 409}},
			{post, urls.AmendmentVote(adoptA, corrA), withValues(url.Values{}, "voted_in", itoa(w.first.ID)), [5]int{toLogin, toLogin, 404, 404, 422}},
			{post, urls.AmendmentVote(adoptA, amA1), empty, [5]int{toLogin, toLogin, 404, 404, 404}},
			{post, urls.AcceptAmendment(adoptA, amA1), nil, [5]int{toLogin, toLogin, 404, 404, 404}},
			{post, urls.FollowUps(adoptA), empty, [5]int{toLogin, toLogin, 404, 422, 422}},
			{post, urls.FollowUps(draftA), empty, [5]int{toLogin, toLogin, 404, 409, 409}},
			{post, urls.RejectAmendment(propA, amA2), nil, [5]int{toLogin, toLogin, 404, 404, 303}},
			{post, urls.AcceptAmendment(propA, amA1), nil, [5]int{toLogin, toLogin, 404, 404, 303}},
			{post, urls.WithdrawResolution(draftA2), url.Values{"confirm": {"yes"}}, [5]int{toLogin, toLogin, 404, 404, 303}},
		}
		clients := []struct {
			name string
			c    *client
		}{{"anonymous", w.anonymous}, {"participant", w.participant}, {"facilitator B", w.asB}, {"facilitator A", w.asA}, {"organiser", w.organiser}}
		covered := map[string]bool{}
		for _, row := range rows {
			for i, who := range clients {
				var res response
				if row.method == get {
					res = who.c.get(row.path)
				} else {
					res = who.c.post(row.path, row.form)
				}
				want := row.want[i]
				switch {
				case want == toLogin:
					if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, urls.Login()) {
						t.Errorf("%s %s as %s: status %d, location %q, want the login form", row.method, row.path, who.name, res.Status, res.Location)
					}
				case res.Status != want:
					t.Errorf("%s %s as %s: status %d, want %d", row.method, row.path, who.name, res.Status, want)
				}
			}
			covered[row.method+" "+resolutionsRouteOf(t, row.method, row.path)] = true
		}
		// Every route of resolutions is in the matrix.
		for _, a := range resolutionAddresses {
			if !covered[a.method+" "+a.route] {
				t.Errorf("%s %s is not in the access matrix", a.method, a.route)
			}
		}
		// What a facilitator of B and the public may list.
		// (The second draft of A is withdrawn by now, which all staff see.)
		wantLacks(t, w.asB.get(urls.EditionResolutions(w.first.ID)), `dir="auto">Entwurf A<`)
		wantContains(t, w.asA.get(urls.EditionResolutions(w.first.ID)), `dir="auto">Entwurf A<`, "Vorgelegt A")
		list := w.anonymous.get(urls.SeriesDemands(w.series.Slug))
		wantContains(t, list, "Beschlossen A")
		wantLacks(t, list, "Entwurf", "Vorgelegt A")
		for _, slug := range []string{w.first.Slug, w.second.Slug} {
			page := w.anonymous.get(urls.Conference(slug))
			wantLacks(t, page, "Entwurf", "Vorgelegt A")
		}
		wantLacks(t, w.participant.get(w.personal), "Vorgelegt A", "Beschlossen A")
	})
}

// resolutionsRouteOf returns the route an address of resolutions reaches,
// by the address table.
func resolutionsRouteOf(t *testing.T, method, path string) string {
	t.Helper()
	pattern := func(route string) bool {
		rp, pp := strings.Split(route, "/"), strings.Split(strings.SplitN(path, "?", 2)[0], "/")
		if len(rp) != len(pp) {
			return false
		}
		for i := range rp {
			if !strings.HasPrefix(rp[i], ":") && rp[i] != pp[i] {
				return false
			}
		}
		return true
	}
	best := ""
	for _, a := range resolutionAddresses {
		// A static segment wins over a parameter, as in the router.
		if a.method == method && pattern(a.route) && (best == "" || strings.Count(a.route, ":") < strings.Count(best, ":")) {
			best = a.route
		}
	}
	if best == "" {
		t.Fatalf("%s %s reaches no route of resolutions", method, path)
	}
	return best
}
