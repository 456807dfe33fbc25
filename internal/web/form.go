package web

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// Form is a form as the user filled it in: the values to show again, the
// catalogue id of each field's problem and, for a message that names a
// number, its data ("Count", 3).
type Form struct {
	Values map[string]string
	Errors map[string]string
	Data   map[string][]any
}

func newForm() *Form {
	return &Form{Values: map[string]string{}, Errors: map[string]string{}, Data: map[string][]any{}}
}

// FieldErrors reports whether a field has a problem, as opposed to only the
// form as a whole (such as a limit reached): only then does the summary ask
// to check the marked fields.
func (f *Form) FieldErrors() bool {
	for k := range f.Errors {
		if k != "_form" {
			return true
		}
	}
	return false
}

// formFrom reads the named fields of a posted form, trimmed and checked
// (readText).
func formFrom(c *gin.Context, names ...string) *Form {
	f := newForm()
	for _, n := range names {
		f.Values[n] = f.readText(c, n, n)
	}
	return f
}

// multiLineFields are the fields drawn as textareas, the only ones in which
// a line break belongs. A test checks that every textarea of the templates
// is listed.
var multiLineFields = map[string]bool{"description": true, "privacy_notice": true, "accessibility": true, "body": true, "return_comment": true,
	"change_message": true}

// readText reads the posted field name, trimmed, and records under key a
// problem if it is no text a person types: broken UTF-8, a control
// character other than tab (and line breaks in multi-line fields). Such a
// value is refused here, at the edge, for every form alike, rather than by
// the database, where PostgreSQL fails a whole statement on a NUL byte.
func (f *Form) readText(c *gin.Context, name, key string) string {
	v := strings.TrimSpace(c.PostForm(name))
	if problem := textProblem(v, multiLineFields[name]); problem != "" {
		f.Errors[key] = problem
		// Shown again as typed, but as valid UTF-8, which a page must be.
		v = strings.ToValidUTF8(v, "\uFFFD")
	}
	return v
}

// textProblem returns the catalogue id of what is wrong with s as typed
// text, or "" if nothing is.
func textProblem(s string, multiLine bool) string {
	if !utf8.ValidString(s) {
		return "err_text_unreadable"
	}
	for _, r := range s {
		switch {
		case r == '\t':
		case r == '\n' || r == '\r':
			if !multiLine {
				return "err_text_line_break"
			}
		case unicode.IsControl(r):
			return "err_text_unreadable"
		}
	}
	return ""
}

// distinct returns values without repeats, in their first order: a forged
// or resent form may name the same choice twice, which means it once.
func distinct(values []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range values {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// addErrors copies the field problems of a validation or conflict error into
// the form; it reports false for any other error, which the caller must handle.
func (f *Form) addErrors(err error) bool {
	e := model.AsError(err)
	if e == nil || (e.Code != model.EInvalid && e.Code != model.EConflict) {
		return false
	}
	for k, v := range e.Fields {
		if _, seen := f.Errors[k]; !seen { // an unreadable value says more than "required"
			f.Errors[k] = v
			if n, ok := e.Counts[k]; ok {
				f.Data[k] = []any{"Count", n}
			}
		}
	}
	if len(e.Fields) == 0 {
		f.Errors["_form"] = e.Message
	}
	return true
}

// saveForm is how every form is saved: validate, then save unless the form
// already has errors (unreadable values). It reports whether it saved;
// otherwise the user has their form again, 422 with each problem at its
// field (rerender), or an error page for anything that is not the input's fault.
func (a *App) saveForm(c *gin.Context, form *Form, validate, save func() error, rerender func()) bool {
	err := validate()
	if err == nil && len(form.Errors) == 0 {
		err = save()
	}
	if err == nil && len(form.Errors) == 0 {
		return true
	}
	if err == nil || form.addErrors(err) {
		rerender()
		return false
	}
	a.fail(c, err)
	return false
}

// Time layout of datetime-local inputs.
const inputTime = "2006-01-02T15:04"

// time reads a datetime-local field in loc; empty gives the zero time, and
// an unreadable value records an error.
func (f *Form) time(name string, loc *time.Location) time.Time {
	v := f.Values[name]
	if v == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation(inputTime, v, loc)
	if err != nil {
		f.Errors[name] = "err_datetime"
		return time.Time{}
	}
	return t.UTC()
}

// optionalTime is time for a field that may stay empty.
func (f *Form) optionalTime(name string, loc *time.Location) *time.Time {
	t := f.time(name, loc)
	if t.IsZero() {
		return nil
	}
	return &t
}

// int reads a whole-number field; empty gives 0.
func (f *Form) int(name string) int {
	v := f.Values[name]
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		f.Errors[name] = "err_number"
	}
	return n
}

// setTime shows t in loc in a datetime-local field.
func (f *Form) setTime(name string, t time.Time, loc *time.Location) {
	if t.IsZero() {
		f.Values[name] = ""
		return
	}
	f.Values[name] = t.In(loc).Format(inputTime)
}

// blankPeopleRows are the empty rows a people form offers for new entries.
const blankPeopleRows = 3

// peopleFrom reads the people rows of a posted form; rows without name and
// affiliation are dropped, so clearing a row removes that person. The
// form is rewritten with the rows that remain, numbered as validation numbers them.
func peopleFrom(c *gin.Context, f *Form, defaultRole string) []model.Person {
	var people []model.Person
	for i := 0; i < model.MaxPeople+blankPeopleRows; i++ {
		prefix := "people." + strconv.Itoa(i) + "."
		// Problems are recorded at the row the person will be shown in.
		row := "people." + strconv.Itoa(len(people)) + "."
		name := f.readText(c, prefix+"name", row+"name")
		affiliation := f.readText(c, prefix+"affiliation", row+"affiliation")
		if name == "" && affiliation == "" {
			continue
		}
		people = append(people, model.Person{Name: name, Affiliation: affiliation, Role: c.PostForm(prefix + "role")})
	}
	f.setPeople(people, defaultRole)
	return people
}

// setPeople writes people into the form's rows, numbered as the validation
// numbers them, followed by blank rows whose role is defaultRole (or the
// first role's when empty).
func (f *Form) setPeople(people []model.Person, defaultRole string) {
	if defaultRole == "" {
		defaultRole = model.PersonRoles[0]
	}
	rows := len(people) + blankPeopleRows
	if rows > model.MaxPeople {
		rows = max(model.MaxPeople, len(people))
	}
	for i := 0; i < rows; i++ {
		prefix := "people." + strconv.Itoa(i) + "."
		p := model.Person{Role: defaultRole}
		if i < len(people) {
			p = people[i]
		}
		f.Values[prefix+"name"] = p.Name
		f.Values[prefix+"affiliation"] = p.Affiliation
		f.Values[prefix+"role"] = p.Role
	}
	f.Values["people_rows"] = strconv.Itoa(rows)
}

// PeopleRows returns the row numbers of the form's people, for templates.
func (f *Form) PeopleRows() []string {
	n, _ := strconv.Atoi(f.Values["people_rows"])
	rows := make([]string, n)
	for i := range rows {
		rows[i] = strconv.Itoa(i)
	}
	return rows
}
