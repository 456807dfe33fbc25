// Package docconv turns an uploaded text document (DOCX, ODT, Markdown,
// plain text) into Markdown, keeping headings, paragraphs, lists, bold and
// italic. No maintained Go library reads DOCX and ODT into structured text
// (unioffice is paid, gooxml unmaintained), so the two formats are read here
// with archive/zip and encoding/xml, streaming, each part's inflation capped.
package docconv

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// The errors of ToMarkdown, for the web layer to say what went wrong.
var (
	// ErrNotDocument: the file is not a text document (a PDF, an image).
	ErrNotDocument = errors.New("docconv: not a text document")
	// ErrTooLarge: the document unpacks to far more than any minutes' text
	// (a zip bomb), or has too many parts.
	ErrTooLarge = errors.New("docconv: document too large when unpacked")
	// ErrBroken: the file is not what its type claims, or is malformed.
	ErrBroken = errors.New("docconv: document broken")
)

// Limits on what a document may unpack to. The longest minutes are a few
// pages, whose document.xml is well under a megabyte; a hundred-page report
// stays under maxPart. An XML decoder holds a whole text node in memory, so
// maxPart is also about the most a hostile part can make it hold.
const (
	maxPart    = 8 << 20 // bytes inflated from one part of the zip
	maxEntries = 1000    // parts in the zip; a long document has a few dozen
	maxDepth   = 256     // nesting of XML elements
)

// ToMarkdown returns the text of a document as Markdown. Markdown is taken as
// it is; plain text too, as it is valid Markdown, and rendering keeps raw
// HTML inert (it is off in the renderer).
func ToMarkdown(f *model.File) (string, error) {
	switch f.ContentType {
	case model.TypeDOCX:
		return fromZip(f.Data, docx)
	case model.TypeODT:
		return fromZip(f.Data, odt)
	case model.TypeMarkdown, model.TypeText:
		return plainText(f.Data)
	}
	return "", ErrNotDocument
}

// plainText checks that the text is UTF-8 and gives it Unix line ends.
func plainText(data []byte) (string, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) {
		return "", ErrBroken
	}
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	return strings.TrimSpace(strings.ReplaceAll(s, "\r", "\n")) + "\n", nil
}

// fromZip opens the zip of a document and hands it to read.
func fromZip(data []byte, read func(*archive) (string, error)) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", ErrBroken
	}
	if len(zr.File) > maxEntries {
		return "", ErrTooLarge
	}
	return read(&archive{zr})
}

// archive is a document's zip.
type archive struct{ zr *zip.Reader }

// errMissing: the archive has no part of that name.
var errMissing = errors.New("docconv: part missing")

// open returns a part of the archive whose reading fails with ErrTooLarge
// past maxPart, whatever the part's header claims.
func (a *archive) open(name string) (io.ReadCloser, error) {
	for _, f := range a.zr.File {
		if f.Name != name {
			continue
		}
		if f.UncompressedSize64 > maxPart {
			return nil, ErrTooLarge
		}
		rc, err := f.Open()
		if err != nil {
			return nil, ErrBroken
		}
		return &capped{rc: rc, left: maxPart}, nil
	}
	return nil, errMissing
}

// capped reads at most left bytes, then fails with ErrTooLarge.
type capped struct {
	rc   io.ReadCloser
	left int64
}

func (c *capped) Read(p []byte) (int, error) {
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.rc.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return 0, ErrTooLarge
	}
	if err != nil && !errors.Is(err, io.EOF) {
		// A flate or checksum error: the zip is damaged or lies about sizes.
		return n, ErrBroken
	}
	return n, err
}

func (c *capped) Close() error { return c.rc.Close() }

// readErr turns an error met while reading a part into one of ours.
func readErr(err error) error {
	if errors.Is(err, ErrTooLarge) {
		return ErrTooLarge
	}
	return ErrBroken
}
