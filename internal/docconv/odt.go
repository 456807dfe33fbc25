package docconv

import (
	"encoding/xml"
	"errors"
	"strconv"
)

// odtStyle is what an ODT style tells about its text and lists.
type odtStyle struct {
	parent       string
	bold, italic *bool
}

// odtReader reads content.xml, knowing the styles of both style parts.
type odtReader struct {
	styles  map[string]*odtStyle
	ordered map[string]map[int]bool // list style → level (1-based) → numbered
}

// odt converts an OpenDocument text.
func odt(a *archive) (string, error) {
	r := &odtReader{styles: map[string]*odtStyle{}, ordered: map[string]map[int]bool{}}
	// styles.xml holds the named styles; content.xml the automatic ones
	// (direct formatting) before the body, so one pass reads both.
	if err := r.readStyles(a); err != nil {
		return "", err
	}
	content, err := r.readContent(a)
	if errors.Is(err, errMissing) {
		return "", ErrBroken
	}
	return content, err
}

// readStyles reads the named styles of styles.xml.
func (r *odtReader) readStyles(a *archive) error {
	part, err := a.open("styles.xml")
	if errors.Is(err, errMissing) {
		return nil
	}
	if err != nil {
		return err
	}
	defer part.Close()
	var cur *odtStyle
	var list map[int]bool
	return walk(part, func(tok xml.Token, _ []string) error {
		if e, ok := tok.(xml.StartElement); ok {
			cur, list = r.styleElement(e, cur, list)
		}
		return nil
	})
}

// styleElement records what a style element says; cur and list are the
// style and list style being read.
func (r *odtReader) styleElement(e xml.StartElement, cur *odtStyle, list map[int]bool) (*odtStyle, map[int]bool) {
	switch e.Name.Local {
	case "style":
		cur = &odtStyle{parent: attr(e, "parent-style-name")}
		r.styles[attr(e, "name")] = cur
	case "text-properties":
		if cur != nil {
			if w := attr(e, "font-weight"); w != "" {
				v := w == "bold" || w >= "600" && w <= "900"
				cur.bold = &v
			}
			if s := attr(e, "font-style"); s != "" {
				v := s == "italic" || s == "oblique"
				cur.italic = &v
			}
		}
	case "list-style":
		list = map[int]bool{}
		r.ordered[attr(e, "name")] = list
	case "list-level-style-number", "list-level-style-bullet", "list-level-style-image":
		if level, err := strconv.Atoi(attr(e, "level")); err == nil && list != nil {
			list[level] = e.Name.Local == "list-level-style-number"
		}
	}
	return cur, list
}

// style returns the bold and italic a style and its parents say.
func (r *odtReader) style(name string) (bold, italic *bool) {
	for range 10 { // chains are short; a loop in them must not hang us
		s, ok := r.styles[name]
		if !ok {
			break
		}
		if bold == nil {
			bold = s.bold
		}
		if italic == nil {
			italic = s.italic
		}
		name = s.parent
	}
	return bold, italic
}

// odtSpan is the formatting of a text:span (or a paragraph) being read.
type odtSpan struct{ bold, italic bool }

// odtList is a text:list being read.
type odtList struct {
	id    string
	style string
	item  *block // the current item, until it is written
}

// odtSkipped are elements whose text is not the document's: notes, tracked
// changes (with deleted text), comments.
var odtSkipped = map[string]bool{"note": true, "tracked-changes": true, "annotation": true, "deletion": true}

// readContent reads content.xml: its automatic styles, then the body.
func (r *odtReader) readContent(a *archive) (string, error) {
	part, err := a.open("content.xml")
	if err != nil {
		return "", err
	}
	defer part.Close()
	var w writer
	var cur *odtStyle
	var listStyle map[int]bool
	var lists []*odtList
	var blocks []*block // a frame's paragraph sits inside another
	var spans []odtSpan
	lastList := 0
	skip := 0
	// flush writes the item of the innermost list, if it is not yet written.
	flush := func() {
		if n := len(lists); n > 0 && lists[n-1].item != nil {
			w.write(lists[n-1].item)
			lists[n-1].item = nil
		}
	}
	err = walk(part, func(tok xml.Token, path []string) error {
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 || odtSkipped[t.Name.Local] {
				skip++
				return nil
			}
			if !within(path, "body") {
				cur, listStyle = r.styleElement(t, cur, listStyle)
				return nil
			}
			switch t.Name.Local {
			case "list":
				// An item's own items come after it.
				flush()
				l := &odtList{style: attr(t, "style-name")}
				if len(lists) > 0 {
					outer := lists[len(lists)-1]
					l.id = outer.id
					if l.style == "" {
						l.style = outer.style
					}
				} else {
					lastList++
					l.id = strconv.Itoa(lastList)
				}
				lists = append(lists, l)
			case "list-item", "list-header":
				flush()
			case "p", "h":
				b := r.odtBlock(t, path, lists)
				s := odtSpan{}
				if b.heading == 0 {
					bold, italic := r.style(attr(t, "style-name"))
					s = odtSpan{bold: bold != nil && *bold, italic: italic != nil && *italic}
				}
				blocks = append(blocks, b)
				spans = append(spans, s)
			case "span":
				s := odtSpan{}
				if len(spans) > 0 {
					s = spans[len(spans)-1]
				}
				bold, italic := r.style(attr(t, "style-name"))
				if bold != nil {
					s.bold = *bold
				}
				if italic != nil {
					s.italic = *italic
				}
				spans = append(spans, s)
			case "s", "tab":
				if n := len(blocks); n > 0 {
					blocks[n-1].runs = append(blocks[n-1].runs, run{text: " "})
				}
			case "line-break":
				if n := len(blocks); n > 0 {
					blocks[n-1].runs = append(blocks[n-1].runs, run{lineBreak: true})
				}
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
				return nil
			}
			switch t.Name.Local {
			case "list":
				flush()
				if len(lists) > 0 {
					lists = lists[:len(lists)-1]
				}
			case "list-item", "list-header":
				flush()
			case "p", "h":
				if len(blocks) == 0 {
					return nil
				}
				b := blocks[len(blocks)-1]
				blocks, spans = blocks[:len(blocks)-1], spans[:len(spans)-1]
				if !b.item {
					w.write(b)
				}
			case "span":
				if len(spans) > 1 {
					spans = spans[:len(spans)-1]
				}
			}
		case xml.CharData:
			if skip > 0 || len(blocks) == 0 || !within(path, "body") {
				return nil
			}
			s := spans[len(spans)-1]
			b := blocks[len(blocks)-1]
			b.runs = append(b.runs, run{text: string(t), bold: s.bold, italic: s.italic})
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return w.String(), nil
}

// odtBlock starts the block of a text:p or text:h. A paragraph in a list
// item is the item, written when the item ends; a further paragraph in the
// same item goes on in it, on a new line.
func (r *odtReader) odtBlock(t xml.StartElement, path []string, lists []*odtList) *block {
	b := &block{}
	if t.Name.Local == "h" {
		b.heading = 1
		if level, err := strconv.Atoi(attr(t, "outline-level")); err == nil && level > 0 {
			b.heading = level
		}
		return b
	}
	n := len(lists)
	if n == 0 || path[len(path)-1] != "list-item" {
		return b
	}
	l := lists[n-1]
	if l.item != nil {
		l.item.runs = append(l.item.runs, run{lineBreak: true})
		return l.item
	}
	b.item, b.list, b.depth = true, l.id, min(n-1, 8)
	b.ordered = r.ordered[l.style][n]
	l.item = b
	return b
}
