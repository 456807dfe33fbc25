package web_test

import (
	"net/http"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// Every save is a revision with its author; an old one reads as it was,
// compared with the current text line by line (removed and added marked
// by element and words, not only colour), and restoring it makes a new
// revision, so the text it replaces stays restorable.
func TestMinutesRevisionsCompareAndRestore(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newMinutesEdition(t, e)
		id := x.aMinutes
		wantStatus(t, minutesSave(x.facA, id, 0, "Erste Zeile\nMietobergrenzen"), http.StatusSeeOther)
		wantStatus(t, minutesSave(x.organiser, id, 1, "Erste Zeile\nSozialer Wohnungsbau"), http.StatusSeeOther)

		list := x.facA.get(urls.MinutesRevisions(id))
		wantStatus(t, list, http.StatusOK)
		wantContains(t, list, `href="`+urls.MinutesRevision(id, 1)+`"`, `href="`+urls.MinutesRevision(id, 2)+`"`,
			"<bdi>Fatima Yılmaz</bdi>", "<bdi>Orga</bdi>", "Fassung 2</a> (aktuell)")

		old := x.facA.get(urls.MinutesRevision(id, 1))
		wantStatus(t, old, http.StatusOK)
		wantContains(t, old, "von <bdi>Fatima Yılmaz</bdi>",
			`<del><span aria-hidden="true">− </span><span class="visually-hidden">entfernt: </span><bdi>Mietobergrenzen</bdi></del>`,
			`<ins><span aria-hidden="true">+ </span><span class="visually-hidden">hinzugefügt: </span><bdi>Sozialer Wohnungsbau</bdi></ins>`,
			"entfernte Zeilen: 1 · hinzugefügte Zeilen: 1", `action="`+urls.RestoreRevision(id, 1)+`"`)
		wantStatus(t, x.facA.get(urls.MinutesRevision(id, 9)), http.StatusNotFound)

		wantStatus(t, x.facA.post(urls.RestoreRevision(id, 1), nil), http.StatusSeeOther)
		m := minutesStored(t, e, id)
		if m.Body != "Erste Zeile\nMietobergrenzen" || m.Version != 3 {
			t.Fatalf("restored: version %d, %q", m.Version, m.Body)
		}
		revs, err := e.db.MinutesRevisions(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		if len(revs) != 3 || revs[0].Cause != model.RevisionRestored || revs[1].Body != "Erste Zeile\nSozialer Wohnungsbau" {
			t.Fatalf("revisions after restoring: %+v", revs)
		}
		wantContains(t, x.facA.get(urls.MinutesRevisions(id)), "wiederhergestellt")
		// A revision number of other minutes is not found.
		wantStatus(t, x.organiser.get(urls.MinutesRevision(x.keyNote, 1)), http.StatusNotFound)

		// Submitted, the facilitator cannot restore; published, nobody can.
		wantStatus(t, x.facA.post(urls.SubmitMinutes(id), nil), http.StatusSeeOther)
		wantStatus(t, x.facA.post(urls.RestoreRevision(id, 2), nil), http.StatusConflict)
		wantStatus(t, x.organiser.post(urls.ApproveMinutes(id), nil), http.StatusSeeOther)
		wantStatus(t, x.organiser.post(urls.PublishMinutes(id), confirmYes), http.StatusSeeOther)
		wantStatus(t, x.organiser.post(urls.RestoreRevision(id, 2), nil), http.StatusConflict)
		wantLacks(t, x.organiser.get(urls.MinutesRevision(id, 2)), `action="`+urls.RestoreRevision(id, 2)+`"`)
		if m := minutesStored(t, e, id); m.Version != 3 || m.Status != model.MinutesPublished {
			t.Fatalf("published minutes changed: %+v", m)
		}
	})
}

// Two people save from the same version: the second is told, with 409,
// what was stored meanwhile (read-only, with author and time), keeps their
// own text in the editor, sees the lines between the two, and saves only
// by sending again with the new base; nothing is overwritten unseen.
func TestMinutesConflictingSave(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newMinutesEdition(t, e)
		id := x.aMinutes
		// Both open the editor at version 0.
		wantContains(t, x.facA.get(urls.AdminMinutes(id)), `name="base" value="0"`)
		wantContains(t, x.organiser.get(urls.AdminMinutes(id)), `name="base" value="0"`)

		wantStatus(t, minutesSave(x.facA, id, 0, "Gemeinsam:\nText von Fatima"), http.StatusSeeOther)
		clash := minutesSave(x.organiser, id, 0, "Gemeinsam:\nText der Organisation")
		wantStatus(t, clash, http.StatusConflict)
		wantContains(t, clash, "Jemand hat das Protokoll inzwischen geändert", "Gespeichert von <bdi>Fatima Yılmaz</bdi>",
			`<pre class="stored" lang="de" dir="auto">Gemeinsam:
Text von Fatima</pre>`,
			">Gemeinsam:\nText der Organisation</textarea>", `name="base" value="1"`,
			"<del>", "<bdi>Text von Fatima</bdi></del>", "<ins>", "<bdi>Text der Organisation</bdi></ins>")
		if m := minutesStored(t, e, id); m.Body != "Gemeinsam:\nText von Fatima" || m.Version != 1 {
			t.Fatalf("the refused save changed the minutes: %+v", m)
		}
		// Sending again from the version shown is a deliberate replacement,
		// and Fatima's text stays a revision.
		wantStatus(t, minutesSave(x.organiser, id, 1, "Gemeinsam:\nText von Fatima\nText der Organisation"), http.StatusSeeOther)
		if r, err := e.db.MinutesRevision(t.Context(), id, 1); err != nil || r.Body != "Gemeinsam:\nText von Fatima" {
			t.Fatalf("revision 1: %+v, %v", r, err)
		}
		// A form without a base version cannot overwrite anything either.
		res := x.facA.post(urls.AdminMinutes(id), map[string][]string{"body": {"ohne Basis"}, "language": {"de"}, "action": {"save"}})
		wantStatus(t, res, http.StatusConflict)
		if m := minutesStored(t, e, id); m.Version != 2 {
			t.Fatalf("saved without a base: version %d", m.Version)
		}
	})
}
