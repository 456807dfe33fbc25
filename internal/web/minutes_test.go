package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// minutesEdition is a published edition with a keynote and two workshops:
// Fatima facilitates A, Bernd facilitates B; a participant holds a
// personal link.
type minutesEdition struct {
	conf              *model.Conference
	keynote           model.Session
	a, b              model.Workshop
	organiser         *client
	facA, facB        *client
	participant       *client
	personal          string // the participant's link
	aMinutes, keyNote int64  // the ids of workshop A's and the keynote's minutes
}

func newMinutesEdition(t *testing.T, e *env) *minutesEdition {
	t.Helper()
	ctx := t.Context()
	conf, slot := newOpenEdition(t, e.db, model.ModeAssign, 0, 2, 10)
	x := &minutesEdition{conf: conf, a: slot.Workshops[0], b: slot.Workshops[1], organiser: e.organiser(t)}
	x.keynote = model.Session{ConferenceID: conf.ID, Kind: model.KindKeynote, Title: "Die Flüchtlingspolitik des Landes",
		StartsAt: conf.StartsAt.Add(time.Hour), EndsAt: conf.StartsAt.Add(2 * time.Hour)}
	if err := e.db.CreateSession(ctx, &x.keynote); err != nil {
		t.Fatal(err)
	}
	x.facA = minutesFacilitator(t, e, "fatima@example.org", "Fatima Yılmaz", &x.a)
	x.facB = minutesFacilitator(t, e, "bernd@example.org", "Bernd Krause", &x.b)
	r := orgaRegister(t, e, conf, model.Registration{Name: "Amina", Email: email("amina@example.org"), Category: "volunteer",
		Choices: map[int64][]int64{slot.ID: {x.a.ID}}})
	x.personal = e.newPersonalLink(t, r)
	x.participant = newClient(t, e.app.Handler())
	wantStatus(t, x.participant.get(x.personal), http.StatusOK)

	x.aMinutes = minutesOpen(t, x.facA, urls.WorkshopMinutes(x.a.ID))
	res := x.organiser.post(urls.SessionMinutes(x.keynote.ID), nil)
	wantStatus(t, res, http.StatusSeeOther)
	x.keyNote = idFrom(t, res.Location, "/admin/minutes/")
	return x
}

// minutesFacilitator makes a facilitator account, invites it to w and
// returns a client logged in with it.
func minutesFacilitator(t *testing.T, e *env, address, name string, w *model.Workshop) *client {
	t.Helper()
	u := &model.User{Email: address, Name: name, Role: model.RoleFacilitator}
	if err := e.db.CreateUserWithPassword(t.Context(), u, organiserPassword); err != nil {
		t.Fatal(err)
	}
	stored, err := e.db.Workshop(t.Context(), w.ID)
	if err != nil {
		t.Fatal(err)
	}
	stored.FacilitatorIDs = []int64{u.ID}
	if err := e.db.UpdateWorkshop(t.Context(), stored); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, e.app.Handler())
	wantStatus(t, c.post(urls.Login(), url.Values{"email": {address}, "password": {organiserPassword}, "next": {"/admin"}}), http.StatusSeeOther)
	return c
}

// minutesOpen follows an address that opens minutes and returns their id.
func minutesOpen(t *testing.T, c *client, path string) int64 {
	t.Helper()
	res := c.get(path)
	wantStatus(t, res, http.StatusSeeOther)
	return idFrom(t, res.Location, "/admin/minutes/")
}

// minutesSave posts a text from the base version; it returns the response.
func minutesSave(c *client, id int64, base int64, body string) response {
	return c.post(urls.AdminMinutes(id), url.Values{"body": {body}, "language": {"de"}, "base": {itoa(base)}, "action": {"save"}})
}

