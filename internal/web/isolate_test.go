package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// rlo is RIGHT-TO-LEFT OVERRIDE: typed into a name, it reverses every
// character after it on the line unless the name is isolated.
const rlo = "\u202e"

// typed marks a piece of typed text in the test's data, with an override
// inside it.
func typed(what string) string { return "Über" + rlo + what }

// standalone lists the elements whose whole content may be one typed text
// without <bdi>: each is a paragraph of its own, where an override ends.
var standalone = map[string]bool{
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "p": true, "td": true, "th": true,
	"dd": true, "dt": true, "li": true, "option": true, "textarea": true, "caption": true, "bdi": true,
}

var (
	textNode = regexp.MustCompile(`<([a-z0-9]+)[^>]*>([^<]*` + rlo + `[^<]*)</([a-z0-9]+)>`)
	attr     = regexp.MustCompile(`([a-z-]+)="([^"]*` + rlo + `[^"]*)"`)
	// a link that is the whole content of a heading or a cell: <a href="...">text</a></h3>
	soleLink = regexp.MustCompile(`^</a></(h[1-5]|td|th|li)>`)
)

// wantIsolated fails the test unless every piece of typed text on the page
// stands in an element of its own (<bdi>, or a heading, cell, paragraph
// that holds nothing else), or, in an attribute or the title, between the
// isolates FSI and PDI; and unless some typed text was found at all.
func wantIsolated(t *testing.T, page string, res response) {
	t.Helper()
	body := res.Body
	if !strings.Contains(body, rlo) {
		t.Fatalf("%s shows none of the typed text", page)
	}
	found := 0
	for _, m := range textNode.FindAllStringSubmatchIndex(body, -1) {
		open, text, closing := body[m[2]:m[3]], body[m[4]:m[5]], body[m[6]:m[7]]
		found += strings.Count(text, rlo)
		switch {
		case open == "title":
			if !strings.HasPrefix(text, "\u2068") {
				t.Errorf("%s: the title %q is not isolated", page, text)
			}
		case open == "a" && closing == "a" && soleLink.MatchString(body[m[1]-len("</a>"):]) && !strings.Contains(text, " ·"):
		case standalone[open] && open == closing && strings.Count(text, rlo) == 1 && strings.HasPrefix(strings.TrimSpace(text), "Über"):
			// The typed text alone (a list of titles is isolated title by title).
		case strings.Count(text, "\u2068") == strings.Count(text, rlo):
		default:
			t.Errorf("%s: typed text stands unisolated in <%s>: %q", page, open, text)
		}
	}
	for _, m := range attr.FindAllStringSubmatch(body, -1) {
		found += strings.Count(m[2], rlo)
		if m[1] != "value" && strings.Count(m[2], "\u2068") != strings.Count(m[2], rlo) {
			t.Errorf("%s: typed text unisolated in the attribute %s=%q", page, m[1], m[2])
		}
	}
	if all := strings.Count(body, rlo); found != all {
		t.Errorf("%s: %d of %d pieces of typed text checked; the others stand between tags:\n%s", page, found, all, unchecked(body))
	}
}

// unchecked shows the lines with typed text, for the failure message.
func unchecked(body string) string {
	var out []string
	for _, line := range strings.Split(body, "\n") {
		if strings.Contains(line, rlo) {
			out = append(out, strings.TrimSpace(line))
		}
	}
	return strings.Join(out, "\n")
}

// Text that users typed, with a right-to-left override in it, is isolated
// on every page that shows it, so it cannot reorder the text after it
// (defect 7), and a room's name beside the Arabic word for room keeps its
// place: "القاعة: <bdi>Raum 1</bdi>".
func TestTypedTextIsIsolated(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := t.Context()
		conf, slot := newOpenEdition(t, e.db, model.ModeFirstCome, 10, 2, 20)
		series, err := e.db.Series(ctx, conf.SeriesID)
		if err != nil {
			t.Fatal(err)
		}
		series.Title = typed("Reihe")
		if err := e.db.UpdateSeries(ctx, series); err != nil {
			t.Fatal(err)
		}
		conf.Title, conf.Subtitle, conf.Venue, conf.Address, conf.Hosts = typed("Titel"), typed("Untertitel"), typed("Ort"), typed("Adresse"), typed("Gastgeber")
		if err := e.db.UpdateConference(ctx, conf); err != nil {
			t.Fatal(err)
		}
		slot.Title, slot.Room = typed("Arbeitsgruppen"), typed("Saal")
		slot.People = []model.Person{{Name: typed("Moderatorin"), Affiliation: typed("Verein"), Role: model.RoleModerator}}
		if err := e.db.UpdateSession(ctx, &slot); err != nil {
			t.Fatal(err)
		}
		for i := range slot.Workshops {
			w := &slot.Workshops[i]
			w.Title, w.Room = typed("Arbeitsgruppe"), "Raum 1"
			w.People = []model.Person{{Name: typed("Referent"), Affiliation: typed("Initiative"), Role: model.RoleSpeaker}}
			if err := e.db.UpdateWorkshop(ctx, w); err != nil {
				t.Fatal(err)
			}
		}
		r := orgaRegister(t, e, conf, model.Registration{Name: typed("Name"), Organisation: typed("Organisation"),
			Municipality: typed("Kommune"), Access: typed("Rampe"), ChildAges: typed("drei"), Children: 1,
			Choices: map[int64][]int64{slot.ID: {slot.Workshops[0].ID, slot.Workshops[1].ID}}})
		personal := e.newPersonalLink(t, r)

		visitor := newClient(t, e.app.Handler())
		orga := e.organiser(t)
		run := orga.post("/admin/editions/"+id(conf.ID)+"/assignment", nil)
		wantStatus(t, run, http.StatusSeeOther)
		for _, p := range []struct {
			c    *client
			path string
		}{
			{visitor, "/"},
			{visitor, "/s/" + series.Slug},
			{visitor, "/k/" + conf.Slug},
			{visitor, "/k/" + conf.Slug + "?lang=ar"},
			{visitor, "/k/" + conf.Slug + "/anmelden"},
			{visitor, personal},
			{orga, "/admin"},
			{orga, "/admin/editions/" + id(conf.ID)},
			{orga, "/admin/editions/" + id(conf.ID) + "/edit"},
			{orga, "/admin/editions/" + id(conf.ID) + "/registrations"},
			{orga, "/admin/editions/" + id(conf.ID) + "/needs"},
			{orga, "/admin/editions/" + id(conf.ID) + "/assignment"},
			{orga, "/admin/registrations/" + id(r.ID)},
			{orga, run.Location},
			{orga, "/admin/workshops/" + id(slot.Workshops[0].ID) + "/participants"},
			{orga, "/admin/sessions/" + id(slot.ID) + "/edit"},
			{orga, "/admin/workshops/" + id(slot.Workshops[0].ID) + "/edit"},
		} {
			res := p.c.get(p.path)
			wantStatus(t, res, http.StatusOK)
			wantIsolated(t, p.path, res)
		}
		ar := visitor.get("/k/" + conf.Slug + "?lang=ar")
		wantContains(t, ar, `القاعة: <bdi lang="de">Raum 1</bdi>`)
		wantContains(t, visitor.get(personal), "<bdi>"+typed("Name")+"</bdi>")
	})
}
