package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/placement"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// An edition has up to thousands of people: a run's page shows its figures,
// its workshops and the short lists of who moves, who is placed anew and
// who has no place; everyone else is found by name and moved on their own
// page, one form per slot.

// maxFound bounds the people a search lists; a longer list asks for more
// of the name.
const maxFound = 50

// runView is the preview of one run.
type runView struct {
	Conference *model.Conference
	Run        *model.AssignmentRun
	Published  bool // this run is what participants see
	Republish  bool // an earlier run was published: only changes are emailed
	Totals     runTotals
	Slots      []slotView
	// Missing counts the confirmed registrations the run does not place:
	// they came, or moved up, after it.
	Missing int
	// The costs the run's total is made of, for the detail line that explains it.
	UnrankedCost, UnassignedCost int
	// Query is the name searched for; Found the people whose names hold
	// it, at most maxFound (More: there are more).
	Query string
	Found []personView
	More  bool
}

// runTotals are a run's figures over all its slots, as organisers read
// them: placements by choice, without a place, moved.
type runTotals struct {
	First, Second, Third, Later, Unranked, Unassigned, Moved, Fixed int
	AgainstLanguage, AboveShare                                     int
}

func totalsOf(report model.RunReport) runTotals {
	var t runTotals
	for _, s := range report.Slots {
		for i, n := range s.RankCounts {
			switch i {
			case 0:
				t.First += n
			case 1:
				t.Second += n
			case 2:
				t.Third += n
			default:
				t.Later += n
			}
		}
		t.Unranked += s.Unranked
		t.Unassigned += s.Unassigned
		t.Moved += len(s.Moved)
		t.Fixed += s.Fixed
		t.AgainstLanguage += s.AgainstLanguage
		t.AboveShare += s.AboveShare
	}
	return t
}

type slotView struct {
	Session   model.Session
	Report    model.SlotReport
	Workshops []workshopView
	Moved     []moveView
	New       []placementView
	Unplaced  []model.Registration
}

type workshopView struct {
	Workshop model.Workshop
	Report   model.WorkshopReport
}

// moveView is a person a run places elsewhere than they were told: the
// workshops' titles ("" for none), why (a catalogue id) and the person
// they made room for, if that is why.
type moveView struct {
	Registration model.Registration
	From, To     string
	Why, For     string
	Choice       string // the rank of the new workshop, in words
}

type placementView struct {
	Registration model.Registration
	Workshop     string // the workshop's title, "" for no place
	Choice       string // its rank in words: "1. Wahl", "nicht gewählt"
}

// personView is one person found by name, with their workshop per slot.
type personView struct {
	Registration model.Registration
	Places       []placeView
}

type placeView struct {
	Slot     string
	Workshop string // "" for no place
	Choice   string
}

// runData is a run with what its pages show of it: its report, the
// edition's programme and registrations, and the run's placements by
// registration and slot.
type runData struct {
	run       *model.AssignmentRun
	conf      *model.Conference
	report    model.RunReport
	programme []model.Session
	regs      map[int64]model.Registration
	placed    map[[2]int64]model.Assignment
	workshops map[int64]model.Workshop
}

func (a *App) loadRun(c *gin.Context) (*runData, bool) {
	run, conf, ok := a.runParam(c)
	if !ok {
		return nil, false
	}
	ctx := c.Request.Context()
	d := &runData{run: run, conf: conf, regs: map[int64]model.Registration{}, placed: map[[2]int64]model.Assignment{},
		workshops: map[int64]model.Workshop{}}
	if err := json.Unmarshal([]byte(run.Report), &d.report); err != nil {
		a.internalError(c, err)
		return nil, false
	}
	var err error
	if d.programme, err = a.db.Programme(ctx, conf.ID); err != nil {
		a.internalError(c, err)
		return nil, false
	}
	// Without choices: only a person's own page shows them.
	regs, err := a.db.ListedRegistrations(ctx, conf.ID)
	if err != nil {
		a.internalError(c, err)
		return nil, false
	}
	for _, r := range regs {
		d.regs[r.ID] = r
	}
	for _, x := range run.Assignments {
		d.placed[[2]int64{x.RegistrationID, x.SessionID}] = x
	}
	for _, s := range d.programme {
		for _, w := range s.Workshops {
			d.workshops[w.ID] = w
		}
	}
	return d, true
}

