package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// The programme in Arabic is laid out right to left and speaks Arabic; the
// organiser's own text stays as written.
func TestArabicProgrammeIsRightToLeft(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		loadDemo(t, e)
		c := newClient(t, e.app.Handler())
		page := c.get("/k/wuppertal-2016?lang=ar")
		wantStatus(t, page, http.StatusOK)
		if got := page.Header.Get("Content-Language"); got != "ar" {
			t.Errorf("Content-Language %q, want ar", got)
		}
		wantContains(t, page,
			`<html lang="ar" dir="rtl">`,
			"مؤتمرات البلديات حول اللاجئين", // site_name
			"البرنامج",                      // programme_heading
			"القاعة",                        // label_room
			"السبت, 13/02/2016",             // weekday_6 and layout_date
			"السكن",                         // topic_housing
			"\u200f20 مقعدًا",               // workshop_places, "many" (11–99)
			// The organiser's text is not translated.
			"Flüchtlingspolitik in Nordrhein-Westfalen", "Ulrike Detjen")
		wantLacks(t, page, `dir="ltr"`, "Programm<", "Samstag")

		// The choice is remembered.
		home := c.get("/")
		wantContains(t, home, `<html lang="ar" dir="rtl">`)
	})
}

func TestFrenchProgramme(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		loadDemo(t, e)
		c := newClient(t, e.app.Handler())
		page := c.get("/k/wuppertal-2016?lang=fr")
		wantStatus(t, page, http.StatusOK)
		wantContains(t, page,
			`<html lang="fr" dir="ltr">`,
			"Conférences municipales sur les réfugiés", // site_name
			">Programme<",        // programme_heading
			"Salle",              // label_room
			"Samedi, 13/02/2016", // weekday_6 and layout_date
			"Logement",           // topic_housing
			"20 places",          // workshop_places, "other"
			"Flüchtlingspolitik in Nordrhein-Westfalen")
		wantLacks(t, page, `dir="rtl"`, "Samstag", "Saturday", "Room")
	})
}

// The programme page is cached per language: each language gets its own.
func TestProgrammeCacheKeepsLanguagesApart(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		loadDemo(t, e)
		c := newClient(t, e.app.Handler())
		for range 2 {
			for lang, want := range map[string]string{
				"ar": `<html lang="ar" dir="rtl">`,
				"fr": `<html lang="fr" dir="ltr">`,
				"de": `<html lang="de" dir="ltr">`,
			} {
				page := c.get("/k/wuppertal-2016?lang=" + lang)
				wantStatus(t, page, http.StatusOK)
				wantContains(t, page, want)
			}
		}
	})
}

// A newcomer's browser language picks Arabic or French; German stays the
// fallback.
func TestAcceptLanguagePicksArabicAndFrench(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		loadDemo(t, e)
		for header, want := range map[string]string{
			"ar-SY,ar;q=0.9":          `<html lang="ar" dir="rtl">`,
			"ar":                      `<html lang="ar" dir="rtl">`,
			"fr-FR":                   `<html lang="fr" dir="ltr">`,
			"fr-SN,fr;q=0.9,wo;q=0.8": `<html lang="fr" dir="ltr">`,
			// CLDR's language matching sends Wolof speakers to French.
			"wo-SN": `<html lang="fr" dir="ltr">`,
			"pl-PL": `<html lang="de" dir="ltr">`,
		} {
			fresh := newClient(t, e.app.Handler())
			fresh.lang = header
			for _, path := range []string{"/", "/k/wuppertal-2016"} {
				res := fresh.get(path)
				wantStatus(t, res, http.StatusOK)
				if !strings.Contains(res.Body, want) {
					t.Errorf("Accept-Language %q, %s: want %s, got %.200s", header, path, want, res.Body)
				}
			}
		}
	})
}

func TestNotFoundPageInArabicAndFrench(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := newClient(t, e.app.Handler())
		c.lang = "ar-SY,ar;q=0.9"
		res := c.get("/no/such/page")
		wantStatus(t, res, http.StatusNotFound)
		wantContains(t, res, `<html lang="ar" dir="rtl">`, "الصفحة غير موجودة", "العودة إلى الصفحة الرئيسية")
		res = c.get("/k/no-such-edition")
		wantStatus(t, res, http.StatusNotFound)
		wantContains(t, res, "الصفحة غير موجودة")

		fr := newClient(t, e.app.Handler())
		fr.lang = "fr-FR"
		res = fr.get("/no/such/page")
		wantStatus(t, res, http.StatusNotFound)
		wantContains(t, res, `<html lang="fr" dir="ltr">`, "Page introuvable")
	})
}

// The language switch offers all four languages, each named in itself and
// marked with its language, German first; the current one is marked.
func TestLanguageSwitchListsAllLanguages(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		loadDemo(t, e)
		c := newClient(t, e.app.Handler())
		page := c.get("/k/wuppertal-2016?lang=ar")
		wantStatus(t, page, http.StatusOK)
		start := regexp.MustCompile(`<nav [^>]*class="languages"`).FindStringIndex(page.Body)
		if start == nil {
			t.Fatalf("no language switch:\n%.2000s", page.Body)
		}
		nav := page.Body[start[0]:]
		nav = nav[:regexp.MustCompile(`</nav>`).FindStringIndex(nav)[1]]
		last := -1
		for _, l := range []struct{ code, name string }{
			{"de", "Deutsch"}, {"en", "English"}, {"fr", "Français"}, {"ar", "العربية"},
		} {
			link := regexp.MustCompile(`<a href="/k/wuppertal-2016\?lang=` + l.code + `"[^>]*\blang="` + l.code + `"[^>]*>` + l.name + `</a>`)
			at := link.FindStringIndex(nav)
			if at == nil {
				t.Errorf("the switch lacks %s (%s):\n%s", l.name, l.code, nav)
				continue
			}
			if at[0] < last {
				t.Errorf("%s is out of order:\n%s", l.name, nav)
			}
			last = at[0]
		}
		current := regexp.MustCompile(`<a [^>]*\blang="ar"[^>]*aria-current="true"[^>]*>العربية</a>`)
		if !current.MatchString(nav) {
			t.Errorf("Arabic is not marked as the current language:\n%s", nav)
		}
	})
}

// Every public page and the login renders in French and Arabic without a
// missing message (TestMain checks the catalogues after all tests).
func TestPublicPagesRenderInFrenchAndArabic(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		loadDemo(t, e)
		for _, lang := range []string{"fr", "ar"} {
			c := newClient(t, e.app.Handler())
			c.get("/?lang=" + lang)
			for _, path := range []string{"/", "/s/kommunale-fluechtlingskonferenz-nrw", "/k/wuppertal-2016", "/admin/login"} {
				res := c.get(path)
				wantStatus(t, res, http.StatusOK)
				wantContains(t, res, `<html lang="`+lang+`"`)
			}
		}
	})
}
