package docconv

import (
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
)

// docxStyle is what a DOCX style tells about its paragraphs and runs.
type docxStyle struct {
	basedOn      string
	heading      int    // from its name ("heading 2") or outline level
	numID        string // a list style's numbering
	bold, italic *bool
}

// docxReader reads word/document.xml, knowing the styles and numberings.
type docxReader struct {
	styles  map[string]*docxStyle
	ordered map[string]map[string]bool // numId → level → numbered (not bullets)
}

// docx converts a Word document.
func docx(a *archive) (string, error) {
	r := &docxReader{styles: map[string]*docxStyle{}, ordered: map[string]map[string]bool{}}
	if err := r.readStyles(a); err != nil {
		return "", err
	}
	if err := r.readNumbering(a); err != nil {
		return "", err
	}
	part, err := a.open("word/document.xml")
	if errors.Is(err, errMissing) {
		return "", ErrBroken
	}
	if err != nil {
		return "", err
	}
	defer part.Close()
	return r.readDocument(part)
}

// onOff reads a toggle such as <w:b/> or <w:b w:val="0"/>.
func onOff(e xml.StartElement) bool {
	switch attr(e, "val") {
	case "0", "false", "off", "none":
		return false
	}
	return true
}

// readStyles learns which styles are headings, lists, bold or italic.
func (r *docxReader) readStyles(a *archive) error {
	part, err := a.open("word/styles.xml")
	if errors.Is(err, errMissing) {
		return nil
	}
	if err != nil {
		return err
	}
	defer part.Close()
	var cur *docxStyle
	return walk(part, func(tok xml.Token, path []string) error {
		e, ok := tok.(xml.StartElement)
		if !ok {
			return nil
		}
		switch e.Name.Local {
		case "style":
			cur = &docxStyle{}
			r.styles[attr(e, "styleId")] = cur
		case "name":
			if cur != nil {
				name := strings.ToLower(attr(e, "val"))
				if level, err := strconv.Atoi(strings.TrimPrefix(name, "heading ")); err == nil && strings.HasPrefix(name, "heading ") {
					cur.heading = level
				} else if name == "title" {
					cur.heading = 1
				}
			}
		case "basedOn":
			if cur != nil {
				cur.basedOn = attr(e, "val")
			}
		case "outlineLvl":
			if level, err := strconv.Atoi(attr(e, "val")); err == nil && cur != nil && cur.heading == 0 && level < 6 {
				cur.heading = level + 1
			}
		case "numId":
			if cur != nil {
				cur.numID = attr(e, "val")
			}
		case "b", "i":
			if cur != nil && within(path, "rPr") {
				v := onOff(e)
				if e.Name.Local == "b" {
					cur.bold = &v
				} else {
					cur.italic = &v
				}
			}
		}
		return nil
	})
}

// style returns what a style and those it is based on say, as one.
func (r *docxReader) style(id string) docxStyle {
	var out docxStyle
	for range 10 { // chains are short; a loop in them must not hang us
		s, ok := r.styles[id]
		if !ok {
			break
		}
		if out.heading == 0 {
			out.heading = s.heading
		}
		if out.numID == "" {
			out.numID = s.numID
		}
		if out.bold == nil {
			out.bold = s.bold
		}
		if out.italic == nil {
			out.italic = s.italic
		}
		id = s.basedOn
	}
	return out
}

// readNumbering learns which lists are numbered and which have bullets.
func (r *docxReader) readNumbering(a *archive) error {
	part, err := a.open("word/numbering.xml")
	if errors.Is(err, errMissing) {
		return nil
	}
	if err != nil {
		return err
	}
	defer part.Close()
	abstract := map[string]map[string]bool{}
	var cur map[string]bool
	level, numID := "", ""
	err = walk(part, func(tok xml.Token, path []string) error {
		e, ok := tok.(xml.StartElement)
		if !ok {
			return nil
		}
		switch e.Name.Local {
		case "abstractNum":
			cur = map[string]bool{}
			abstract[attr(e, "abstractNumId")] = cur
		case "lvl":
			level = attr(e, "ilvl")
		case "numFmt":
			if cur != nil && within(path, "abstractNum") {
				f := attr(e, "val")
				cur[level] = f != "bullet" && f != "none"
			}
		case "num":
			numID = attr(e, "numId")
		case "abstractNumId":
			if within(path, "num") {
				r.ordered[numID] = abstract[attr(e, "val")]
			}
		}
		return nil
	})
	return err
}

