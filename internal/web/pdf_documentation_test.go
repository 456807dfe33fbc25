package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/demo"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// docMinutes are the published minutes of the test edition's first
// workshop: every kind of Markdown the documentation sets, and raw HTML
// that it must drop.
const docMinutes = `# Ergebnisse der Arbeitsgruppe

Der **Flüchtlingsrat** und *Médecins du Monde* trafen sich in der Bahnhofstraße – „gemeinsam“ – zur Gesundheitsversorgung.

## Forderungen

- erste Forderung mit [einem Verweis](https://example.org/info)
- zweite Forderung
  - verschachtelter Punkt

1. nummerierter Punkt
2. noch einer mit ` + "`Code`" + `

> ein Zitat aus der Runde

---

Zeile eins  
Zeile zwei <b>fett</b>

<script>alert("x")</script>
`

// docEdition is an edition with a published run, published and
// unpublished minutes, an adopted and a draft demand, and people from
// municipalities large and small.
type docEdition struct {
	*assignmentEdition
	names      []string // every registered person's name
	attachment string   // the public address of the published minutes' attachment
}

func newDocEdition(t *testing.T, e *env) *docEdition {
	t.Helper()
	ctx := t.Context()
	x := &docEdition{assignmentEdition: newAssignmentEdition(t, e)}
	for name := range x.assignmentEdition.people {
		x.names = append(x.names, name)
	}
	// Published before the people below register, so that the run places
	// just the six: three in their first choice (see assignment_test.go).
	run := x.run(t)
	wantStatus(t, x.organiser.post(run+"/publish", confirmYes), http.StatusSeeOther)

	for _, p := range []struct{ name, municipality, category string }{
		{"Zofia Quellmalz", "Wuppertal", "councillor"},
		{"Yannick Brüggemeier", " wuppertal ", "councillor"},
		{"Xaver Ostendorf", "Wuppertal", "councillor"},
		{"Wiebke Solinger-Haas", "Solingen", ""},
		{"Vittorio Remmert", "Remscheid", ""},
	} {
		r := orgaRegister(t, e, x.conf, model.Registration{Name: p.name, Municipality: p.municipality, Category: p.category,
			Organisation: "Verein " + p.name, Choices: map[int64][]int64{}})
		x.names = append(x.names, p.name)
		if p.municipality == "Wuppertal" {
			orga, err := e.db.UserByEmail(ctx, "orga@example.test")
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := e.db.CheckIn(ctx, x.conf.ID, r.ID, orga.ID); err != nil {
				t.Fatal(err)
			}
		}
	}

	author, err := e.db.UserByEmail(ctx, "fatima@example.org")
	if err != nil {
		t.Fatal(err)
	}
	file := docPublish(t, e, x.a1.ID, author, docMinutes, true)
	x.attachment = "http://example.test" + urls.PublicAttachment(x.conf.Slug, file.minutes, file.id)
	docPublish(t, e, x.a2.ID, author, "Ein GEHEIMENTWURF, noch nicht freigegeben.", false)

	// A panel that was cancelled stays in the programme, marked.
	panel := &model.Session{ConferenceID: x.conf.ID, Kind: model.KindPanel, Title: "Podium zur Wohnungsnot", Room: "Saal",
		StartsAt: x.slot.StartsAt.Add(-3 * time.Hour), EndsAt: x.slot.StartsAt.Add(-2 * time.Hour)}
	if err := e.db.CreateSession(ctx, panel); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	panel.CancelledAt = &now
	if err := e.db.UpdateSession(ctx, panel); err != nil {
		t.Fatal(err)
	}

	adopted := &model.Resolution{ConferenceID: x.conf.ID, WorkshopID: &x.a1.ID, Title: "Gesundheitskarte für alle",
		Body: "Die Stadt führt die **Gesundheitskarte** ein.", Topic: model.TopicHealth,
		AddresseeLevel: model.LevelMunicipality, AddresseeName: "Rat der Stadt Wuppertal"}
	draft := &model.Resolution{ConferenceID: x.conf.ID, Title: "UNBESCHLOSSENER Entwurf", Body: "Noch offen.",
		Topic: model.TopicOther, AddresseeLevel: model.LevelState, AddresseeName: "Landtag"}
	for _, r := range []*model.Resolution{adopted, draft} {
		if err := e.db.CreateResolution(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.db.ProposeResolution(ctx, adopted.ID); err != nil {
		t.Fatal(err)
	}
	vote := []model.VoteGroup{{Label: "Alle", Yes: 7, No: 2, Abstain: 1}}
	if err := e.db.RecordVote(ctx, adopted.ID, vote, model.ResAdopted, nil); err != nil {
		t.Fatal(err)
	}
	return x
}

// docFile is an attachment: its minutes' id and its own.
type docFile struct{ minutes, id int64 }

// docPublish writes minutes of a workshop with an attachment and, if
// publish, takes them to the public page.
func docPublish(t *testing.T, e *env, workshopID int64, author *model.User, body string, publish bool) docFile {
	t.Helper()
	ctx := t.Context()
	m, err := e.db.WorkshopMinutes(ctx, workshopID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.SaveMinutes(ctx, m.ID, store.MinutesEdit{Body: body, Language: "de", By: author,
		Cause: model.RevisionSaved, Allowed: []string{model.MinutesDraft}}); err != nil {
		t.Fatal(err)
	}
	f := &model.File{Name: fmt.Sprintf("anwesenheit-%d.txt", workshopID), ContentType: model.TypeText,
		Data: []byte(strings.Repeat("Teilnehmende der Arbeitsgruppe\n", 100))}
	if err := e.db.AttachToMinutes(ctx, m.ID, f); err != nil {
		t.Fatal(err)
	}
	steps := []string{model.MinutesSubmitted, model.MinutesApproved}
	if publish {
		steps = append(steps, model.MinutesPublished)
	}
	from := model.MinutesDraft
	for _, to := range steps {
		if err := e.db.MoveMinutes(ctx, m.ID, store.MinutesMove{From: []string{from}, To: to}); err != nil {
			t.Fatal(err)
		}
		from = to
	}
	return docFile{m.ID, f.ID}
}

// getDocumentation fetches an edition's documentation as c and checks it is a PDF.
func getDocumentation(t *testing.T, c *client, slug string) string {
	t.Helper()
	res := c.get(urls.Documentation(slug))
	wantStatus(t, res, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); ct != "application/pdf" {
		t.Fatalf("Content-Type %q", ct)
	}
	return res.Body
}

var footer = regexp.MustCompile(`(?:Seite|Page) (\d+) (?:von|of) (\d+)`)

// wantPagesNumbered checks every page's footer against pdfinfo's page count.
func wantPagesNumbered(t *testing.T, body string, pages []string) {
	t.Helper()
	n, err := strconv.Atoi(pdfInfo(t, body)["Pages"])
	if err != nil || n != len(pages) || n < 5 {
		t.Fatalf("pdfinfo counts %d pages (%v), pdftotext %d", n, err, len(pages))
	}
	for i, p := range pages {
		m := footer.FindStringSubmatch(p)
		if m == nil || m[1] != strconv.Itoa(i+1) || m[2] != strconv.Itoa(n) {
			t.Errorf("page %d's footer: %v", i+1, m)
		}
	}
}

var tocLine = regexp.MustCompile(`^\s*(\S.*?\S)\s{2,}(\d+)\s*$`)

// wantTOCRight reads the table of contents (the page titled title) and
// finds each heading on the page it names; it returns the headings.
func wantTOCRight(t *testing.T, pages []string, title string) []string {
	t.Helper()
	var headings []string
	for _, p := range pages {
		if !strings.Contains(p, "\n"+title+"\n") {
			continue
		}
		for _, l := range strings.Split(p, "\n") {
			m := tocLine.FindStringSubmatch(l)
			if m == nil || footer.MatchString(l) {
				continue
			}
			n, _ := strconv.Atoi(m[2])
			if n < 1 || n > len(pages) {
				t.Errorf("TOC entry %q names page %d of %d", m[1], n, len(pages))
				continue
			}
			if !slices.ContainsFunc(strings.Split(pages[n-1], "\n"), func(s string) bool { return strings.TrimSpace(s) == m[1] }) {
				t.Errorf("TOC: %q is not a line of page %d:\n%s", m[1], n, pages[n-1])
			}
			headings = append(headings, m[1])
		}
		break
	}
	if len(headings) < 5 {
		t.Fatalf("the table of contents lists %v", headings)
	}
	return headings
}

// The demo's documentation: cover, contents with right page numbers,
// footers, the report's characters exactly, the minutes' Markdown set as
// text, the adopted demands with their votes, metadata and fonts.
func TestDocumentationOfTheDemo(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		loadDemo(t, e)
		body := getDocumentation(t, newClient(t, e.app.Handler()), demo.WuppertalSlug)
		pages := pdfPages(t, body)
		text := strings.Join(pages, "\n")
		for _, want := range []string{"Kommunale Flüchtlingskonferenz NRW", "Willkommenskultur oder",
			"Wie kann linke Kommunalpolitik ein solidarisches", "Samstag, 13.2.2016, 10:00–17:00",
			"Tagungshaus Wuppertal, Musterstraße 1, 42103 Wuppertal", "Kommunalpolitisches Forum NRW und Rosa Luxemburg"} {
			if !strings.Contains(pages[0], want) {
				t.Errorf("the cover lacks %q:\n%s", want, pages[0])
			}
		}
		for _, want := range []string{"Flüchtlingsrat", "Gesundheitsversorgung", "Médecins du Monde", "Straße", "–", "„Leverkusener Modell“",
			// Headings inside the minutes, list items, the agenda and the demands with their votes.
			"Forderungen an die Kommunen", "eine neue Wohnungsgemeinnützigkeit und bezahlbarer Wohnraum für alle",
			"13:30–15:30", "Inken Vollmering, Moderation", "Gesundheitsversorgung ohne Hürden",
			"Abstimmung: 53 Ja, 1 Nein, 3 Enthaltungen", "Abstimmung: 58 Ja, 0 Nein, 1 Enthaltung\n",
			"Stand: teilweise umgesetzt", "Adressat: Deutscher Bundestag (Bund)"} {
			if !strings.Contains(text, want) {
				t.Errorf("the documentation lacks %q", want)
			}
		}
		for _, raw := range []string{"**", "## ", `\*`, "<"} {
			if strings.Contains(text, raw) {
				t.Errorf("the documentation shows Markdown or HTML as written: %q", raw)
			}
		}
		headings := wantTOCRight(t, pages, "Inhalt")
		for _, want := range []string{"Einführung", "Programm", "Berichte aus Plenum und Arbeitsgruppen", "Wohnen",
			"Beschlossene Forderungen", "Was aus früheren Forderungen wurde", "Statistik", "Anhänge"} {
			if !slices.Contains(headings, want) {
				t.Errorf("the table of contents lacks %q: %v", want, headings)
			}
		}
		wantPagesNumbered(t, body, pages)
		wantFontsEmbedded(t, body)
		info := pdfInfo(t, body)
		if !strings.HasPrefix(info["Title"], "Dokumentation: Flüchtlingspolitik in Nordrhein-Westfalen") ||
			info["Author"] != "Kommunalpolitisches Forum NRW und Rosa Luxemburg Stiftung NRW" {
			t.Errorf("metadata: title %q, author %q", info["Title"], info["Author"])
		}
		// The outline (bookmarks) has the chapters, the records and the
		// minutes' headings under them, each on the page it leads to.
		outline := pdfOutline(t, body)
		for _, want := range []string{"Programm", "Wohnen", "  Ergebnisse", "Beschlossene Forderungen", "  Gesundheitsversorgung ohne Hürden", "Statistik"} {
			if !slices.ContainsFunc(outline, func(o outlineItem) bool { return strings.HasSuffix(o.title, want) }) {
				t.Errorf("no bookmark %q in %v", want, outline)
			}
		}
		for _, o := range outline {
			if !strings.Contains(strings.Join(strings.Fields(pages[o.page-1]), " "), strings.TrimSpace(o.title)) {
				t.Errorf("bookmark %q leads to page %d, which lacks it", o.title, o.page)
			}
		}

		// The upcoming edition's documentation tells what became of
		// Wuppertal's demands, its own demand still before the plenary not
		// among the adopted ones, and counts its registrations without names.
		upcoming := pdfText(t, getDocumentation(t, newClient(t, e.app.Handler()), demo.UpcomingSlug))
		earlier := upcoming[strings.Index(upcoming, "\nWas aus früheren Forderungen wurde\n"):]
		for _, want := range []string{"Recht auf Schulbesuch auch für", "Ministerium für Schule", "Antwort", "erhalten",
			"Flüchtlingspolitik in", "Wuppertal"} {
			if !strings.Contains(earlier, want) {
				t.Errorf("what became of earlier demands lacks %q", want)
			}
		}
		for _, unwanted := range []string{"Wohnungen statt Sammelunterkünfte", "Anna Schneider", "Jürgen Wolff", "Petra Hoffmann", "أمل"} {
			if strings.Contains(upcoming, unwanted) {
				t.Errorf("the upcoming edition's documentation shows %q", unwanted)
			}
		}

		// The edition's page and the organisers' page link it; asking
		// twice gives the same bytes and then 304.
		wantContains(t, newClient(t, e.app.Handler()).get(urls.Conference(demo.WuppertalSlug)),
			`href="/k/wuppertal-2016/dokumentation.pdf"`, "Dokumentation (PDF)")
		orga := e.organiser(t)
		conf, err := e.db.ConferenceBySlug(t.Context(), demo.WuppertalSlug)
		if err != nil {
			t.Fatal(err)
		}
		wantContains(t, orga.get(urls.AdminEdition(conf.ID)), `href="/k/wuppertal-2016/dokumentation.pdf"`)
		again := newClient(t, e.app.Handler())
		first := again.get(urls.Documentation(demo.WuppertalSlug))
		if first.Body != body {
			t.Error("the same data gave a different document")
		}
		req := httptest.NewRequest(http.MethodGet, siteURL.String()+strings.TrimPrefix(urls.Documentation(demo.WuppertalSlug), "/"), nil)
		req.Header.Set("If-None-Match", first.Header.Get("ETag"))
		wantStatus(t, again.do(req), http.StatusNotModified)
	})
}

// Only what is public and no name: published minutes, adopted demands,
// counts by category and municipality with the small ones grouped, first
// choices from the published run. Generating it changes nothing.
func TestDocumentationHoldsOnlyWhatIsPublic(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newDocEdition(t, e)
		before, err := e.db.Conference(t.Context(), x.conf.ID)
		if err != nil {
			t.Fatal(err)
		}
		body := getDocumentation(t, newClient(t, e.app.Handler()), x.conf.Slug)
		pages := pdfPages(t, body)
		text := strings.Join(pages, "\n")
		flat := strings.Join(strings.Fields(text), " ")
		for _, want := range []string{
			// The minutes' Markdown as headings, paragraphs, lists and spans.
			"Ergebnisse der Arbeitsgruppe", "Der Flüchtlingsrat und Médecins du Monde trafen sich in der Bahnhofstraße – „gemeinsam“ – zur Gesundheitsversorgung.",
			"Forderungen", "• erste Forderung mit einem Verweis", "• zweite Forderung", "• verschachtelter Punkt",
			"1. nummerierter Punkt", "2. noch einer mit Code", "ein Zitat aus der Runde", "Zeile eins\n", "Zeile zwei fett",
			// The adopted demand with addressee, vote and state.
			"Gesundheitskarte für alle", "Die Stadt führt die Gesundheitskarte ein.", "Adressat: Rat der Stadt Wuppertal (Kommune)",
			"Abstimmung: 7 Ja, 2 Nein, 1 Enthaltung", "Stand: beschlossen",
			// Counts: 6 volunteers, 3 councillors from Wuppertal (2 present), 2 without category.
			"Ehrenamt oder Initiative 6 0", "Kommunale Mandatsträger*in 3 2", "Keine Angabe 2 0", "Zusammen 11 2",
			"Wuppertal 3 2", "Andere Kommunen oder keine Angabe 8 0",
			// First choices from the published run: three of six.
			"Arbeitsgruppen 6 3 50 %",
			// The programme marks the cancelled panel.
			"Podium zur Wohnungsnot (abgesagt)", "Podium · Saal",
			// The published minutes' attachment with its type, size and public address.
			"Arbeitsgruppe 1\n", "• " + fmt.Sprintf("anwesenheit-%d.txt", x.a1.ID) + " (Text, 4 kB)", x.attachment,
		} {
			if !strings.Contains(text, want) && !strings.Contains(flat, want) {
				t.Errorf("the documentation lacks %q", want)
			}
		}
		for _, secret := range []string{"GEHEIMENTWURF", "UNBESCHLOSSENER", "Solingen", "Remscheid", "alert", "script", "<", "**", "# ",
			fmt.Sprintf("anwesenheit-%d.txt", x.a2.ID)} {
			if strings.Contains(text, secret) {
				t.Errorf("the documentation shows %q", secret)
			}
		}
		for _, name := range x.names {
			for _, part := range strings.Fields(name) {
				if regexp.MustCompile(`\b` + regexp.QuoteMeta(part) + `\b`).MatchString(text) {
					t.Errorf("the documentation names a participant: %q", part)
				}
			}
		}
		// The link in the minutes and the attachment's are clickable.
		for _, link := range []string{"(https://example.org/info)", "(" + x.attachment + ")"} {
			if !strings.Contains(body, "/URI "+link) {
				t.Errorf("no link to %s", link)
			}
		}
		// Every page but the cover has the running header; the document says its language.
		for i, p := range pages[1:] {
			if !strings.HasPrefix(strings.TrimSpace(p), "Kommunale Flüchtlingskonferenz NRW – Kommunale Flüchtlingskonferenz") {
				t.Errorf("page %d has no running header: %.80q", i+2, p)
			}
		}
		if !strings.Contains(body, "/Lang (de)") {
			t.Error("the document does not say it is German")
		}
		wantTOCRight(t, pages, "Inhalt")
		wantPagesNumbered(t, body, pages)
		after, err := e.db.Conference(t.Context(), x.conf.ID)
		if err != nil {
			t.Fatal(err)
		}
		if after.Revision != before.Revision || !after.UpdatedAt.Equal(before.UpdatedAt) {
			t.Error("generating the documentation changed the edition")
		}
	})
}

