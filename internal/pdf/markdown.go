package pdf

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Markdown sets Markdown text (minutes, descriptions, demands) as the
// document's own headings, paragraphs, lists and spans, walking goldmark's
// syntax tree rather than its HTML. The text's highest headings become
// SubHeadings of level top, the next ones top+1: they are in the outline
// but not in the table of contents, which lists the document's own
// sections. Raw HTML is dropped, never printed as tags.
func (d *Doc) Markdown(src string, top int) {
	source := []byte(src)
	root := goldmark.New().Parser().Parse(text.NewReader(source))
	m := &markdown{d: d, source: source, shift: top - highestHeading(root)}
	m.blocks(root, 0)
}

// markdown is one walk through a parsed text.
type markdown struct {
	d      *Doc
	source []byte
	shift  int // added to a heading's level in the text
}

// Indents in millimetres.
const (
	listIndent  = 6.0 // a list item's text from its marker's start
	quoteIndent = 6.0
)

// highestHeading is the smallest heading level in the text, 1 if it has none.
func highestHeading(root ast.Node) int {
	top := 7
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			top = min(top, h.Level)
		}
		return ast.WalkContinue, nil
	})
	if top == 7 {
		return 1
	}
	return top
}

// paraGap is the space after a paragraph.
var paraGap = BodySize * 0.4 * 25.4 / 72

// blocks sets the block children of n, indent millimetres from the start side.
func (m *markdown) blocks(n ast.Node, indent float64) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		m.block(c, indent)
	}
}

func (m *markdown) block(n ast.Node, indent float64) {
	switch n := n.(type) {
	case *ast.Heading:
		if t := spansText(m.inlines(n, Span{})); t != "" {
			m.d.SubHeading(n.Level+m.shift, t)
		}
	case *ast.Paragraph, *ast.TextBlock:
		if spans := m.inlines(n, Span{}); len(spans) > 0 {
			m.d.Paragraph(Style{Indent: indent}, spans...)
			m.d.Space(paraGap)
		}
	case *ast.List:
		m.list(n, indent)
	case *ast.Blockquote:
		page, y := m.d.f.PageNo(), m.d.f.GetY()
		m.blocks(n, indent+quoteIndent)
		m.quoteBar(page, y, indent)
	case *ast.ThematicBreak:
		m.rule(indent)
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		lines := n.Lines()
		var b strings.Builder
		for i := range lines.Len() {
			seg := lines.At(i)
			b.Write(seg.Value(m.source))
		}
		m.d.Paragraph(Style{Indent: indent + quoteIndent, Size: BodySize - 1}, Plain(strings.TrimRight(b.String(), "\n"))...)
		m.d.Space(paraGap)
	case *ast.HTMLBlock:
		// Raw HTML is not the office's to print.
	default:
		m.blocks(n, indent)
	}
}

// list sets a list's items, each marker hanging before its text; nested
// lists go one step further in.
func (m *markdown) list(l *ast.List, indent float64) {
	number := l.Start
	if number == 0 {
		number = 1
	}
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		marker := "•"
		if l.IsOrdered() {
			marker = strconv.Itoa(number) + "."
			number++
		}
		m.d.marker(marker, indent, listIndent)
		first := true
		for c := item.FirstChild(); c != nil; c = c.NextSibling() {
			if !first {
				m.block(c, indent+listIndent)
				continue
			}
			first = false
			switch c.(type) {
			case *ast.Paragraph, *ast.TextBlock:
				spans := m.inlines(c, Span{})
				if len(spans) == 0 {
					spans = Plain(" ")
				}
				m.d.Paragraph(Style{Indent: indent + listIndent}, spans...)
			default:
				m.block(c, indent+listIndent)
			}
		}
		if item.FirstChild() == nil {
			m.d.Paragraph(Style{Indent: indent + listIndent}, Plain(" ")...)
		}
	}
	m.d.Space(paraGap)
}

// quoteBar draws the grey bar beside a quotation that began at y on page
// and ends here, on each page it runs over.
func (m *markdown) quoteBar(page int, y, indent float64) {
	f := m.d.f
	last, end := f.PageNo(), f.GetY()-paraGap
	_, ph := f.GetPageSize()
	x := Margin + indent + quoteIndent/3
	if m.d.rtl {
		x = Margin + m.d.PageWidth() - indent - quoteIndent/3
	}
	f.SetDrawColor(170, 170, 170)
	f.SetLineWidth(0.8)
	for p := page; p <= last; p++ {
		from, to := y, ph-Margin
		if p > page {
			from = Margin
		}
		if p == last {
			to = end
		}
		if to > from {
			f.SetPage(p)
			f.Line(x, from, x, to)
		}
	}
	f.SetPage(last)
	f.SetY(end + paraGap)
}

// rule draws a thematic break across the text's width.
func (m *markdown) rule(indent float64) {
	m.d.Space(2)
	y := m.d.f.GetY()
	m.d.f.SetDrawColor(150, 150, 150)
	m.d.f.SetLineWidth(0.3)
	x0, x1 := Margin, Margin+m.d.PageWidth()
	if m.d.rtl {
		x1 -= indent
	} else {
		x0 += indent
	}
	m.d.f.Line(x0, y, x1, y)
	m.d.Space(3)
}

// inlines turns n's inline children into spans; style carries the bold,
// italic and link of the spans around them.
func (m *markdown) inlines(n ast.Node, style Span) []Span {
	var out []Span
	add := func(s string) {
		if s == "" {
			return
		}
		sp := style
		sp.Text = s
		out = append(out, sp)
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Value(m.source)
			if c.IsRaw() {
				add(string(v))
			} else {
				add(unescape(v))
			}
			switch {
			case c.HardLineBreak():
				add("\n")
			case c.SoftLineBreak():
				add(" ")
			}
		case *ast.String:
			if c.IsRaw() || c.IsCode() {
				add(string(c.Value))
			} else {
				add(unescape(c.Value))
			}
		case *ast.CodeSpan:
			// Its text is as written: backslashes and entities stay.
			var b strings.Builder
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if t, ok := t.(*ast.Text); ok {
					b.Write(t.Value(m.source))
				}
			}
			add(b.String())
		case *ast.Emphasis:
			inner := style
			if c.Level >= 2 {
				inner.Bold = true
			} else {
				inner.Italic = true
			}
			out = append(out, m.inlines(c, inner)...)
		case *ast.Link:
			inner := style
			inner.Link = string(c.Destination)
			out = append(out, m.inlines(c, inner)...)
		case *ast.AutoLink:
			inner := style
			inner.Link = string(c.URL(m.source))
			inner.Text = string(c.Label(m.source))
			out = append(out, inner)
		case *ast.Image:
			// The picture is not in the document; its description is.
			out = append(out, m.inlines(c, style)...)
		case *ast.RawHTML:
			// Dropped, like HTML blocks.
		default:
			out = append(out, m.inlines(c, style)...)
		}
	}
	return out
}

// unescape resolves what Markdown writes with a backslash or as an entity.
func unescape(v []byte) string {
	return string(util.UnescapePunctuations(util.ResolveNumericReferences(util.ResolveEntityNames(v))))
}

// spansText is the text of spans without their styles, for a heading.
func spansText(spans []Span) string {
	var b strings.Builder
	for _, s := range spans {
		b.WriteString(s.Text)
	}
	return strings.TrimSpace(b.String())
}
