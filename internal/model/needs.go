package model

import (
	"sort"
	"strings"
	"unicode"
)

// MaxChildAge is the oldest age read as a child's: a larger number in the
// ages field is more likely a year of birth or a typo than an age.
const MaxChildAge = 17

// Needs sums up what the people of an edition, or of one workshop, need to
// take part, so that organisers can book interpreters, childcare, access and
// catering. Cancelled registrations are left out; confirmed and waiting ones
// are counted apart, as people waiting may still get a place.
type Needs struct {
	People         Count   // registrations counted
	Interpretation []Tally // by language, the most asked for first
	Diets          []Tally // by diet, the most asked for first
	Families       Count   // registrations with children to look after
	Children       Count   // children in all
	ChildAges      []AgeTally
	// UnreadAges are ages fields that are not a plain list of ages ("3 und
	// ein Baby"), as typed and with the person's name.
	UnreadAges    []PersonalNeed
	Accessibility []PersonalNeed
}

// Count counts confirmed and waiting registrations apart.
type Count struct{ Confirmed, Waiting int }

// Total is confirmed and waiting together.
func (c Count) Total() int { return c.Confirmed + c.Waiting }

// add counts n for a registration of the given status.
func (c *Count) add(status string, n int) {
	if status == RegConfirmed {
		c.Confirmed += n
	} else {
		c.Waiting += n
	}
}

// Tally counts one answer to a free-text question.
type Tally struct {
	Label string // the answer as the first person wrote it
	Count
}

// AgeTally counts the children of one age.
type AgeTally struct {
	Age int
	Count
}

// PersonalNeed is one person's answer. It carries the name, because
// organisers act on it: they ask back, book a ramp, reserve a seat.
type PersonalNeed struct {
	RegistrationID int64
	Name           string
	Status         string
	Text           string
}

// NeedsOf sums up the needs of the registrations that are not cancelled.
func NeedsOf(regs []Registration) *Needs {
	n := &Needs{}
	interpretation, diets := tallies{}, tallies{}
	ages := map[int]*Count{}
	for _, r := range regs {
		if r.Status == RegCancelled {
			continue
		}
		n.People.add(r.Status, 1)
		interpretation.add(r.Interpreting, r.Status)
		diets.add(r.Diet, r.Status)
		agesText := strings.TrimSpace(r.ChildAges)
		if r.Children > 0 || agesText != "" {
			n.Families.add(r.Status, 1)
			n.Children.add(r.Status, r.Children)
		}
		if read, ok := ReadAges(agesText); ok {
			for _, age := range read {
				if ages[age] == nil {
					ages[age] = &Count{}
				}
				ages[age].add(r.Status, 1)
			}
		} else if agesText != "" {
			n.UnreadAges = append(n.UnreadAges, personalNeed(r, agesText))
		}
		if access := strings.TrimSpace(r.Access); access != "" {
			n.Accessibility = append(n.Accessibility, personalNeed(r, access))
		}
	}
	n.Interpretation, n.Diets = interpretation.sorted(), diets.sorted()
	for age, c := range ages {
		n.ChildAges = append(n.ChildAges, AgeTally{Age: age, Count: *c})
	}
	sort.Slice(n.ChildAges, func(i, j int) bool { return n.ChildAges[i].Age < n.ChildAges[j].Age })
	return n
}

func personalNeed(r Registration, text string) PersonalNeed {
	return PersonalNeed{RegistrationID: r.ID, Name: r.Name, Status: r.Status, Text: text}
}

// tallies groups free-text answers, trimmed and regardless of case, so
// that "Arabisch" and "arabisch " are one language.
type tallies map[string]*Tally

func (t tallies) add(answer, status string) {
	answer = strings.TrimSpace(answer)
	if answer == "" {
		return
	}
	key := strings.ToLower(answer)
	if t[key] == nil {
		t[key] = &Tally{Label: answer}
	}
	t[key].add(status, 1)
}

// sorted lists the answers, the most frequent first, then alphabetically.
func (t tallies) sorted() []Tally {
	out := make([]Tally, 0, len(t))
	for _, v := range t {
		out = append(out, *v)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Total() != out[j].Total() {
			return out[i].Total() > out[j].Total()
		}
		return strings.ToLower(out[i].Label) < strings.ToLower(out[j].Label)
	})
	return out
}

// ReadAges reads a childcare ages field such as "3, 7" or "٣، ٧" (Arabic
// digits): it reports false unless the text is whole numbers up to
// MaxChildAge and separators only. Text with words in it ("3 Jahre", "ein
// Baby") is not guessed at; organisers read it as typed.
func ReadAges(s string) ([]int, bool) {
	var ages []int
	age, inNumber := 0, false
	for _, r := range s {
		if d, ok := digitValue(r); ok {
			age, inNumber = age*10+d, true
			if age > MaxChildAge {
				return nil, false
			}
			continue
		}
		if unicode.IsLetter(r) {
			return nil, false
		}
		if inNumber {
			ages = append(ages, age)
			age, inNumber = 0, false
		}
	}
	if inNumber {
		ages = append(ages, age)
	}
	return ages, len(ages) > 0
}

// digitValue reads a digit in Latin, Arabic-Indic or Eastern Arabic-Indic
// (Persian) script, as refugees from Syria or Afghanistan may type them.
func digitValue(r rune) (int, bool) {
	for _, zero := range []rune{'0', '\u0660', '\u06F0'} {
		if r >= zero && r <= zero+9 {
			return int(r - zero), true
		}
	}
	return 0, false
}
