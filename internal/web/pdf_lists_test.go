package web_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// listEdition is an edition with two workshops, A and B, and people of
// several scripts: Özlem did not agree to the list and was checked in,
// Gregor came without registering, Carla cancelled, Vera waits.
type listEdition struct {
	conf      *model.Conference
	slot      model.Session
	a, b      model.Workshop
	organiser *client
	orgaUser  *model.User
	people    map[string]*model.Registration
}

// The people and what they said. Names in Cyrillic, Ge'ez and Arabic
// script; German collation puts Özlem among the O's, before Wilma and Zoë.
const (
	nameZoe    = "Zoë Weber"
	nameAnna   = "Анна Петрова"
	nameTesfay = "ተስፋይ ገብረ"
	nameFatima = "فاطمة الزهراء"
	nameOzlem  = "Özlem Arslan"
	nameBernd  = "Bernd Krause"
	nameWilma  = "Wilma Nachrück"
	nameCarla  = "Carla Storno"
	nameVera   = "Vera Wartend"
	nameGregor = "Gregor Spontan"
)

func newListEdition(t *testing.T, e *env) *listEdition {
	t.Helper()
	ctx := t.Context()
	conf, slot := newOpenEdition(t, e.db, model.ModeAssign, 7, 2, 30)
	x := &listEdition{conf: conf, slot: slot, a: slot.Workshops[0], b: slot.Workshops[1], organiser: e.organiser(t),
		people: map[string]*model.Registration{}}
	var err error
	if x.orgaUser, err = e.db.UserByEmail(ctx, "orga@example.test"); err != nil {
		t.Fatal(err)
	}
	// Workshop A is interpreted into Arabic.
	a, err := e.db.Workshop(ctx, x.a.ID)
	if err != nil {
		t.Fatal(err)
	}
	a.Languages, a.Room = "ar", "Saal 2"
	a.People = []model.Person{{Name: "Fatima Yılmaz", Affiliation: "Caritas Wuppertal", Role: model.RoleModerator}}
	if err := e.db.UpdateWorkshop(ctx, a); err != nil {
		t.Fatal(err)
	}
	x.a = *a
	add := func(r model.Registration, w model.Workshop) {
		r.Choices = map[int64][]int64{slot.ID: {w.ID}}
		x.people[r.Name] = orgaRegister(t, e, conf, r)
	}
	add(model.Registration{Name: nameZoe, Organisation: "Flüchtlingsrat Wuppertal", Municipality: "Wuppertal", ListConsent: true,
		Diet: "vegetarisch", Access: "Rollstuhl, bitte einen Platz am Gang"}, x.a)
	add(model.Registration{Name: nameAnna, Organisation: "Médecins du Monde", Municipality: "Köln", ListConsent: true,
		Interpreting: "ru", Diet: "Vegetarisch ", Children: 2, ChildAges: "1, 2"}, x.a)
	add(model.Registration{Name: nameTesfay, Organisation: "Eritreische Gemeinde", Municipality: "Bielefeld", ListConsent: true,
		Interpreting: "ti", Diet: "halal", Children: 1, ChildAges: "7"}, x.a)
	add(model.Registration{Name: nameFatima, Organisation: "Syrischer Verein", Municipality: "Düsseldorf", ListConsent: true,
		Interpreting: "ar", Diet: "halal"}, x.a)
	add(model.Registration{Name: nameOzlem, Organisation: "Stadt Bielefeld", Municipality: "Gütersloh",
		Interpreting: "ar", Diet: "halal", Children: 1, ChildAges: "4"}, x.a)
	add(model.Registration{Name: nameBernd, Organisation: "Ratsfraktion Bochum", Municipality: "Bochum", ListConsent: true,
		Children: 1, ChildAges: "ein Baby"}, x.b)
	add(model.Registration{Name: nameCarla, Organisation: "Storno e. V.", Municipality: "Hamm", ListConsent: true}, x.a)
	// The edition is full: Wilma and Vera wait; Carla's cancelling lets Wilma in.
	add(model.Registration{Name: nameWilma, Organisation: "Nachrück-Initiative", Municipality: "Solingen", ListConsent: true}, x.b)
	add(model.Registration{Name: nameVera, Organisation: "Warte-Verein", Municipality: "Remscheid", ListConsent: true, Diet: "halal"}, x.a)
	if _, err := e.db.CancelRegistration(ctx, x.people[nameCarla].ID); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{nameWilma: model.RegConfirmed, nameVera: model.RegWaiting, nameCarla: model.RegCancelled} {
		r, err := e.db.Registration(ctx, x.people[name].ID)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != want {
			t.Fatalf("%s is %s, want %s", name, r.Status, want)
		}
	}
	if _, _, err := e.db.CheckIn(ctx, conf.ID, x.people[nameOzlem].ID, x.orgaUser.ID); err != nil {
		t.Fatal(err)
	}
	walkIn, err := e.db.AddWalkIn(ctx, conf.ID, &model.WalkIn{Name: nameGregor, Organisation: "Westdeutsche Zeitung", Municipality: "Hagen"}, x.orgaUser.ID)
	if err != nil {
		t.Fatal(err)
	}
	x.people[nameGregor] = &model.Registration{ID: walkIn.ID, Name: nameGregor}
	return x
}

