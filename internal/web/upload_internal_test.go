package web

import (
	"archive/zip"
	"bytes"
	"fmt"
	"image"
	"image/png"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

// uploadTest is an app whose router has, besides every real route, a
// route registered with postUpload that stores the file it is sent (and
// answers with its text if it is a document, its address in Location) and
// a route that sends a stored file back.
type uploadTest struct {
	app     *App
	handler http.Handler
	cookies []*http.Cookie // a staff login, once login was called
}

const (
	testUploadPath   = "/test/upload"
	testDownloadPath = "/test/files/"
)

func newUploadTest(t testing.TB, db *store.DB) *uploadTest {
	t.Helper()
	app, err := NewApp(db, slog.New(slog.NewTextHandler(io.Discard, nil)), Config{BaseURL: "http://example.test"})
	if err != nil {
		t.Fatal(err)
	}
	r := app.Router()
	g := r.Group("/test")
	app.postUpload(g, "/upload", func(c *gin.Context) {
		f, err := app.readUpload(c, "file")
		if e := model.AsError(err); e != nil {
			c.String(http.StatusUnprocessableEntity, "%s %v %s", e.Fields["file"], e.Counts["file"], c.PostForm("note"))
			return
		}
		if err != nil {
			app.fail(c, err)
			return
		}
		// A document becomes text, as minutes do; its text comes back.
		text := ""
		if f.IsDocument() {
			if text, err = documentText(f, "file"); err != nil {
				c.String(http.StatusUnprocessableEntity, "%s", model.AsError(err).Fields["file"])
				return
			}
		}
		if err := app.db.InsertFile(c.Request.Context(), nil, f); err != nil {
			app.fail(c, err)
			return
		}
		c.Header("Location", testDownloadPath+strconv.FormatInt(f.ID, 10))
		c.String(http.StatusCreated, "%s", text)
	})
	g.GET("/files/:id", func(c *gin.Context) {
		id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
		f, err := app.db.File(c.Request.Context(), id)
		if err != nil {
			app.fail(c, err)
			return
		}
		app.sendFile(c, f)
	})
	return &uploadTest{app: app, handler: headAsGet(http.NewCrossOriginProtection().Handler(r))}
}

// do sends req with the test's cookies and returns the recorded answer.
func (u *uploadTest) do(req *http.Request) *http.Response {
	for _, c := range u.cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	u.handler.ServeHTTP(rec, req)
	return rec.Result()
}

// login logs a new organiser in; later requests are theirs.
func (u *uploadTest) login(t *testing.T) {
	t.Helper()
	usr := &model.User{Email: "orga@example.test", Name: "Orga", Role: model.RoleOrganiser}
	if err := u.app.db.CreateUserWithPassword(t.Context(), usr, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	form := url.Values{"email": {usr.Email}, "password": {"correct horse battery"}, "next": {"/admin"}}
	req := httptest.NewRequest(http.MethodPost, "http://example.test/admin/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res := u.do(req)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", res.StatusCode)
	}
	u.cookies = res.Cookies()
}

// multipartBody returns a form with a note field and a file part of the
// given name and content.
func multipartBody(t testing.TB, name string, content []byte) (io.Reader, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if err := w.WriteField("note", "Protokoll"); err != nil {
		t.Fatal(err)
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", mime.FormatMediaType("form-data", map[string]string{"name": "file", "filename": name}))
	h.Set("Content-Type", "application/octet-stream")
	part, err := w.CreatePart(h)
	if err != nil {
		t.Fatal(err)
	}
	part.Write(content)
	w.Close()
	return &buf, w.FormDataContentType()
}

// upload posts a file and returns the answer's status, body and the
// stored file's id.
func (u *uploadTest) upload(t testing.TB, name string, content []byte) (int, string, int64) {
	t.Helper()
	body, typ := multipartBody(t, name, content)
	req := httptest.NewRequest(http.MethodPost, "http://example.test"+testUploadPath, body)
	req.Header.Set("Content-Type", typ)
	res := u.do(req)
	b, _ := io.ReadAll(res.Body)
	id, _ := strconv.ParseInt(strings.TrimPrefix(res.Header.Get("Location"), testDownloadPath), 10, 64)
	return res.StatusCode, string(b), id
}

// pngImage returns a small PNG.
func pngImage(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The type comes from the content: a PNG named .pdf is stored, and sent
// back, as a PNG named .png, with the headers of a download.
func TestUploadTypeFromContent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		u := newUploadTest(t, db)
		img := pngImage(t)
		status, body, id := u.upload(t, "../../etc/pa\u202Esswd.pdf", img)
		if status != http.StatusCreated {
			t.Fatalf("upload: %d %s", status, body)
		}
		path := "http://example.test" + testDownloadPath + strconv.FormatInt(id, 10)
		f, err := db.File(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		if f.ContentType != model.TypePNG || f.Name != "passwd.png" || !bytes.Equal(f.Data, img) || f.Size != int64(len(img)) {
			t.Errorf("stored %q as %q, %d bytes", f.Name, f.ContentType, f.Size)
		}

		res := u.do(httptest.NewRequest(http.MethodGet, path, nil))
		got, _ := io.ReadAll(res.Body)
		h := res.Header
		if res.StatusCode != http.StatusOK || !bytes.Equal(got, img) {
			t.Fatalf("download: %d, %d bytes", res.StatusCode, len(got))
		}
		for k, want := range map[string]string{
			"Content-Type": "image/png", "Content-Disposition": `attachment; filename=passwd.png`,
			"X-Content-Type-Options": "nosniff", "Content-Length": strconv.Itoa(len(img)),
			"ETag": `"` + f.SHA256 + `"`, "Cache-Control": "no-cache",
		} {
			if h.Get(k) != want {
				t.Errorf("%s: %q, want %q", k, h.Get(k), want)
			}
		}

		// HEAD: the headers without the body.
		res = u.do(httptest.NewRequest(http.MethodHead, path, nil))
		got, _ = io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK || len(got) != 0 || res.Header.Get("Content-Length") != strconv.Itoa(len(img)) {
			t.Errorf("HEAD: %d, %d bytes, length %q", res.StatusCode, len(got), res.Header.Get("Content-Length"))
		}

		// The ETag answers a conditional request with 304.
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("If-None-Match", `"`+f.SHA256+`"`)
		if res := u.do(req); res.StatusCode != http.StatusNotModified {
			t.Errorf("If-None-Match: %d, want 304", res.StatusCode)
		}

		// Staff downloads are kept in no cache.
		u.login(t)
		res = u.do(httptest.NewRequest(http.MethodGet, path, nil))
		if cc := res.Header.Get("Cache-Control"); res.StatusCode != http.StatusOK || cc != "private, no-store" {
			t.Errorf("staff download: %d, Cache-Control %q", res.StatusCode, cc)
		}
	})
}

// What an upload may be, and what it may not.
func TestUploadRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		u := newUploadTest(t, db)
		for _, tc := range []struct {
			name    string
			content []byte
			want    string
		}{
			{"leer.txt", nil, "err_file_missing 0 Protokoll"},
			{"programm.exe", []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + strings.Repeat("\x00", 64)), "err_file_type 0 Protokoll"},
			{"archiv.docx", zipOf(t, map[string]string{"a.txt": "kein Word"}), "err_file_type 0 Protokoll"},
			{"groß.pdf", append([]byte("%PDF-1.4\n"), make([]byte, model.MaxUpload)...), "err_file_too_large 20 Protokoll"},
		} {
			status, body, _ := u.upload(t, tc.name, tc.content)
			if status != http.StatusUnprocessableEntity || body != tc.want {
				t.Errorf("%s: %d %q, want 422 %q", tc.name, status, body, tc.want)
			}
		}
		// No file part at all.
		form := url.Values{"note": {"Protokoll"}}
		req := httptest.NewRequest(http.MethodPost, "http://example.test"+testUploadPath, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res := u.do(req)
		if b, _ := io.ReadAll(res.Body); res.StatusCode != http.StatusUnprocessableEntity || string(b) != "err_file_missing 0 Protokoll" {
			t.Errorf("no file: %d %q", res.StatusCode, b)
		}
	})
}

