package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/gabriel-vasile/mimetype"
	"github.com/gin-gonic/gin"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/docconv"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// Upload routes read bodies up to maxUploadBody: the largest file and room
// for the form's other fields. Their form is parsed with uploadMemory, so
// that a file part goes to a temporary file instead of staying in memory.
const (
	maxUploadBody = model.MaxUpload + 1<<20
	uploadMemory  = 64 << 10
)

// uploadRoutes are the full paths of the routes that take files.
type uploadRoutes struct {
	mu    sync.RWMutex
	paths map[string]bool
}

func (u *uploadRoutes) add(p string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.paths == nil {
		u.paths = map[string]bool{}
	}
	u.paths[p] = true
}

func (u *uploadRoutes) has(p string) bool {
	u.mu.RLock()
	defer u.mu.RUnlock()
	return u.paths[p]
}

// postUpload registers a POST route that takes a file: readBody gives it
// the upload limit instead of maxBody, and readUploadBody reads it after
// the group's own checks (the login).
func (a *App) postUpload(group *gin.RouterGroup, relativePath string, handlers ...gin.HandlerFunc) {
	a.uploads.add(joinRoute(group.BasePath(), relativePath))
	group.POST(relativePath, append([]gin.HandlerFunc{a.readUploadBody}, handlers...)...)
}

// joinRoute joins a group's base path and a route's path as Gin does.
func joinRoute(base, rel string) string {
	if rel == "" {
		return base
	}
	p := path.Join(base, rel)
	if strings.HasSuffix(rel, "/") && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// fileTypes are the types an upload may have, with the extension a
// cleaned name gets and the others it may keep.
var fileTypes = map[string][]string{
	model.TypePDF:      {".pdf"},
	model.TypeDOCX:     {".docx"},
	model.TypeODT:      {".odt"},
	model.TypeText:     {".txt", ".text"},
	model.TypeMarkdown: {".md", ".markdown"},
	model.TypePNG:      {".png"},
	model.TypeJPEG:     {".jpg", ".jpeg"},
}

// readUpload returns the file sent in field, its type detected from its
// content, its name cleaned, its size and hash computed. Text is stored as
// UTF-8, whatever it was written in. An empty field, a file over
// model.MaxUpload and a type not allowed are field errors.
func (a *App) readUpload(c *gin.Context, field string) (*model.File, error) {
	var fh []*multipart.FileHeader
	if form := c.Request.MultipartForm; form != nil {
		fh = form.File[field]
	}
	if len(fh) == 0 || fh[0].Size == 0 {
		return nil, model.Invalid(map[string]string{field: "err_file_missing"})
	}
	if fh[0].Size > model.MaxUpload {
		e := model.Invalid(map[string]string{field: "err_file_too_large"})
		e.Counts = map[string]int{field: model.MaxUpload >> 20}
		return nil, e
	}
	part, err := fh[0].Open()
	if err != nil {
		return nil, err
	}
	defer part.Close()
	data := make([]byte, fh[0].Size)
	if _, err := io.ReadFull(part, data); err != nil {
		return nil, err
	}
	typ, data := detectType(data, fh[0].Filename)
	if typ == "" {
		return nil, model.Invalid(map[string]string{field: "err_file_type"})
	}
	sum := sha256.Sum256(data)
	f := &model.File{Name: cleanName(fh[0].Filename, typ), ContentType: typ, Size: int64(len(data)),
		SHA256: hex.EncodeToString(sum[:]), Data: data}
	if u := currentUser(c); u != nil {
		f.CreatedBy = &u.ID
	}
	return f, nil
}

// detectType returns the allowed type of data, "" for none, and the data,
// text turned into UTF-8. Text is Markdown when its name says so, as
// nothing in Markdown's content tells it apart from plain text.
func detectType(data []byte, name string) (string, []byte) {
	m := mimetype.Detect(data)
	for _, t := range []string{model.TypePDF, model.TypeDOCX, model.TypeODT, model.TypePNG, model.TypeJPEG} {
		if m.Is(t) {
			return t, data
		}
	}
	for p := m; p != nil; p = p.Parent() {
		if !p.Is("text/plain") {
			continue
		}
		text, ok := toUTF8(data)
		if !ok {
			return "", nil
		}
		switch strings.ToLower(path.Ext(name)) {
		case ".md", ".markdown":
			return model.TypeMarkdown, text
		}
		return model.TypeText, text
	}
	return "", nil
}

// toUTF8 returns text as UTF-8 without a byte-order mark: UTF-16 by its
// mark, and text that is not UTF-8 as Windows-1252, what older editors in
// Germany and France write.
func toUTF8(data []byte) ([]byte, bool) {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		out, err := xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM).NewDecoder().Bytes(data)
		return out, err == nil && utf8.Valid(out)
	case utf8.Valid(data):
		return bytes.TrimPrefix(data, []byte("\uFEFF")), true
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(data)
	return out, err == nil
}

