package web_test

import (
	"io/fs"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/assets"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/demo"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

var (
	errorSummary = regexp.MustCompile(`(?s)<div class="error-summary"[^>]*>.*?</div>`)
	summaryLink  = regexp.MustCompile(`<a href="#([^"]+)">`)
)

// The error summary of a rejected form takes the focus when the page opens
// (autofocus on an element focusable by script only) and lists each problem
// as a link to its field, in the order of the form, each with the field's
// label; every link leads to an element of the page.
func TestErrorSummaryLinksToEachField(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		_, slot := openEdition(t, e, 10)
		c := newClient(t, e.app.Handler())
		bad := registration(slot, "", "not-an-address")
		bad.Del("consent")
		bad.Set(model.ChoiceField(slot.ID, 2), bad.Get(model.ChoiceField(slot.ID, 1)))
		bad.Set("childcare_children", "-2")
		res := c.post("/k/"+demo.WuppertalSlug+"/anmelden", bad)
		wantStatus(t, res, http.StatusUnprocessableEntity)
		summary := errorSummary.FindString(res.Body)
		if summary == "" {
			t.Fatalf("no error summary:\n%.3000s", res.Body)
		}
		for _, want := range []string{`tabindex="-1"`, `autofocus`, `role="alert"`,
			`<a href="#f-name"><bdi>Name</bdi>: Bitte ausfüllen.</a>`,
			`<a href="#f-email"><bdi>E-Mail-Adresse</bdi>: Bitte eine gültige E-Mail-Adresse angeben.</a>`,
			`<bdi>2. Wunsch</bdi>: Diese Arbeitsgruppe haben Sie schon gewählt.`,
			`<a href="#f-consent">Ohne Ihre Einwilligung`} {
			if !strings.Contains(summary, want) {
				t.Errorf("the summary lacks %q:\n%s", want, summary)
			}
		}
		var ids []string
		for _, m := range summaryLink.FindAllStringSubmatch(summary, -1) {
			ids = append(ids, m[1])
			if !strings.Contains(res.Body, `id="`+m[1]+`"`) {
				t.Errorf("the summary links to #%s, which the page lacks", m[1])
			}
		}
		want := []string{"f-name", "f-email", "f-" + model.ChoiceField(slot.ID, 2), "f-childcare_children", "f-consent"}
		if !slices.Equal(ids, want) {
			t.Errorf("the summary links to %v, want %v in the form's order", ids, want)
		}
		// One summary, and only on a page with errors.
		if n := strings.Count(res.Body, `class="error-summary"`); n != 1 {
			t.Errorf("%d error summaries", n)
		}
		wantLacks(t, c.get("/k/"+demo.WuppertalSlug+"/anmelden"), `class="error-summary"`)

		// The login form's summary too.
		login := newClient(t, e.app.Handler()).post("/admin/login", url.Values{"email": {"nobody@example.org"}, "password": {"wrong"}})
		wantStatus(t, login, http.StatusUnprocessableEntity)
		wantContains(t, login, `<a href="#f-email"><bdi>E-Mail-Adresse</bdi>:`)
	})
}

// The fields asking for the person's own name, email, phone and
// organisation say so (WCAG 1.3.5), on the form, the personal page, the
// organisers' copy of it and the login.
func TestAutocompleteOnPersonalData(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot := openEdition(t, e, 10)
		wantFields := []string{
			`id="f-name" name="name" value="" required autocomplete="name"`,
			`id="f-email" name="email" value="" autocomplete="email"`,
			`id="f-phone" name="phone" value="" autocomplete="tel"`,
			`id="f-organisation" name="organisation" value="" autocomplete="organization"`,
		}
		c := newClient(t, e.app.Handler())
		wantContains(t, c.get("/k/"+demo.WuppertalSlug+"/anmelden"), wantFields...)
		r := orgaRegister(t, e, conf, model.Registration{Name: "Amina Diallo",
			Choices: map[int64][]int64{slot.ID: {slot.Workshops[0].ID}}})
		wantContains(t, c.get(e.newPersonalLink(t, r)), `name="name" value="Amina Diallo" required autocomplete="name"`, `autocomplete="tel"`)
		wantContains(t, e.organiser(t).get("/admin/registrations/"+id(r.ID)), `name="name" value="Amina Diallo" required autocomplete="name"`, `autocomplete="organization"`)
		wantContains(t, c.get("/admin/login"), `name="email" value="" required autocomplete="email"`, `autocomplete="current-password"`)
	})
}

// The organisers' German texts inside a page in another language are
// marked as German, so that a screen reader reads them as German and the
// browser hyphenates them as German: titles, descriptions, rooms and the
// workshops offered in the form. Their blocks take their direction from
// their text (dir="auto"), so that German stands left to right in Arabic.
func TestOrganisersTextIsMarkedGerman(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		_, slot := openEdition(t, e, 10)
		c := newClient(t, e.app.Handler())
		programme := c.get("/k/" + demo.WuppertalSlug + "?lang=ar")
		wantStatus(t, programme, http.StatusOK)
		wantContains(t, programme, `<html lang="ar" dir="rtl">`,
			`<h1 lang="de" dir="auto">Flüchtlingspolitik in Nordrhein-Westfalen`,
			`<div class="prose" lang="de" dir="auto">`,
			`<h5><bdi lang="de">`+slot.Workshops[0].Title+`</bdi>`)
		form := c.get("/k/" + demo.WuppertalSlug + "/anmelden")
		wantContains(t, form, `<option value="`+id(slot.Workshops[0].ID)+`" lang="de">`+slot.Workshops[0].Title+`</option>`,
			`<legend><bdi lang="de">`+slot.Title+`</bdi>`)
		home := c.get("/")
		wantContains(t, home, `<h3 lang="de" dir="auto"><a href="/k/`+demo.WuppertalSlug+`">`)
	})
}

// The focus ring contrasts at least 3:1 (WCAG 1.4.11) with each background
// it is drawn on: the page, the soft panels, and the header.
func TestFocusRingContrast(t *testing.T) {
	css, err := fs.ReadFile(assets.FS, "css/site.css")
	if err != nil {
		t.Fatal(err)
	}
	colour := func(name string) [3]float64 {
		m := regexp.MustCompile(`--` + name + `: #([0-9a-fA-F]{6});`).FindSubmatch(css)
		if m == nil {
			t.Fatalf("site.css defines no --%s", name)
		}
		var rgb [3]float64
		for i := range rgb {
			v, _ := strconv.ParseUint(string(m[1][2*i:2*i+2]), 16, 8)
			rgb[i] = float64(v) / 255
		}
		return rgb
	}
	for _, pair := range [][2]string{{"focus", "paper"}, {"focus", "soft"}, {"focus-on-accent", "accent"}} {
		if c := contrast(colour(pair[0]), colour(pair[1])); c < 3 {
			t.Errorf("--%s on --%s contrasts %.2f:1, want at least 3:1", pair[0], pair[1], c)
		}
	}
	for _, rule := range []string{":focus-visible { outline: 3px solid var(--focus)", ".site-header :focus-visible { outline-color: var(--focus-on-accent); }"} {
		if !strings.Contains(string(css), rule) {
			t.Errorf("site.css lacks %q", rule)
		}
	}
}

// contrast is WCAG's contrast ratio of two sRGB colours.
func contrast(a, b [3]float64) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(rgb [3]float64) float64 {
	var l [3]float64
	for i, c := range rgb {
		if c <= 0.04045 {
			l[i] = c / 12.92
		} else {
			l[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
}
