package model

import (
	"reflect"
	"slices"
	"testing"
	"time"
)

// Every field of Registration is in RegistrationFields, read by its own
// Value, or listed as bookkeeping: a new field must be placed in one of
// them, and so decided on for anonymisation.
func TestRegistrationFieldsCoverRegistration(t *testing.T) {
	typ := reflect.TypeFor[Registration]()
	byName := map[string]RegistrationField{}
	for _, f := range RegistrationFields {
		if _, dup := byName[f.Name]; dup {
			t.Errorf("field %q listed twice", f.Name)
		}
		byName[f.Name] = f
	}
	seen := map[string]bool{}
	for i := range typ.NumField() {
		sf := typ.Field(i)
		column := sf.Tag.Get("db")
		f, listed := byName[column]
		bookkeeping := slices.Contains(RegistrationBookkeeping, sf.Name)
		switch {
		case listed && bookkeeping:
			t.Errorf("Registration.%s is both in RegistrationFields and bookkeeping", sf.Name)
		case !listed && !bookkeeping:
			t.Errorf("Registration.%s is neither in RegistrationFields nor in RegistrationBookkeeping: decide whether anonymisation empties it", sf.Name)
		case listed:
			seen[column] = true
			// Value must read this very field: give it a value of its own and read it back.
			var r Registration
			want := distinct(t, reflect.ValueOf(&r).Elem().Field(i))
			if got := f.Value(&r); !reflect.DeepEqual(got, want) {
				t.Errorf("field %q reads %v, want Registration.%s = %v", f.Name, got, sf.Name, want)
			}
			if cleared := f.Cleared(); !reflect.ValueOf(cleared).IsZero() {
				t.Errorf("field %q clears to %v", f.Name, cleared)
			}
		}
	}
	for name := range byName {
		if !seen[name] {
			t.Errorf("field %q is no column of Registration", name)
		}
	}
	for _, name := range RegistrationBookkeeping {
		if _, ok := typ.FieldByName(name); !ok {
			t.Errorf("bookkeeping field %q is not in Registration", name)
		}
	}
}

// distinct sets v to a value that is not its zero value and returns it.
func distinct(t *testing.T, v reflect.Value) any {
	t.Helper()
	switch x := v.Addr().Interface().(type) {
	case *string:
		*x = "text"
	case **string:
		s := "text"
		*x = &s
	case *int:
		*x = 3
	case *bool:
		*x = true
	case *time.Time:
		*x = time.Date(2026, 2, 13, 10, 0, 0, 0, time.UTC)
	case **time.Time:
		at := time.Date(2026, 2, 13, 10, 0, 0, 0, time.UTC)
		*x = &at
	default:
		t.Fatalf("no test value for a field of type %s", v.Type())
	}
	return v.Interface()
}

// Anonymisation empties the personal fields and keeps what the edition's
// figures need.
func TestPersonalFields(t *testing.T) {
	var names []string
	for _, f := range PersonalFields() {
		names = append(names, f.Name)
	}
	for _, want := range []string{"name", "email", "accessibility", "contact_email", "interpretation"} {
		if !slices.Contains(names, want) {
			t.Errorf("%q is not personal: %v", want, names)
		}
	}
	for _, kept := range []string{"category", "created_at"} {
		if slices.Contains(names, kept) {
			t.Errorf("%q would be emptied", kept)
		}
	}
}
