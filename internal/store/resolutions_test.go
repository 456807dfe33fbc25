package store_test

import (
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

func resolutionsDraft(conferenceID int64, workshopID *int64) *model.Resolution {
	return &model.Resolution{ConferenceID: conferenceID, WorkshopID: workshopID, Title: "Dolmetschung in Ämtern",
		Body: "Ämter bieten Dolmetschung an.", Topic: model.TopicHousing, AddresseeLevel: model.LevelMunicipality,
		AddresseeName: "Rat der Stadt Köln"}
}

// A demand names a workshop of its own edition only; its vote is bounded
// by the edition's capacity while nobody has registered; once adopted its
// text only changes by a correction with its own vote, and an amendment
// written against an older text cannot overwrite a newer one.
func TestResolutionRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		other := conferenceAt(t, f.series.ID, "nrw-2017", 2017, time.February, 11)
		noErr(t, db.CreateConference(ctx, other), "create other edition")
		slot := newSession(t, db, f.conf, model.KindWorkshopSlot, "Arbeitsgruppen", 13, 0, 15, 0)
		w := newWorkshop(t, db, slot, "Wohnen", 0)
		wantNotFound(t, db.CreateResolution(ctx, resolutionsDraft(other.ID, &w.ID)))

		r := resolutionsDraft(f.conf.ID, &w.ID)
		noErr(t, db.CreateResolution(ctx, r), "create")
		noErr(t, db.ProposeResolution(ctx, r.ID), "propose")
		wantCode(t, db.ProposeResolution(ctx, r.ID), model.EConflict)
		by := &model.User{Email: "orga@example.test", Name: "Orga", Role: model.RoleOrganiser}
		noErr(t, db.CreateUser(ctx, by), "user")

		first := &model.Amendment{ResolutionID: r.ID, Body: "Ämter bieten kostenlos Dolmetschung an.", Reason: "Kosten."}
		second := &model.Amendment{ResolutionID: r.ID, Body: "Alle Ämter bieten Dolmetschung an.", Reason: "Alle."}
		noErr(t, db.ProposeAmendment(ctx, first, by), "amend")
		noErr(t, db.ProposeAmendment(ctx, second, by), "amend")
		noErr(t, db.DecideAmendment(ctx, r.ID, first.ID, true, by), "accept")
		wantField(t, db.DecideAmendment(ctx, r.ID, second.ID, true, by), model.EConflict, "amendment")
		wantNotFound(t, db.DecideAmendment(ctx, r.ID+1000, second.ID, false, by))

		// 150 places and no registrations: the capacity bounds the vote.
		wantField(t, db.RecordVote(ctx, r.ID, []model.VoteGroup{{Label: "Alle", Yes: 151}}, model.ResAdopted, by),
			model.EInvalid, model.VoteSumField)
		noErr(t, db.RecordVote(ctx, r.ID, []model.VoteGroup{{Label: "Rat", Yes: 100, No: 10}, {Label: "Beratend", Yes: 40}},
			model.ResAdopted, by), "vote")
		stored, err := db.Resolution(ctx, r.ID)
		noErr(t, err, "read")
		if stored.Status != model.ResAdopted || stored.Body != first.Body || stored.DecidedAt == nil {
			t.Fatalf("after the vote: %+v", stored)
		}
		stored.Body = "Anders."
		wantField(t, db.UpdateResolution(ctx, stored), model.EConflict, "body")
		wantCode(t, db.WithdrawResolution(ctx, r.ID, by), model.EConflict)

		// The open amendment became a correction; it is decided by a vote.
		ams, err := db.Amendments(ctx, r.ID)
		noErr(t, err, "amendments")
		if !ams[1].Correction {
			t.Fatal("an amendment open at the adoption is no correction")
		}
		wantField(t, db.DecideAmendment(ctx, r.ID, second.ID, true, by), model.EConflict, "amendment")
		// Its base is the text before the first amendment: outdated.
		wantField(t, db.VoteAmendment(ctx, r.ID, second.ID, f.conf.ID, []model.VoteGroup{{Label: "Alle", Yes: 3}}, true, by),
			model.EConflict, "amendment")
		third := &model.Amendment{ResolutionID: r.ID, Body: "Ämter bieten kostenlos und rasch Dolmetschung an.", Reason: "Rasch."}
		noErr(t, db.ProposeAmendment(ctx, third, by), "correction")
		noErr(t, db.VoteAmendment(ctx, r.ID, third.ID, other.ID, []model.VoteGroup{{Label: "Alle", Yes: 3}}, true, by), "vote correction")
		stored, _ = db.Resolution(ctx, r.ID)
		if stored.Body != third.Body {
			t.Fatalf("text after the correction: %q", stored.Body)
		}
		vote, err := db.Vote(ctx, r.ID, third.ID)
		if err != nil || len(vote) != 1 || vote[0].Yes != 3 {
			t.Errorf("correction's vote: %v, %v", vote, err)
		}
		own, _ := db.Vote(ctx, r.ID, 0)
		if len(own) != 2 {
			t.Errorf("resolution's own vote: %v", own)
		}

		// Follow-ups: only on adopted demands, during an edition of the series.
		before, _ := db.Conference(ctx, other.ID)
		fu := &model.FollowUp{ResolutionID: r.ID, OccurredOn: time.Date(2016, 5, 2, 0, 0, 0, 0, time.UTC), Kind: model.FollowSent,
			ConferenceID: &other.ID}
		noErr(t, db.AddFollowUp(ctx, fu, &model.File{Name: "Antwort.txt", ContentType: model.TypeText, Data: []byte("Antwort")}), "follow-up")
		after, _ := db.Conference(ctx, other.ID)
		if after.Revision <= before.Revision {
			t.Error("a follow-up leaves the later edition's page cached")
		}
		fus, err := db.FollowUps(ctx, r.ID)
		if err != nil || len(fus) != 1 || fus[0].FileName != "Antwort.txt" || fus[0].OccurredOn.Format(time.DateOnly) != "2016-05-02" {
			t.Fatalf("follow-ups: %+v, %v", fus, err)
		}
		draft := resolutionsDraft(f.conf.ID, nil)
		noErr(t, db.CreateResolution(ctx, draft), "draft")
		wantCode(t, db.AddFollowUp(ctx, &model.FollowUp{ResolutionID: draft.ID, OccurredOn: fu.OccurredOn, Kind: model.FollowSent}, nil),
			model.EConflict)
		stranger := newSeries(t, db, "anderswo")
		elsewhere := conferenceAt(t, stranger.ID, "anderswo-2016", 2016, time.March, 1)
		noErr(t, db.CreateConference(ctx, elsewhere), "other series")
		wantField(t, db.AddFollowUp(ctx, &model.FollowUp{ResolutionID: r.ID, OccurredOn: fu.OccurredOn, Kind: model.FollowSent,
			ConferenceID: &elsewhere.ID}, nil), model.EInvalid, "conference_id")
		public, err := db.PublicDemands(ctx, f.series.ID)
		if err != nil || len(public) != 1 || public[0].State != model.FollowSent {
			t.Errorf("public demands: %+v, %v", public, err)
		}
	})
}
