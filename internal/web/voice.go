package web

// thirdPerson maps the messages of the registration form that speak to the
// participant ("your name") to their variants that speak of them ("the
// contact person's name"), for the organisers who edit someone's registration.
var thirdPerson = map[string]string{
	"legend_you":           "staff_legend_you",
	"hint_reg_name":        "staff_hint_reg_name",
	"hint_reg_email":       "staff_hint_reg_email",
	"label_reg_category":   "staff_label_reg_category",
	"hint_workshops":       "staff_hint_workshops",
	"hint_mode_first_come": "staff_hint_mode_first_come",
	"hint_mode_assign":     "staff_hint_mode_assign",
	"legend_needs":         "staff_legend_needs",
	"label_reg_languages":  "staff_label_reg_languages",
	"legend_someone_else":  "staff_legend_someone_else",
	"hint_someone_else":    "staff_hint_someone_else",
	"label_contact_name":   "staff_label_contact_name",
	"label_contact_email":  "staff_label_contact_email",
	"label_list_consent":   "staff_label_list_consent",
	"label_photo_consent":  "staff_label_photo_consent",
}

// T returns the message id in the page's language, as the Localizer does;
// on a ThirdPerson page a message that speaks to the participant is
// replaced by its variant that speaks of them. The shared form templates
// stay one for both.
func (p *Page) T(id string, pairs ...any) string {
	if alt, ok := thirdPerson[id]; ok && p.ThirdPerson {
		id = alt
	}
	return p.Localizer.T(id, pairs...)
}
