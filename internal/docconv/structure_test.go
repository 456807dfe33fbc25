package docconv_test

import (
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/docconv"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// Word's own way of writing: German style ids named by their English
// names, lists by numbering and by style, nested levels, character styles,
// line breaks, tracked changes, text boxes written twice, tables.
func TestWordStructure(t *testing.T) {
	styles := `<w:styles ` + wordNS + `>
<w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Meine"><w:name w:val="Meine Überschrift"/><w:basedOn w:val="berschrift2"/></w:style>
<w:style w:type="paragraph" w:styleId="berschrift2"><w:name w:val="heading 2"/></w:style>
<w:style w:type="paragraph" w:styleId="Aufzhlungszeichen"><w:name w:val="List Bullet"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="character" w:styleId="Fett"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>
</w:styles>`
	numbering := `<w:numbering ` + wordNS + `>
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>`
	p := func(ppr, runs string) string { return `<w:p><w:pPr>` + ppr + `</w:pPr>` + runs + `</w:p>` }
	r := func(rpr, text string) string {
		return `<w:r><w:rPr>` + rpr + `</w:rPr><w:t xml:space="preserve">` + text + `</w:t></w:r>`
	}
	item := func(numID, level, text string) string {
		return p(`<w:numPr><w:ilvl w:val="`+level+`"/><w:numId w:val="`+numID+`"/></w:numPr>`, r("", text))
	}
	body := p(`<w:pStyle w:val="berschrift1"/><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs>`, r("", "Protokoll")) +
		p(``, r("<w:b/>", "Fett ")+r("", "und ")+r("<w:i/>", "kursiv")+r("", ", ")+r("<w:b/><w:i/>", "beides")+r("", " und ")+
			r(`<w:rStyle w:val="Fett"/>`, "stark")+r(`<w:rStyle w:val="Fett"/><w:b w:val="0"/>`, " nicht")+r("", ".")) +
		p(`<w:pStyle w:val="Meine"/>`, r("", "Forderungen")) +
		item("1", "0", "Wohnen") + item("1", "1", "Mietobergrenze") + item("1", "1", "Beratung") + item("1", "0", "Gesundheit") +
		p(`<w:pStyle w:val="Aufzhlungszeichen"/>`, r("", "per Formatvorlage")) +
		item("2", "0", "erste Liste") + item("2", "0", "zweiter Punkt") + item("3", "0", "andere Liste") +
		p(``, r("", "Zeile eins")+`<w:r><w:br/></w:r>`+r("", "Zeile zwei")) +
		p(``, r("", "&lt;script&gt;alert(1)&lt;/script&gt; *kein* [Link] a_b")) +
		p(``, r("", "# kein Titel")) +
		p(``, r("", "1. kein Punkt")) +
		p(``, r("", "Alt")+`<w:del><w:r><w:delText>gelöscht</w:delText></w:r></w:del><w:ins><w:r><w:t>neu</w:t></w:r></w:ins>`) +
		p(``, `<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice><w:drawing><w:txbxContent>`+
			p(``, r("", "Textfeld"))+`</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>`+
			p(``, r("", "Textfeld"))+`</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>`+r("", "Umgebung")) +
		`<w:tbl><w:tr><w:tc>` + p(``, r("", "Zelle A")) + `</w:tc><w:tc>` + p(``, r("", "Zelle B")) + `</w:tc></w:tr></w:tbl>` +
		p(``, ``)
	doc := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ` + wordNS + `><w:body>` + body + `<w:sectPr/></w:body></w:document>`
	data := zipOf(t, "[Content_Types].xml", "<Types/>", "word/document.xml", doc, "word/styles.xml", styles, "word/numbering.xml", numbering)
	got, err := docconv.ToMarkdown(&model.File{ContentType: model.TypeDOCX, Data: data})
	if err != nil {
		t.Fatal(err)
	}
	want := `# Protokoll

**Fett** und *kursiv*, ***beides*** und **stark** nicht.

## Forderungen

- Wohnen
  1. Mietobergrenze
  2. Beratung
- Gesundheit
- per Formatvorlage

1. erste Liste
2. zweiter Punkt

1) andere Liste

Zeile eins\
Zeile zwei

\<script>alert(1)\</script> \*kein\* \[Link\] a\_b

\# kein Titel

1\. kein Punkt

Altneu

Textfeld

Umgebung

Zelle A

Zelle B
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

const odtNS = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ` +
	`xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" ` +
	`xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"`

// LibreOffice's way of writing: named styles in styles.xml, automatic ones
// (direct formatting) in content.xml, nested lists that take their style
// from the outer one, items of two paragraphs, numbered headings inside a
// list, spaces as text:s, notes and tracked changes, frames.
func TestODTStructure(t *testing.T) {
	styles := `<office:document-styles ` + odtNS + `><office:styles>
<style:style style:name="Strong_20_Emphasis" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="Emphasis" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
</office:styles></office:document-styles>`
	content := `<office:document-content ` + odtNS + `><office:automatic-styles>
<style:style style:name="T1" style:family="text" style:parent-style-name="Strong_20_Emphasis"/>
<style:style style:name="T2" style:family="text"><style:text-properties fo:font-weight="normal"/></style:style>
<style:style style:name="P1" style:family="paragraph"><style:text-properties fo:font-style="italic"/></style:style>
<text:list-style style:name="L1"><text:list-level-style-bullet text:level="1"/><text:list-level-style-number text:level="2"/></text:list-style>
<text:list-style style:name="L2"><text:list-level-style-number text:level="1"/></text:list-style>
</office:automatic-styles><office:body><office:text>
<text:sequence-decls><text:sequence-decl text:name="Table"/></text:sequence-decls>
<text:list text:style-name="L2"><text:list-item><text:h text:outline-level="2">Nummerierte <text:span text:style-name="T1">Überschrift</text:span></text:h></text:list-item></text:list>
<text:p>Ein <text:span text:style-name="T1">fetter <text:span text:style-name="Emphasis">und kursiver</text:span> Satz<text:span text:style-name="T2"> ohne</text:span></text:span>.<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>Fußnote</text:p></text:note-body></text:note></text:p>
<text:p text:style-name="P1">Ganz kursiv</text:p>
<text:list text:style-name="L1">
<text:list-item><text:p>Wohnen</text:p><text:p>zweiter Absatz</text:p>
<text:list><text:list-item><text:p>Miete</text:p></text:list-item><text:list-item><text:p>Beratung</text:p></text:list-item></text:list>
</text:list-item>
<text:list-item><text:p>Gesundheit</text:p></text:list-item>
</text:list>
<text:list text:style-name="L1"><text:list-item><text:p>neue Liste</text:p></text:list-item></text:list>
<text:p>viel<text:s text:c="4"/>Raum<text:tab/>und<text:line-break/>neue Zeile<text:soft-page-break/></text:p>
<text:tracked-changes><text:changed-region><text:deletion><text:p>gelöscht</text:p></text:deletion></text:changed-region></text:tracked-changes>
<text:p><draw:frame><draw:text-box><text:p>Rahmen</text:p></draw:text-box></draw:frame>Umgebung <text:a>Verweis</text:a></text:p>
<text:p> </text:p>
</office:text></office:body></office:document-content>`
	data := zipOf(t, "mimetype", "application/vnd.oasis.opendocument.text", "content.xml", content, "styles.xml", styles)
	got, err := docconv.ToMarkdown(&model.File{ContentType: model.TypeODT, Data: data})
	if err != nil {
		t.Fatal(err)
	}
	want := `## Nummerierte Überschrift

Ein **fetter** ***und kursiver*** **Satz** ohne.

*Ganz kursiv*

- Wohnen\
  zweiter Absatz
  1. Miete
  2. Beratung
- Gesundheit

* neue Liste

viel Raum und\
neue Zeile

Rahmen

Umgebung Verweis
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