// An upload route takes a file up to the limit; every other route keeps
// maxBody.
func TestUploadRoutesHaveTheirOwnLimit(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	u := newUploadTest(t, db)
	big := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("0123456789\n"), 5<<20/11)...)
	if status, body, _ := u.upload(t, "Bericht.pdf", big); status != http.StatusCreated {
		t.Fatalf("a 5 MB upload: %d %s", status, body)
	}
	body, typ := multipartBody(t, "Bericht.pdf", big)
	req := httptest.NewRequest(http.MethodPost, "http://example.test/admin/login", body)
	req.Header.Set("Content-Type", typ)
	res := u.do(req)
	page, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(page), "1 MB") {
		t.Errorf("5 MB to the login: %d, want 413 saying 1 MB", res.StatusCode)
	}
}

// countingReader counts what was read of a body.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// zeros is an endless source of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// bigUpload returns a multipart body with a file of size bytes, built as it
// is read, and its content type.
func bigUpload(size int64) (io.Reader, string, int64) {
	const boundary = "grenze"
	head := "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"gross.pdf\"\r\n" +
		"Content-Type: application/pdf\r\n\r\n%PDF-1.4\n"
	tail := "\r\n--" + boundary + "--\r\n"
	body := io.MultiReader(strings.NewReader(head), io.LimitReader(zeros{}, size), strings.NewReader(tail))
	return body, "multipart/form-data; boundary=" + boundary, int64(len(head)) + size + int64(len(tail))
}

