package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// minutesPayloads are known ways to make a page run script.
var minutesPayloads = []string{
	`<script>alert(1)</script>`,
	`<img src=x onerror=alert(1)>`,
	`[x](javascript:alert(1))`,
	`<a href="javascript:alert(1)">klick</a>`,
	`"><svg onload=alert(1)>`,
	`[y](JaVaScRiPt:alert(1))`,
	`<iframe src="javascript:alert(1)"></iframe>`,
	"```\n</textarea><script>alert(1)</script>\n```",
}

var (
	minutesScriptTag = regexp.MustCompile(`(?i)<script`)
	minutesHandler   = regexp.MustCompile(`(?i)<[a-z][^>]*\son[a-z]+\s*=`)
	minutesJSURL     = regexp.MustCompile(`(?i)(href|src|action)\s*=\s*["']?\s*javascript:`)
	minutesBadTag    = regexp.MustCompile(`(?i)<(svg|iframe|img)[\s>]`)
)

// minutesNoScript fails if a page holds anything a browser would execute.
func minutesNoScript(t *testing.T, where string, res response) {
	t.Helper()
	for _, re := range []*regexp.Regexp{minutesScriptTag, minutesHandler, minutesJSURL, minutesBadTag} {
		if m := re.FindString(res.Body); m != "" {
			t.Errorf("%s: executable %q in the page", where, m)
		}
	}
}

// Script in the text of minutes and in an organiser's comment stays text on
// every page that shows them: the editor, its preview and conflict page,
// the revisions and their comparison, the confirmation pages and the
// public page.
func TestMinutesXSS(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newMinutesEdition(t, e)
		id := x.aMinutes
		body := strings.Join(minutesPayloads, "\n\n")
		wantStatus(t, minutesSave(x.facA, id, 0, "Anfang"), http.StatusSeeOther)
		wantStatus(t, minutesSave(x.facA, id, 1, body), http.StatusSeeOther)
		pages := map[string]response{
			"editor":    x.facA.get(urls.AdminMinutes(id)),
			"preview":   x.facA.post(urls.AdminMinutes(id), url.Values{"body": {body}, "language": {`"><svg onload=alert(1)>`}, "base": {"2"}, "action": {"preview"}}),
			"conflict":  minutesSave(x.organiser, id, 1, body+"\n"+minutesPayloads[1]),
			"revisions": x.facA.get(urls.MinutesRevisions(id)),
			"revision":  x.facA.get(urls.MinutesRevision(id, 1)),
		}
		wantStatus(t, pages["conflict"], http.StatusConflict)
		// Upload names are shown and sent as headers: they are cleaned too.
		for _, name := range []string{`<img src=x onerror=alert(1)>.pdf`, `"><svg onload=alert(1)>.pdf`, `javascript:alert(1).pdf`, `<script>alert(1)</script>.pdf`} {
			wantStatus(t, minutesUpload(t, x.facA, id, name, minutesPDF), http.StatusSeeOther)
		}
		files, err := e.db.MinutesAttachments(t.Context(), id)
		if err != nil || len(files) != 4 {
			t.Fatalf("attachments: %v, %v", files, err)
		}
		pages["attachments"] = x.facA.get(urls.AdminMinutes(id))
		pages["delete-attachment"] = x.facA.get(urls.DeleteAttachment(id, files[0].ID))
		for _, f := range files {
			if d := x.facA.get(urls.MinutesAttachment(id, f.ID)).Header.Get("Content-Disposition"); strings.ContainsAny(d, "<>") {
				t.Errorf("Content-Disposition %q", d)
			}
		}
		wantStatus(t, x.facA.post(urls.SubmitMinutes(id), nil), http.StatusSeeOther)
		comment := strings.Join(minutesPayloads, " ")
		wantStatus(t, x.organiser.post(urls.ReturnMinutes(id), url.Values{"return_comment": {comment}}), http.StatusSeeOther)
		pages["returned"] = x.facA.get(urls.AdminMinutes(id))
		wantContains(t, pages["returned"], "&lt;script&gt;alert(1)&lt;/script&gt;")
		wantStatus(t, x.facA.post(urls.SubmitMinutes(id), nil), http.StatusSeeOther)
		wantStatus(t, x.organiser.post(urls.ApproveMinutes(id), nil), http.StatusSeeOther)
		pages["publish"] = x.organiser.get(urls.PublishMinutes(id))
		wantStatus(t, x.organiser.post(urls.PublishMinutes(id), confirmYes), http.StatusSeeOther)
		pages["unpublish"] = x.organiser.get(urls.UnpublishMinutes(id))
		pages["public"] = newClient(t, e.app.Handler()).get(urls.Conference(x.conf.Slug))
		pages["public-ar"] = newClient(t, e.app.Handler()).get(urls.Conference(x.conf.Slug) + "?lang=ar")
		pages["organiser-editor"] = x.organiser.get(urls.AdminMinutes(id))
		wantContains(t, pages["public"], `lang="de" dir="auto"`, "klick")
		for where, res := range pages {
			minutesNoScript(t, where, res)
		}
	})
}
