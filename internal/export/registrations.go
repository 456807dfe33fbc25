// Package export writes an edition's data for spreadsheets (CSV) and builds
// the rows that the printed lists share with it. It reads model values that
// the store returned and never touches the database.
package export

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/i18n"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// Edition is what a list of an edition's registrations is made from.
type Edition struct {
	Conference    *model.Conference
	Slots         []model.Session // the workshop slots with their workshops, in programme order
	Registrations []model.Registration
	// Placed are the placements of the published run, if there is one.
	Placed []model.Assignment
}

// Time is how times appear in the export: a form every spreadsheet reads as a date.
const Time = "2006-01-02 15:04"

// RegistrationRows returns the table of the edition's registrations, its
// header first, in the organiser's language l: number, status, waiting
// position, every field of the registration (model.RegistrationFields),
// then per workshop slot the ranked choices, in first-come mode the
// workshop granted, and the workshop the published run placed them in.
func RegistrationRows(l *i18n.Localizer, e Edition) [][]string {
	conf := e.Conference
	firstCome := conf.RegistrationMode == model.ModeFirstCome
	titles := map[int64]string{}
	for _, s := range e.Slots {
		for _, w := range s.Workshops {
			titles[w.ID] = w.Title
		}
	}
	placed := map[[2]int64]int64{}
	for _, x := range e.Placed {
		if x.WorkshopID != nil {
			placed[[2]int64{x.RegistrationID, x.SessionID}] = *x.WorkshopID
		}
	}

	header := []string{l.T("orga_col_number"), l.T("label_status"), l.T("orga_col_position")}
	for _, f := range model.RegistrationFields {
		header = append(header, l.T(f.Label))
	}
	for _, s := range e.Slots {
		for rank := 1; rank <= conf.MaxChoices; rank++ {
			header = append(header, s.Title+": "+l.T("label_choice", "Rank", rank))
		}
		if firstCome {
			header = append(header, s.Title+": "+l.T("orga_col_granted"))
		}
		header = append(header, s.Title+": "+l.T("export_col_placed"))
	}

	rows := [][]string{header}
	loc := conf.Location()
	for _, r := range e.Registrations {
		position := ""
		if r.Position > 0 {
			position = strconv.Itoa(r.Position)
		}
		row := []string{strconv.FormatInt(r.ID, 10), l.T("reg_" + r.Status), position}
		for _, f := range model.RegistrationFields {
			row = append(row, cell(l, loc, f, &r))
		}
		for _, s := range e.Slots {
			ranked := r.Choices[s.ID]
			for rank := 1; rank <= conf.MaxChoices; rank++ {
				title := ""
				if rank <= len(ranked) {
					title = titles[ranked[rank-1]]
				}
				row = append(row, title)
			}
			if firstCome {
				row = append(row, titles[r.Granted[s.ID]])
			}
			row = append(row, titles[placed[[2]int64{r.ID, s.ID}]])
		}
		rows = append(rows, row)
	}
	return rows
}

// cell writes a field of r as the export shows it: a category by its name,
// a language to interpret into by its own name, yes and no in words,
// times in the edition's time zone.
func cell(l *i18n.Localizer, loc *time.Location, f model.RegistrationField, r *model.Registration) string {
	switch v := f.Value(r).(type) {
	case string:
		switch {
		case v == "":
			return ""
		case f.Name == "category":
			return l.T("category_" + v)
		case f.Name == "interpretation":
			return model.InterpretLanguageName(v)
		}
		return v
	case *string:
		if v != nil {
			return *v
		}
	case int:
		return strconv.Itoa(v)
	case bool:
		if v {
			return l.T("yes")
		}
		return l.T("no")
	case time.Time:
		return v.In(loc).Format(Time)
	case *time.Time:
		if v != nil {
			return v.In(loc).Format(Time)
		}
	}
	return ""
}

// CSV writes rows as German spreadsheet software opens them without
// asking: UTF-8 with a byte order mark, semicolons between cells, CRLF
// line ends, and no cell that a spreadsheet would run as a formula.
func CSV(rows [][]string) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	w.Comma, w.UseCRLF = ';', true
	for _, row := range rows {
		if err := w.Write(defused(row)); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// defused returns the row with every cell that starts like a formula (= +
// - @, or a tab or carriage return before one) behind a leading
// apostrophe, which spreadsheets read as "this is text" (OWASP's advice on
// CSV injection). Participants type most cells, so every cell is treated so.
func defused(row []string) []string {
	out := make([]string, len(row))
	for i, cell := range row {
		if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
			cell = "'" + cell
		}
		out[i] = cell
	}
	return out
}
