package store_test

import (
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

// staffCompose writes a bare email with the link, as the mail package would.
func staffCompose(u *model.User, purpose, token string) *model.Email {
	kind := model.EmailStaffReset
	if purpose == model.TokenInvite {
		kind = model.EmailStaffInvite
	}
	return &model.Email{Kind: kind, Recipient: u.Email, Lang: "de", Subject: purpose, Body: "/konto/" + token}
}

// staffInvite invites a facilitator to the workshops and returns it with its link.
func staffInvite(t *testing.T, db *store.DB, by *model.User, email string, workshops ...int64) (*model.User, string) {
	t.Helper()
	u := &model.User{Email: email, Name: "Fatima Eingeladen", Role: model.RoleFacilitator}
	token, err := db.InviteStaff(t.Context(), u, workshops, by, staffCompose)
	noErr(t, err, "invite "+email)
	return u, token
}

// An invitation creates the account without a password, with its workshops,
// its email and an audit event, in one go; the account cannot log in until
// the link sets a password, and the link works once.
func TestInviteStaffAndRedeemOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		orga := newUser(t, db, "orga@example.org")
		f := newFixture(t, db)
		slot := newSession(t, db, f.conf, model.KindWorkshopSlot, "Workshops", 13, 0, 15, 0)
		w := newWorkshop(t, db, slot, "Wohnen", 1)
		u, token := staffInvite(t, db, orga, " Fatima@Example.org ", w.ID)
		if u.Email != "fatima@example.org" || !u.Active {
			t.Fatalf("invited %+v", u)
		}
		a, err := db.StaffAccount(ctx, u.ID)
		noErr(t, err, "account")
		if !a.Pending() || len(a.Workshops) != 1 || a.Workshops[0].ID != w.ID || a.Workshops[0].ConferenceTitle != f.conf.Title {
			t.Fatalf("account %+v", a)
		}
		emails, err := db.StaffEmails(ctx, u.Email)
		noErr(t, err, "emails")
		if len(emails) != 1 || emails[0].Body != "/konto/"+token || emails[0].RegistrationID != nil {
			t.Fatalf("emails %+v", emails)
		}
		log, _ := db.AuditLog(ctx, 10)
		if len(log) != 1 || log[0].Action != model.AuditStaffInvited || log[0].Actor != orga.Email {
			t.Fatalf("audit %+v", log)
		}
		// Without a password the account is refused like an unknown one.
		_, err = db.Authenticate(ctx, u.Email, "")
		wantCode(t, err, model.EUnauthorized)

		got, err := db.AccountToken(ctx, token)
		noErr(t, err, "token")
		if got.UserID != u.ID || got.Purpose != model.TokenInvite {
			t.Fatalf("token %+v", got)
		}
		_, err = db.RedeemAccountToken(ctx, token, "kurz")
		wantField(t, err, model.EInvalid, "password")
		_, err = db.RedeemAccountToken(ctx, token, "ein langes Passwort")
		noErr(t, err, "redeem")
		_, err = db.Authenticate(ctx, u.Email, "ein langes Passwort")
		noErr(t, err, "log in with the new password")
		_, err = db.RedeemAccountToken(ctx, token, "noch ein Passwort!")
		wantNotFound(t, err)
		_, err = db.AccountToken(ctx, token)
		wantNotFound(t, err)

		// The same address cannot be invited twice.
		_, err = db.InviteStaff(ctx, &model.User{Email: u.Email, Name: "X", Role: model.RoleFacilitator}, nil, orga, staffCompose)
		wantField(t, err, model.EConflict, "email")
	})
}

// A link expires seven days after it was made.
func TestAccountLinkExpires(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clock := storetest.NewClock(db, time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))
		orga := newUser(t, db, "orga@example.org")
		_, token := staffInvite(t, db, orga, "fatima@example.org")
		clock.Advance(model.AccountTokenTTL - time.Minute)
		_, err := db.AccountToken(t.Context(), token)
		noErr(t, err, "a link shortly before it expires")
		clock.Advance(2 * time.Minute)
		_, err = db.AccountToken(t.Context(), token)
		wantNotFound(t, err)
		_, err = db.RedeemAccountToken(t.Context(), token, "ein langes Passwort")
		wantNotFound(t, err)
	})
}

// Of two uses of one link at the same moment, one sets the password.
func TestAccountLinkRedeemedOnceAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		orga := newUser(t, db, "orga@example.org")
		_, token := staffInvite(t, db, orga, "fatima@example.org")
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Go(func() { _, errs[i] = db.RedeemAccountToken(t.Context(), token, "ein langes Passwort") })
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch model.ErrorCode(err) {
			case model.ENotFound:
			default:
				noErr(t, err, "redeem")
				ok++
			}
		}
		if ok != 1 {
			t.Fatalf("%d of %d uses succeeded", ok, len(errs))
		}
	})
}

