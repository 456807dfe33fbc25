package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// doorClient invites a door helper through the staff form, as an organiser
// does, and returns them logged in.
func doorClient(t *testing.T, e *env, orga *client, email string) *client {
	t.Helper()
	wantContains(t, orga.get("/admin/staff/new"), `<option value="door">Einlass</option>`, "Einlass sieht nur die Einlass-Seiten")
	form := staffInviteForm("Tür "+email, email)
	form.Set("role", model.RoleDoor)
	staffLinkFrom(t, orga.post("/admin/staff/new", form))
	u, err := e.db.UserByEmail(t.Context(), email)
	if err != nil {
		t.Fatal(err)
	}
	if u.Role != model.RoleDoor {
		t.Fatalf("invited as %s", u.Role)
	}
	if err := e.db.SetPassword(t.Context(), u.ID, organiserPassword); err != nil {
		t.Fatal(err)
	}
	return staffLogin(t, e, email, organiserPassword)
}

// doorGuests registers people for the edition, names "Gast 00" and on, and
// returns their ids.
func doorGuests(t *testing.T, e *env, confID int64, n int) []int64 {
	t.Helper()
	ids := make([]int64, n)
	for i := range ids {
		r := &model.Registration{ConferenceID: confID, Name: fmt.Sprintf("Gast %02d", i), Lang: "de"}
		if _, err := e.db.Register(t.Context(), r, nil); err != nil {
			t.Fatal(err)
		}
		if r.Status != model.RegConfirmed {
			t.Fatalf("%s is %s", r.Name, r.Status)
		}
		ids[i] = r.ID
	}
	return ids
}

func doorCount(present, registered int) string {
	return fmt.Sprintf("Anwesend: %d von %d Angemeldeten.", present, registered)
}

// Two phones at the door at once, an organiser's and a door helper's, each
// posting marks as fast as it can through the router: a third of the
// people are marked by both, the rest by one. Every post answers with a
// redirect to the search that names the person; every mark is kept and the
// count is right on both phones afterwards.
func TestCheckInByTwoClientsAtOnceThroughTheRouter(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, _ := openEdition(t, e, 0)
		base, err := e.db.Attendance(t.Context(), conf.ID)
		if err != nil {
			t.Fatal(err)
		}
		orga := e.organiser(t)
		door := doorClient(t, e, orga, "tuer@example.org")
		const people = 18
		ids := doorGuests(t, e, conf.ID, people)
		phones := []*client{orga, door}
		share := [][]int64{ids[:2*people/3], ids[people/3:]}
		problems := make(chan string, 2*people)
		var wg sync.WaitGroup
		for p, phone := range phones {
			wg.Go(func() {
				for _, rid := range share[p] {
					res := phone.post(fmt.Sprintf("/admin/editions/%d/door/%d", conf.ID, rid), url.Values{"q": {"Gast"}})
					if res.Status != http.StatusSeeOther || !strings.Contains(res.Location, "done="+id(rid)) || !strings.Contains(res.Location, "q=Gast") {
						problems <- fmt.Sprintf("phone %d, %d: %d to %q", p, rid, res.Status, res.Location)
					}
				}
			})
		}
		wg.Wait()
		close(problems)
		for p := range problems {
			t.Error(p)
		}
		want := doorCount(base.Present+people, base.Registered+people)
		for _, phone := range phones {
			page := phone.get(fmt.Sprintf("/admin/editions/%d/door?q=Gast", conf.ID))
			wantStatus(t, page, http.StatusOK)
			wantContains(t, page, want)
			if n := strings.Count(page.Body, "anwesend seit"); n != people {
				t.Errorf("%d listed as present, want %d", n, people)
			}
			wantLacks(t, page, "noch nicht da")
		}
	})
}

