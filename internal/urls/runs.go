package urls

import "net/url"

// The organisers' screens of one assignment run: its search by name and
// one person's placements, with a move form per workshop slot.

// RunSearch is a run's page with the people whose names contain q.
func RunSearch(runID int64, q string) string {
	return Run(runID) + "?" + url.Values{"q": {q}}.Encode()
}

// RunPerson is one registration's placements in a run, where an organiser
// moves them by hand.
func RunPerson(runID, registrationID int64) string {
	return Run(runID) + "/people/" + id(registrationID)
}

// RunFuncs are these builders as template functions, named as in Funcs.
func RunFuncs() map[string]any {
	return map[string]any{
		"runSearchPath": RunSearch,
		"runPersonPath": RunPerson,
	}
}
