package docconv

import (
	"encoding/xml"
	"io"
)

// attr returns the value of the attribute named local (w:val and the like).
func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// walk streams the XML of a part to fn with the element path above each
// token; it stops at maxDepth, a broken document or fn's error.
func walk(part io.Reader, fn func(tok xml.Token, path []string) error) error {
	d := xml.NewDecoder(part)
	var path []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return readErr(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(path) >= maxDepth {
				return ErrBroken
			}
			if err := fn(t, path); err != nil {
				return err
			}
			path = append(path, t.Name.Local)
		case xml.EndElement:
			path = path[:len(path)-1]
			if err := fn(t, path); err != nil {
				return err
			}
		default:
			if err := fn(tok, path); err != nil {
				return err
			}
		}
	}
}

// within reports whether path passes through an element named local.
func within(path []string, local string) bool {
	for _, p := range path {
		if p == local {
			return true
		}
	}
	return false
}