// A new link replaces older unused ones; an account with a password gets a
// reset link; a deactivated account gets none, and its sessions and links end.
func TestResetLinkAndDeactivation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		orga := newUser(t, db, "orga@example.org")
		u, first := staffInvite(t, db, orga, "fatima@example.org")
		second, err := db.SendAccountLink(ctx, u.ID, orga, staffCompose)
		noErr(t, err, "invite again")
		_, err = db.AccountToken(ctx, first)
		wantNotFound(t, err)
		_, err = db.RedeemAccountToken(ctx, second, "ein langes Passwort")
		noErr(t, err, "redeem")
		reset, err := db.SendAccountLink(ctx, u.ID, orga, staffCompose)
		noErr(t, err, "reset")
		tok, err := db.AccountToken(ctx, reset)
		noErr(t, err, "reset token")
		if tok.Purpose != model.TokenReset {
			t.Fatalf("purpose %q", tok.Purpose)
		}

		session, err := db.CreateStaffSession(ctx, u.ID, time.Hour)
		noErr(t, err, "session")
		noErr(t, db.DeactivateStaff(ctx, u.ID, orga), "deactivate")
		_, err = db.UserBySession(ctx, session)
		wantNotFound(t, err)
		_, err = db.AccountToken(ctx, reset)
		wantNotFound(t, err)
		_, err = db.Authenticate(ctx, u.Email, "ein langes Passwort")
		wantCode(t, err, model.EUnauthorized)
		_, err = db.SendAccountLink(ctx, u.ID, orga, staffCompose)
		wantField(t, err, model.EConflict, "_form")

		noErr(t, db.ReactivateStaff(ctx, u.ID, orga), "reactivate")
		_, err = db.Authenticate(ctx, u.Email, "ein langes Passwort")
		noErr(t, err, "log in after reactivation")
		log, _ := db.AuditLog(ctx, 10)
		var actions []string
		for _, e := range log {
			actions = append(actions, e.Action)
		}
		want := []string{model.AuditStaffReactivated, model.AuditStaffDeactivated, model.AuditStaffResetLink, model.AuditStaffResetLink, model.AuditStaffInvited}
		if len(actions) != len(want) {
			t.Fatalf("audit %v, want %v", actions, want)
		}
		for i := range want {
			if actions[i] != want[i] {
				t.Fatalf("audit %v, want %v", actions, want)
			}
		}
	})
}

// The last active organiser can be neither demoted nor deactivated; with a
// second one, either can.
func TestLastOrganiserStays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		orga := newUser(t, db, "orga@example.org")
		err := db.UpdateStaff(ctx, orga.ID, orga.Name, model.RoleFacilitator, nil, orga)
		wantField(t, err, model.EConflict, "role")
		err = db.DeactivateStaff(ctx, orga.ID, orga)
		wantField(t, err, model.EConflict, "_form")

		// A deactivated organiser does not count.
		other := newUser(t, db, "zweite@example.org")
		noErr(t, db.DeactivateStaff(ctx, other.ID, orga), "deactivate the second")
		err = db.UpdateStaff(ctx, orga.ID, orga.Name, model.RoleFacilitator, nil, orga)
		wantField(t, err, model.EConflict, "role")
		noErr(t, db.ReactivateStaff(ctx, other.ID, orga), "reactivate")
		noErr(t, db.UpdateStaff(ctx, orga.ID, "Orga Neu", model.RoleFacilitator, nil, other), "demote with another organiser")
		a, err := db.StaffAccount(ctx, orga.ID)
		noErr(t, err, "account")
		if a.Role != model.RoleFacilitator || a.Name != "Orga Neu" {
			t.Fatalf("account %+v", a.User)
		}
		err = db.DeactivateStaff(ctx, other.ID, other)
		wantField(t, err, model.EConflict, "_form")
	})
}

// Two organisers demoting each other, or deactivating each other, at the
// same moment leave one organiser: the check and the change hold together.
func TestOrganisersDemotingEachOtherAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		for round := range 10 {
			a := newUser(t, db, "a"+strconv.Itoa(round)+"@example.org")
			b := newUser(t, db, "b"+strconv.Itoa(round)+"@example.org")
			var wg sync.WaitGroup
			errs := make([]error, 2)
			if round%2 == 0 {
				wg.Go(func() { errs[0] = db.UpdateStaff(ctx, a.ID, a.Name, model.RoleFacilitator, nil, b) })
				wg.Go(func() { errs[1] = db.UpdateStaff(ctx, b.ID, b.Name, model.RoleFacilitator, nil, a) })
			} else {
				wg.Go(func() { errs[0] = db.DeactivateStaff(ctx, a.ID, b) })
				wg.Go(func() { errs[1] = db.DeactivateStaff(ctx, b.ID, a) })
			}
			wg.Wait()
			accounts, err := db.StaffAccounts(ctx)
			noErr(t, err, "accounts")
			left := 0
			for _, u := range accounts {
				if u.Role == model.RoleOrganiser && u.Active {
					left++
				}
			}
			if left != 1 {
				t.Fatalf("round %d: %d active organisers left (errors %v)", round, left, errs)
			}
			refused := 0
			for _, err := range errs {
				if err != nil {
					wantField(t, err, model.EConflict, map[bool]string{true: "role", false: "_form"}[round%2 == 0])
					refused++
				}
			}
			if refused != 1 {
				t.Fatalf("round %d: errors %v", round, errs)
			}
			// Make the two organisers' successors the only ones for the next round.
			for _, u := range accounts {
				if u.Role == model.RoleOrganiser && u.Active {
					noErr(t, db.DeleteUser(ctx, u.ID), "clear")
				}
			}
		}
	})
}
