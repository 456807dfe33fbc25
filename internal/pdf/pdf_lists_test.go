package pdf

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/i18n"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

func names(regs []model.Registration) []string {
	var out []string
	for _, r := range regs {
		out = append(out, r.Name)
	}
	return out
}

// Names sort as the language sorts them, not by their bytes: German puts
// umlauts with their vowels and ignores case first; the same name twice
// keeps the order of the ids.
func TestSortByName(t *testing.T) {
	regs := []model.Registration{{ID: 5, Name: "Zander"}, {ID: 4, Name: "Özdemir"}, {ID: 3, Name: "abel"},
		{ID: 2, Name: "Oberhausen"}, {ID: 7, Name: "Müller"}, {ID: 1, Name: "Müller"}, {ID: 6, Name: "Ärmel"}}
	SortByName("de", regs)
	want := []string{"abel", "Ärmel", "Müller", "Müller", "Oberhausen", "Özdemir", "Zander"}
	if got := names(regs); !slices.Equal(got, want) {
		t.Errorf("sorted %v, want %v", got, want)
	}
	if regs[2].ID != 1 || regs[3].ID != 7 {
		t.Errorf("the two Müllers by id: %d, %d", regs[2].ID, regs[3].ID)
	}
}

// Whatever the caller passes, a list prints confirmed people only, never
// anonymised ones, and the participants' version only those who agreed.
func TestListedPeople(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	gone := time.Now()
	p := ParticipantList{People: []model.Registration{
		{ID: 1, Name: "Ja", Status: model.RegConfirmed, ListConsent: true},
		{ID: 2, Name: "Nein", Status: model.RegConfirmed},
		{ID: 3, Name: "Wartet", Status: model.RegWaiting, ListConsent: true},
		{ID: 4, Name: "Abgesagt", Status: model.RegCancelled, ListConsent: true},
		{ID: 5, Name: "Gelöscht", Status: model.RegConfirmed, ListConsent: true, AnonymisedAt: &gone},
	}}
	l := b.Localizer("de")
	if got := names(p.Listed(l)); !slices.Equal(got, []string{"Ja"}) {
		t.Errorf("participants' version lists %v", got)
	}
	p.ForOrganisers = true
	if got := names(p.Listed(l)); !slices.Equal(got, []string{"Ja", "Nein"}) {
		t.Errorf("organisers' version lists %v", got)
	}
}

// Children counted by age fall into the groups childcare is booked in.
func TestGroupAges(t *testing.T) {
	n := model.NeedsOf([]model.Registration{
		{Status: model.RegConfirmed, Children: 3, ChildAges: "0, 2, 3"},
		{Status: model.RegWaiting, Children: 2, ChildAges: "11, 17"},
		{Status: model.RegConfirmed, Children: 1, ChildAges: "6"},
	})
	got := model.GroupAges(n.ChildAges)
	want := []model.AgeGroupTally{
		{AgeGroup: model.AgeGroup{From: 0, To: 2}, Count: model.Count{Confirmed: 2}},
		{AgeGroup: model.AgeGroup{From: 3, To: 5}, Count: model.Count{Confirmed: 1}},
		{AgeGroup: model.AgeGroup{From: 6, To: 11}, Count: model.Count{Confirmed: 1, Waiting: 1}},
		{AgeGroup: model.AgeGroup{From: 12, To: 17}, Count: model.Count{Waiting: 1}},
	}
	if !slices.Equal(got, want) {
		t.Errorf("groups %v, want %v", got, want)
	}
}

// An empty list and an edition without workshops say so rather than
// printing an empty table or an empty file.
func TestEmptyListsSaySo(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	l := b.Localizer("de")
	conf := &model.Conference{Title: "Kommunale Flüchtlingskonferenz", Venue: "Rathaus", TimeZone: model.DefaultTimeZone,
		StartsAt: time.Date(2016, 2, 13, 9, 0, 0, 0, time.UTC)}
	nobody := []model.Registration{{ID: 1, Name: "Ohne Zustimmung", Status: model.RegConfirmed}}
	text, _ := pdfText(t, NewParticipantList(l, ParticipantList{Conference: conf, People: nobody}))
	for _, want := range []string{"Teilnahmeliste", "Samstag, 13.2.2016 · Rathaus", "Niemand steht auf dieser Liste."} {
		if !strings.Contains(text, want) {
			t.Errorf("empty list lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Ohne Zustimmung") {
		t.Errorf("lists someone without consent:\n%s", text)
	}
	text, _ = pdfText(t, NewLogistics(l, Logistics{Conference: conf}))
	if !strings.Contains(text, "Diese Konferenz hat noch keine Arbeitsgruppen.") {
		t.Errorf("logistics without workshops:\n%s", text)
	}
}