// Names of stored files: at most maxNameRunes before the extension, and
// defaultName for a name with nothing left after cleaning.
const (
	maxNameRunes = 100
	defaultName  = "datei"
)

// cleanName makes a sent file name safe to store and to send back in a
// header: its last element only, without control and direction characters
// (which can make "fdp.exe" look like "exe.pdf"), quotes, slashes and the
// characters Windows refuses; its spaces collapsed, its length bounded, its
// extension that of typ.
func cleanName(name, typ string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	space := false
	for _, r := range norm.NFC.String(name) {
		switch {
		case unicode.IsSpace(r):
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		case unicode.IsControl(r), isDirectionMark(r), r == utf8.RuneError, r == '\uFEFF',
			strings.ContainsRune(`"'`+"`"+`/\:*?<>|`, r):
			continue
		}
		b.WriteRune(r)
		space = false
	}
	name = strings.TrimRight(b.String(), " .")
	exts := fileTypes[typ]
	stem := name
	if ext := strings.ToLower(path.Ext(name)); ext != "" && knownExtension(ext) {
		stem = name[:len(name)-len(ext)]
		if slices.Contains(exts, ext) {
			exts = []string{ext}
		}
	}
	// Leading dots hide a file; trailing ones and spaces Windows drops.
	stem = strings.Trim(stem, " .")
	if r := []rune(stem); len(r) > maxNameRunes {
		stem = strings.TrimRight(string(r[:maxNameRunes]), " .")
	}
	if stem == "" {
		stem = defaultName
	}
	return stem + exts[0]
}

// isDirectionMark reports whether r changes the direction of text around it.
func isDirectionMark(r rune) bool {
	return r == '\u061C' || r == '\u200E' || r == '\u200F' || r >= '\u202A' && r <= '\u202E' || r >= '\u2066' && r <= '\u2069'
}

// knownExtension reports whether ext is one of an allowed type's: such an
// extension is replaced by the detected type's, any other kept in the name.
func knownExtension(ext string) bool {
	for _, exts := range fileTypes {
		if slices.Contains(exts, ext) {
			return true
		}
	}
	return false
}

// sendFile answers with f as a download: never shown inline, never sniffed
// into another type, its hash as ETag (a conditional request gets 304), and
// kept in no cache when staff fetch it, as a staff file may hold personal
// data; a public file may be cached but is checked again each time, as it
// may be withdrawn. HEAD gets the headers alone (headAsGet).
func (a *App) sendFile(c *gin.Context, f *model.File) {
	h := c.Writer.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("Content-Disposition", contentDisposition(f.Name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("ETag", `"`+f.SHA256+`"`)
	if currentUser(c) != nil {
		h.Set("Cache-Control", "private, no-store")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	http.ServeContent(c.Writer, c.Request, "", f.CreatedAt, bytes.NewReader(f.Data))
	c.Abort()
}

// contentDisposition makes a file a download under its name: filename*
// (RFC 6266, UTF-8) for a name beyond ASCII, after a filename of its ASCII
// letters for clients that know only that.
func contentDisposition(name string) string {
	ascii := mime.FormatMediaType("attachment", map[string]string{"filename": asciiName(name)})
	if isASCII(name) {
		return ascii
	}
	full := mime.FormatMediaType("attachment", map[string]string{"filename": name})
	return ascii + strings.TrimPrefix(full, "attachment")
}

// asciiName returns name with its letters' accents dropped and what is
// still not ASCII replaced by "_".
func asciiName(name string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r < utf8.RuneSelf && unicode.IsPrint(r):
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// documentText returns an uploaded document's text as Markdown; a file that
// is no text document, a broken one and a zip bomb are field errors.
func documentText(f *model.File, field string) (string, error) {
	text, err := docconv.ToMarkdown(f)
	var msg string
	switch {
	case err == nil:
		return text, nil
	case errors.Is(err, docconv.ErrNotDocument):
		msg = "err_document_not_text"
	case errors.Is(err, docconv.ErrTooLarge):
		msg = "err_document_too_large"
	case errors.Is(err, docconv.ErrBroken):
		msg = "err_document_broken"
	default:
		return "", err
	}
	return "", model.Invalid(map[string]string{field: msg})
}
