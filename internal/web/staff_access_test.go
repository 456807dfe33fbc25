package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// staffRole is one kind of visitor of the access test.
type staffRole struct {
	name string
	c    *client
}

// staffRoute is one route of the staff pages, as the access test calls it,
// with the status an organiser gets.
type staffRoute struct {
	method, path string
	form         url.Values
	organiser    int
}

// Every staff route, for each kind of visitor: anonymous and someone
// holding a participant's personal link are sent to log in, a facilitator
// (of one workshop or another) finds no such page, an organiser is served.
// The list of routes is checked against the router, so that a new staff
// route cannot escape the test. The one-time link's page is the same for
// everyone: the token decides, and a participant's personal token is none.
func TestStaffAccessForEveryRole(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		_, slot := openEdition(t, e, 0)
		wa, wb := slot.Workshops[0], slot.Workshops[1]
		personal := registerAs(t, newClient(t, e.app.Handler()), registration(slot, "Amina Diallo", "amina@example.org"))
		participant := newClient(t, e.app.Handler())
		wantStatus(t, participant.get(personal), http.StatusOK)
		orga := e.organiser(t)
		facilitator := func(email string, w int64) *client {
			staffLinkFrom(t, orga.post("/admin/staff/new", staffInviteForm("Fac "+email, email, w)))
			u, err := e.db.UserByEmail(t.Context(), email)
			if err != nil {
				t.Fatal(err)
			}
			if err := e.db.SetPassword(t.Context(), u.ID, organiserPassword); err != nil {
				t.Fatal(err)
			}
			c := staffLogin(t, e, email, organiserPassword)
			wantStatus(t, c.get("/admin/workshops/"+id(w)+"/participants"), http.StatusOK)
			return c
		}
		facA, facB := facilitator("a@example.org", wa.ID), facilitator("b@example.org", wb.ID)
		target := staffAccountID(t, e, "a@example.org")
		acct := "/admin/staff/" + id(target)
		routes := []staffRoute{
			{get, "/admin/staff", nil, http.StatusOK},
			{get, "/admin/staff/new", nil, http.StatusOK},
			{get, "/admin/staff/new?workshop=" + id(wa.ID), nil, http.StatusOK},
			{post, "/admin/staff/new", staffInviteForm("Neu", "neu@example.org"), http.StatusOK},
			{get, acct, nil, http.StatusOK},
			{post, acct, url.Values{"name": {"Fac A"}, "role": {model.RoleFacilitator}, "workshops": {id(wa.ID)}}, http.StatusSeeOther},
			{post, acct + "/link", nil, http.StatusOK},
			{get, acct + "/deactivate", nil, http.StatusOK},
			{post, acct + "/deactivate", nil, http.StatusOK}, // without confirm=yes: the question
			{get, acct + "/reactivate", nil, http.StatusOK},
			{post, acct + "/reactivate", nil, http.StatusOK},
		}
		covered := map[string]bool{}
		for _, r := range routes {
			covered[r.method+" "+strings.ReplaceAll(strings.Split(r.path, "?")[0], id(target), ":id")] = true
		}
		for _, r := range e.app.Router().Routes() {
			if strings.HasPrefix(r.Path, "/admin/staff") && !covered[r.Method+" "+r.Path] {
				t.Errorf("%s %s is not in the access test", r.Method, r.Path)
			}
		}
		before, err := e.db.StaffAccounts(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		roles := []staffRole{{"anonymous", newClient(t, e.app.Handler())}, {"participant", participant},
			{"facilitator A", facA}, {"facilitator B", facB}, {"organiser", orga}}
		for _, role := range roles {
			for _, r := range routes {
				var res response
				if r.method == post {
					res = role.c.post(r.path, r.form)
				} else {
					res = role.c.get(r.path)
				}
				switch role.c {
				case orga:
					if res.Status != r.organiser {
						t.Errorf("%s: %s %s: %d, want %d", role.name, r.method, r.path, res.Status, r.organiser)
					}
				case facA, facB:
					if res.Status != http.StatusNotFound {
						t.Errorf("%s: %s %s: %d, want 404", role.name, r.method, r.path, res.Status)
					}
				default:
					if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/admin/login?next=") {
						t.Errorf("%s: %s %s: %d to %q, want the login", role.name, r.method, r.path, res.Status, res.Location)
					}
				}
			}
			// The one-time link's page: no such link for anyone, and a
			// personal link's token is no account's.
			token := strings.TrimPrefix(personal, "/r/")
			for _, path := range []string{"/konto/" + strings.Repeat("x", 43), "/konto/" + token} {
				wantStatus(t, role.c.get(path), http.StatusGone)
				wantStatus(t, role.c.post(path, url.Values{"password": {organiserPassword}, "password_confirm": {organiserPassword}}), http.StatusGone)
			}
		}
		// Only the organiser's requests changed anything: one invitation and
		// the links it sent, nothing by the others.
		accounts, err := e.db.StaffAccounts(t.Context())
		if err != nil || len(accounts) != len(before)+1 {
			t.Fatalf("accounts %d, before %d (%v)", len(accounts), len(before), err)
		}
		emails, _ := e.db.StaffEmails(t.Context(), "a@example.org")
		if len(emails) != 2 {
			t.Fatalf("facilitator A got %d emails, want the invitation and the organiser's one link", len(emails))
		}
		// A valid link works whoever opens it, even someone logged in.
		link := staffLinkFrom(t, orga.post(acct+"/link", nil))
		wantStatus(t, participant.get(link), http.StatusOK)
		wantStatus(t, facB.get(link), http.StatusOK)
	})
}
