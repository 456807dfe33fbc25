package mail_test

import (
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/mail"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// A staff member's language is unknown: the email is German with English
// below, carries the absolute one-time link and says how long it works.
func TestStaffLinkEmails(t *testing.T) {
	c := mail.NewComposer(bundle(t), site(t))
	u := &model.User{ID: 4, Email: "fatima@example.org", Name: "Fatima", Role: model.RoleFacilitator}
	invite := c.StaffLink(u, model.TokenInvite, "tok")
	if invite.Kind != model.EmailStaffInvite || invite.Recipient != u.Email || invite.RegistrationID != nil || invite.Lang != "de" {
		t.Fatalf("invitation %+v", invite)
	}
	wantIn(t, "invitation subject", invite.Subject, "Einladung", "Invitation")
	wantIn(t, "invitation", invite.Body, "Guten Tag Fatima,", "Rolle: Moderation", baseURL+"/konto/tok",
		"Der Link gilt 7 Tage und nur einmal.", "You are invited", "role: Facilitator", "works for 7 days")
	reset := c.StaffLink(u, model.TokenReset, "tok2")
	if reset.Kind != model.EmailStaffReset {
		t.Fatalf("reset %+v", reset)
	}
	wantIn(t, "reset", reset.Body, "neues Passwort", baseURL+"/konto/tok2", "Set a new password")
}