// publish stores and publishes a run placing Zoë, Anna, Tesfay, Fatima,
// Özlem and, although she waits, Vera in A, and Bernd and Wilma in B.
func (x *listEdition) publish(t *testing.T, e *env) {
	t.Helper()
	run := &model.AssignmentRun{ConferenceID: x.conf.ID}
	place := func(w model.Workshop, names ...string) {
		for _, n := range names {
			wid := w.ID
			run.Assignments = append(run.Assignments, model.Assignment{RegistrationID: x.people[n].ID, SessionID: x.slot.ID,
				WorkshopID: &wid, Rank: 1, Source: model.SourceAuto})
		}
	}
	place(x.a, nameZoe, nameAnna, nameTesfay, nameFatima, nameOzlem, nameVera)
	place(x.b, nameBernd, nameWilma)
	if err := e.db.SaveRun(t.Context(), run); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.PublishRun(t.Context(), run, x.orgaUser, func(*model.Registration, []model.Assignment, string) *model.Email { return nil }); err != nil {
		t.Fatal(err)
	}
}

// getPDF fetches a PDF and returns its pages' text, after checking that
// it is one, that its fonts are embedded and that its footers count its pages.
func getPDF(t *testing.T, c *client, path string) (response, []string) {
	t.Helper()
	res := c.get(path)
	wantStatus(t, res, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); ct != "application/pdf" {
		t.Fatalf("%s: Content-Type %q", path, ct)
	}
	wantFontsEmbedded(t, res.Body)
	pages := pdfPages(t, res.Body)
	n, err := strconv.Atoi(pdfInfo(t, res.Body)["Pages"])
	if err != nil || n != len(pages) {
		t.Fatalf("pdfinfo says %d pages (%v), pdftotext reads %d", n, err, len(pages))
	}
	for i, p := range pages {
		if want := "Seite " + strconv.Itoa(i+1) + " von " + strconv.Itoa(n); !strings.Contains(p, want) {
			t.Errorf("%s: page %d lacks %q", path, i+1, want)
		}
	}
	return res, pages
}

// wantInOrder fails unless text has every string, in this order.
func wantInOrder(t *testing.T, text string, want ...string) {
	t.Helper()
	at := -1
	for _, w := range want {
		i := strings.Index(text, w)
		if i < 0 {
			t.Errorf("lacks %q:\n%s", w, text)
			return
		}
		if i < at {
			t.Errorf("%q comes before the name listed above it:\n%s", w, text)
		}
		at = i
	}
}

// wantAbsent fails if text has any of the strings.
func wantAbsent(t *testing.T, text string, unwanted ...string) {
	t.Helper()
	for _, u := range unwanted {
		if strings.Contains(text, u) {
			t.Errorf("has %q:\n%s", u, text)
		}
	}
}

// lineWith returns the first line of text that has s.
func lineWith(t *testing.T, text, s string) string {
	t.Helper()
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	t.Fatalf("no line has %q:\n%s", s, text)
	return ""
}

