package web_test

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// badgePerson is someone registered for the badge and certificate tests.
type badgePerson struct {
	Name, Organisation, Languages string
	ID                            int64
	Token                         string
}

// badgePeople registers nine people for a first-come edition, each granted
// the first workshop, and one who cancels; it returns the edition, the
// nine and the one who cancelled.
func badgePeople(t *testing.T, e *env) (*model.Conference, model.Session, []badgePerson, badgePerson) {
	t.Helper()
	conf, slot := newOpenEdition(t, e.db, model.ModeFirstCome, 0, 2, 20)
	people := []badgePerson{
		{Name: "Олена Коваленко", Organisation: "Ukrainischer Verein Dortmund", Languages: "Ukrainisch, Russisch"},
		{Name: "ተስፋይ ገብረማርያም", Organisation: "Flüchtlingshilfe Elberfeld", Languages: "Tigrinya, ar"},
		{Name: "Amina Diallo", Organisation: "Voix des Migrants", Languages: "Französisch, Wolof, Deutsch"},
		{Name: "Ülkü Demir", Organisation: "Integrationsrat Köln", Languages: "Türkisch, Deutsch"},
		{Name: "Jürgen Wolff", Organisation: "Ratsfraktion Bielefeld"},
		{Name: "Birgit Koch", Organisation: "Sozialamt Wuppertal", Languages: "Deutsch, English"},
		{Name: "Claire Dubois", Organisation: "Radio Ruhr", Languages: "français, allemand"},
		{Name: "Dieter Brandt", Organisation: "Kreistagsfraktion Mettmann"},
		{Name: "Zeynep Aydın", Organisation: "Elterncafé Düsseldorf", Languages: "Kurdisch, Türkisch"},
	}
	register := func(p *badgePerson) {
		r := &model.Registration{ConferenceID: conf.ID, Name: p.Name, Organisation: p.Organisation, Languages: p.Languages,
			Lang: "de", Choices: map[int64][]int64{slot.ID: {slot.Workshops[0].ID}}}
		token, err := e.db.Register(t.Context(), r, nil)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != model.RegConfirmed {
			t.Fatalf("%s is %s", p.Name, r.Status)
		}
		p.ID, p.Token = r.ID, token
	}
	for i := range people {
		register(&people[i])
	}
	gone := badgePerson{Name: "Gerda Abgemeldet", Organisation: "Storniert e. V."}
	register(&gone)
	if _, err := e.db.CancelRegistration(t.Context(), gone.ID); err != nil {
		t.Fatal(err)
	}
	return conf, slot, people, gone
}

// qrCodes renders each page of a PDF at 150 dpi with pdftoppm and returns
// the QR codes zbarimg reads from each; a missing tool fails the test.
func qrCodes(t *testing.T, body string) [][]string {
	t.Helper()
	for _, tool := range []string{"pdftoppm", "zbarimg"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s (poppler-utils, zbar-tools) is needed to read the QR codes back", tool)
		}
	}
	path := writePDF(t, body)
	dir := t.TempDir()
	if out, err := exec.Command("pdftoppm", "-r", "150", "-png", path, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	images, err := filepath.Glob(filepath.Join(dir, "page-*.png"))
	if err != nil || len(images) == 0 {
		t.Fatalf("pdftoppm wrote no pages: %v", err)
	}
	slices.Sort(images)
	var pages [][]string
	for _, img := range images {
		out, err := exec.Command("zbarimg", "--raw", "-q", img).Output()
		if err != nil {
			t.Fatalf("zbarimg %s: %v", filepath.Base(img), err)
		}
		pages = append(pages, strings.Fields(string(out)))
	}
	return pages
}

