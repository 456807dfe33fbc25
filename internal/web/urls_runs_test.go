package web_test

import "github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"

// runsAddresses are the addresses of a run's search and its people.
var runsAddresses = []addressCase{
	{get, urls.RunSearch(6, "Ça & va"), "/admin/assignment-runs/:id"},
	{get, urls.RunPerson(6, 9), "/admin/assignment-runs/:id/people/:registration"},
}