// The organisers' list of the edition has every confirmed person, sorted
// by name in German, with organisation, municipality, a signature column
// and who came; the participants' list has only those who agreed.
func TestEditionSignatureList(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newListEdition(t, e)
		path := urls.EditionSignatureList(x.conf.ID)
		wantContains(t, x.organiser.get(urls.Registrations(x.conf.ID)), `href="`+path+`"`)
		anon := newClient(t, e.app.Handler())
		res := anon.get(path)
		wantStatus(t, res, http.StatusSeeOther)
		if res.Location != urls.LoginThen(path) {
			t.Errorf("anonymous sent to %q", res.Location)
		}

		res, _ = getPDF(t, x.organiser, path)
		keepPDF(t, "edition-list.pdf", res.Body)
		text := pdfText(t, res.Body)
		if res.Header.Get("Cache-Control") != "private, no-store" {
			t.Errorf("Cache-Control %q", res.Header.Get("Cache-Control"))
		}
		wantInOrder(t, text, "Teilnahme- und Unterschriftenliste", "Kommunale Flüchtlingskonferenz", "Rathaus",
			"Anwesend: 2 von 8 Angemeldeten.", "Unterschrift\n",
			nameBernd, nameGregor, nameOzlem, nameWilma, nameZoe, nameAnna)
		wantInOrder(t, text, nameAnna, nameTesfay)
		for _, want := range []string{nameTesfay, "Flüchtlingsrat Wuppertal", "Wuppertal", "Médecins du Monde", "Köln",
			"Eritreische Gemeinde", "Syrischer Verein", "Düsseldorf", "Gütersloh"} {
			if !strings.Contains(text, want) {
				t.Errorf("lacks %q", want)
			}
		}
		wantAbsent(t, text, nameCarla, "Storno e. V.", nameVera, "Warte-Verein")
		if l := lineWith(t, text, nameOzlem); !strings.Contains(l, "✓") {
			t.Errorf("Özlem not marked present: %q", l)
		}
		if l := lineWith(t, text, nameGregor); !strings.Contains(l, "✓") {
			t.Errorf("Gregor not marked present: %q", l)
		}
		wantInOrder(t, text, nameGregor, "ohne Anmeldung", nameOzlem)
		if l := lineWith(t, text, nameBernd); strings.Contains(l, "✓") {
			t.Errorf("Bernd marked present: %q", l)
		}
		// The same data gives the same document: a second request is 304.
		again := x.organiser.do(conditionalGet(path, res.Header.Get("ETag")))
		wantStatus(t, again, http.StatusNotModified)

		// The participants' version, from a confirmed participant's page.
		zoe := e.newPersonalLink(t, x.people[nameZoe])
		own := urls.PersonalParticipantList(strings.TrimPrefix(zoe, "/r/"))
		wantContains(t, anon.get(zoe), `href="`+own+`"`)
		res, _ = getPDF(t, anon, own)
		keepPDF(t, "participants.pdf", res.Body)
		text = pdfText(t, res.Body)
		if res.Header.Get("Cache-Control") != "private, no-store" {
			t.Errorf("participants' list: Cache-Control %q", res.Header.Get("Cache-Control"))
		}
		wantInOrder(t, text, "Teilnahmeliste", "zugestimmt", nameBernd, nameWilma, nameZoe, nameAnna)
		for _, want := range []string{nameTesfay, "Syrischer Verein", "Düsseldorf", "Médecins du Monde"} {
			if !strings.Contains(text, want) {
				t.Errorf("participants' list lacks %q", want)
			}
		}
		wantAbsent(t, text, nameOzlem, "Stadt Bielefeld", nameGregor, "Westdeutsche Zeitung", nameCarla, nameVera,
			"Unterschrift", "✓", "Anwesend")

		// Someone waiting or cancelled has no list, nor has a bad link.
		for _, name := range []string{nameVera, nameCarla} {
			link := e.newPersonalLink(t, x.people[name])
			wantLacks(t, anon.get(link), "teilnehmerliste.pdf")
			wantStatus(t, anon.get(urls.PersonalParticipantList(strings.TrimPrefix(link, "/r/"))), http.StatusNotFound)
		}
		wantStatus(t, anon.get(urls.PersonalParticipantList("AAAAAAAAAAAAAAAAAAAAAA")), http.StatusNotFound)
	})
}

