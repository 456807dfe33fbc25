package web_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/web"
)

// The pages of participants after publishing, in German and Arabic on a
// 320 px wide phone: a placed person's page with their wishes read only
// and the change request form, its error summary taking the focus, the
// request sent; the organisers' assignment page listing a request, the
// needs overview and a workshop's list counted by placement. Nothing
// scrolls sideways and axe-core finds no WCAG 2.1 A or AA violation.
func TestAssignFrozenBrowserAccessibility(t *testing.T) {
	chromium(t) // before the database is made
	db := storetest.Open(t, store.SQLite)
	e := newEnv(t, db)
	x := newAssignmentEdition(t, e)
	x.publish(t)
	eva := &model.ChangeRequest{RegistrationID: x.people["Eva"].ID, SessionID: &x.slot.ID,
		Message: "أرغب في الانتقال إلى ورشة السكن.\nDanke!"}
	if err := db.CreateChangeRequest(t.Context(), eva); err != nil {
		t.Fatal(err)
	}
	asking := map[string]string{"de": "Bernd", "ar": "David"}
	srv := startServer(t, db, web.Config{})
	auditInEachLanguage(t, srv.URL, 2*time.Minute, func(t *testing.T, a *audit, lang string) {
		a.visit("home", "/?lang="+lang, http.StatusOK)
		personal := e.newPersonalLink(t, x.people[asking[lang]])
		a.visit("frozen-personal", personal, http.StatusOK)
		send := `main form[action$="/wechsel"] button[type="submit"]`
		a.submit("change-request-errors", send, http.StatusUnprocessableEntity)
		a.wantFocusOnErrorSummary("change-request-errors")
		a.do("write the request", chromedp.SendKeys(chromedp.CSS("#f-change_message"), "Lieber Arbeitsgruppe 1, bitte."))
		a.submit("change-requested", send, http.StatusOK)

		a.visit("login", urls.Login(), http.StatusOK)
		a.do("log in",
			chromedp.SendKeys(chromedp.CSS("#f-email"), "orga@example.test"),
			chromedp.SendKeys(chromedp.CSS("#f-password"), organiserPassword),
		)
		a.submit("dashboard", `main form.form button[type="submit"]`, http.StatusOK)
		a.visit("assignment-requests", urls.Assignment(x.conf.ID), http.StatusOK)
		a.visit("needs-by-placement", urls.Needs(x.conf.ID), http.StatusOK)
		a.visit("participants-by-placement", urls.WorkshopParticipants(x.a1.ID), http.StatusOK)
	})
}
