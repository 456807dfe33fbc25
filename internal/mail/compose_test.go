package mail_test

import (
	"strings"
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/mail"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

func wantIn(t *testing.T, what, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, text)
		}
	}
}

func TestComposerNeedsAnAddress(t *testing.T) {
	c := mail.NewComposer(bundle(t), site(t))
	r := &model.Registration{ID: 1, Name: "Dawit", Status: model.RegConfirmed, Lang: "de", ContactName: "Anna"}
	if e := c.Confirmation(conference(), r, "tok", []byte("BEGIN:VCALENDAR")); e != nil {
		t.Errorf("confirmation without an address: %+v", e)
	}
	if e := c.LinkAgain(conference(), r, "tok"); e != nil {
		t.Errorf("link without an address: %+v", e)
	}
	if e := c.Promoted(conference(), r, "tok", nil); e != nil {
		t.Errorf("promotion without an address: %+v", e)
	}
}

// Someone registered by a volunteer without an address of their own: the
// volunteer gets the email, which says whom it is about.
func TestComposerWritesToTheContact(t *testing.T) {
	c := mail.NewComposer(bundle(t), site(t, baseURL+"/"))
	r := &model.Registration{ID: 5, Name: "Karim", Status: model.RegConfirmed, Lang: "de",
		ContactName: "Anna", ContactEmail: ptr("anna@initiative.example.org")}
	e := c.Confirmation(conference(), r, "tok123", nil)
	if e == nil {
		t.Fatal("no email to the contact")
	}
	if e.Recipient != "anna@initiative.example.org" || e.Kind != model.EmailConfirmation || e.Lang != "de" ||
		e.RegistrationID == nil || *e.RegistrationID != 5 {
		t.Errorf("email %+v", e)
	}
	wantIn(t, "body", e.Body, "Guten Tag Anna,", "Karim ist angemeldet", "weil Sie Karim angemeldet haben",
		baseURL+"/r/tok123\n")
	if strings.Contains(e.Body, "Ihr Platz") || e.Attachment != nil || e.AttachmentName != "" {
		t.Errorf("email to the contact speaks to the person, or has an attachment without a calendar:\n%s", e.Body)
	}

	// The person's own address wins over the contact's.
	r.Email = ptr("karim@example.org")
	e = c.Promoted(conference(), r, "tok123", nil)
	if e.Recipient != "karim@example.org" || e.Kind != model.EmailPromoted {
		t.Errorf("promotion to %s, kind %s", e.Recipient, e.Kind)
	}
	wantIn(t, "body", e.Body, "Guten Tag Karim,", "Sie sind von der Warteliste nachgerückt")
	if strings.Contains(e.Body, "Anna") {
		t.Errorf("email to the person mentions the contact:\n%s", e.Body)
	}
}

func TestComposerConfirmationInTheParticipantsLanguage(t *testing.T) {
	c := mail.NewComposer(bundle(t), site(t))
	ics := []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
	for _, tc := range []struct {
		lang, status, subject string
		body                  []string
	}{
		{"de", model.RegConfirmed, "Anmeldung bestätigt: Kommunale Flüchtlingskonferenz NRW",
			[]string{"Guten Tag Amina,", "Sie sind angemeldet", "Wann: Samstag, 13.2.2016, 10:00 bis 17:00 Uhr",
				"Wo: Alte Feuerwache, Gathe 6, 42107 Wuppertal", "herunterladen oder löschen", "(wuppertal-2016.ics)"}},
		{"de", model.RegWaiting, "Auf der Warteliste: Kommunale Flüchtlingskonferenz NRW",
			[]string{"Sie stehen auf der Warteliste, auf Platz 3."}},
		{"en", model.RegConfirmed, "Registration confirmed: Kommunale Flüchtlingskonferenz NRW",
			[]string{"Hello Amina,", "When: Saturday, 13 February 2016, 10:00 to 17:00", "download or delete"}},
		{"fr", model.RegWaiting, "Sur la liste d’attente\u00a0: Kommunale Flüchtlingskonferenz NRW",
			[]string{"Bonjour Amina,", "à la place n°\u00a03", "Samedi 13/02/2016, de 10:00 à 17:00", "télécharger ou supprimer"}},
		{"ar", model.RegConfirmed, "تأكيد التسجيل: Kommunale Flüchtlingskonferenz NRW",
			[]string{"مرحبًا Amina،", "تم تسجيلك", "السبت، 13/02/2016، من 10:00 إلى 17:00", "تنزيل البيانات المحفوظة أو حذفها"}},
	} {
		r := &model.Registration{ID: 9, Name: "Amina", Email: ptr("amina@example.org"), Status: tc.status, Lang: tc.lang}
		if tc.status == model.RegWaiting {
			r.Position = 3
		}
		e := c.Confirmation(conference(), r, "Tok_en-1", ics)
		if e.Subject != tc.subject {
			t.Errorf("%s %s: subject %q, want %q", tc.lang, tc.status, e.Subject, tc.subject)
		}
		wantIn(t, tc.lang+" body", e.Body, append(tc.body, baseURL+"/r/Tok_en-1", baseURL+"/k/wuppertal-2016")...)
		if e.Lang != tc.lang || e.Recipient != "amina@example.org" || e.AttachmentName != "wuppertal-2016.ics" ||
			string(e.Attachment) != string(ics) {
			t.Errorf("%s: email %+v", tc.lang, e)
		}
		if strings.Contains(e.Body, "mail_") || strings.Contains(e.Body, "<") {
			t.Errorf("%s: body has a message id or markup:\n%s", tc.lang, e.Body)
		}
	}
}

