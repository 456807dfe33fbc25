package model

// RegistrationField is one field of a registration that a person told us,
// or that dates what they did. RegistrationFields lists them all: the
// forms, the CSV export, the data download and anonymisation read that one
// list, so that a new field cannot be left out of any of them.
type RegistrationField struct {
	// Name is the field's column, its form field and its key in the data download.
	Name string
	// Label is the catalogue id of its heading in the export.
	Label string
	// Personal fields are emptied, to Cleared, when the registration is
	// anonymised; the others stay, so that counts and waiting lists stay right.
	Personal bool
	// Form says whether the registration form asks for it.
	Form bool
	// Value reads the field: a string, *string, int, bool, time.Time or *time.Time.
	Value func(r *Registration) any
}

// Cleared is what anonymisation stores in a personal field: its zero value
// (an empty text, no address, 0, no).
func (f RegistrationField) Cleared() any { return f.Value(&Registration{}) }

// RegistrationFields are a registration's fields in the order the export
// shows them. A test fails when a field of Registration is neither here nor
// in RegistrationBookkeeping.
var RegistrationFields = []RegistrationField{
	{"name", "label_reg_name", true, true, func(r *Registration) any { return r.Name }},
	{"email", "label_reg_email", true, true, func(r *Registration) any { return r.Email }},
	{"phone", "label_reg_phone", true, true, func(r *Registration) any { return r.Phone }},
	{"organisation", "label_reg_organisation", true, true, func(r *Registration) any { return r.Organisation }},
	{"municipality", "label_reg_municipality", true, true, func(r *Registration) any { return r.Municipality }},
	// Who someone came as stays, for the edition's figures.
	{"category", "orga_col_category", false, true, func(r *Registration) any { return r.Category }},
	{"languages", "orga_col_languages", true, true, func(r *Registration) any { return r.Languages }},
	{"interpretation", "orga_col_interpretation", true, true, func(r *Registration) any { return r.Interpreting }},
	{"accessibility", "label_reg_accessibility", true, true, func(r *Registration) any { return r.Access }},
	{"childcare_children", "orga_col_children", true, true, func(r *Registration) any { return r.Children }},
	{"childcare_ages", "label_reg_child_ages", true, true, func(r *Registration) any { return r.ChildAges }},
	{"diet", "label_reg_diet", true, true, func(r *Registration) any { return r.Diet }},
	{"list_consent", "orga_col_list_consent", true, true, func(r *Registration) any { return r.ListConsent }},
	{"photo_consent", "orga_col_photo_consent", true, true, func(r *Registration) any { return r.PhotoConsent }},
	{"contact_name", "orga_col_contact_name", true, true, func(r *Registration) any { return r.ContactName }},
	{"contact_email", "orga_col_contact_email", true, true, func(r *Registration) any { return r.ContactEmail }},
	// The language of the pages, which says nothing about the person on its own.
	{"lang", "orga_col_lang", false, false, func(r *Registration) any { return r.Lang }},
	{"consented_at", "orga_col_consented_at", false, false, func(r *Registration) any { return r.ConsentedAt }},
	{"created_at", "label_registered_at", false, false, func(r *Registration) any { return r.CreatedAt }},
	{"updated_at", "orga_col_updated_at", false, false, func(r *Registration) any { return r.UpdatedAt }},
	{"cancelled_at", "orga_col_cancelled_at", false, false, func(r *Registration) any { return r.CancelledAt }},
	// Whether someone came stays, for the edition's figures and certificates.
	{"checked_in_at", "door_col_checked_in_at", false, false, func(r *Registration) any { return r.CheckedInAt }},
	{"walk_in", "door_col_walk_in", false, false, func(r *Registration) any { return r.WalkIn }},
}

// RegistrationBookkeeping are the fields of Registration, by Go name, that
// are not in RegistrationFields: what the office keeps to run the edition,
// which says nothing about the person, and the rankings and places, which
// the forms, the export and the download show slot by slot.
var RegistrationBookkeeping = []string{"ID", "ConferenceID", "Status", "AnonymisedAt", "Choices", "Position", "Granted", "Waiting",
	"LatePlacements"}

// PersonalFields returns the fields that anonymisation empties.
func PersonalFields() []RegistrationField {
	var fs []RegistrationField
	for _, f := range RegistrationFields {
		if f.Personal {
			fs = append(fs, f)
		}
	}
	return fs
}