// docxPara is a paragraph being read.
type docxPara struct {
	style, numID, level string
	outline             int // from the paragraph's own outline level, 1-based
	runs                []run
}

// readDocument streams the body into Markdown.
func (r *docxReader) readDocument(part io.Reader) (string, error) {
	var w writer
	var paras []*docxPara // a text box's paragraph sits inside another
	var bold, italic *bool
	var rStyle string
	skip := 0 // depth inside content that is not the text (deleted, fallbacks)
	err := walk(part, func(tok xml.Token, path []string) error {
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 || docxSkipped[t.Name.Local] {
				skip++
				return nil
			}
			var p *docxPara
			if len(paras) > 0 {
				p = paras[len(paras)-1]
			}
			switch t.Name.Local {
			case "p":
				paras = append(paras, &docxPara{})
			case "pStyle":
				if p != nil {
					p.style = attr(t, "val")
				}
			case "numId":
				if p != nil && within(path, "pPr") {
					p.numID = attr(t, "val")
				}
			case "ilvl":
				if p != nil && within(path, "pPr") {
					p.level = attr(t, "val")
				}
			case "outlineLvl":
				if level, err := strconv.Atoi(attr(t, "val")); err == nil && p != nil && within(path, "pPr") && level < 6 {
					p.outline = level + 1
				}
			case "r":
				bold, italic, rStyle = nil, nil, ""
			case "rStyle":
				rStyle = attr(t, "val")
			case "b", "i":
				if within(path, "rPr") && !within(path, "pPr") {
					v := onOff(t)
					if t.Name.Local == "b" {
						bold = &v
					} else {
						italic = &v
					}
				}
			case "tab":
				if p != nil && within(path, "r") {
					p.runs = append(p.runs, run{text: " "})
				}
			case "br", "cr":
				if p != nil && attr(t, "type") != "page" && attr(t, "type") != "column" {
					p.runs = append(p.runs, run{lineBreak: true})
				}
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
				return nil
			}
			if t.Name.Local == "p" && len(paras) > 0 {
				p := paras[len(paras)-1]
				paras = paras[:len(paras)-1]
				w.write(r.block(p))
			}
		case xml.CharData:
			if skip > 0 || len(paras) == 0 || len(path) == 0 || path[len(path)-1] != "t" {
				return nil
			}
			s := r.style(rStyle)
			if bold != nil {
				s.bold = bold
			}
			if italic != nil {
				s.italic = italic
			}
			p := paras[len(paras)-1]
			p.runs = append(p.runs, run{text: string(t), bold: s.bold != nil && *s.bold, italic: s.italic != nil && *s.italic})
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return w.String(), nil
}

// docxSkipped are elements whose text is not the document's: deleted text
// of tracked changes, the older copy of content Word writes twice
// (mc:Fallback), field instructions, footnote and comment references.
var docxSkipped = map[string]bool{
	"del": true, "moveFrom": true, "Fallback": true, "instrText": true,
	"footnoteReference": true, "endnoteReference": true, "commentReference": true,
}

// block turns a paragraph into a heading, list item or paragraph.
func (r *docxReader) block(p *docxPara) *block {
	s := r.style(p.style)
	b := &block{runs: p.runs, heading: s.heading}
	if p.outline > 0 {
		b.heading = p.outline
	}
	numID := p.numID
	if numID == "" {
		numID = s.numID
	}
	if numID != "" && numID != "0" && b.heading == 0 {
		depth, _ := strconv.Atoi(p.level)
		b.item, b.list, b.depth = true, numID, min(max(depth, 0), 8)
		b.ordered = r.ordered[numID][strconv.Itoa(b.depth)]
	}
	return b
}