// The edition's badges: one PDF, eight to a page, every confirmed person by
// name with their organisation, languages in their own script and
// workshop; their QR codes decode to check-in addresses that open that
// person at the door, the same ones every time the badges are printed.
func TestBadgesThroughTheRouter(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot, people, gone := badgePeople(t, e)
		orga := e.organiser(t)
		door := doorClient(t, e, orga, "tuer@example.org")

		res := orga.get(urls.Badges(conf.ID))
		wantStatus(t, res, http.StatusOK)
		if ct := res.Header.Get("Content-Type"); ct != "application/pdf" {
			t.Errorf("Content-Type %q", ct)
		}
		wantFontsEmbedded(t, res.Body)
		pages := pdfPages(t, res.Body)
		if len(pages) != 2 {
			t.Fatalf("%d pages for 9 people, want 2", len(pages))
		}
		text := pdfText(t, res.Body)
		for _, want := range []string{"Олена Коваленко", "ተስፋይ ገብረማርያም", "Amina Diallo", "Ülkü Demir", "Ukrainischer Verein Dortmund",
			"Flüchtlingshilfe Elberfeld", "Українська", "Русский", "ትግርኛ", "Français", "Wolof", "Türkçe", "Kurdî", "English",
			"Arbeitsgruppe: " + slot.Workshops[0].Title, conf.Title} {
			if !strings.Contains(text, want) {
				t.Errorf("the badges lack %q", want)
			}
		}
		for _, unwanted := range []string{gone.Name, gone.Organisation, "Russisch", "Tigrinya", "Kurdisch"} {
			if strings.Contains(text, unwanted) {
				t.Errorf("the badges show %q", unwanted)
			}
		}
		// By name: Amina, Birgit, Claire, Dieter, Jürgen, Ülkü (beside U),
		// Zeynep, then the Cyrillic and the Ge'ez names.
		if !strings.Contains(pages[1], "ተስፋይ ገብረማርያም") || strings.Contains(pages[1], "Amina Diallo") ||
			strings.Index(pages[0], "Jürgen Wolff") > strings.Index(pages[0], "Ülkü Demir") {
			t.Errorf("badges not by name:\n%s", text)
		}

		codes := qrCodes(t, res.Body)
		if len(codes[0]) != 8 || len(codes[1]) != 1 {
			t.Fatalf("QR codes per page: %d and %d, want 8 and 1", len(codes[0]), len(codes[1]))
		}
		decoded := slices.Concat(codes...)
		found := map[string]string{} // name → check-in address
		for _, address := range decoded {
			path, ok := strings.CutPrefix(address, "http://example.test/admin/door/")
			if !ok {
				t.Fatalf("QR code %q is no check-in address", address)
			}
			page := door.get(urls.DoorCode(path))
			wantStatus(t, page, http.StatusOK)
			for _, p := range people {
				if strings.Contains(page.Body, "<bdi>"+p.Name+"</bdi>") || strings.Contains(page.Body, ">"+p.Name+"<") {
					found[p.Name] = address
				}
			}
		}
		if len(found) != len(people) {
			t.Errorf("the QR codes open %d of %d people: %v", len(found), len(people), found)
		}

		// Printed again: the same document, so the same codes, and a
		// second request for it gets 304.
		again := orga.get(urls.Badges(conf.ID))
		wantStatus(t, again, http.StatusOK)
		if again.Body != res.Body || again.Header.Get("ETag") != res.Header.Get("ETag") {
			t.Error("printing the badges again gave another document")
		}
		if got := slices.Concat(qrCodes(t, again.Body)...); !slices.Equal(got, decoded) {
			t.Errorf("printed again, the codes are %v, were %v", got, decoded)
		}

		// One person's badge, from the organisers' page of the registration,
		// carries the same code as on the sheet.
		amina := people[2]
		detail := orga.get(urls.AdminRegistration(amina.ID))
		wantContains(t, detail, `href="`+urls.Badge(amina.ID)+`"`)
		one := orga.get(urls.Badge(amina.ID))
		wantStatus(t, one, http.StatusOK)
		if n := len(pdfPages(t, one.Body)); n != 1 {
			t.Errorf("one badge: %d pages", n)
		}
		if got := slices.Concat(qrCodes(t, one.Body)...); len(got) != 1 || got[0] != found[amina.Name] {
			t.Errorf("one badge's code %v, on the sheet %q", got, found[amina.Name])
		}
		missing := orga.get(urls.Badge(gone.ID))
		wantStatus(t, missing, http.StatusNotFound)
		wantContains(t, missing, "Ein Namensschild gibt es nur für bestätigte Anmeldungen.")

		// The edition's page and the door page link to the badges; the
		// door helper's door page does not, and the badges are refused to
		// anyone but organisers.
		wantContains(t, orga.get(urls.AdminEdition(conf.ID)), `href="`+urls.Badges(conf.ID)+`"`)
		wantContains(t, orga.get(urls.Door(conf.ID)), `href="`+urls.Badges(conf.ID)+`"`)
		wantLacks(t, door.get(urls.Door(conf.ID)), urls.Badges(conf.ID))
		facilitator := minutesFacilitator(t, e, "moderation@example.test", "Moderation", &slot.Workshops[0])
		for who, c := range map[string]*client{"anonymous": newClient(t, e.app.Handler()), "door helper": door, "facilitator": facilitator} {
			for _, path := range []string{urls.Badges(conf.ID), urls.Badge(amina.ID)} {
				if res := c.get(path); res.Status == http.StatusOK || strings.HasPrefix(res.Body, "%PDF") {
					t.Errorf("%s got %s: %d", who, path, res.Status)
				}
			}
		}
	})
}

// Writes the demo edition's badges and certificates to $PDF_SAMPLE_DIR, to look at.
func TestWriteBadgeSamples(t *testing.T) {
	dir := os.Getenv("PDF_SAMPLE_DIR")
	if dir == "" {
		t.Skip("set PDF_SAMPLE_DIR to write samples")
	}
	each(t, func(t *testing.T, e *env) {
		conf, _, _, _ := badgePeople(t, e)
		orga := e.organiser(t)
		res := orga.get(urls.Badges(conf.ID))
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("badges-%s.pdf", e.db.Dialect())), []byte(res.Body), 0o600); err != nil {
			t.Fatal(err)
		}
	})
}
