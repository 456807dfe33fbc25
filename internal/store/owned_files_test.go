package store_test

import (
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

// orphanFiles counts the files that nothing refers to.
func orphanFiles(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	noErr(t, db.InTx(t.Context(), func(tx *sqlx.Tx) error {
		return tx.GetContext(t.Context(), &n, `SELECT COUNT(*) FROM files f
			WHERE NOT EXISTS (SELECT 1 FROM minutes_attachments WHERE file_id = f.id)
			AND NOT EXISTS (SELECT 1 FROM resolution_followups WHERE file_id = f.id)`)
	}), "count orphans")
	return n
}

// minutesWithFiles gives the minutes a revision and attaches files to them.
func minutesWithFiles(t *testing.T, db *store.DB, m *model.Minutes, by *model.User, names ...string) []int64 {
	t.Helper()
	base := m.Version
	_, err := db.SaveMinutes(t.Context(), m.ID, store.MinutesEdit{Body: "Protokoll", Language: "de", Base: &base, By: by,
		Cause: model.RevisionSaved, Allowed: []string{model.MinutesDraft}})
	noErr(t, err, "save minutes")
	var ids []int64
	for _, name := range names {
		f := &model.File{Name: name, ContentType: model.TypePDF, Data: []byte("%PDF-1.4 " + name)}
		noErr(t, db.AttachToMinutes(t.Context(), m.ID, f), "attach "+name)
		ids = append(ids, f.ID)
	}
	return ids
}

// adoptedWithFile adopts a new resolution of the edition and adds a
// follow-up with a file, entered during the edition during.
func adoptedWithFile(t *testing.T, db *store.DB, conferenceID int64, workshopID, during *int64, by *model.User) (*model.Resolution, int64) {
	t.Helper()
	ctx := t.Context()
	r := resolutionsDraft(conferenceID, workshopID)
	noErr(t, db.CreateResolution(ctx, r), "create resolution")
	noErr(t, db.ProposeResolution(ctx, r.ID), "propose")
	noErr(t, db.RecordVote(ctx, r.ID, []model.VoteGroup{{Label: "Alle", Yes: 1}}, model.ResAdopted, by), "vote")
	file := &model.File{Name: "antwort.pdf", ContentType: model.TypePDF, Data: []byte("%PDF-1.4 Antwort")}
	noErr(t, db.AddFollowUp(ctx, &model.FollowUp{ResolutionID: r.ID, OccurredOn: time.Date(2016, 3, 1, 0, 0, 0, 0, time.UTC),
		Kind: model.FollowAnswered, ConferenceID: during}, file), "follow-up")
	return r, file.ID
}

func wantFiles(t *testing.T, db *store.DB, gone, kept []int64) {
	t.Helper()
	for _, id := range gone {
		if _, err := db.FileInfo(t.Context(), id); err != model.ErrNotFound {
			t.Errorf("file %d is still there (%v)", id, err)
		}
	}
	for _, id := range kept {
		if _, err := db.FileInfo(t.Context(), id); err != nil {
			t.Errorf("file %d: %v", id, err)
		}
	}
	if n := orphanFiles(t, db); n != 0 {
		t.Errorf("%d files that nothing refers to", n)
	}
}

// Deleting a workshop, an agenda item or an edition counts first what goes
// with it, and then deletes with their minutes and follow-ups the files
// they held, leaving none behind, but keeps a file still referred to
// from elsewhere.
func TestDeletionsTakeTheirFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		u := newUser(t, db, "orga@example.org")
		later := conferenceAt(t, f.series.ID, "nrw-2017", 2017, time.February, 11)
		noErr(t, db.CreateConference(ctx, later), "create later edition")
		slot := newSession(t, db, f.conf, model.KindWorkshopSlot, "Arbeitsgruppen", 13, 0, 15, 0)
		housing := newWorkshop(t, db, slot, "Wohnen", 0)
		health := newWorkshop(t, db, slot, "Gesundheit", 1)
		plenary := newSession(t, db, f.conf, model.KindPlenary, "Plenum", 10, 0, 11, 0)
		amina := newRegistration(f.conf.ID, "Amina", "")
		amina.Choices = map[int64][]int64{slot.ID: {housing.ID, health.ID}}
		register(t, db, amina)

		m, err := db.WorkshopMinutes(ctx, housing.ID)
		noErr(t, err, "housing minutes")
		housingFiles := minutesWithFiles(t, db, m, u, "fotos.pdf", "liste.pdf")
		m, err = db.WorkshopMinutes(ctx, health.ID)
		noErr(t, err, "health minutes")
		healthFiles := minutesWithFiles(t, db, m, u, "gesundheit.pdf")
		m, err = db.SessionMinutes(ctx, plenary.ID)
		noErr(t, err, "plenary minutes")
		plenaryFiles := minutesWithFiles(t, db, m, u, "plenum.pdf")
		demand, demandFile := adoptedWithFile(t, db, f.conf.ID, &housing.ID, nil, u)
		// A demand of the later edition, followed up during this one, and
		// one of its follow-ups refers to a file of the housing minutes too.
		_, laterFile := adoptedWithFile(t, db, later.ID, nil, &f.conf.ID, u)
		noErr(t, db.InTx(ctx, func(tx *sqlx.Tx) error {
			if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE resolution_followups SET file_id = ? WHERE file_id = ?`),
				housingFiles[1], laterFile); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM files WHERE id = ?`), laterFile)
			return err
		}), "share a file")
		wantFiles(t, db, nil, nil)

		w, err := db.WorkshopContents(ctx, housing.ID)
		noErr(t, err, "workshop contents")
		want := store.WorkshopContents{Preferences: 1, Resolutions: 1,
			Minutes: store.MinutesContents{Status: model.MinutesDraft, Revisions: 1, Attachments: 2}}
		if w != want {
			t.Errorf("workshop contents %+v, want %+v", w, want)
		}
		_, err = db.WorkshopContents(ctx, housing.ID+1000)
		wantNotFound(t, err)
		noErr(t, db.DeleteWorkshop(ctx, housing.ID), "delete workshop")
		wantFiles(t, db, housingFiles[:1], append(housingFiles[1:], healthFiles[0], plenaryFiles[0], demandFile))
		kept, err := db.Resolution(ctx, demand.ID)
		noErr(t, err, "the demand stays")
		if kept.WorkshopID != nil {
			t.Errorf("the demand's origin is %d, want none", *kept.WorkshopID)
		}

		s, err := db.SessionContents(ctx, slot.ID)
		noErr(t, err, "slot contents")
		if s != (store.SessionContents{Workshops: 1}) {
			t.Errorf("slot contents %+v", s)
		}
		s, err = db.SessionContents(ctx, plenary.ID)
		noErr(t, err, "plenary contents")
		if s != (store.SessionContents{Minutes: store.MinutesContents{Status: model.MinutesDraft, Revisions: 1, Attachments: 1}}) {
			t.Errorf("plenary contents %+v", s)
		}
		wantCode(t, db.DeleteSession(ctx, slot.ID), model.EConflict)
		wantFiles(t, db, nil, healthFiles)
		noErr(t, db.DeleteSession(ctx, plenary.ID), "delete plenary")
		wantFiles(t, db, plenaryFiles, healthFiles)

		n, err := db.EditionContents(ctx, f.conf.ID)
		noErr(t, err, "edition contents")
		if n.Minutes != 1 || n.Files != 2 || n.Resolutions != 1 || n.Adopted != 1 {
			t.Errorf("edition contents %+v, want 1 minutes, 2 files, 1 resolution adopted", n)
		}
		noErr(t, db.DeleteConferenceAs(ctx, f.conf.ID, u, 1), "delete edition")
		wantFiles(t, db, append(healthFiles, demandFile), housingFiles[1:])
	})
}
