package web_test

import (
	"database/sql"
	"encoding/csv"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	_ "github.com/lib/pq"  // to drop a table behind the store's back
	_ "modernc.org/sqlite" // likewise

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

// orgaRegister stores a registration for the edition directly and returns it.
func orgaRegister(t *testing.T, e *env, conf *model.Conference, r model.Registration) *model.Registration {
	t.Helper()
	r.ConferenceID, r.Lang = conf.ID, "de"
	if _, err := e.db.Register(t.Context(), &r, nil); err != nil {
		t.Fatalf("register %s: %v", r.Name, err)
	}
	return &r
}

func email(s string) *string { return &s }

// orgaPeople registers three people for an edition with one place: Amina
// gets it, Karim and Lena wait.
func orgaPeople(t *testing.T, e *env, conf *model.Conference, slot model.Session) (amina, karim, lena *model.Registration) {
	t.Helper()
	amina = orgaRegister(t, e, conf, model.Registration{Name: "Amina Diallo", Email: email("amina@example.org"),
		Organisation: "Flüchtlingsrat Wuppertal", Category: "volunteer", Interpreting: "ar", ChildAges: "3, 7",
		Children: 2, Access: "Rollstuhl", Diet: "vegetarisch",
		Choices: map[int64][]int64{slot.ID: {slot.Workshops[0].ID, slot.Workshops[1].ID}}})
	karim = orgaRegister(t, e, conf, model.Registration{Name: "Karim Özdemir", Municipality: "Köln",
		Category: "councillor", Interpreting: "ar", Diet: "Vegetarisch",
		Choices: map[int64][]int64{slot.ID: {slot.Workshops[2].ID}}})
	lena = orgaRegister(t, e, conf, model.Registration{Name: "Lena Schulz", Email: email("lena_s@example.org"),
		Organisation: "100% Solidarität", Category: "volunteer", Interpreting: "fa"})
	return amina, karim, lena
}

func TestOrganiserFiltersRegistrations(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot := openEdition(t, e, 1)
		amina, _, _ := orgaPeople(t, e, conf, slot)
		c := e.organiser(t)
		list := "/admin/editions/" + id(conf.ID) + "/registrations"

		res := c.get(list)
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res, "Amina Diallo", "Karim Özdemir", "Lena Schulz", "1 angemeldet, 2 auf der Warteliste, 0 abgesagt",
			`href="/admin/registrations/`+id(amina.ID)+`"`, `href="/admin/editions/`+id(conf.ID)+`/needs"`,
			`href="/admin/editions/`+id(conf.ID)+`/registrations.csv"`, `<label for="f-q">`, `<optgroup label="`+"\u2068"+slot.Title+"\u2069"+`">`,
			"Platz 2")

		for _, tc := range []struct {
			query      string
			want, lack []string
		}{
			{"status=waiting", []string{"Karim Özdemir", "Lena Schulz", `<option value="waiting" selected>`,
				`registrations.csv?status=waiting"`, "Angezeigt: 2 von 3 Anmeldungen."}, []string{"Amina Diallo"}},
			// The waiting position stays the one on the whole list.
			{"category=volunteer", []string{"Amina Diallo", "Lena Schulz", "Platz 2", `<option value="volunteer" selected>`},
				[]string{"Karim Özdemir"}},
			{"workshop=" + id(slot.Workshops[1].ID), []string{"Amina Diallo", `<option value="` + id(slot.Workshops[1].ID) + `" selected>`},
				[]string{"Karim Özdemir", "Lena Schulz"}},
			{"q=%C3%B6zdemir", []string{"Karim Özdemir", `value="özdemir"`}, []string{"Amina Diallo", "Lena Schulz"}},
			{"q=%25", []string{"Lena Schulz", `value="%"`}, []string{"Amina Diallo", "Karim Özdemir"}},
			{"q=_", []string{"Lena Schulz"}, []string{"Amina Diallo", "Karim Özdemir"}},
			{"q=nobody&status=confirmed", []string{"Keine Anmeldung passt zu diesem Filter."}, []string{"Amina Diallo"}},
			// What the filter does not offer is ignored.
			{"status=bogus&workshop=999999&category=x", []string{"Amina Diallo", "Karim Özdemir", "Lena Schulz"},
				[]string{"Angezeigt:"}},
		} {
			res := c.get(list + "?" + tc.query)
			wantStatus(t, res, http.StatusOK)
			wantContains(t, res, tc.want...)
			wantLacks(t, res, tc.lack...)
		}
	})
}

