package web_test

import (
	"net/http"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// A door account facilitates no workshop: ticking workshops for one is
// refused with a message, the form keeps what was typed, and no account is
// made; the same holds when an account is changed to the door role.
func TestDoorAccountTakesNoWorkshops(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		_, slot := newOpenEdition(t, e.db, model.ModeAssign, 10, 1, 5)
		w := itoa(slot.Workshops[0].ID)
		orga := e.organiser(t)

		form := staffInviteForm("Tür Helga", "helga@example.org")
		form.Set("role", model.RoleDoor)
		form.Set("workshops", w)
		res := orga.post("/admin/staff/new", form)
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, "Ein Einlass-Konto sieht nur die Einlass-Seiten und moderiert keine Workshops.",
			`value="Tür Helga"`, `value="helga@example.org"`, `value="`+w+`" checked`)
		if _, err := e.db.UserByEmail(t.Context(), "helga@example.org"); err == nil {
			t.Error("the account was made")
		}

		form.Set("role", model.RoleFacilitator)
		staffLinkFrom(t, orga.post("/admin/staff/new", form))
		u, err := e.db.UserByEmail(t.Context(), "helga@example.org")
		if err != nil {
			t.Fatal(err)
		}
		change := staffInviteForm("Tür Helga", "helga@example.org")
		change.Set("role", model.RoleDoor)
		change.Set("workshops", w)
		res = orga.post("/admin/staff/"+itoa(u.ID), change)
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, "moderiert keine Workshops")
		if stored, err := e.db.UserByEmail(t.Context(), "helga@example.org"); err != nil || stored.Role != model.RoleFacilitator {
			t.Errorf("role after the refused change: %v (%v)", stored, err)
		}

		change.Del("workshops")
		wantStatus(t, orga.post("/admin/staff/"+itoa(u.ID), change), http.StatusSeeOther)
		if stored, err := e.db.UserByEmail(t.Context(), "helga@example.org"); err != nil || stored.Role != model.RoleDoor {
			t.Errorf("role after the change: %v (%v)", stored, err)
		}
	})
}