// title is a workshop's title, "" for none (or one deleted since).
func (d *runData) title(id int64) string { return d.workshops[id].Title }

// choice says which choice a placement was, in the user's language: "1.
// Wahl", "nicht gewählt", or where a fixed placement came from.
func choice(c *gin.Context, x model.Assignment) string {
	l := localizer(c)
	switch {
	case x.WorkshopID == nil:
		return ""
	case x.Source != model.SourceAuto:
		return l.T("source_" + x.Source)
	case x.Rank > 0:
		return l.T("run_rank", "Rank", x.Rank)
	}
	return l.T("run_not_ranked")
}

// adminRun handles GET /admin/assignment-runs/:id: the preview of a run,
// and with ?q= the people whose names hold q.
func (a *App) adminRun(c *gin.Context) {
	d, ok := a.loadRun(c)
	if !ok {
		return
	}
	run, conf, l := d.run, d.conf, localizer(c)
	published, err := a.db.PublishedRunID(c.Request.Context(), conf.ID)
	if err != nil {
		a.internalError(c, err)
		return
	}
	v := &runView{Conference: conf, Run: run, Published: published == run.ID, Republish: published != 0 && published != run.ID,
		Totals: totalsOf(d.report), UnrankedCost: placement.UnrankedCost, UnassignedCost: placement.UnassignedCost,
		Query: strings.TrimSpace(c.Query("q"))}
	inRun := map[int64]bool{}
	for _, x := range run.Assignments {
		inRun[x.RegistrationID] = true
	}
	for _, r := range d.regs {
		if r.Status == model.RegConfirmed && !inRun[r.ID] {
			v.Missing++
		}
	}
	for _, s := range d.programme {
		if s.Kind != model.KindWorkshopSlot {
			continue
		}
		sv := slotView{Session: s}
		for _, sr := range d.report.Slots {
			if sr.SessionID != s.ID {
				continue
			}
			sv.Report = sr
			for _, wr := range sr.Workshops {
				if w, ok := d.workshops[wr.WorkshopID]; ok {
					sv.Workshops = append(sv.Workshops, workshopView{Workshop: w, Report: wr})
				}
			}
			for _, m := range sr.Moved {
				mv := moveView{Registration: d.regs[m.RegistrationID], From: d.title(m.From), To: d.title(m.To),
					Why: "runs_why_" + m.Why, For: d.regs[m.For].Name, Choice: choice(c, d.placed[[2]int64{m.RegistrationID, s.ID}])}
				sv.Moved = append(sv.Moved, mv)
			}
			for _, id := range sr.NewlyPlaced {
				x := d.placed[[2]int64{id, s.ID}]
				pv := placementView{Registration: d.regs[id], Choice: choice(c, x)}
				if x.WorkshopID != nil {
					pv.Workshop = d.title(*x.WorkshopID)
				}
				sv.New = append(sv.New, pv)
			}
			for _, id := range sr.Unplaced {
				sv.Unplaced = append(sv.Unplaced, d.regs[id])
			}
		}
		v.Slots = append(v.Slots, sv)
	}
	if v.Query != "" {
		v.Found, v.More = d.search(c, v.Query)
	}
	a.render(c, http.StatusOK, "admin_run", a.pageData(c, l.T("run_title", "ID", run.ID), v))
}