// keepPDF writes a PDF to the folder PDF_LISTS_OUT names, when it names
// one, for a person to look at.
func keepPDF(t *testing.T, name, body string) {
	if dir := os.Getenv("PDF_LISTS_OUT"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func conditionalGet(path, etag string) *http.Request {
	req, _ := http.NewRequest(http.MethodGet, siteURL.String()+strings.TrimPrefix(path, "/"), nil)
	req.Header.Set("If-None-Match", etag)
	return req
}

// A workshop's list has the people the published run placed there and
// still confirmed; before that it says nothing is published. Its
// facilitator gets it, and nothing of another workshop or the edition.
func TestWorkshopSignatureList(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newListEdition(t, e)
		fac := minutesFacilitator(t, e, "fatima@example.org", "Fatima Yılmaz", &x.a)
		path := urls.WorkshopSignatureList(x.a.ID)

		res, pages := getPDF(t, fac, path)
		keepPDF(t, "workshop-unpublished.pdf", res.Body)
		text := strings.Join(pages, "\n")
		loc := x.conf.Location()
		wantInOrder(t, text, "Arbeitsgruppe: Arbeitsgruppe 1", "Arbeitsgruppen",
			x.slot.StartsAt.In(loc).Format("15:04")+"–"+x.slot.EndsAt.In(loc).Format("15:04"), "Raum: Saal 2",
			"Noch ist keine Zuteilung")
		wantAbsent(t, text, nameZoe, "Unterschrift\n", "Anwesend:")

		x.publish(t, e)
		before := editionState(t, e, x.conf.ID)
		for _, c := range []*client{fac, x.organiser} {
			page := c.get(urls.WorkshopParticipants(x.a.ID))
			wantContains(t, page, `href="`+path+`"`, `href="`+urls.WorkshopLogistics(x.a.ID)+`"`)
			_, pages = getPDF(t, c, path)
			text = strings.Join(pages, "\n")
			wantInOrder(t, text, "Arbeitsgruppe: Arbeitsgruppe 1", "Anwesend: 1 von 5 Angemeldeten.", "Unterschrift\n",
				nameOzlem, nameZoe, nameAnna, nameTesfay)
			for _, want := range []string{"Syrischer Verein", "Gütersloh", "Flüchtlingsrat Wuppertal"} {
				if !strings.Contains(text, want) {
					t.Errorf("lacks %q", want)
				}
			}
			wantAbsent(t, text, nameBernd, nameWilma, nameVera, nameCarla, nameGregor)
			if l := lineWith(t, text, nameOzlem); !strings.Contains(l, "✓") {
				t.Errorf("Özlem not marked present: %q", l)
			}
		}
		for _, p := range []string{urls.WorkshopSignatureList(x.b.ID), urls.WorkshopLogistics(x.b.ID),
			urls.EditionSignatureList(x.conf.ID), urls.EditionLogistics(x.conf.ID)} {
			wantStatus(t, fac.get(p), http.StatusNotFound)
		}
		for _, p := range []string{urls.EditionSignatureList(x.conf.ID), urls.EditionLogistics(x.conf.ID)} {
			getPDF(t, x.organiser, p)
		}
		if after := editionState(t, e, x.conf.ID); after != before {
			t.Errorf("making the documents changed the edition:\n%s\n%s", before, after)
		}
		anon := newClient(t, e.app.Handler())
		for _, p := range []string{path, urls.WorkshopLogistics(x.a.ID), urls.EditionLogistics(x.conf.ID)} {
			res := anon.get(p)
			wantStatus(t, res, http.StatusSeeOther)
			if res.Location != urls.LoginThen(p) {
				t.Errorf("%s: anonymous sent to %q", p, res.Location)
			}
		}
	})
}

// editionState writes down what a document must not change: the edition,
// its registrations, and the emails waiting to go out.
func editionState(t *testing.T, e *env, confID int64) string {
	t.Helper()
	conf, err := e.db.Conference(t.Context(), confID)
	if err != nil {
		t.Fatal(err)
	}
	regs, err := e.db.FindRegistrations(t.Context(), confID, store.RegistrationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "revision %d, updated %s, %d emails;", conf.Revision, conf.UpdatedAt, len(outbox(t, e.db)))
	for _, r := range regs {
		present := ""
		if r.CheckedInAt != nil {
			present = r.CheckedInAt.String()
		}
		fmt.Fprintf(&b, " %d %s %s %s;", r.ID, r.Status, r.UpdatedAt, present)
	}
	return b.String()
}

// countIn reads the number after label on its line of a sheet's table.
func countIn(t *testing.T, text, label string) []int {
	t.Helper()
	l := lineWith(t, text, label)
	var out []int
	for _, f := range regexp.MustCompile(`\s(\d+)\b`).FindAllStringSubmatch(strings.TrimPrefix(l[strings.Index(l, label):], label), -1) {
		n, _ := strconv.Atoi(f[1])
		out = append(out, n)
	}
	return out
}

