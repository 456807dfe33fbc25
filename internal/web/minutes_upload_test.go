package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// minutesUpload posts a file as the minutes' upload form does.
func minutesUpload(t *testing.T, c *client, id int64, name string, data []byte) response {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	part, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	part.Write(data)
	w.Close()
	req := httptest.NewRequest(http.MethodPost, siteURL.String()+strings.TrimPrefix(urls.UploadMinutes(id), "/"), &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.do(req)
}

// minutesTestdata reads a document the docconv tests use.
func minutesTestdata(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("../docconv/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// minutesPDF is the smallest file the type detection takes for a PDF.
var minutesPDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// A .docx and an .odt uploaded become the text of the minutes, headings
// and lists intact, each as a new revision "uploaded", the text before
// kept; a PDF becomes an attachment, downloaded with its headers, public
// only once the minutes are published, and deleted through a confirmation.
func TestMinutesUpload(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newMinutesEdition(t, e)
		id := x.aMinutes
		wantStatus(t, minutesSave(x.facA, id, 0, "Von Hand geschrieben"), http.StatusSeeOther)
		editor := x.facA.get(urls.AdminMinutes(id))
		wantContains(t, editor, `action="`+urls.UploadMinutes(id)+`" enctype="multipart/form-data"`, "bleibt als frühere Fassung erhalten")

		for i, name := range []string{"protokoll.docx", "protokoll.odt"} {
			wantStatus(t, minutesUpload(t, x.facA, id, name, minutesTestdata(t, name)), http.StatusSeeOther)
			m := minutesStored(t, e, id)
			for _, want := range []string{"# Protokoll Workshop Wohnen", "## Forderungen", "- Wohnungen statt Sammelunterkünfte", "1. Mietobergrenzen anheben", "**Köln**", "السكن حق للجميع"} {
				if !strings.Contains(m.Body, want) {
					t.Errorf("%s: stored text lacks %q:\n%s", name, want, m.Body)
				}
			}
			if m.Version != int64(2+i) {
				t.Errorf("%s: version %d", name, m.Version)
			}
			r, err := e.db.MinutesRevision(t.Context(), id, m.Version)
			if err != nil || r.Cause != model.RevisionUploaded {
				t.Errorf("%s: revision %+v, %v", name, r, err)
			}
		}
		if r, err := e.db.MinutesRevision(t.Context(), id, 1); err != nil || r.Body != "Von Hand geschrieben" {
			t.Fatalf("the typed text is not kept: %+v, %v", r, err)
		}
		wantContains(t, x.facA.get(urls.MinutesRevisions(id)), "aus Datei übernommen")

		// A file that is no allowed type is refused at the field, nothing saved.
		bad := minutesUpload(t, x.facA, id, "programm.exe", []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"))
		wantStatus(t, bad, http.StatusUnprocessableEntity)
		wantContains(t, bad, `id="f-file-error"`)
		empty := minutesUpload(t, x.facA, id, "leer.pdf", nil)
		wantStatus(t, empty, http.StatusUnprocessableEntity)
		wantContains(t, empty, "Bitte wählen Sie eine Datei aus.")

		wantStatus(t, minutesUpload(t, x.facA, id, "Präsentation Wohnen.pdf", minutesPDF), http.StatusSeeOther)
		if m := minutesStored(t, e, id); m.Version != 3 {
			t.Errorf("a PDF changed the text: version %d", m.Version)
		}
		files, err := e.db.MinutesAttachments(t.Context(), id)
		if err != nil || len(files) != 1 {
			t.Fatalf("attachments: %v, %v", files, err)
		}
		f := files[0]
		wantContains(t, x.facA.get(urls.AdminMinutes(id)), `href="`+urls.MinutesAttachment(id, f.ID)+`" download><bdi>Präsentation Wohnen.pdf</bdi>`)
		dl := x.facA.get(urls.MinutesAttachment(id, f.ID))
		wantStatus(t, dl, http.StatusOK)
		for header, want := range map[string]string{
			"Content-Type":           model.TypePDF,
			"X-Content-Type-Options": "nosniff",
			"Cache-Control":          "private, no-store",
			"Content-Disposition":    `attachment; filename="Prasentation Wohnen.pdf"; filename*=utf-8''Pr%C3%A4sentation%20Wohnen.pdf`,
		} {
			if got := dl.Header.Get(header); got != want {
				t.Errorf("%s: %q, want %q", header, got, want)
			}
		}
		if dl.Body != string(minutesPDF) {
			t.Errorf("downloaded %q", dl.Body)
		}
		// Workshop B's facilitator and the public reach none of it yet.
		wantStatus(t, x.facB.get(urls.MinutesAttachment(id, f.ID)), http.StatusNotFound)
		public := urls.PublicAttachment(x.conf.Slug, id, f.ID)
		anon := newClient(t, e.app.Handler())
		wantStatus(t, anon.get(public), http.StatusNotFound)
		// A file id under other minutes is not found.
		wantStatus(t, x.organiser.get(urls.MinutesAttachment(x.keyNote, f.ID)), http.StatusNotFound)

		wantStatus(t, x.facA.post(urls.SubmitMinutes(id), nil), http.StatusSeeOther)
		// Submitted, the facilitator uploads nothing more.
		wantStatus(t, minutesUpload(t, x.facA, id, "noch.pdf", minutesPDF), http.StatusConflict)
		wantStatus(t, x.organiser.post(urls.ApproveMinutes(id), nil), http.StatusSeeOther)
		wantStatus(t, x.organiser.post(urls.PublishMinutes(id), confirmYes), http.StatusSeeOther)
		page := anon.get(urls.Conference(x.conf.Slug))
		wantContains(t, page, `href="`+public+`" download><bdi>Präsentation Wohnen.pdf</bdi>`, "<h4>Protokoll Workshop Wohnen</h4>", "<h5>Forderungen</h5>", "<li>Wohnungen statt Sammelunterkünfte</li>")
		got := anon.get(public)
		wantStatus(t, got, http.StatusOK)
		if got.Header.Get("Cache-Control") != "no-cache" || got.Body != string(minutesPDF) {
			t.Errorf("public download: %q, %q", got.Header.Get("Cache-Control"), got.Body)
		}
		// Under another edition's slug or other minutes, not found.
		wantStatus(t, anon.get(urls.PublicAttachment("andere", id, f.ID)), http.StatusNotFound)
		wantStatus(t, anon.get(urls.PublicAttachment(x.conf.Slug, x.keyNote, f.ID)), http.StatusNotFound)
		// Published minutes keep their attachments until unpublished.
		wantStatus(t, x.organiser.post(urls.DeleteAttachment(id, f.ID), confirmYes), http.StatusConflict)
		wantStatus(t, x.organiser.post(urls.UnpublishMinutes(id), confirmYes), http.StatusSeeOther)
		wantStatus(t, anon.get(public), http.StatusNotFound)

		wantConfirmPage(t, x.organiser.get(urls.DeleteAttachment(id, f.ID)), urls.DeleteAttachment(id, f.ID), "Präsentation Wohnen.pdf")
		wantStatus(t, x.organiser.post(urls.DeleteAttachment(id, f.ID), nil), http.StatusOK)
		wantStatus(t, x.organiser.post(urls.DeleteAttachment(id, f.ID), confirmYes), http.StatusSeeOther)
		wantStatus(t, x.organiser.get(urls.MinutesAttachment(id, f.ID)), http.StatusNotFound)
		if _, err := e.db.FileInfo(t.Context(), f.ID); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("the deleted attachment's file: %v", err)
		}
		log, err := e.db.AuditLog(t.Context(), 10)
		if err != nil || log[0].Action != model.AuditAttachmentDeleted || !strings.Contains(log[0].Detail, "Präsentation Wohnen.pdf") {
			t.Errorf("audit: %+v, %v", log, err)
		}
	})
}