// minutesStored reads minutes from the database.
func minutesStored(t *testing.T, e *env, id int64) *model.Minutes {
	t.Helper()
	m, err := e.db.Minutes(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// The whole way: written with a preview that saves nothing, submitted,
// returned with a comment the facilitator sees, changed, approved,
// published on the public page in its language, and unpublished; the
// organisers' decisions are in the audit log.
func TestMinutesWorkflow(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newMinutesEdition(t, e)
		id := x.aMinutes
		// Facilitators reach their workshop's minutes from their list,
		// organisers every workshop's and item's from the edition's page.
		mine := x.facA.get(urls.MyWorkshops())
		wantContains(t, mine, `href="`+urls.WorkshopMinutes(x.a.ID)+`"`)
		wantLacks(t, mine, urls.WorkshopMinutes(x.b.ID))
		edition := x.organiser.get(urls.AdminEdition(x.conf.ID))
		wantContains(t, edition, `href="`+urls.WorkshopMinutes(x.a.ID)+`"`, `href="`+urls.WorkshopMinutes(x.b.ID)+`"`,
			`action="`+urls.SessionMinutes(x.keynote.ID)+`"`)
		// A workshop slot has no minutes of its own; its workshops have.
		wantLacks(t, edition, `action="`+urls.SessionMinutes(x.a.SessionID)+`"`)
		wantStatus(t, x.organiser.post(urls.SessionMinutes(x.a.SessionID), nil), http.StatusConflict)
		// Opening twice opens the same minutes.
		if again := minutesOpen(t, x.organiser, urls.WorkshopMinutes(x.a.ID)); again != id {
			t.Fatalf("opened %d, then %d", id, again)
		}
		editor := x.facA.get(urls.AdminMinutes(id))
		wantStatus(t, editor, http.StatusOK)
		wantContains(t, editor, `<textarea id="f-body" name="body"`, `name="base" value="0"`, `value="preview"`, "Entwurf")

		text := "## Ergebnisse\n\n- Wohnungen statt Sammelunterkünfte\n- Mietobergrenzen anpassen\n"
		preview := x.facA.post(urls.AdminMinutes(id), url.Values{"body": {text}, "language": {"de"}, "base": {"0"}, "action": {"preview"}})
		wantStatus(t, preview, http.StatusOK)
		wantContains(t, preview, "Vorschau (noch nicht gespeichert)", "<h3>Ergebnisse</h3>", "<li>Wohnungen statt Sammelunterkünfte</li>", "Mietobergrenzen anpassen</textarea>")
		if m := minutesStored(t, e, id); m.Version != 0 || m.Body != "" {
			t.Fatalf("the preview saved: version %d, %q", m.Version, m.Body)
		}

		// An unknown language is refused at its field, the text kept.
		bad := x.facA.post(urls.AdminMinutes(id), url.Values{"body": {text}, "language": {"xx"}, "base": {"0"}, "action": {"save"}})
		wantStatus(t, bad, http.StatusUnprocessableEntity)
		wantContains(t, bad, `id="f-language-error"`, "Mietobergrenzen anpassen</textarea>")

		wantStatus(t, minutesSave(x.facA, id, 0, text), http.StatusSeeOther)
		wantStatus(t, x.facA.post(urls.SubmitMinutes(id), nil), http.StatusSeeOther)
		if m := minutesStored(t, e, id); m.Status != model.MinutesSubmitted || m.Body != strings.TrimSpace(text) || m.Version != 1 {
			t.Fatalf("after submitting: %+v", m)
		}
		// Submitted, the facilitator can no longer change it nor decide on it.
		wantStatus(t, minutesSave(x.facA, id, 1, "anders"), http.StatusConflict)
		wantLacks(t, x.facA.get(urls.AdminMinutes(id)), `<textarea id="f-body"`)
		wantStatus(t, x.facA.post(urls.ApproveMinutes(id), nil), http.StatusNotFound)
		wantStatus(t, x.facA.post(urls.ReturnMinutes(id), url.Values{"return_comment": {"x"}}), http.StatusNotFound)

		// Returning needs a comment.
		res := x.organiser.post(urls.ReturnMinutes(id), url.Values{"return_comment": {""}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `id="f-return_comment-error"`)
		wantStatus(t, x.organiser.post(urls.ReturnMinutes(id), url.Values{"return_comment": {"Bitte die Zahlen zur Belegung ergänzen."}}), http.StatusSeeOther)
		returned := x.facA.get(urls.AdminMinutes(id))
		wantContains(t, returned, "Zurückgegeben zur Überarbeitung", "Bitte die Zahlen zur Belegung ergänzen.", `<textarea id="f-body"`)

		text += "- 1.200 Menschen in Notunterkünften\n"
		wantStatus(t, minutesSave(x.facA, id, 1, text), http.StatusSeeOther)
		wantStatus(t, x.facA.post(urls.SubmitMinutes(id), nil), http.StatusSeeOther)
		// Nothing unpublished is public, and only approved minutes are published.
		wantLacks(t, newClient(t, e.app.Handler()).get(urls.Conference(x.conf.Slug)), "Wohnungen statt")
		refused := x.organiser.get(urls.PublishMinutes(id))
		wantContains(t, refused, "Nur freigegebene Protokolle")
		wantLacks(t, refused, `name="confirm"`)
		wantStatus(t, x.organiser.post(urls.PublishMinutes(id), confirmYes), http.StatusConflict)
		wantStatus(t, x.organiser.post(urls.ApproveMinutes(id), nil), http.StatusSeeOther)

		anon := newClient(t, e.app.Handler())
		before := anon.get(urls.Conference(x.conf.Slug)) // fills the page cache
		wantLacks(t, before, "Wohnungen statt")
		// Without the confirmation the page asks again and nothing changes.
		wantConfirmPage(t, x.organiser.post(urls.PublishMinutes(id), nil), urls.PublishMinutes(id))
		if m := minutesStored(t, e, id); m.Status != model.MinutesApproved {
			t.Fatalf("published without confirmation: %s", m.Status)
		}
		rev := x.conf.Revision
		if c, err := e.db.Conference(t.Context(), x.conf.ID); err == nil {
			rev = c.Revision
		}
		wantStatus(t, x.organiser.post(urls.PublishMinutes(id), confirmYes), http.StatusSeeOther)
		if c, err := e.db.Conference(t.Context(), x.conf.ID); err != nil || c.Revision <= rev {
			t.Fatalf("publishing left the edition's revision at %d (%v)", c.Revision, err)
		}
		public := anon.get(urls.Conference(x.conf.Slug))
		wantContains(t, public, "Protokolle", `lang="de" dir="auto"><h4>Ergebnisse</h4>`, "1.200 Menschen in Notunterkünften", x.a.Title)
		// The workshop in the programme links to its record below.
		wantContains(t, public, fmt.Sprintf(`<a href="#minutes-%d">Protokoll lesen`, id), fmt.Sprintf(`<article class="minutes" aria-labelledby="minutes-%d">`, id))
		// The minutes' headings sit below the record's own (h3), in the
		// page's outline.
		wantLacks(t, public, "<h2>Ergebnisse")
		// Published minutes change only after unpublishing.
		wantStatus(t, minutesSave(x.organiser, id, 2, "neu"), http.StatusConflict)

		wantConfirmPage(t, x.organiser.get(urls.UnpublishMinutes(id)), urls.UnpublishMinutes(id))
		wantStatus(t, x.organiser.post(urls.UnpublishMinutes(id), confirmYes), http.StatusSeeOther)
		wantLacks(t, anon.get(urls.Conference(x.conf.Slug)), "Wohnungen statt")
		if m := minutesStored(t, e, id); m.Status != model.MinutesApproved || m.PublishedAt != nil {
			t.Fatalf("after unpublishing: %s %v", m.Status, m.PublishedAt)
		}
		// An organiser's change of approved minutes needs approving again.
		wantStatus(t, minutesSave(x.organiser, id, 2, text+"- Nachtrag\n"), http.StatusSeeOther)
		if m := minutesStored(t, e, id); m.Status != model.MinutesSubmitted {
			t.Fatalf("approved minutes changed stay %s", m.Status)
		}

		log, err := e.db.AuditLog(t.Context(), 20)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, ev := range log {
			actions = append(actions, ev.Action)
		}
		for _, want := range []string{model.AuditMinutesReturned, model.AuditMinutesApproved, model.AuditMinutesPublished, model.AuditMinutesUnpublished} {
			if !strings.Contains(strings.Join(actions, " "), want) {
				t.Errorf("audit log lacks %s: %v", want, actions)
			}
		}
	})
}
