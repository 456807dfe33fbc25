package web_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// deletionsPublished gives workshop A's minutes a text and an attachment
// and publishes them; it returns the attachment's file id.
func deletionsPublished(t *testing.T, e *env, x *minutesEdition) int64 {
	t.Helper()
	id := x.aMinutes
	wantStatus(t, minutesSave(x.facA, id, 0, "Wohnungen statt Sammelunterkünfte"), http.StatusSeeOther)
	wantStatus(t, minutesUpload(t, x.facA, id, "fotos.pdf", minutesPDF), http.StatusSeeOther)
	wantStatus(t, x.facA.post(urls.SubmitMinutes(id), nil), http.StatusSeeOther)
	wantStatus(t, x.organiser.post(urls.ApproveMinutes(id), nil), http.StatusSeeOther)
	wantStatus(t, x.organiser.post(urls.PublishMinutes(id), confirmYes), http.StatusSeeOther)
	files, err := e.db.MinutesAttachments(t.Context(), id)
	if err != nil || len(files) != 1 {
		t.Fatalf("attachments %v (%v)", files, err)
	}
	return files[0].ID
}

// deletionsDemand stores a demand of the edition, from workshop (if any).
func deletionsDemand(t *testing.T, e *env, conf *model.Conference, workshop *int64) *model.Resolution {
	t.Helper()
	r := &model.Resolution{ConferenceID: conf.ID, WorkshopID: workshop, Title: "Wohnungen statt Sammelunterkünfte",
		Body: "Die Stadt mietet Wohnungen an.", Topic: model.TopicHousing, AddresseeLevel: model.LevelMunicipality, AddresseeName: "Rat der Stadt Köln"}
	if err := e.db.CreateResolution(t.Context(), r); err != nil {
		t.Fatal(err)
	}
	return r
}

func wantFileGone(t *testing.T, e *env, id int64) {
	t.Helper()
	if _, err := e.db.FileInfo(t.Context(), id); model.ErrorCode(err) != model.ENotFound {
		t.Errorf("file %d after the deletion: %v", id, err)
	}
}

// Deleting a workshop asks first, naming its published minutes with their
// versions and attachment, the choices that name it, and the demand that
// stays without its origin; only the confirmation deletes it, its file too.
func TestDeletingAWorkshopAsksFirst(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newMinutesEdition(t, e)
		file := deletionsPublished(t, e, x)
		demand := deletionsDemand(t, e, x.conf, &x.a.ID)
		c := x.organiser
		path := "/admin/workshops/" + id(x.a.ID) + "/delete"

		wantContains(t, c.get(urls.EditWorkshop(x.a.ID)), `<form method="get" action="`+path+`"`)
		wantConfirmPage(t, c.get(path), path, "Arbeitsgruppe löschen?", "<li>das Protokoll, Stand: Veröffentlicht</li>",
			"<li>1 gespeicherte Fassung des Protokolls</li>", "<li>1 Anhang des Protokolls</li>",
			"<li>1 Wunsch einer angemeldeten Person, der sie nennt</li>", "Es verschwindet auch von den öffentlichen Seiten.",
			"1 Forderung stammt aus dieser Arbeitsgruppe. Sie bleibt erhalten, dann ohne Herkunft.")
		c.lang = "ar"
		wantContains(t, c.get(path), "المحضر، حالته: منشور", "<li>\u200Fمرفق واحد للمحضر</li>")
		c.lang = ""

		for _, form := range []url.Values{nil, {"confirm": {"1"}}} {
			wantConfirmPage(t, c.post(path, form), path, "<li>das Protokoll, Stand: Veröffentlicht</li>")
			if _, err := e.db.Workshop(t.Context(), x.a.ID); err != nil {
				t.Fatalf("deleted without confirmation: %v", err)
			}
		}
		wantStatus(t, c.post(path, confirmYes), http.StatusSeeOther)
		if _, err := e.db.Workshop(t.Context(), x.a.ID); model.ErrorCode(err) != model.ENotFound {
			t.Fatalf("workshop after the confirmation: %v", err)
		}
		if _, err := e.db.Minutes(t.Context(), x.aMinutes); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("minutes after the confirmation: %v", err)
		}
		wantFileGone(t, e, file)
		if r, err := e.db.Resolution(t.Context(), demand.ID); err != nil || r.WorkshopID != nil {
			t.Errorf("the demand after the deletion: %+v (%v)", r, err)
		}
	})
}

