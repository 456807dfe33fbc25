package web

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

// docxParts are the parts a DOCX begins with, by which its type is known.
var docxParts = []string{
	"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
	"_rels/.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>`,
}

// zipBomb returns a DOCX whose document.xml inflates to size bytes of one
// paragraph's spaces (deflate shrinks them about a thousandfold). With
// lying, its header claims a small size, and only what is inflated tells.
func zipBomb(tb testing.TB, size int64, lying bool) []byte {
	tb.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for i := 0; i < len(docxParts); i += 2 {
		f, _ := w.Create(docxParts[i])
		io.WriteString(f, docxParts[i+1])
	}
	head, tail := `<w:document `+wordNS+`><w:body><w:p><w:r><w:t>`, `</w:t></w:r></w:p></w:body></w:document>`
	content := io.MultiReader(strings.NewReader(head), io.LimitReader(spaces{}, size), strings.NewReader(tail))
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	crc := crc32.NewIEEE()
	n, err := io.Copy(io.MultiWriter(fw, crc), content)
	if err != nil {
		tb.Fatal(err)
	}
	fw.Close()
	h := &zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate, CRC32: crc.Sum32(),
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: uint64(n)}
	if lying {
		h.UncompressedSize64 = 4 << 10
	}
	raw, err := w.CreateRaw(h)
	if err != nil {
		tb.Fatal(err)
	}
	raw.Write(comp.Bytes())
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// spaces is an endless source of spaces.
type spaces struct{}

func (spaces) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

// A DOCX that inflates to 64 MB is refused with the message for it, the
// same whether its header tells its size or lies about it.
func TestUploadZipBomb(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	u := newUploadTest(t, db)
	for _, lying := range []bool{false, true} {
		bomb := zipBomb(t, 64<<20, lying)
		status, body, _ := u.upload(t, "bombe.docx", bomb)
		want := "err_document_too_large"
		if lying {
			// The zip reader stops at the size the header claims: a part
			// longer than it says is a damaged zip.
			want = "err_document_broken"
		}
		if status != http.StatusUnprocessableEntity || body != want {
			t.Errorf("a %d-byte bomb (lying %v): %d %q, want 422 %s", len(bomb), lying, status, body, want)
		}
	}
}

// BenchmarkUpload measures what the refusals cost in memory (B/op): a 30 MB
// upload announced by its Content-Length, the same sent in chunks, zip
// bombs of 256 MB, and, for comparison, a 5 MB PDF that is taken.
//
//	go test -run '^$' -bench BenchmarkUpload -benchmem ./internal/web/
func BenchmarkUpload(b *testing.B) {
	db := storetest.Open(b, store.SQLite)
	u := newUploadTest(b, db)
	post := func(b *testing.B, body io.Reader, typ string, length int64, want int) {
		req := httptest.NewRequest(http.MethodPost, "http://example.test"+testUploadPath, body)
		req.Header.Set("Content-Type", typ)
		req.ContentLength = length
		if res := u.do(req); res.StatusCode != want {
			b.Fatalf("status %d, want %d", res.StatusCode, want)
		}
	}
	b.Run("30MB-content-length", func(b *testing.B) {
		for b.Loop() {
			body, typ, length := bigUpload(30 << 20)
			post(b, body, typ, length, http.StatusRequestEntityTooLarge)
		}
	})
	b.Run("30MB-chunked", func(b *testing.B) {
		for b.Loop() {
			body, typ, _ := bigUpload(30 << 20)
			post(b, body, typ, -1, http.StatusRequestEntityTooLarge)
		}
	})
	for _, lying := range []bool{false, true} {
		name := "zip-bomb-256MB"
		if lying {
			name += "-lying-header"
		}
		bomb := zipBomb(b, 256<<20, lying)
		body, typ := multipartBody(b, "bombe.docx", bomb)
		raw := body.(*bytes.Buffer).Bytes()
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				post(b, bytes.NewReader(raw), typ, int64(len(raw)), http.StatusUnprocessableEntity)
			}
		})
	}
	pdf := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("0123456789\n"), 5<<20/11)...)
	body, typ := multipartBody(b, "Bericht.pdf", pdf)
	raw := body.(*bytes.Buffer).Bytes()
	b.Run("5MB-pdf-taken", func(b *testing.B) {
		for b.Loop() {
			post(b, bytes.NewReader(raw), typ, int64(len(raw)), http.StatusCreated)
		}
	})
}

// Refusing 30 MB sent in chunks, and a zip bomb, takes memory in the
// hundreds of kilobytes (BenchmarkUpload has the figures), nowhere near
// what was sent or what the bomb unpacks to. The test runs alone (not in
// parallel), so the bytes allocated meanwhile are the request's.
func TestUploadMemoryStaysFlat(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	u := newUploadTest(t, db)
	bomb := zipBomb(t, 64<<20, false)
	bombBody, bombType := multipartBody(t, "bombe.docx", bomb)
	for _, tc := range []struct {
		name string
		send func() *http.Response
	}{
		{"30 MB in chunks", func() *http.Response {
			body, typ, _ := bigUpload(30 << 20)
			req := httptest.NewRequest(http.MethodPost, "http://example.test"+testUploadPath, body)
			req.Header.Set("Content-Type", typ)
			req.ContentLength = -1
			return u.do(req)
		}},
		{"zip bomb", func() *http.Response {
			req := httptest.NewRequest(http.MethodPost, "http://example.test"+testUploadPath, bombBody)
			req.Header.Set("Content-Type", bombType)
			return u.do(req)
		}},
	} {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		res := tc.send()
		runtime.ReadMemStats(&after)
		if res.StatusCode != http.StatusRequestEntityTooLarge && res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want a refusal", tc.name, res.StatusCode)
		}
		if n := after.TotalAlloc - before.TotalAlloc; n > 4<<20 {
			t.Errorf("%s: %d bytes allocated, want under 4 MB", tc.name, n)
		}
	}
}
