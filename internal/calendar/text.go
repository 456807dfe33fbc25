package calendar

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdownText renders an organiser's Markdown as the plain text a calendar
// program shows: headings and paragraphs separated by an empty line, list
// items one a line with "-" or their number, links as "text (address)",
// and no markup left (no "##", no "\*"). It walks goldmark's syntax tree,
// the same parser that renders the text on the pages.
func markdownText(src string) string {
	// A textarea sends CRLF; goldmark would keep the CRs in the text.
	source := []byte(strings.ReplaceAll(src, "\r\n", "\n"))
	doc := goldmark.DefaultParser().Parse(text.NewReader(source))
	return blockText(doc, source)
}

// blockText is the text of a block and what it holds.
func blockText(n ast.Node, src []byte) string {
	switch n := n.(type) {
	case *ast.Paragraph, *ast.Heading, *ast.TextBlock:
		var b strings.Builder
		writeInline(&b, n, src)
		return strings.TrimSpace(b.String())
	case *ast.List:
		return listText(n, src)
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		var b strings.Builder
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			b.Write(seg.Value(src))
		}
		return strings.TrimRight(b.String(), "\n")
	case *ast.ThematicBreak, *ast.HTMLBlock:
		// Raw HTML is not shown on the pages either (they sanitise it away).
		return ""
	case *ast.ListItem:
		return childTexts(n, src, "\n")
	default: // the document, block quotes
		return childTexts(n, src, "\n\n")
	}
}

// childTexts joins the non-empty texts of n's blocks with sep.
func childTexts(n ast.Node, src []byte, sep string) string {
	var parts []string
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t := blockText(c, src); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, sep)
}

// listText writes a list one item a line, each with its marker; the lines
// of an item after its first are indented under its text.
func listText(l *ast.List, src []byte) string {
	var items []string
	number := l.Start
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		marker := "- "
		if l.IsOrdered() {
			marker = strconv.Itoa(number) + ". "
			number++
		}
		body := blockText(item, src)
		body = strings.ReplaceAll(body, "\n", "\n"+strings.Repeat(" ", len(marker)))
		items = append(items, marker+body)
	}
	return strings.Join(items, "\n")
}

// writeInline writes the text of n's inline children: emphasis without its
// stars, code without its backticks, escapes and entities resolved, links
// followed by their address in brackets.
func writeInline(b *strings.Builder, n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(src)
			if !c.IsRaw() {
				v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
			}
			b.Write(v)
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte('\n')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.Link:
			var label strings.Builder
			writeInline(&label, c, src)
			b.WriteString(label.String())
			if dest := string(c.Destination); dest != "" && dest != label.String() {
				b.WriteString(" (" + dest + ")")
			}
		case *ast.AutoLink:
			b.Write(c.URL(src))
		case *ast.RawHTML:
		default: // emphasis, code spans, an image's alternative text
			writeInline(b, c, src)
		}
	}
}