func TestComposerLinkAgain(t *testing.T) {
	c := mail.NewComposer(bundle(t), site(t))
	r := &model.Registration{ID: 9, Name: "Amina", Email: ptr("amina@example.org"), Status: model.RegConfirmed, Lang: "fr"}
	e := c.LinkAgain(conference(), r, "new-token")
	if e.Kind != model.EmailLinkAgain || e.Attachment != nil {
		t.Errorf("email %+v", e)
	}
	if e.Subject != "Votre lien personnel\u00a0: Kommunale Flüchtlingskonferenz NRW" {
		t.Errorf("subject %q", e.Subject)
	}
	wantIn(t, "body", e.Body, "peut-être vous-même", "les liens des messages précédents restent valables",
		baseURL+"/r/new-token", "Si ce n’était pas vous")
}

// A language the app does not speak falls back to German, and the email says so.
func TestComposerUnknownLanguage(t *testing.T) {
	c := mail.NewComposer(bundle(t), site(t))
	r := &model.Registration{ID: 9, Name: "Amina", Email: ptr("amina@example.org"), Status: model.RegConfirmed, Lang: "pl"}
	e := c.Promoted(conference(), r, "tok", nil)
	if e.Lang != "de" || !strings.HasPrefix(e.Subject, "Ein Platz ist frei geworden") {
		t.Errorf("lang %q, subject %q", e.Lang, e.Subject)
	}
}

func TestComposerSeveralDays(t *testing.T) {
	c := mail.NewComposer(bundle(t), site(t))
	conf := conference()
	conf.StartsAt = conf.StartsAt.Add(-16 * time.Hour) // Friday 18:00
	r := &model.Registration{ID: 9, Name: "Amina", Email: ptr("amina@example.org"), Status: model.RegConfirmed, Lang: "de"}
	e := c.Promoted(conf, r, "tok", nil)
	wantIn(t, "body", e.Body, "Wann: Freitag, 12.2.2016, 18:00 Uhr, bis Samstag, 13.2.2016, 17:00 Uhr")
}

// The assignment email lists the workshop of every slot, or that there is
// no place, in the person's language; a volunteer reads whom it is about.
func TestComposerAssignment(t *testing.T) {
	c := mail.NewComposer(bundle(t), site(t))
	lines := []mail.Line{
		{When: "10:00–12:00", Slot: "Vormittag", Workshop: "Wohnen", Room: "Raum 1"},
		{When: "14:00–16:00", Slot: "Nachmittag", Workshop: "لا يوجد مكان في هذه الفترة"},
	}
	r := &model.Registration{ID: 7, Name: "Karim", Status: model.RegConfirmed, Lang: "ar", Email: ptr("karim@example.org")}
	ics := []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
	e := c.Assignment(conference(), r, lines, "tok9", ics)
	if e == nil || e.Kind != model.EmailAssignment || e.Lang != "ar" || e.Recipient != "karim@example.org" {
		t.Fatalf("email %+v", e)
	}
	wantIn(t, "subject", e.Subject, "ورشتك")
	wantIn(t, "body", e.Body, "ستشارك هنا:", "10:00–12:00 Vormittag: Wohnen (Raum 1)",
		"14:00–16:00 Nachmittag: لا يوجد مكان في هذه الفترة", baseURL+"/r/tok9\n", "wuppertal-2016.ics")
	if e.AttachmentName != "wuppertal-2016.ics" || string(e.Attachment) != string(ics) {
		t.Errorf("attachment %q: %q", e.AttachmentName, e.Attachment)
	}

	r = &model.Registration{ID: 8, Name: "Dawit", Status: model.RegConfirmed, Lang: "de", ContactName: "Anna",
		ContactEmail: ptr("anna@initiative.example.org")}
	e = c.Assignment(conference(), r, lines[:1], "tok10", nil)
	if e == nil || e.Recipient != "anna@initiative.example.org" {
		t.Fatalf("email %+v", e)
	}
	wantIn(t, "body", e.Body, "Guten Tag Anna,", "Dawit ist hier dabei:", "Vormittag: Wohnen (Raum 1)")
	if e.Attachment != nil || strings.Contains(e.Body, ".ics") {
		t.Errorf("an email without a calendar file names one:\n%s", e.Body)
	}
	if e := c.Assignment(conference(), &model.Registration{ID: 9, Name: "X", Lang: "de"}, lines, "t", nil); e != nil {
		t.Errorf("assignment email without an address: %+v", e)
	}
}