// The logistics sheet counts interpretation by language, childcare by age
// group and diets grouped from the published placements, and lists access
// needs as written; before publishing it counts first choices, people
// waiting apart. Facilitators see the needs without names.
func TestLogisticsSheet(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newListEdition(t, e)
		path := urls.WorkshopLogistics(x.a.ID)
		wantContains(t, x.organiser.get(urls.Needs(x.conf.ID)), `href="`+path+`"`, `href="`+urls.EditionLogistics(x.conf.ID)+`"`)

		// Before publishing: the first choices of A, Vera waiting among them
		// (Carla cancelled).
		res, pages := getPDF(t, x.organiser, path)
		keepPDF(t, "logistics-first-choice.pdf", res.Body)
		text := pages[0]
		wantInOrder(t, text, "Arbeitsgruppe 1", "Logistik", "Raum: Saal 2", "Angemeldet: 5 · auf der Warteliste: 1 · Plätze: 30",
			"1. Wunsch", "Dolmetschen", "Kinderbetreuung", "Barrierefreiheit", "Essen")
		if got := countIn(t, text, "halal"); len(got) != 2 || got[0] != 3 || got[1] != 1 {
			t.Errorf("halal before publishing: %v, want 3 confirmed and 1 waiting", got)
		}

		x.publish(t, e)
		res, pages = getPDF(t, x.organiser, path)
		if len(pages) != 1 {
			t.Fatalf("%d pages, want 1", len(pages))
		}
		text = pages[0]
		wantInOrder(t, text, "Arbeitsgruppe 1", "Logistik", "Arbeitsgruppen", "Raum: Saal 2", "Teilnehmende: 5 · Plätze: 30",
			"Im Programm: Fatima Yılmaz, Caritas Wuppertal (Moderation)", "veröffentlichte Zuteilung", "Dolmetschen", "Kinderbetreuung", "Barrierefreiheit", "Essen")
		wantAbsent(t, text, "Warteliste", "1. Wunsch")
		for label, want := range map[string][]int{
			"Русский": {1}, "ትግርኛ": {1},
			"Anmeldungen mit Kindern": {3}, "Kinder insgesamt": {4},
			"0–2 Jahre": {2}, "3–5 Jahre": {1}, "6–11 Jahre": {1}, "12–17 Jahre": {0},
			"vegetarisch": {2}, "halal": {3},
		} {
			if got := countIn(t, text, label); len(got) != 1 || got[0] != want[0] {
				t.Errorf("%s: %v, want %v", label, got, want)
			}
		}
		// Arabic, offered in the workshop, is asked for by two.
		if got := countIn(t, text, " ja "); len(got) != 1 || got[0] != 2 {
			t.Errorf("Arabic: %v, want 2", got)
		}
		if l := lineWith(t, text, "Rollstuhl"); !strings.Contains(l, nameZoe) {
			t.Errorf("access need without its name for organisers: %q", l)
		}

		// The workshop's facilitator: the same counts; of access needs only
		// how many, since they are the organisers' to see.
		fac := minutesFacilitator(t, e, "fatima@example.org", "Fatima Yılmaz", &x.a)
		res, pages = getPDF(t, fac, path)
		keepPDF(t, "logistics-facilitator.pdf", res.Body)
		text = pages[0]
		if got := countIn(t, text, "halal"); len(got) != 1 || got[0] != 3 {
			t.Errorf("facilitator's halal: %v", got)
		}
		wantInOrder(t, text, "Barrierefreiheit", "1 Person hat ein Bedürfnis zur Barrierefreiheit angegeben.")
		wantAbsent(t, text, nameZoe, nameAnna, nameOzlem, "Rollstuhl")

		// The edition's sheets: one workshop a page.
		res, pages = getPDF(t, x.organiser, urls.EditionLogistics(x.conf.ID))
		keepPDF(t, "logistics.pdf", res.Body)
		if len(pages) != 2 {
			t.Fatalf("%d pages, want one per workshop", len(pages))
		}
		wantInOrder(t, pages[0], "Arbeitsgruppe 1", "Teilnehmende: 5")
		wantInOrder(t, pages[1], "Arbeitsgruppe 2", "Teilnehmende: 2", "Dolmetschen", "Keine Angaben.", "Kinderbetreuung",
			"nicht als Zahlen lesen", nameBernd, "ein Baby")
		if got := countIn(t, pages[1], "Anmeldungen mit Kindern"); len(got) != 1 || got[0] != 1 {
			t.Errorf("families in B: %v, want 1", got)
		}
	})
}

