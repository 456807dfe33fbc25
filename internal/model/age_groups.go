package model

// AgeGroup is a range of children's ages that childcare is planned by:
// babies and toddlers, nursery age, primary age, and older children.
type AgeGroup struct{ From, To int } // both inclusive

// ChildAgeGroups are the groups childcare is booked in, youngest first.
var ChildAgeGroups = []AgeGroup{{0, 2}, {3, 5}, {6, 11}, {12, MaxChildAge}}

// AgeGroupTally counts the children of one age group.
type AgeGroupTally struct {
	AgeGroup
	Count
}

// GroupAges sums the children counted by age (Needs.ChildAges) into
// ChildAgeGroups, every group listed even when empty.
func GroupAges(ages []AgeTally) []AgeGroupTally {
	out := make([]AgeGroupTally, len(ChildAgeGroups))
	for i, g := range ChildAgeGroups {
		out[i].AgeGroup = g
		for _, a := range ages {
			if a.Age >= g.From && a.Age <= g.To {
				out[i].Confirmed += a.Confirmed
				out[i].Waiting += a.Waiting
			}
		}
	}
	return out
}