// A mark's answer names the person and gives the new count; a second mark
// says the person was already there; undo clears the mark. Each is one
// form post and works without JavaScript.
func TestDoorMarkUndoAndMessages(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, _ := openEdition(t, e, 0)
		orga := e.organiser(t)
		door := doorClient(t, e, orga, "tuer@example.org")
		base, _ := e.db.Attendance(t.Context(), conf.ID)
		ids := doorGuests(t, e, conf.ID, 2)
		path := fmt.Sprintf("/admin/editions/%d/door", conf.ID)

		page := door.get(path + "?q=gast+01")
		wantStatus(t, page, http.StatusOK)
		wantContains(t, page, doorCount(base.Present, base.Registered+2), "<bdi lang=\"de\" dir=\"auto\">Gast 01</bdi>", "noch nicht da",
			`action="`+path+"/"+id(ids[1])+`"`, `name="q" value="gast 01"`)
		wantLacks(t, page, "Gast 00")

		mark := door.post(path+"/"+id(ids[1]), url.Values{"q": {"gast 01"}})
		wantStatus(t, mark, http.StatusSeeOther)
		after := door.get(mark.Location)
		wantContains(t, after, `role="status"><bdi>Gast 01</bdi> ist als anwesend eingetragen. `+doorCount(base.Present+1, base.Registered+2),
			"anwesend seit", `action="`+path+"/"+id(ids[1])+`/undo"`)

		again := door.get(door.post(path+"/"+id(ids[1]), url.Values{"q": {"gast 01"}}).Location)
		wantContains(t, again, "<bdi>Gast 01</bdi> war schon als anwesend eingetragen. "+doorCount(base.Present+1, base.Registered+2))

		undo := door.post(path+"/"+id(ids[1])+"/undo", url.Values{"q": {"gast 01"}})
		wantStatus(t, undo, http.StatusSeeOther)
		wantContains(t, door.get(undo.Location), "<bdi>Gast 01</bdi> ist nicht mehr als anwesend eingetragen. "+doorCount(base.Present, base.Registered+2),
			"noch nicht da")

		// Nobody of that name: said so, with the way to add them.
		none := door.get(path + "?q=Zaid")
		wantContains(t, none, "Unter den Angemeldeten ist niemand mit diesem Namen.",
			fmt.Sprintf(`href="/admin/editions/%d/walk-ins?name=Zaid"`, conf.ID))

		// Another edition's door does not reach this edition's people.
		for _, p := range []string{path + "/" + id(ids[0]) + "x", fmt.Sprintf("/admin/editions/%d/door/%d", conf.ID+1000, ids[0])} {
			wantStatus(t, door.post(p, nil), http.StatusNotFound)
		}
		if a, err := e.db.Arrival(t.Context(), conf.ID, ids[0]); err != nil || a.Present() {
			t.Errorf("Gast 00: %+v, %v", a, err)
		}
	})
}

// Someone who did not register is added at the door: only the name is
// needed, and they are confirmed and present even though the edition is full.
func TestWalkInAtTheDoor(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, _ := openEdition(t, e, 1)
		orga := e.organiser(t)
		door := doorClient(t, e, orga, "tuer@example.org")
		doorGuests(t, e, conf.ID, 1)
		base, _ := e.db.Attendance(t.Context(), conf.ID)
		path := fmt.Sprintf("/admin/editions/%d/walk-ins", conf.ID)

		form := door.get(path + "?name=Yonas")
		wantStatus(t, form, http.StatusOK)
		wantContains(t, form, `name="name" value="Yonas"`, "Ohne Anmeldung aufnehmen")

		bad := door.post(path, url.Values{"name": {" "}, "organisation": {"Initiative"}})
		wantStatus(t, bad, http.StatusUnprocessableEntity)
		wantContains(t, bad, `href="#f-name"`, `value="Initiative"`)

		res := door.post(path, url.Values{"name": {"Yonas Spät"}, "municipality": {"Wuppertal"}})
		wantStatus(t, res, http.StatusSeeOther)
		page := door.get(res.Location)
		wantContains(t, page, "<bdi>Yonas Spät</bdi> ist aufgenommen und als anwesend eingetragen. "+doorCount(base.Present+1, base.Registered+1))
		wantContains(t, door.get(fmt.Sprintf("/admin/editions/%d/door?q=yonas", conf.ID)), "ohne Anmeldung gekommen", "Wuppertal", "anwesend seit")
		done, err := url.Parse(res.Location)
		if err != nil {
			t.Fatal(err)
		}
		wantContains(t, orga.get("/admin/registrations/"+done.Query().Get("done")), "Yonas Spät", "ohne Anmeldung gekommen", "anwesend seit")
		// The export carries the check-in, for the lists made from it.
		wantContains(t, orga.get(fmt.Sprintf("/admin/editions/%d/registrations.csv", conf.ID)), "Anwesend seit", "Ohne Anmeldung gekommen", "Yonas Spät")
		c, err := e.db.Conference(t.Context(), conf.ID)
		if err != nil || c.ConfirmedCount != 2 || c.Capacity != 1 {
			t.Errorf("edition after the walk-in: %d of %d places taken (%v)", c.ConfirmedCount, c.Capacity, err)
		}
	})
}

