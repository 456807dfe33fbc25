package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// resolutionsPayloads are known ways to get script into a page: a script
// element, an event handler on an image and on SVG, and javascript: links
// in HTML and in Markdown.
var resolutionsPayloads = []string{
	`<script>alert(1)</script>`,
	`<img src=x onerror=alert(1)>`,
	`<svg onload=alert(1)>`,
	`<a href="javascript:alert(1)">klick</a>`,
	`[klick](javascript:alert(1))`,
	`"><script>alert(1)</script>`,
}

// resolutionsExecutable returns script a browser would run in page, as
// its HTML parser reads it: a script element, an event-handler attribute,
// or a javascript: address; "" if there is none. (The layout's own pages
// have no inline script at all: the CSP forbids it.)
func resolutionsExecutable(page string) string {
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if tok.Data == "script" {
				return tok.String()
			}
			for _, a := range tok.Attr {
				value := strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(a.Key, "on") || strings.HasPrefix(value, "javascript:") {
					return tok.String()
				}
			}
		}
	}
}

// Payloads typed into every text of a demand, its amendment, its follow-up
// and the attachment's name appear in no page in an executable form.
func TestResolutionsXSS(t *testing.T) {
	// The detector finds what it looks for.
	for _, raw := range []string{`<p><img src=x onerror=alert(1)></p>`, `<a href=" JavaScript:alert(1)">x</a>`, `<svg onload=alert(1)>`,
		`<script>alert(1)</script>`} {
		if resolutionsExecutable(raw) == "" {
			t.Fatalf("detector misses %s", raw)
		}
	}
	each(t, func(t *testing.T, e *env) {
		w := resolutionsSetup(t, e)
		for _, p := range resolutionsPayloads {
			form := url.Values{"title": {"Titel " + p}, "body": {"Text " + p}, "reasoning": {"Grund " + p},
				"topic": {"housing"}, "addressee_level": {"state"}, "addressee_name": {"Landtag " + p}, "workshop": {itoa(w.a.ID)}}
			id := resolutionsCreate(t, w.asA, w.first, form)
			wantStatus(t, w.asA.post(urls.ProposeResolution(id), nil), http.StatusSeeOther)
			wantStatus(t, w.asB.post(urls.Amendments(id), url.Values{"body": {"Anders " + p}, "reason": {"Weil " + p}}), http.StatusSeeOther)
			wantStatus(t, w.organiser.post(urls.ResolutionVote(id), resolutionsVote("adopted", [4]string{"Gruppe " + p, "3", "1", "0"})),
				http.StatusSeeOther)
			wantStatus(t, w.asA.post(urls.Amendments(id), url.Values{"body": {"Korrektur " + p}, "reason": {"Korrekturgrund " + p}}),
				http.StatusSeeOther)
			res := resolutionsUpload(t, w.organiser, urls.FollowUps(id), url.Values{"occurred_on": {"2016-06-01"}, "kind": {"sent"},
				"note": {"Notiz " + p}}, "attachment", p+".txt", []byte("Antwort"))
			wantStatus(t, res, http.StatusSeeOther)
			ams, err := e.db.Amendments(t.Context(), id)
			if err != nil {
				t.Fatal(err)
			}
			pages := map[string]response{
				"staff page":     w.organiser.get(urls.AdminResolution(id)),
				"staff list":     w.organiser.get(urls.EditionResolutions(w.first.ID)),
				"amendment form": w.organiser.get(urls.NewAmendment(id)),
				"correction":     w.organiser.get(urls.AmendmentVote(id, ams[1].ID)),
				"follow-up form": w.organiser.get(urls.NewFollowUp(id)),
				"demand":         w.anonymous.get(urls.Demand(id)),
				"series list":    w.anonymous.get(urls.SeriesDemands(w.series.Slug)),
				"edition":        w.anonymous.get(urls.Conference(w.first.Slug)),
				"next edition":   w.anonymous.get(urls.Conference(w.second.Slug)),
				// A rejected form shows the input again.
				"rejected form": w.asA.post(urls.EditionResolutions(w.first.ID), withValues(form, "topic", "x")),
			}
			// The accepted correction puts the payload into the diff of the public page.
			wantStatus(t, w.organiser.post(urls.AmendmentVote(id, ams[1].ID), withValues(resolutionsVote("adopted",
				[4]string{"Alle", "2", "0", "0"}), "voted_in", itoa(w.first.ID))), http.StatusSeeOther)
			pages["demand after correction"] = w.anonymous.get(urls.Demand(id))
			for name, page := range pages {
				if page.Status != http.StatusOK && page.Status != http.StatusUnprocessableEntity {
					t.Fatalf("%s: status %d", name, page.Status)
				}
				if m := resolutionsExecutable(page.Body); m != "" {
					t.Errorf("payload %q: %s has %q", p, name, m)
				}
			}
			wantContains(t, pages["demand"], "Landtag ", "Notiz ")
		}
	})
}