// A 30 MB upload is refused with 413 and the page that says the limit:
// announced by Content-Length, before a byte is read; sent in chunks, once
// the limit is read.
func TestUploadOverTheLimit(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	u := newUploadTest(t, db)
	for _, chunked := range []bool{false, true} {
		t.Run(fmt.Sprintf("chunked=%v", chunked), func(t *testing.T) {
			body, typ, length := bigUpload(30 << 20)
			counted := &countingReader{r: body}
			req := httptest.NewRequest(http.MethodPost, "http://example.test"+testUploadPath, counted)
			req.Header.Set("Content-Type", typ)
			req.ContentLength = -1
			if !chunked {
				req.ContentLength = length
			}
			res := u.do(req)
			page, _ := io.ReadAll(res.Body)
			if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(page), "20 MB") {
				t.Fatalf("%d, want 413 saying 20 MB:\n%s", res.StatusCode, page)
			}
			if !chunked && counted.n != 0 {
				t.Errorf("read %d bytes of a body announced as too large", counted.n)
			}
			if chunked && counted.n > maxUploadBody+64<<10 {
				t.Errorf("read %d bytes, more than the limit %d", counted.n, maxUploadBody)
			}
		})
	}
}

func TestCleanName(t *testing.T) {
	for _, tc := range []struct{ in, typ, want string }{
		{"../../etc/pa\u202Esswd.pdf", model.TypePDF, "passwd.pdf"},
		{`C:\Users\amina\Protokoll Wohnen.docx`, model.TypeDOCX, "Protokoll Wohnen.docx"},
		{"foto.PDF", model.TypePNG, "foto.png"},
		{"Bild.JPEG", model.TypeJPEG, "Bild.jpeg"},
		{"notizen", model.TypeMarkdown, "notizen.md"},
		{"Protokoll 13.02.2016", model.TypeText, "Protokoll 13.02.2016.txt"},
		{"\"quoted\" 'name'\x00\x1f.odt", model.TypeODT, "quoted name.odt"},
		{"  ..versteckt.  .pdf", model.TypePDF, "versteckt.pdf"},
		{".pdf", model.TypePDF, "datei.pdf"},
		{"محضر الورشة.pdf", model.TypePDF, "محضر الورشة.pdf"},
		{"Übergänge\u200F\u2066.txt", model.TypeText, "Übergänge.txt"},
		{strings.Repeat("ä", 300) + ".pdf", model.TypePDF, strings.Repeat("ä", 100) + ".pdf"},
	} {
		if got := cleanName(tc.in, tc.typ); got != tc.want {
			t.Errorf("cleanName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestContentDisposition(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Protokoll.pdf", "attachment; filename=Protokoll.pdf"},
		{"Protokoll Wohnen.pdf", `attachment; filename="Protokoll Wohnen.pdf"`},
		{"Übergänge.pdf", `attachment; filename=Ubergange.pdf; filename*=utf-8''%C3%9Cberg%C3%A4nge.pdf`},
		{"محضر.pdf", `attachment; filename=____.pdf; filename*=utf-8''%D9%85%D8%AD%D8%B6%D8%B1.pdf`},
	} {
		got := contentDisposition(tc.in)
		if got != tc.want {
			t.Errorf("contentDisposition(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if _, params, err := mime.ParseMediaType(got); err != nil || params["filename"] != tc.in {
			t.Errorf("%q reads back as %q (%v)", got, params["filename"], err)
		}
	}
}

// Text is stored as UTF-8 whatever it was written in; Markdown is told
// from text by its name.
func TestUploadText(t *testing.T) {
	for _, tc := range []struct {
		name    string
		content []byte
		typ     string
		text    string
	}{
		{"notizen.md", []byte("# Wohnen\n\nÜbergänge"), model.TypeMarkdown, "# Wohnen\n\nÜbergänge"},
		{"notizen.txt", []byte("\uFEFFÜbergänge"), model.TypeText, "Übergänge"},
		{"alt.txt", []byte("\xdcberg\xe4nge f\xfcr K\xf6ln"), model.TypeText, "Übergänge für Köln"},
		{"utf16.txt", []byte("\xff\xfeK\x00\xf6\x00l\x00n\x00"), model.TypeText, "Köln"},
	} {
		typ, data := detectType(tc.content, tc.name)
		if typ != tc.typ || string(data) != tc.text {
			t.Errorf("%s: %q %q, want %q %q", tc.name, typ, data, tc.typ, tc.text)
		}
	}
}

// zipOf returns a zip of the named files.
func zipOf(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for name, content := range files {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(f, content)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A document's problems are the field's, in words the catalogue has.
func TestDocumentText(t *testing.T) {
	docx := zipOf(t, map[string]string{"word/document.xml": `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
		`<w:body><w:p><w:pPr><w:pStyle w:val="Heading1"/><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>Wohnen</w:t></w:r></w:p></w:body></w:document>`})
	if text, err := documentText(&model.File{ContentType: model.TypeDOCX, Data: docx}, "file"); err != nil || text != "# Wohnen\n" {
		t.Errorf("a DOCX: %q, %v", text, err)
	}
	many := map[string]string{}
	for i := range 1001 {
		many[fmt.Sprintf("media/%d.txt", i)] = ""
	}
	for _, tc := range []struct {
		f    *model.File
		want string
	}{
		{&model.File{ContentType: model.TypeDOCX, Data: zipOf(t, many)}, "err_document_too_large"},
		{&model.File{ContentType: model.TypePDF, Data: []byte("%PDF-1.4")}, "err_document_not_text"},
		{&model.File{ContentType: model.TypeDOCX, Data: pngImage(t)}, "err_document_broken"},
		{&model.File{ContentType: model.TypeODT, Data: zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.text"})}, "err_document_broken"},
	} {
		_, err := documentText(tc.f, "file")
		if e := model.AsError(err); e == nil || e.Code != model.EInvalid || e.Fields["file"] != tc.want {
			t.Errorf("%s: %v, want %s", tc.f.ContentType, err, tc.want)
		}
	}
}

// A real DOCX and ODT (pandoc's, in internal/docconv/testdata) are taken
// as such from their content, whatever their names, and give back their
// headings and lists; a "docx" that is a renamed PNG is kept as the PNG it is.
func TestUploadDocuments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		u := newUploadTest(t, db)
		for _, tc := range []struct{ file, name, typ, stored string }{
			{"protokoll.docx", "Protokoll Wohnen.docx", model.TypeDOCX, "Protokoll Wohnen.docx"},
			{"protokoll.odt", "protokoll", model.TypeODT, "protokoll.odt"},
			{"protokoll.md", "notizen.md", model.TypeMarkdown, "notizen.md"},
		} {
			data, err := os.ReadFile("../docconv/testdata/" + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			status, text, id := u.upload(t, tc.name, data)
			if status != http.StatusCreated {
				t.Fatalf("%s: %d %s", tc.file, status, text)
			}
			for _, want := range []string{"# Protokoll Workshop Wohnen\n", "\n## Forderungen\n", "\n- Wohnungen statt Sammelunterkünfte\n",
				"\n1. Mietobergrenzen anheben\n2. Kommunale", "**Köln**", "*Bielefeld*", "السكن حق للجميع"} {
				if !strings.Contains(text, want) {
					t.Errorf("%s: the text lacks %q:\n%s", tc.file, want, text)
				}
			}
			f, err := db.FileInfo(t.Context(), id)
			if err != nil {
				t.Fatal(err)
			}
			if f.ContentType != tc.typ || f.Name != tc.stored || f.Size != int64(len(data)) {
				t.Errorf("%s stored as %q %q, %d bytes", tc.file, f.Name, f.ContentType, f.Size)
			}
		}

		status, text, id := u.upload(t, "Protokoll.docx", pngImage(t))
		f, err := db.FileInfo(t.Context(), id)
		if status != http.StatusCreated || text != "" || err != nil || f.ContentType != model.TypePNG || f.Name != "Protokoll.png" {
			t.Errorf("a PNG named .docx: %d %q, stored as %+v (%v)", status, text, f, err)
		}
	})
}

// An upload route reads its body only after the login check: a visitor
// without an account is sent to the login before the file is read, so
// nobody can make the server spool 20 MB without logging in.
func TestUploadIsReadOnlyAfterLogin(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	u := newUploadTest(t, db)
	body, typ, _ := bigUpload(5 << 20)
	counted := &countingReader{r: body}
	req := httptest.NewRequest(http.MethodPost, "http://example.test/admin/minutes/1/upload", counted)
	req.Header.Set("Content-Type", typ)
	req.ContentLength = -1
	res := u.do(req)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/admin/login") {
		t.Fatalf("%d %q, want 303 to the login", res.StatusCode, res.Header.Get("Location"))
	}
	if counted.n > 0 {
		t.Errorf("read %d bytes of an anonymous upload", counted.n)
	}
}
