package store_test

import (
	"reflect"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

// Anonymising empties every field that model.PersonalFields lists, read
// back from the database, and keeps the others as they were.
func TestAnonymiseEmptiesEveryPersonalField(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		contact := "helferin@example.org"
		r := newRegistration(f.conf.ID, "Amina Diallo", "amina@example.org")
		r.Phone, r.Organisation, r.Municipality, r.Category = "0202 123", "Café Grenzenlos", "Wuppertal", "volunteer"
		r.Languages, r.Interpreting, r.Access = "Französisch", "fr", "Rollstuhl"
		r.Children, r.ChildAges, r.Diet = 2, "3, 5", "vegan"
		r.ListConsent, r.PhotoConsent, r.ContactName, r.ContactEmail = true, true, "Helga", &contact
		register(t, db, r)
		before, err := db.Registration(ctx, r.ID)
		noErr(t, err, "read")
		for _, field := range model.PersonalFields() {
			if reflect.ValueOf(field.Value(before)).IsZero() {
				t.Fatalf("the test gives %q no value: set it above", field.Name)
			}
		}

		_, err = db.AnonymiseRegistration(ctx, r.ID)
		noErr(t, err, "anonymise")
		after, err := db.Registration(ctx, r.ID)
		noErr(t, err, "read")
		for _, field := range model.RegistrationFields {
			got := field.Value(after)
			switch {
			case field.Personal && !reflect.ValueOf(got).IsZero():
				t.Errorf("%s kept: %v", field.Name, got)
			case !field.Personal && field.Name != "updated_at" && field.Name != "cancelled_at" &&
				!reflect.DeepEqual(got, field.Value(before)):
				t.Errorf("%s changed from %v to %v", field.Name, field.Value(before), got)
			}
		}
	})
}
