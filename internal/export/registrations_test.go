package export

import (
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/i18n"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

func localizer(t *testing.T, lang string) *i18n.Localizer {
	t.Helper()
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	return b.Localizer(lang)
}

func ptr[T any](v T) *T { return &v }

// An edition of one slot (10) of two workshops, in first-come mode, with
// two choices each, and two registrations: Amina placed in Wohnen by the
// published run, Karim waiting.
func edition() Edition {
	at := time.Date(2026, 2, 1, 9, 30, 0, 0, time.UTC)
	return Edition{
		Conference: &model.Conference{ID: 7, MaxChoices: 2, RegistrationMode: model.ModeFirstCome, TimeZone: "Europe/Berlin"},
		Slots: []model.Session{{ID: 10, Title: "AGs", Workshops: []model.Workshop{
			{ID: 11, Title: "Wohnen"}, {ID: 12, Title: "Gesundheit"},
		}}},
		Registrations: []model.Registration{
			{ID: 1, Status: model.RegConfirmed, Name: "Amina", Email: ptr("amina@example.org"), Category: "volunteer",
				Interpreting: "ar", ListConsent: true, Lang: "fr", CreatedAt: at, ConsentedAt: at, UpdatedAt: at,
				Choices: map[int64][]int64{10: {12, 11}}, Granted: map[int64]int64{10: 12}},
			{ID: 2, Status: model.RegWaiting, Position: 1, Name: "Karim", Organisation: "=1+1", CreatedAt: at, ConsentedAt: at, UpdatedAt: at},
		},
		Placed: []model.Assignment{{RegistrationID: 1, SessionID: 10, WorkshopID: ptr(int64(11)), Rank: 2}},
	}
}

func TestRegistrationRows(t *testing.T) {
	rows := RegistrationRows(localizer(t, "de"), edition())
	if len(rows) != 3 {
		t.Fatalf("%d rows", len(rows))
	}
	h := rows[0]
	// Number, status, position, every field, then per slot two choices, the granted workshop and the placed one.
	if want := 3 + len(model.RegistrationFields) + 4; len(h) != want {
		t.Fatalf("%d columns, want %d: %q", len(h), want, h)
	}
	col := func(name string) int {
		i := slices.Index(h, name)
		if i < 0 {
			t.Fatalf("no column %q in %q", name, h)
		}
		return i
	}
	amina, karim := rows[1], rows[2]
	for _, tc := range []struct {
		row       []string
		col, want string
	}{
		{amina, "Nr.", "1"},
		{amina, "Stand", "angemeldet"},
		{amina, "E-Mail-Adresse", "amina@example.org"},
		{amina, "Dolmetschen in", "العربية"},
		{amina, "Auf der Teilnehmendenliste", "ja"},
		{amina, "Angemeldet am", "2026-02-01 10:30"}, // Berlin time
		{amina, "AGs: 1. Wunsch", "Gesundheit"},
		{amina, "AGs: 2. Wunsch", "Wohnen"},
		{amina, "AGs: Platz erhalten in", "Gesundheit"},
		{amina, "AGs: zugeteilter Workshop", "Wohnen"},
		{karim, "Platz auf der Warteliste", "1"},
		{karim, "E-Mail-Adresse", ""},
		{karim, "Auf der Teilnehmendenliste", "nein"},
		{karim, "AGs: 1. Wunsch", ""},
		{karim, "AGs: zugeteilter Workshop", ""},
	} {
		if got := tc.row[col(tc.col)]; got != tc.want {
			t.Errorf("%s of %s: %q, want %q", tc.col, tc.row[col("Name")], got, tc.want)
		}
	}
	if got := amina[col("Kategorie")]; got == "" || got == "volunteer" {
		t.Errorf("category shown as %q, not by its name", got)
	}
	// The rows are data: a formula is neutralised only when written as CSV.
	if got := karim[col("Organisation")]; got != "=1+1" {
		t.Errorf("organisation %q", got)
	}
	en := RegistrationRows(localizer(t, "en"), edition())
	if !slices.Contains(en[0], "AGs: workshop assigned") {
		t.Errorf("English header: %q", en[0])
	}
}

func TestCSV(t *testing.T) {
	body, err := CSV([][]string{{"Name", "Organisation"}, {`Amina; "Diallo"`, `=HYPERLINK("http://example.com")`},
		{"+49 202", "-Rampe"}, {"@SUM(A1)", "\tx"}, {"a=b", ""}})
	if err != nil {
		t.Fatal(err)
	}
	text, ok := strings.CutPrefix(string(body), "\uFEFF")
	if !ok {
		t.Fatalf("no byte order mark: %q", body)
	}
	if !strings.Contains(text, "Name;Organisation\r\n") {
		t.Errorf("not semicolons and CRLF: %q", text)
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"Name", "Organisation"}, {`Amina; "Diallo"`, `'=HYPERLINK("http://example.com")`},
		{"'+49 202", "'-Rampe"}, {"'@SUM(A1)", "'\tx"}, {"a=b", ""}}
	if !slices.EqualFunc(rows, want, slices.Equal[[]string]) {
		t.Errorf("got %q\nwant %q", rows, want)
	}
}