// A badge's check-in address shows its person with one button, to a door
// helper or an organiser; it is no personal link, and a personal link is no
// badge's address.
func TestDoorCodeAddress(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot := openEdition(t, e, 0)
		orga := e.organiser(t)
		door := doorClient(t, e, orga, "tuer@example.org")
		personal := registerAs(t, newClient(t, e.app.Handler()), registration(slot, "Amina Diallo", "amina@example.org"))
		found, _, err := e.db.SearchArrivals(t.Context(), conf.ID, "Amina Diallo")
		if err != nil || len(found) != 1 {
			t.Fatalf("%v, %v", found, err)
		}
		code, err := e.db.DoorCode(t.Context(), found[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		page := door.get("/admin/door/" + code)
		wantStatus(t, page, http.StatusOK)
		wantContains(t, page, "Amina Diallo", "Flüchtlingsrat Wuppertal", "noch nicht da",
			fmt.Sprintf(`action="/admin/editions/%d/door/%d"`, conf.ID, found[0].ID))
		if n := strings.Count(page.Body, `<button type="submit"`); n != 2 { // the mark and the logout
			t.Errorf("%d buttons on the badge's page", n)
		}
		res := door.post(fmt.Sprintf("/admin/editions/%d/door/%d", conf.ID, found[0].ID), url.Values{"q": {""}})
		wantStatus(t, res, http.StatusSeeOther)
		wantContains(t, door.get(res.Location), "<bdi>Amina Diallo</bdi> ist als anwesend eingetragen.")
		wantContains(t, orga.get("/admin/door/"+code), "anwesend seit", "Rückgängig machen")
		// The organiser's page of the registration and the person's own
		// data say so too.
		wantContains(t, orga.get(fmt.Sprintf("/admin/registrations/%d", found[0].ID)), "<dt>Einlass</dt><dd>anwesend seit ")
		wantContains(t, newClient(t, e.app.Handler()).get(personal+"/daten.json"), `"checked_in_at": "`)

		anonymous := newClient(t, e.app.Handler())
		res = anonymous.get("/admin/door/" + code)
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/admin/login?next=") {
			t.Errorf("anonymous: %d to %q", res.Status, res.Location)
		}
		wantStatus(t, door.get("/admin/door/"+strings.TrimPrefix(personal, "/r/")), http.StatusNotFound)
		wantStatus(t, door.get("/r/"+code), http.StatusNotFound)
	})
}

// routeParam is a route's parameter in a path the access test calls.
var routeParam = regexp.MustCompile(`:[a-z]+`)

// A door helper sees the door and nothing else: every other staff route,
// found from the router so that a new one cannot escape the test, answers
// 404 (or 403), and the staff start page leads to the door. A facilitator
// finds no door page.
func TestDoorAccountSeesOnlyTheDoor(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot := openEdition(t, e, 0)
		orga := e.organiser(t)
		door := doorClient(t, e, orga, "tuer@example.org")
		staffLinkFrom(t, orga.post("/admin/staff/new", staffInviteForm("Fac", "fac@example.org", slot.Workshops[0].ID)))
		fu, err := e.db.UserByEmail(t.Context(), "fac@example.org")
		if err != nil {
			t.Fatal(err)
		}
		if err := e.db.SetPassword(t.Context(), fu.ID, organiserPassword); err != nil {
			t.Fatal(err)
		}
		facilitator := staffLogin(t, e, "fac@example.org", organiserPassword)

		res := door.get("/admin")
		if res.Status != http.StatusSeeOther || res.Location != "/admin/door" {
			t.Fatalf("the start page: %d to %q", res.Status, res.Location)
		}
		home := door.get("/admin/door")
		wantStatus(t, home, http.StatusOK)
		wantContains(t, home, fmt.Sprintf(`href="/admin/editions/%d/door"`, conf.ID))

		public := map[string]bool{"/admin/login": true, "/admin/logout": true}
		n := 0
		for _, r := range e.app.Router().Routes() {
			if !strings.HasPrefix(r.Path, "/admin") || public[r.Path] || r.Path == "/admin" {
				continue
			}
			path := strings.ReplaceAll(r.Path, ":id", id(conf.ID))
			path = routeParam.ReplaceAllString(path, "1")
			isDoor := strings.HasPrefix(r.Path, "/admin/door") || strings.Contains(r.Path, "/door/") ||
				strings.HasSuffix(r.Path, "/door") || strings.HasSuffix(r.Path, "/walk-ins")
			var got, fac response
			if r.Method == http.MethodPost {
				got, fac = door.post(path, url.Values{"title": {"x"}}), facilitator.post(path, url.Values{"name": {"x"}})
			} else {
				got, fac = door.get(path), facilitator.get(path)
			}
			if isDoor {
				if fac.Status != http.StatusNotFound {
					t.Errorf("facilitator: %s %s: %d, want 404", r.Method, path, fac.Status)
				}
				continue
			}
			n++
			if got.Status != http.StatusNotFound && got.Status != http.StatusForbidden {
				t.Errorf("door: %s %s: %d, want 404 or 403", r.Method, path, got.Status)
			}
		}
		if n < 60 {
			t.Fatalf("only %d other staff routes found", n)
		}
		// The door's own pages are the door helper's.
		wantStatus(t, door.get(fmt.Sprintf("/admin/editions/%d/door", conf.ID)), http.StatusOK)
		wantStatus(t, door.get(fmt.Sprintf("/admin/editions/%d/walk-ins", conf.ID)), http.StatusOK)
	})
}

// A search that finds more people than the page lists says so.
func TestDoorSearchSaysWhenThereAreMore(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, _ := openEdition(t, e, 0)
		orga := e.organiser(t)
		doorGuests(t, e, conf.ID, 51)
		page := orga.get(fmt.Sprintf("/admin/editions/%d/door?q=gast", conf.ID))
		wantContains(t, page, "Es werden nur die ersten 50 gezeigt.")
		if n := strings.Count(page.Body, `class="door-person"`); n != 50 {
			t.Errorf("%d listed", n)
		}
		wantLacks(t, orga.get(fmt.Sprintf("/admin/editions/%d/door?q=gast+50", conf.ID)), "Es werden nur die ersten 50 gezeigt.")
	})
}
