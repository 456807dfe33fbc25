package docconv_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"image"
	"image/png"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/docconv"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// wantMarkdown is the text of testdata/protokoll.md, as pandoc wrote it
// into protokoll.docx and protokoll.odt (`pandoc -o protokoll.docx
// protokoll.md`), read back.
const wantMarkdown = `# Protokoll Workshop Wohnen

Die Teilnehmenden aus **Köln** und *Bielefeld* berichteten über die Unterbringung.

## Forderungen

- Wohnungen statt Sammelunterkünfte
- Beratung in **mehreren** Sprachen

1. Mietobergrenzen anheben
2. Kommunale Wohnungsbaugesellschaften einbinden

## Stimmen

السكن حق للجميع

Übergänge gestalten, Ärger vermeiden.
`

func file(t *testing.T, name, typ string) *model.File {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return &model.File{Name: name, ContentType: typ, Data: data}
}

// Headings of two levels, paragraphs, bullet and numbered lists, bold,
// italic, umlauts and Arabic come back from a real DOCX and ODT.
func TestPandocDocuments(t *testing.T) {
	for _, f := range []*model.File{file(t, "protokoll.docx", model.TypeDOCX), file(t, "protokoll.odt", model.TypeODT)} {
		got, err := docconv.ToMarkdown(f)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if got != wantMarkdown {
			t.Errorf("%s:\n%s\nwant:\n%s", f.Name, got, wantMarkdown)
		}
	}
}

func TestMarkdownAndText(t *testing.T) {
	md := file(t, "protokoll.md", model.TypeMarkdown)
	got, err := docconv.ToMarkdown(md)
	if err != nil || got != string(md.Data) {
		t.Errorf("markdown: %v\n%s", err, got)
	}
	got, err = docconv.ToMarkdown(&model.File{ContentType: model.TypeText, Data: []byte("\uFEFFErste Zeile\r\nzweite\r\n\r\nAbsatz <b>")})
	if err != nil || got != "Erste Zeile\nzweite\n\nAbsatz <b>\n" {
		t.Errorf("text: %v %q", err, got)
	}
	if _, err := docconv.ToMarkdown(&model.File{ContentType: model.TypeText, Data: []byte("K\xf6ln")}); !errors.Is(err, docconv.ErrBroken) {
		t.Errorf("text not UTF-8: %v, want ErrBroken", err)
	}
	for _, typ := range []string{model.TypePDF, model.TypePNG, model.TypeJPEG} {
		if _, err := docconv.ToMarkdown(&model.File{ContentType: typ, Data: []byte("%PDF-1.4")}); !errors.Is(err, docconv.ErrNotDocument) {
			t.Errorf("%s: %v, want ErrNotDocument", typ, err)
		}
	}
}

// zipOf returns a zip of the named parts, deflated, in the order given.
func zipOf(t *testing.T, parts ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for i := 0; i < len(parts); i += 2 {
		f, err := w.Create(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(f, parts[i+1])
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

// bomb returns a DOCX whose document.xml inflates to size bytes: a
// paragraph of that many spaces, which deflate shrinks a thousandfold.
func bomb(t *testing.T, size int) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	f, err := w.Create("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(f, `<w:document `+wordNS+`><w:body><w:p><w:r><w:t>`)
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for n := 0; n < size; n += len(chunk) {
		f.Write(chunk)
	}
	io.WriteString(f, `</w:t></w:r></w:p></w:body></w:document>`)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRefusals(t *testing.T) {
	var img bytes.Buffer
	png.Encode(&img, image.NewGray(image.Rect(0, 0, 2, 2)))
	many := make([]string, 0, 2*1001)
	for i := range 1001 {
		many = append(many, "media/"+strings.Repeat("x", i%7)+string(rune('a'+i%26))+".txt", "")
	}
	for _, tc := range []struct {
		name string
		typ  string
		data []byte
		want error
	}{
		{"renamed PNG as DOCX", model.TypeDOCX, img.Bytes(), docconv.ErrBroken},
		{"renamed PNG as ODT", model.TypeODT, img.Bytes(), docconv.ErrBroken},
		{"ODT without content.xml", model.TypeODT, zipOf(t, "mimetype", "application/vnd.oasis.opendocument.text", "styles.xml", "<office:document-styles/>"), docconv.ErrBroken},
		{"DOCX without document.xml", model.TypeDOCX, zipOf(t, "word/styles.xml", "<w:styles "+wordNS+"/>"), docconv.ErrBroken},
		{"malformed XML", model.TypeDOCX, zipOf(t, "word/document.xml", "<w:document "+wordNS+"><w:body><w:p><w:t>Text</w:p>"), docconv.ErrBroken},
		{"malformed ODT", model.TypeODT, zipOf(t, "content.xml", "<office:document-content><office:body"), docconv.ErrBroken},
		{"too deep", model.TypeDOCX, zipOf(t, "word/document.xml", strings.Repeat("<w:p "+wordNS+">", 300)), docconv.ErrBroken},
		{"zip bomb", model.TypeDOCX, bomb(t, 64<<20), docconv.ErrTooLarge},
		{"too many entries", model.TypeDOCX, zipOf(t, many...), docconv.ErrTooLarge},
		{"truncated zip", model.TypeDOCX, file(t, "protokoll.docx", model.TypeDOCX).Data[:4000], docconv.ErrBroken},
	} {
		got, err := docconv.ToMarkdown(&model.File{ContentType: tc.typ, Data: tc.data})
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: %v %q, want %v", tc.name, err, got, tc.want)
		}
	}
}