func TestOrganiserSeesAndEditsARegistration(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot := openEdition(t, e, 1)
		amina, _, _ := orgaPeople(t, e, conf, slot)
		// Past the deadline participants can no longer change anything; organisers still can.
		conf.Status = model.StatusClosed
		if err := e.db.UpdateConference(t.Context(), conf); err != nil {
			t.Fatal(err)
		}
		c := e.organiser(t)
		path := "/admin/registrations/" + id(amina.ID)

		res := c.get(path)
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res, "<h1>Amina Diallo</h1>", `value="amina@example.org"`, `value="Flüchtlingsrat Wuppertal"`,
			"Rollstuhl</textarea>", "angemeldet", `action="`+path+`/cancel"`,
			`<option value="`+id(slot.Workshops[0].ID)+`" selected lang="de">`)

		change := registration(slot, "Amina Diallo-Ba", "amina@example.org")
		change.Set("interpretation", "fr")
		change.Set(model.ChoiceField(slot.ID, 1), id(slot.Workshops[3].ID))
		change.Del(model.ChoiceField(slot.ID, 2))
		change.Del("consent") // organisers are not asked for it
		res = c.post(path, change)
		wantStatus(t, res, http.StatusSeeOther)
		if res.Location != path {
			t.Fatalf("saved, then sent to %q", res.Location)
		}
		wantContains(t, c.get(path), "Gespeichert.", "<h1>Amina Diallo-Ba</h1>")
		got, err := e.db.Registration(t.Context(), amina.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "Amina Diallo-Ba" || got.Interpreting != "fr" ||
			!slices.Equal(got.Choices[slot.ID], []int64{slot.Workshops[3].ID}) || got.Status != model.RegConfirmed {
			t.Errorf("after saving: %+v", got)
		}

		bad := registration(slot, "", "kaputt")
		bad.Set("organisation", "Neue Initiative")
		bad.Set("childcare_children", "-1")
		res = c.post(path, bad)
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `id="f-name-error">Bitte ausfüllen.`, `id="f-email-error">Bitte eine gültige E-Mail-Adresse angeben.`,
			`id="f-childcare_children-error">Die Zahl darf nicht negativ sein.`,
			`value="kaputt"`, `value="Neue Initiative"`, `value="-1"`,
			"<h1>Amina Diallo-Ba</h1>") // the stored name heads the page, not the typed one
		if got, _ := e.db.Registration(t.Context(), amina.ID); got.Organisation != "Flüchtlingsrat Wuppertal" {
			t.Errorf("a rejected form changed the organisation to %q", got.Organisation)
		}

		wantStatus(t, c.get("/admin/registrations/999999"), http.StatusNotFound)
		wantStatus(t, c.get("/admin/registrations/abc"), http.StatusNotFound)
	})
}

func TestOrganiserCancelsARegistration(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot := openEdition(t, e, 1)
		amina, karim, _ := orgaPeople(t, e, conf, slot)
		c := e.organiser(t)
		path := "/admin/registrations/" + id(amina.ID)

		res := c.post(path+"/cancel", confirmYes)
		wantStatus(t, res, http.StatusSeeOther)
		if res.Location != path {
			t.Fatalf("cancelled, then sent to %q", res.Location)
		}
		page := c.get(path)
		wantContains(t, page, "Die erste Person auf der Warteliste ist nachgerückt.", "abgesagt", "<fieldset disabled>",
			`value="Flüchtlingsrat Wuppertal"`)
		wantLacks(t, page, `action="`+path+`/cancel"`, `action="`+path+`"`)
		got, err := e.db.Registration(t.Context(), karim.ID)
		if err != nil || got.Status != model.RegConfirmed {
			t.Fatalf("Karim is %s (%v), want confirmed", got.Status, err)
		}
		wantContains(t, c.get("/admin/editions/"+id(conf.ID)+"/registrations"), "1 angemeldet, 1 auf der Warteliste, 1 abgesagt")

		// A cancelled registration is not changed; cancelling again does nothing.
		res = c.post(path, registration(slot, "Amina", ""))
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, "Diese Anmeldung ist schon abgesagt.")
		wantStatus(t, c.post(path+"/cancel", confirmYes), http.StatusSeeOther)
		wantContains(t, c.get(path), "Die Anmeldung ist abgesagt.")
		if got, _ := e.db.Registration(t.Context(), karim.ID); got.Status != model.RegConfirmed {
			t.Errorf("cancelling twice moved Karim to %s", got.Status)
		}
	})
}

func TestNeedsOverview(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot := openEdition(t, e, 0)
		_, _, lena := orgaPeople(t, e, conf, slot)
		if _, err := e.db.CancelRegistration(t.Context(), lena.ID); err != nil {
			t.Fatal(err)
		}
		c := e.organiser(t)
		res := c.get("/admin/editions/" + id(conf.ID) + "/needs")
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res, "<h1>Bedarfe</h1>", "2 angemeldet, 0 auf der Warteliste.",
			`<tr><th scope="row">العربية</th><td>2</td><td>0</td></tr>`,
			`<tr><th scope="row">vegetarisch</th><td>2</td><td>0</td></tr>`,
			`<tr><th scope="row">Kinder insgesamt</th><td>2</td><td>0</td></tr>`,
			`<tr><th scope="row">Alter 7</th><td>1</td><td>0</td></tr>`,
			"Rollstuhl", "Amina Diallo", "als 1. Wunsch", slot.Workshops[0].Title, slot.Workshops[3].Title)
		wantLacks(t, res, "فارسی") // Lena cancelled

		// In English, with the same numbers.
		c.get("/?lang=en")
		wantContains(t, c.get("/admin/editions/"+id(conf.ID)+"/needs"), "<h1>Needs</h1>", "Children in all")
	})
}

