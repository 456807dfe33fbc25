package web

import (
	"sort"
)

// FieldError is one problem of a form as the error summary at its top lists
// it: a link to the field (its id), the field's label and the message.
type FieldError struct {
	ID, Label, Message string
}

// fieldErrors collects a form's problems in the order the page draws its
// fields. The summary stands above the fields, so a page with errors is
// executed twice: the first time only to learn that order (renderBytes).
type fieldErrors struct {
	list  []FieldError
	index map[string]int // field name to its place in list
}

// noteError records the field's problem, once per field; a later call for
// the same field updates its label (WorkshopChoice labels its field after
// building it).
func (p *Page) noteError(f Field) {
	if p.errors == nil || f.Error == "" {
		return
	}
	if i, ok := p.errors.index[f.Name]; ok {
		p.errors.list[i].Label = f.Label
		return
	}
	id := "f-" + f.Name
	if f.Type == "checks" { // a group: its first box
		id += "-0"
	}
	p.errors.index[f.Name] = len(p.errors.list)
	p.errors.list = append(p.errors.list, FieldError{ID: id, Label: f.Label, Message: f.Error})
}

// ErrorSummary lists the form's problems for the summary: the fields the
// page drew, in their order, then those it writes out by hand (the consent
// box, the people of an agenda item) by name; a problem of the whole form
// ("_form") is shown as a paragraph instead.
func (p *Page) ErrorSummary() []FieldError {
	if p.errors == nil || p.Form == nil {
		return nil
	}
	list := append([]FieldError(nil), p.errors.list...)
	var rest []string
	for name := range p.Form.Errors {
		if _, drawn := p.errors.index[name]; !drawn && name != "_form" {
			rest = append(rest, name)
		}
	}
	sort.Strings(rest)
	for _, name := range rest {
		list = append(list, FieldError{ID: "f-" + name, Message: p.FormError(name)})
	}
	return list
}