// A workshop in which people hold places says how many lose theirs.
func TestDeletingAWorkshopCountsItsPlaces(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot := newOpenEdition(t, e.db, model.ModeFirstCome, 0, 2, 10)
		w := slot.Workshops[0]
		for _, name := range []string{"Amina", "Karim"} {
			orgaRegister(t, e, conf, model.Registration{Name: name, Category: "volunteer",
				Choices: map[int64][]int64{slot.ID: {w.ID}}})
		}
		path := urls.DeleteWorkshop(w.ID)
		wantConfirmPage(t, e.organiser(t).get(path), path,
			"<li>2 vergebene Plätze: Diese Personen haben danach in dieser Phase keine Arbeitsgruppe mehr</li>")
	})
}

// Deleting an agenda item asks first, naming its minutes in their state;
// only the confirmation deletes the item with them.
func TestDeletingAnAgendaItemAsksFirst(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newMinutesEdition(t, e)
		wantStatus(t, minutesSave(x.organiser, x.keyNote, 0, "Rede zur Landespolitik"), http.StatusSeeOther)
		c := x.organiser
		path := "/admin/sessions/" + id(x.keynote.ID) + "/delete"

		wantContains(t, c.get(urls.EditSession(x.keynote.ID)), `<form method="get" action="`+path+`"`)
		page := c.get(path)
		wantConfirmPage(t, page, path, "Programmpunkt löschen?", "<li>das Protokoll, Stand: Entwurf</li>",
			"<li>1 gespeicherte Fassung des Protokolls</li>")
		wantLacks(t, page, "öffentlichen Seiten", "Anhang")
		c.lang = "fr"
		wantContains(t, c.get(path), "le compte rendu, état : Brouillon")
		c.lang = ""

		wantConfirmPage(t, c.post(path, nil), path)
		if _, err := e.db.Minutes(t.Context(), x.keyNote); err != nil {
			t.Fatalf("deleted without confirmation: %v", err)
		}
		wantStatus(t, c.post(path, confirmYes), http.StatusSeeOther)
		if _, err := e.db.Session(t.Context(), x.keynote.ID); model.ErrorCode(err) != model.ENotFound {
			t.Fatalf("agenda item after the confirmation: %v", err)
		}
		if _, err := e.db.Minutes(t.Context(), x.keyNote); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("minutes after the confirmation: %v", err)
		}
	})
}

// An edition's page counts its minutes, their files and the follow-ups',
// and its demands, adopted ones too; deleting it deletes those files.
func TestDeletingAnEditionCountsItsDocumentation(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newMinutesEdition(t, e)
		attachment := deletionsPublished(t, e, x)
		ctx := t.Context()
		adopted := deletionsDemand(t, e, x.conf, &x.a.ID)
		deletionsDemand(t, e, x.conf, nil)
		by, err := e.db.UserByEmail(ctx, "orga@example.test")
		if err != nil {
			t.Fatal(err)
		}
		if err := e.db.ProposeResolution(ctx, adopted.ID); err != nil {
			t.Fatal(err)
		}
		if err := e.db.RecordVote(ctx, adopted.ID, []model.VoteGroup{{Label: "Alle", Yes: 1}}, model.ResAdopted, by); err != nil {
			t.Fatal(err)
		}
		answer := &model.File{Name: "antwort.pdf", ContentType: model.TypePDF, Data: minutesPDF}
		if err := e.db.AddFollowUp(ctx, &model.FollowUp{ResolutionID: adopted.ID, Kind: model.FollowAnswered,
			OccurredOn: time.Date(2045, 4, 1, 0, 0, 0, 0, time.UTC)}, answer); err != nil {
			t.Fatal(err)
		}
		path := urls.DeleteEdition(x.conf.ID)
		wantConfirmPage(t, x.organiser.get(path), path, "<li>2 Protokolle</li>",
			"<li>2 Dateien, angehängt an Protokolle oder Nachverfolgungen</li>", "<li>2 Forderungen</li>",
			"<li>davon 1 beschlossen, mit Abstimmung und Nachverfolgung</li>")

		wantStatus(t, x.organiser.post(path, url.Values{"confirm": {"yes"}, "expect": {"1"}}), http.StatusSeeOther)
		wantFileGone(t, e, attachment)
		wantFileGone(t, e, answer.ID)
	})
}