// readCSV checks the export's form and returns its rows.
func readCSV(t *testing.T, res response) [][]string {
	t.Helper()
	wantStatus(t, res, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="wuppertal-2016-anmeldungen.csv"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	body, ok := strings.CutPrefix(res.Body, "\xEF\xBB\xBF")
	if !ok {
		t.Fatalf("no byte order mark: %q", res.Body[:min(10, len(res.Body))])
	}
	r := csv.NewReader(strings.NewReader(body))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("not semicolon-separated CSV: %v\n%s", err, body)
	}
	return rows
}

// column returns the index of the header cell named name.
func column(t *testing.T, header []string, name string) int {
	t.Helper()
	i := slices.Index(header, name)
	if i < 0 {
		t.Fatalf("no column %q in %q", name, header)
	}
	return i
}

func TestRegistrationsCSV(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot := openEdition(t, e, 1)
		orgaRegister(t, e, conf, model.Registration{Name: "Amina; \"Diallo\"", Phone: "+49 202 123456",
			Organisation: `=HYPERLINK("http://example.com","klick")`, Diet: "@SUM(A1)", ListConsent: true, Interpreting: "ti",
			Choices: map[int64][]int64{slot.ID: {slot.Workshops[1].ID, slot.Workshops[0].ID}}})
		orgaRegister(t, e, conf, model.Registration{Name: "Karim Özdemir", Category: "councillor", Access: "-Rampe"})
		c := e.organiser(t)
		path := "/admin/editions/" + id(conf.ID) + "/registrations.csv"

		rows := readCSV(t, c.get(path))
		if len(rows) != 3 {
			t.Fatalf("%d rows, want a header and 2:\n%q", len(rows), rows)
		}
		h := rows[0]
		if h[0] != "Nr." {
			t.Errorf("header starts with %q", h[0])
		}
		amina, karim := rows[1], rows[2]
		for _, tc := range []struct {
			row       []string
			col, want string
		}{
			{amina, "Name", `Amina; "Diallo"`},
			{amina, "Organisation", `'=HYPERLINK("http://example.com","klick")`},
			{amina, "Telefon", "'+49 202 123456"},
			{amina, "Essen", "'@SUM(A1)"},
			{amina, "Dolmetschen in", "ትግርኛ"},
			{amina, "Stand", "angemeldet"},
			{amina, "Auf der Teilnehmendenliste", "ja"},
			{amina, slot.Title + ": 1. Wunsch", slot.Workshops[1].Title},
			{amina, slot.Title + ": 2. Wunsch", slot.Workshops[0].Title},
			{amina, slot.Title + ": 3. Wunsch", ""},
			{karim, "Name", "Karim Özdemir"},
			{karim, "Stand", "Warteliste"},
			{karim, "Platz auf der Warteliste", "1"},
			{karim, "Kategorie", "Kommunale Mandatsträger*in"},
			{karim, "Barrierefreiheit", "'-Rampe"},
		} {
			if got := tc.row[column(t, h, tc.col)]; got != tc.want {
				t.Errorf("%s of %s: %q, want %q", tc.col, tc.row[column(t, h, "Name")], got, tc.want)
			}
		}
		if created := amina[column(t, h, "Angemeldet am")]; len(created) != len("2006-01-02 15:04") {
			t.Errorf("created at %q", created)
		}

		// The filter of the list applies; every export is in the audit log.
		rows = readCSV(t, c.get(path+"?status=waiting"))
		if len(rows) != 2 || rows[1][column(t, rows[0], "Name")] != "Karim Özdemir" {
			t.Errorf("waiting only: %q", rows)
		}
		log, err := e.db.AuditLog(t.Context(), 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != 2 {
			t.Fatalf("%d audit events, want 2: %+v", len(log), log)
		}
		last := log[0]
		if last.Action != model.AuditExportCSV || last.Actor != "orga@example.test" || last.UserID == nil ||
			last.ConferenceID == nil || *last.ConferenceID != conf.ID ||
			last.Detail != "wuppertal-2016: rows=1, status=waiting" || log[1].Detail != "wuppertal-2016: rows=2" {
			t.Errorf("audit events %+v", log)
		}
		wantContains(t, c.get("/admin/editions/"+id(conf.ID)+"/registrations"),
			"Anmeldungen als CSV exportiert", "wuppertal-2016: rows=1, status=waiting")

		// A search is recorded, not what was searched for: often a name.
		readCSV(t, c.get(path+"?q=Karim"))
		if log, _ = e.db.AuditLog(t.Context(), 1); len(log) != 1 || log[0].Detail != "wuppertal-2016: rows=1, search" {
			t.Errorf("audit of a search: %+v", log)
		}

		// In English, the header is English.
		c.get("/?lang=en")
		rows = readCSV(t, c.get(path))
		column(t, rows[0], "Place on the waiting list")
	})
}

