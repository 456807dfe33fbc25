package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/demo"
)

// The copy form's slug may be left empty, as its hint says: it is made
// from the title and the year, numbered when taken. A copy of the
// documented Wuppertal edition keeps its titles and people, not its report.
func TestCopyWithoutSlug(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		loadDemo(t, e)
		c := e.organiser(t)
		src, err := e.db.ConferenceBySlug(t.Context(), demo.WuppertalSlug)
		if err != nil {
			t.Fatal(err)
		}
		reports := []string{"skizzierte die Flüchtlingspolitik", "Im Mittelpunkt stand die Frage"}
		wantContains(t, c.get("/k/"+src.Slug), reports...)
		form := c.get("/admin/editions/" + itoa(src.ID) + "/copy")
		wantStatus(t, form, http.StatusOK)
		wantContains(t, form, `name="slug" value="wuppertal-2016-2017"`, "Ihre Beschreibungen berichten, wie es war")
		wantLacks(t, form, `name="slug" value="wuppertal-2016-2017" required`)

		draft, err := e.db.ConferenceBySlug(t.Context(), demo.NextEditionSlug)
		if err != nil {
			t.Fatal(err)
		}
		wantLacks(t, c.get("/admin/editions/"+itoa(draft.ID)+"/copy"), "Beschreibungen berichten")

		values := url.Values{"date": {"2027-03-13"}, "title": {"3. Kommunale Flüchtlingskonferenz NRW"}, "slug": {""}}
		for _, want := range []string{"3-kommunale-fluechtlingskonferenz-nrw-2027", "3-kommunale-fluechtlingskonferenz-nrw-2027-2"} {
			res := c.post("/admin/editions/"+itoa(src.ID)+"/copy", values)
			wantStatus(t, res, http.StatusSeeOther)
			cp, err := e.db.Conference(t.Context(), idFrom(t, res.Location, "/admin/editions/"))
			if err != nil {
				t.Fatal(err)
			}
			if cp.Slug != want {
				t.Errorf("copy's slug = %q, want %q", cp.Slug, want)
			}
			if cp.Description != "" {
				t.Errorf("copy of a documented edition describes itself as %q", cp.Description)
			}
			// The organiser's preview of the programme shows descriptions.
			page := c.get("/k/" + cp.Slug)
			wantStatus(t, page, http.StatusOK)
			wantContains(t, page, "Wohnen", "Gesundheit", "Zitzmann", "Die Flüchtlingspolitik des Landes Nordrhein-Westfalen")
			// Past-tense reports of Wuppertal: the keynote's and a workshop's.
			wantLacks(t, page, reports...)
		}

		// A title without Latin letters still gets a slug, from the date.
		res := c.post("/admin/editions/"+itoa(src.ID)+"/copy", url.Values{"date": {"2027-09-18"}, "title": {"مؤتمر"}})
		wantStatus(t, res, http.StatusSeeOther)
		cp, err := e.db.Conference(t.Context(), idFrom(t, res.Location, "/admin/editions/"))
		if err != nil {
			t.Fatal(err)
		}
		if cp.Slug != "konferenz-2027-09-18" {
			t.Errorf("slug of an Arabic title = %q, want konferenz-2027-09-18", cp.Slug)
		}
	})
}
