package web_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// Certificates of attendance are for the people marked present at the
// door, and nobody else: one PDF of all for the organisers, one per person
// behind the personal link and on the organisers' page of the
// registration; before the mark, the personal one is a page that says why.
func TestCertificatesThroughTheRouter(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot, people, gone := badgePeople(t, e)
		orga := e.organiser(t)
		door := doorClient(t, e, orga, "tuer@example.org")
		present := []badgePerson{people[0], people[1], people[3]} // Олена, ተስፋይ, Ülkü
		absent := people[2]                                       // Amina
		for _, p := range present {
			wantStatus(t, door.post(urls.CheckIn(conf.ID, p.ID), url.Values{"q": {""}}), http.StatusSeeOther)
		}

		res := orga.get(urls.Certificates(conf.ID))
		wantStatus(t, res, http.StatusOK)
		wantFontsEmbedded(t, res.Body)
		if info := pdfInfo(t, res.Body); !strings.HasPrefix(info["Title"], "Teilnahmebescheinigungen") {
			t.Errorf("title %q", info["Title"])
		}
		pages := pdfPages(t, res.Body)
		if len(pages) != len(present) {
			t.Fatalf("%d certificates, want %d", len(pages), len(present))
		}
		date := conf.StartsAt.In(conf.Location()).Format("2.1.2006")
		// By name: Ülkü beside U, before the Cyrillic and Ge'ez names.
		for i, p := range []badgePerson{people[3], people[0], people[1]} {
			page := strings.Join(strings.Fields(pages[i]), " ")
			for _, want := range []string{"Teilnahmebescheinigung", "Hiermit wird bestätigt, dass", p.Name,
				"am " + date + " an der Veranstaltung „" + conf.Title + "“ (" + conf.Venue + ") teilgenommen hat.",
				"Arbeitsgruppe: " + slot.Workshops[0].Title, "Ort, Datum", "Unterschrift für die Veranstaltenden", conf.Venue + ", " + date} {
				if !strings.Contains(page, want) {
					t.Errorf("certificate %d lacks %q:\n%s", i+1, want, page)
				}
			}
		}
		text := strings.Join(pages, "\f")
		for _, unwanted := range []string{absent.Name, gone.Name, people[4].Name} {
			if strings.Contains(text, unwanted) {
				t.Errorf("a certificate for %s, who was not there", unwanted)
			}
		}
		wantContains(t, orga.get(urls.AdminEdition(conf.ID)), `href="`+urls.Certificates(conf.ID)+`"`)
		wantContains(t, orga.get(urls.Door(conf.ID)), `href="`+urls.Certificates(conf.ID)+`"`)

		// The person's own, from the personal page, once marked present.
		participant := newClient(t, e.app.Handler())
		tigrinya := people[1]
		wantContains(t, participant.get(urls.Personal(tigrinya.Token)), `href="`+urls.PersonalCertificate(tigrinya.Token)+`"`)
		own := participant.get(urls.PersonalCertificate(tigrinya.Token))
		wantStatus(t, own, http.StatusOK)
		if cc := own.Header.Get("Cache-Control"); cc != "private, no-store" {
			t.Errorf("personal certificate: Cache-Control %q", cc)
		}
		wantFontsEmbedded(t, own.Body)
		if pages := pdfPages(t, own.Body); len(pages) != 1 || !strings.Contains(pages[0], tigrinya.Name) {
			t.Errorf("personal certificate:\n%s", strings.Join(pages, "\f"))
		}
		wantLacks(t, participant.get(urls.Personal(absent.Token)), urls.PersonalCertificate(absent.Token))
		notYet := participant.get(urls.PersonalCertificate(absent.Token))
		wantStatus(t, notYet, http.StatusNotFound)
		wantContains(t, notYet, "Eine Teilnahmebescheinigung gibt es erst, wenn Sie am Einlass als anwesend eingetragen wurden.")
		wantStatus(t, participant.get(urls.PersonalCertificate("unbekannt")), http.StatusNotFound)

		// Undoing the mark takes the certificate away again.
		wantStatus(t, door.post(urls.UndoCheckIn(conf.ID, tigrinya.ID), url.Values{"q": {""}}), http.StatusSeeOther)
		wantStatus(t, participant.get(urls.PersonalCertificate(tigrinya.Token)), http.StatusNotFound)

		// The organisers' page of a registration links to its certificate
		// once the person was there.
		ulku := people[3]
		wantContains(t, orga.get(urls.AdminRegistration(ulku.ID)), `href="`+urls.Certificate(ulku.ID)+`"`)
		wantLacks(t, orga.get(urls.AdminRegistration(absent.ID)), urls.Certificate(absent.ID))
		one := orga.get(urls.Certificate(ulku.ID))
		wantStatus(t, one, http.StatusOK)
		if pages := pdfPages(t, one.Body); len(pages) != 1 || !strings.Contains(pages[0], ulku.Name) {
			t.Errorf("one certificate:\n%s", strings.Join(pages, "\f"))
		}
		missing := orga.get(urls.Certificate(absent.ID))
		wantStatus(t, missing, http.StatusNotFound)
		wantContains(t, missing, "wenn die Person am Einlass als anwesend eingetragen wurde")

		facilitator := minutesFacilitator(t, e, "moderation@example.test", "Moderation", &slot.Workshops[0])
		for who, c := range map[string]*client{"anonymous": newClient(t, e.app.Handler()), "door helper": door, "facilitator": facilitator} {
			for _, path := range []string{urls.Certificates(conf.ID), urls.Certificate(ulku.ID)} {
				if res := c.get(path); res.Status == http.StatusOK || strings.HasPrefix(res.Body, "%PDF") {
					t.Errorf("%s got %s: %d", who, path, res.Status)
				}
			}
		}
	})
}

// Writes certificates to $PDF_SAMPLE_DIR, to look at.
func TestWriteCertificateSamples(t *testing.T) {
	dir := os.Getenv("PDF_SAMPLE_DIR")
	if dir == "" {
		t.Skip("set PDF_SAMPLE_DIR to write samples")
	}
	each(t, func(t *testing.T, e *env) {
		conf, _, people, _ := badgePeople(t, e)
		orga := e.organiser(t)
		door := doorClient(t, e, orga, "tuer@example.org")
		for _, p := range people[:3] {
			wantStatus(t, door.post(urls.CheckIn(conf.ID, p.ID), url.Values{"q": {""}}), http.StatusSeeOther)
		}
		res := orga.get(urls.Certificates(conf.ID))
		if err := os.WriteFile(filepath.Join(dir, "certificates-"+e.db.Dialect()+".pdf"), []byte(res.Body), 0o600); err != nil {
			t.Fatal(err)
		}
	})
}