// search finds the run's people whose names hold q, case aside, by name.
func (d *runData) search(c *gin.Context, q string) ([]personView, bool) {
	q = strings.ToLower(q)
	var found []model.Registration
	seen := map[int64]bool{}
	for _, x := range d.run.Assignments {
		r, ok := d.regs[x.RegistrationID]
		if ok && !seen[r.ID] && strings.Contains(strings.ToLower(r.Name), q) {
			seen[r.ID] = true
			found = append(found, r)
		}
	}
	slices.SortFunc(found, func(a, b model.Registration) int {
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	more := len(found) > maxFound
	found = found[:min(len(found), maxFound)]
	out := make([]personView, 0, len(found))
	for _, r := range found {
		pv := personView{Registration: r}
		for _, s := range d.programme {
			x, ok := d.placed[[2]int64{r.ID, s.ID}]
			if !ok {
				continue
			}
			pl := placeView{Slot: s.Title, Choice: choice(c, x)}
			if x.WorkshopID != nil {
				pl.Workshop = d.title(*x.WorkshopID)
			}
			pv.Places = append(pv.Places, pl)
		}
		out = append(out, pv)
	}
	return out, more
}

// runPersonView is one person's page in a run: per slot where they are,
// what they chose, what they were told, and a form to move them.
type runPersonView struct {
	Conference   *model.Conference
	Run          *model.AssignmentRun
	Registration model.Registration
	Slots        []personSlotView
}

type personSlotView struct {
	Session   model.Session
	Current   int64  // the workshop of this run, 0 for none
	Workshop  string // its title
	Choice    string
	Told      string   // the workshop the published run gave them, "" for none
	Choices   []string // the titles they ranked, first choice first
	Workshops []workshopView
}

// registrationParam reads :registration, a registration the run places;
// anything else is not found.
func (d *runData) registrationParam(c *gin.Context) (model.Registration, bool) {
	id, err := strconv.ParseInt(c.Param("registration"), 10, 64)
	r, ok := d.regs[id]
	if err != nil || !ok {
		return r, false
	}
	for _, x := range d.run.Assignments {
		if x.RegistrationID == id {
			return r, true
		}
	}
	return r, false
}

// runPerson handles GET /admin/assignment-runs/:id/people/:registration.
func (a *App) runPerson(c *gin.Context) {
	d, ok := a.loadRun(c)
	if !ok {
		return
	}
	listed, ok := d.registrationParam(c)
	if !ok {
		a.notFound(c)
		return
	}
	full, err := a.db.Registration(c.Request.Context(), listed.ID)
	if err != nil {
		a.fail(c, err)
		return
	}
	r := *full
	told, err := a.db.PublishedAssignments(c.Request.Context(), &r)
	if err != nil {
		a.internalError(c, err)
		return
	}
	v := &runPersonView{Conference: d.conf, Run: d.run, Registration: r}
	for _, s := range d.programme {
		x, ok := d.placed[[2]int64{r.ID, s.ID}]
		if !ok {
			continue
		}
		sv := personSlotView{Session: s, Choice: choice(c, x)}
		if x.WorkshopID != nil {
			sv.Current, sv.Workshop = *x.WorkshopID, d.title(*x.WorkshopID)
		}
		for _, t := range told {
			if t.SessionID == s.ID && t.WorkshopID != nil {
				sv.Told = d.title(*t.WorkshopID)
			}
		}
		for _, w := range r.Choices[s.ID] {
			sv.Choices = append(sv.Choices, d.title(w))
		}
		sv.Workshops = d.slotWorkshops(s)
		v.Slots = append(v.Slots, sv)
	}
	a.render(c, http.StatusOK, "admin_run_person", a.pageData(c, r.Name, v))
}

// slotWorkshops are a slot's workshops with their fill in the run.
func (d *runData) slotWorkshops(s model.Session) []workshopView {
	var out []workshopView
	for _, w := range s.Workshops {
		wv := workshopView{Workshop: w, Report: model.WorkshopReport{WorkshopID: w.ID, Capacity: w.Capacity}}
		for _, x := range d.run.Assignments {
			if x.WorkshopID != nil && *x.WorkshopID == w.ID {
				wv.Report.Filled++
			}
		}
		out = append(out, wv)
	}
	return out
}

// leaveView asks which person leaves a full workshop for the one moved in.
type leaveView struct {
	Run          *model.AssignmentRun
	Registration model.Registration // who is moved in
	Session      model.Session
	Workshop     model.Workshop // the full workshop
	People       []placementView
	// Error is the catalogue id of why the answer cannot be taken, about
	// the person ErrorName.
	Error, ErrorName string
}

// moveParticipant handles POST /admin/assignment-runs/:id/move: an
// organiser puts a person into a workshop by hand. The move is a pin that
// this and every later run keep, so a new run is made at once. A move to
// the workshop the person has changes nothing; a move into a full workshop
// first asks who leaves it ("leaves"), and that person is placed in their
// best other option with a free place.
func (a *App) moveParticipant(c *gin.Context) {
	d, ok := a.loadRun(c)
	if !ok {
		return
	}
	ids, ok := postedIDs(c, "registration_id", "session_id", "workshop_id")
	if !ok {
		a.notFound(c)
		return
	}
	current, placed := d.placed[[2]int64{ids[0], ids[1]}]
	target, exists := d.workshops[ids[2]]
	reg, known := d.regs[ids[0]]
	if !placed || !exists || !known || target.SessionID != ids[1] {
		a.notFound(c)
		return
	}
	if current.WorkshopID != nil && *current.WorkshopID == target.ID {
		a.flash(c, "runs_flash_unchanged")
		c.Redirect(http.StatusSeeOther, urls.RunPerson(d.run.ID, reg.ID))
		return
	}
	var leaves *placement.Leave
	var err error
	if d.full(target) {
		var slot model.Session
		for _, s := range d.programme {
			if s.ID == target.SessionID {
				slot = s
			}
		}
		v := &leaveView{Run: d.run, Registration: reg, Session: slot, Workshop: target}
		for _, x := range d.run.Assignments {
			if x.WorkshopID != nil && *x.WorkshopID == target.ID && x.Source == model.SourceAuto {
				v.People = append(v.People, placementView{Registration: d.regs[x.RegistrationID], Choice: choice(c, x)})
			}
		}
		slices.SortFunc(v.People, func(a, b placementView) int {
			return strings.Compare(strings.ToLower(a.Registration.Name), strings.ToLower(b.Registration.Name))
		})
		status := http.StatusOK
		leaves, v.Error, v.ErrorName, err = a.leave(c, d, current, target, slot)
		if err != nil {
			a.internalError(c, err)
			return
		}
		if c.PostForm("leaves") != "" && leaves == nil {
			status = http.StatusUnprocessableEntity
		}
		if leaves == nil {
			if c.PostForm("leaves") == "" {
				v.Error = ""
			}
			a.render(c, status, "admin_run_leave", a.pageData(c, localizer(c).T("runs_leave_title", "Workshop", target.Title), v))
			return
		}
	}
	pin := &model.Pin{RegistrationID: reg.ID, SessionID: target.SessionID, WorkshopID: target.ID}
	if err := a.db.SetPin(c.Request.Context(), d.conf.ID, pin); err != nil {
		a.fail(c, err)
		return
	}
	a.newRun(c, d.conf, leaves)
}

// full reports whether the run fills the workshop's places.
func (d *runData) full(w model.Workshop) bool {
	n := 0
	for _, x := range d.run.Assignments {
		if x.WorkshopID != nil && *x.WorkshopID == w.ID {
			n++
		}
	}
	return n >= w.Capacity
}

// leave reads who the organiser chose to leave the full workshop target
// for the person moved out of current, and where they go: their best
// ranked workshop of the slot with a free place (one that offers the
// language they need, if the edition is strict about it), else any with
// a free place. Nil with the reason (a catalogue id, about the person
// named) if the answer names nobody who may leave or nowhere has room.
func (a *App) leave(c *gin.Context, d *runData, current model.Assignment, target model.Workshop, slot model.Session) (leave *placement.Leave, why, name string, err error) {
	id, err := strconv.ParseInt(c.PostForm("leaves"), 10, 64)
	x, ok := d.placed[[2]int64{id, slot.ID}]
	if err != nil || !ok || x.WorkshopID == nil || *x.WorkshopID != target.ID || x.Source != model.SourceAuto {
		return nil, "runs_leave_choose", "", nil
	}
	r, err := a.db.Registration(c.Request.Context(), id) // with their choices
	if err != nil {
		return nil, "", "", err
	}
	filled := map[int64]int{}
	for _, y := range d.run.Assignments {
		if y.WorkshopID != nil {
			filled[*y.WorkshopID]++
		}
	}
	if current.WorkshopID != nil {
		filled[*current.WorkshopID]-- // the person moved in frees their place
	}
	fits := func(w model.Workshop) bool {
		if w.ID == target.ID || filled[w.ID] >= w.Capacity {
			return false
		}
		need := r.Interpreting
		return d.conf.LanguageRule != model.RuleStrict || !model.IsInterpretLanguage(need) ||
			slices.Contains(model.SplitCodes(w.Languages), need)
	}
	options := slices.Clone(r.Choices[slot.ID])
	for _, w := range slot.Workshops {
		options = append(options, w.ID)
	}
	for _, w := range options {
		if ws, ok := d.workshops[w]; ok && ws.SessionID == slot.ID && fits(ws) {
			return &placement.Leave{RegistrationID: id, SessionID: slot.ID, From: target.ID, To: w, For: current.RegistrationID}, "", "", nil
		}
	}
	return nil, "runs_leave_nowhere", r.Name, nil
}