// The edition's language, chosen on its form, is the documentation's; a
// draft's documentation is there for organisers only.
func TestDocumentationLanguageAndDrafts(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newDocEdition(t, e)
		orga := x.organiser
		edit := orga.get(urls.EditEdition(x.conf.ID))
		wantContains(t, edit, `<select id="f-language" name="language"`, "Sprache der Dokumente", `<option value="ar"`, "Arabisch")
		conf, err := e.db.Conference(t.Context(), x.conf.ID)
		if err != nil {
			t.Fatal(err)
		}
		if conf.Language != "de" {
			t.Fatalf("a new edition's language is %q", conf.Language)
		}
		form := editionFormOf(conf)
		form.Set("language", "xx")
		res := orga.post(urls.AdminEdition(conf.ID), form)
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `id="f-language-error"`)

		anonymous := newClient(t, e.app.Handler())
		for _, tc := range []struct {
			lang  string
			wants []string
		}{
			{"en", []string{"Contents", "Programme", "Adopted demands", "Vote: 7 yes, 2 no, 1 abstention", "Page 1 of", "Statistics", "(cancelled)"}},
			{"ar", []string{"المحتويات", "البرنامج", "المطالب المعتمدة", "إحصاءات"}},
		} {
			form.Set("language", tc.lang)
			wantStatus(t, orga.post(urls.AdminEdition(conf.ID), form), http.StatusSeeOther)
			body := getDocumentation(t, anonymous, conf.Slug)
			if !strings.Contains(body, "/Lang ("+tc.lang+")") {
				t.Errorf("%s: the document does not say its language", tc.lang)
			}
			text := pdfText(t, body)
			// Arabic comes back in presentation forms and, depending on
			// the writer, in visual order: compare letters, either way.
			text = norm.NFKC.String(text)
			for _, want := range tc.wants {
				if !strings.Contains(text, want) && !strings.Contains(text, reverse(want)) {
					t.Errorf("%s: the documentation lacks %q", tc.lang, want)
				}
			}
			if strings.Contains(text, "Inhalt") || strings.Contains(text, "Beschlossene Forderungen") {
				t.Errorf("%s: German fixed texts are left", tc.lang)
			}
		}

		// A copy keeps the language.
		res = orga.post(urls.CopyEdition(conf.ID), url.Values{"date": {"2046-03-10"}, "title": {"Nächstes Mal"}, "slug": {"naechstes-mal"}})
		wantStatus(t, res, http.StatusSeeOther)
		cp, err := e.db.ConferenceBySlug(t.Context(), "naechstes-mal")
		if err != nil {
			t.Fatal(err)
		}
		if cp.Language != "ar" || cp.Published {
			t.Errorf("the copy: language %q, published %v", cp.Language, cp.Published)
		}
		// The copy is a draft: not found for the public, there for organisers.
		wantStatus(t, anonymous.get(urls.Documentation(cp.Slug)), http.StatusNotFound)
		getDocumentation(t, orga, cp.Slug)
		wantStatus(t, anonymous.get(urls.Documentation("keine-solche")), http.StatusNotFound)
	})
}

// outlineItem is a bookmark: its title, indented two spaces per level, and its page.
type outlineItem struct {
	title string
	page  int
}

var outlineTag = regexp.MustCompile(`<outline>|</outline>|<item page="(\d+)">([^<]*)</item>`)

// pdfOutline reads a PDF's bookmarks with poppler's pdftohtml.
func pdfOutline(t *testing.T, body string) []outlineItem {
	t.Helper()
	xml := poppler(t, "pdftohtml", "-xml", "-i", "-stdout", "-q", writePDF(t, body))
	var out []outlineItem
	depth := -1
	for _, m := range outlineTag.FindAllStringSubmatch(xml, -1) {
		switch m[0] {
		case "<outline>":
			depth++
		case "</outline>":
			depth--
		default:
			n, _ := strconv.Atoi(m[1])
			out = append(out, outlineItem{title: strings.Repeat("  ", depth) + html.UnescapeString(m[2]), page: n})
		}
	}
	return out
}

func reverse(s string) string {
	rs := []rune(s)
	slices.Reverse(rs)
	return string(rs)
}
