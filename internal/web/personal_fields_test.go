package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// The personal page's form shows every field the form asks for as it was
// stored, and the data download holds every field of the registration
// (model.RegistrationFields) under its name.
func TestEveryRegistrationFieldInFormAndDownload(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		_, slot := openEdition(t, e, 10)
		c := newClient(t, e.app.Handler())
		form := registration(slot, "Amina Diallo", "amina@example.org")
		typed := map[string]string{"phone": "0202 555", "municipality": "Wuppertal", "languages": "Französisch",
			"accessibility": "Rollstuhl", "childcare_children": "2", "childcare_ages": "3 und 5", "diet": "vegan",
			"contact_name": "Helga Brandt", "contact_email": "helga@example.org"}
		for name, value := range typed {
			form.Set(name, value)
		}
		form.Set("list_consent", "1")
		form.Set("photo_consent", "1")
		personal := registerAs(t, c, form)

		page := c.get(personal)
		for _, f := range model.RegistrationFields {
			if !f.Form {
				continue
			}
			switch f.Name {
			case "category", "interpretation": // selects
				wantContains(t, page, fmt.Sprintf(`value="%s" selected`, form.Get(f.Name)))
			case "list_consent", "photo_consent":
				wantContains(t, page, fmt.Sprintf(`name="%s" value="1" checked`, f.Name))
			case "accessibility":
				wantContains(t, page, ">Rollstuhl</textarea>")
			default:
				wantContains(t, page, fmt.Sprintf(`name="%s" value="%s"`, f.Name, form.Get(f.Name)))
			}
		}

		res := c.get(personal + "/daten.json")
		wantStatus(t, res, http.StatusOK)
		var data map[string]any
		if err := json.Unmarshal([]byte(res.Body), &data); err != nil {
			t.Fatalf("JSON: %v\n%s", err, res.Body)
		}
		for _, f := range model.RegistrationFields {
			if _, ok := data[f.Name]; !ok {
				t.Errorf("the download lacks %q", f.Name)
			}
		}
		for name, value := range typed {
			if got := fmt.Sprint(data[name]); got != value {
				t.Errorf("%s: %q, want %q", name, got, value)
			}
		}
		if data["list_consent"] != true || data["lang"] != "de" || data["created_at"] == nil {
			t.Errorf("data: %v", data)
		}
	})
}