// Without its audit record, an export is not sent.
func TestRegistrationsCSVNeedsTheAuditLog(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			dbURL := storetest.URL(t, dialect)
			e := newEnv(t, storetest.OpenURL(t, dbURL))
			conf, slot := openEdition(t, e, 0)
			orgaPeople(t, e, conf, slot)
			c := e.organiser(t)

			driver, dsn := "sqlite", strings.TrimPrefix(dbURL, "sqlite:")
			if dialect == store.Postgres {
				u, err := url.Parse(dbURL)
				if err != nil {
					t.Fatal(err)
				}
				q := u.Query()
				q.Del("pool_max_conns") // the store's own parameter
				u.RawQuery = q.Encode()
				driver, dsn = "postgres", u.String()
			}
			raw, err := sql.Open(driver, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			if _, err := raw.Exec(`DROP TABLE audit_log`); err != nil {
				t.Fatal(err)
			}

			res := c.get("/admin/editions/" + id(conf.ID) + "/registrations.csv")
			wantStatus(t, res, http.StatusInternalServerError)
			wantLacks(t, res, "Amina", "Karim")
			if cd := res.Header.Get("Content-Disposition"); cd != "" {
				t.Errorf("Content-Disposition %q on a failed export", cd)
			}
		})
	}
}

// Every new page and action is for organisers only.
func TestRegistrationPagesNeedAnOrganiser(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot := openEdition(t, e, 0)
		amina, _, _ := orgaPeople(t, e, conf, slot)
		fac := &model.User{Email: "fac@example.test", Name: "Fac", Role: model.RoleFacilitator}
		if err := e.db.CreateUserWithPassword(t.Context(), fac, organiserPassword); err != nil {
			t.Fatal(err)
		}
		facilitator := newClient(t, e.app.Handler())
		facilitator.post("/admin/login", url.Values{"email": {fac.Email}, "password": {organiserPassword}})
		edition, reg := "/admin/editions/"+id(conf.ID), "/admin/registrations/"+id(amina.ID)
		// Anybody else is sent to log in; a facilitator, logged in already,
		// finds no such page.
		refused := func(c *client, method, path string, res response) {
			t.Helper()
			if c == facilitator {
				if res.Status != http.StatusNotFound {
					t.Errorf("facilitator %s %s: %d", method, path, res.Status)
				}
			} else if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/admin/login?next=") {
				t.Errorf("%s %s: %d to %q", method, path, res.Status, res.Location)
			}
		}
		for _, c := range []*client{newClient(t, e.app.Handler()), facilitator} {
			for _, path := range []string{edition + "/registrations", edition + "/registrations.csv", edition + "/needs", reg} {
				refused(c, "GET", path, c.get(path))
			}
			for _, path := range []string{reg, reg + "/cancel"} {
				refused(c, "POST", path, c.post(path, registration(slot, "Eve", "")))
			}
		}
		got, err := e.db.Registration(t.Context(), amina.ID)
		if err != nil || got.Name != "Amina Diallo" || got.Status != model.RegConfirmed {
			t.Errorf("Amina after the attempts: %+v (%v)", got, err)
		}
		if log, _ := e.db.AuditLog(t.Context(), 10); len(log) != 0 {
			t.Errorf("refused exports were logged: %+v", log)
		}
	})
}

// The organisers' pages render in every language, each message filled in.
func TestRegistrationPagesInEveryLanguage(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot := openEdition(t, e, 1)
		amina, _, _ := orgaPeople(t, e, conf, slot)
		c := e.organiser(t)
		edition := "/admin/editions/" + id(conf.ID)
		wantStatus(t, c.get(edition+"/registrations.csv"), http.StatusOK) // for a line in the audit log
		for _, lang := range []string{"de", "en", "fr", "ar"} {
			c.get("/?lang=" + lang)
			for _, path := range []string{edition + "/registrations?status=waiting", edition + "/needs",
				"/admin/registrations/" + id(amina.ID)} {
				res := c.get(path)
				wantStatus(t, res, http.StatusOK)
				wantContains(t, res, `<html lang="`+lang+`"`)
				wantLacks(t, res, "<no value>", "orga_")
			}
		}
	})
}
