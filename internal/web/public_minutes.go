package web

import (
	"context"
	"html/template"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// publicMinutes is one published record on the edition's public page,
// under the workshop or plenary item it belongs to.
type publicMinutes struct {
	Title   string // the workshop's or the item's
	Context string // for a workshop, its slot
	Minutes model.Minutes
	Files   []model.File  // attachments, without content
	HTML    template.HTML // the text, its headings below the record's level-3 heading
}

// publicMinutes returns the edition's published minutes in the order of
// its programme: each item's, then its workshops'. Only published minutes
// are read, so nothing else can reach the public page.
func (a *App) publicMinutes(ctx context.Context, conferenceID int64, programme []model.Session) ([]publicMinutes, error) {
	published, err := a.db.PublishedMinutes(ctx, conferenceID)
	if err != nil {
		return nil, err
	}
	files, err := a.db.PublishedAttachments(ctx, conferenceID)
	if err != nil {
		return nil, err
	}
	bySession, byWorkshop := map[int64]model.Minutes{}, map[int64]model.Minutes{}
	for _, m := range published {
		if m.SessionID != nil {
			bySession[*m.SessionID] = m
		} else {
			byWorkshop[*m.WorkshopID] = m
		}
	}
	var out []publicMinutes
	for _, s := range programme {
		if m, ok := bySession[s.ID]; ok {
			out = append(out, publicMinutes{Title: s.Title, Minutes: m, Files: files[m.ID], HTML: a.minutesHTML(m.Body, 3)})
		}
		for _, w := range s.Workshops {
			if m, ok := byWorkshop[w.ID]; ok {
				out = append(out, publicMinutes{Title: w.Title, Context: s.Title, Minutes: m, Files: files[m.ID], HTML: a.minutesHTML(m.Body, 3)})
			}
		}
	}
	return out, nil
}

// WorkshopMinutes returns the id of a workshop's published minutes, 0 if
// it has none: the programme links each workshop to its record below.
func (v programmeView) WorkshopMinutes(workshopID int64) int64 {
	for _, m := range v.Minutes {
		if m.Minutes.WorkshopID != nil && *m.Minutes.WorkshopID == workshopID {
			return m.Minutes.ID
		}
	}
	return 0
}

// SessionMinutes returns the id of a plenary item's published minutes, 0
// if it has none.
func (v programmeView) SessionMinutes(sessionID int64) int64 {
	for _, m := range v.Minutes {
		if m.Minutes.SessionID != nil && *m.Minutes.SessionID == sessionID {
			return m.Minutes.ID
		}
	}
	return 0
}