// At the size of a real edition, 300 people, and of a full workshop, 60,
// the lists run over several pages, each with the table's header row and
// its footer, and number everybody once, in order.
func TestSignatureListAtSize(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot := newOpenEdition(t, e.db, model.ModeAssign, 0, 5, 60)
		orga := e.organiser(t)
		user, err := e.db.UserByEmail(t.Context(), "orga@example.test")
		if err != nil {
			t.Fatal(err)
		}
		surnames := []string{"Özdemir", "Abel", "Müller", "Zander", "Ärmel", "Oberhausen", "Schmidt", "Yılmaz", "Nguyen", "Haddad"}
		run := &model.AssignmentRun{ConferenceID: conf.ID}
		for i := range 300 {
			w := slot.Workshops[i%5]
			r := orgaRegister(t, e, conf, model.Registration{Name: fmt.Sprintf("%s, Person %03d", surnames[i%len(surnames)], i),
				Organisation: "Initiative " + strconv.Itoa(i%17), Municipality: "Wuppertal", ListConsent: true,
				Choices: map[int64][]int64{slot.ID: {w.ID}}})
			wid := w.ID
			run.Assignments = append(run.Assignments, model.Assignment{RegistrationID: r.ID, SessionID: slot.ID,
				WorkshopID: &wid, Rank: 1, Source: model.SourceAuto})
		}
		if err := e.db.SaveRun(t.Context(), run); err != nil {
			t.Fatal(err)
		}
		if _, err := e.db.PublishRun(t.Context(), run, user, func(*model.Registration, []model.Assignment, string) *model.Email { return nil }); err != nil {
			t.Fatal(err)
		}
		row := regexp.MustCompile(`(?m)^ *(\d+) +\S.*Wuppertal`)
		for path, n := range map[string]int{urls.EditionSignatureList(conf.ID): 300, urls.WorkshopSignatureList(slot.Workshops[0].ID): 60} {
			res, pages := getPDF(t, orga, path)
			keepPDF(t, fmt.Sprintf("list-%d.pdf", n), res.Body)
			if len(pages) < 2 {
				t.Errorf("%s: %d people on %d page", path, n, len(pages))
			}
			next := 1
			for i, p := range pages {
				if l := lineWith(t, p, "Kommune"); !strings.Contains(l, "Nr.") || !strings.Contains(l, "Unterschrift") {
					t.Errorf("%s: page %d has no header row: %q", path, i+1, l)
				}
				for _, m := range row.FindAllStringSubmatch(p, -1) {
					if got, _ := strconv.Atoi(m[1]); got != next {
						t.Fatalf("%s: row %d after row %d", path, got, next-1)
					}
					next++
				}
			}
			if next-1 != n {
				t.Errorf("%s: %d rows, want %d", path, next-1, n)
			}
		}
	})
}

// In first-come mode a workshop's list and sheet have the people granted
// a place there when they registered, before any assignment is published.
func TestWorkshopListFirstCome(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot := newOpenEdition(t, e.db, model.ModeFirstCome, 0, 2, 2)
		a, b := slot.Workshops[0], slot.Workshops[1]
		for _, name := range []string{"Amina Haddad", "Bernd Krause", "Clara Schmidt"} {
			orgaRegister(t, e, conf, model.Registration{Name: name, Organisation: "Verein " + name, Diet: "vegan",
				Choices: map[int64][]int64{slot.ID: {a.ID, b.ID}}})
		}
		orga := e.organiser(t)
		_, pages := getPDF(t, orga, urls.WorkshopSignatureList(a.ID))
		text := strings.Join(pages, "\n")
		wantInOrder(t, text, "Arbeitsgruppe 1", "einen Platz in dieser Arbeitsgruppe bekommen", "Amina Haddad", "Bernd Krause")
		wantAbsent(t, text, "Clara Schmidt", "Noch ist keine Zuteilung")
		_, pages = getPDF(t, orga, urls.WorkshopSignatureList(b.ID))
		text = strings.Join(pages, "\n")
		wantInOrder(t, text, "Arbeitsgruppe 2", "Clara Schmidt")
		wantAbsent(t, text, "Amina Haddad", "Bernd Krause")
		_, pages = getPDF(t, orga, urls.WorkshopLogistics(a.ID))
		wantInOrder(t, pages[0], "Teilnehmende: 2 · Plätze: 2", "bei der Anmeldung einen Platz")
		if got := countIn(t, pages[0], "vegan"); len(got) != 1 || got[0] != 2 {
			t.Errorf("vegan: %v, want 2", got)
		}
	})
}
