package web_test

import "github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"

// resolutionAddresses are the addresses of resolutions (demands), amendments, votes and follow-ups.
var resolutionAddresses = []addressCase{
	{get, urls.EditionResolutions(2), "/admin/editions/:id/resolutions"},
	{post, urls.EditionResolutions(2), "/admin/editions/:id/resolutions"},
	{get, urls.NewResolution(2), "/admin/editions/:id/resolutions/new"},
	{get, urls.AdminResolution(7), "/admin/resolutions/:id"},
	{post, urls.AdminResolution(7), "/admin/resolutions/:id"},
	{get, urls.EditResolution(7), "/admin/resolutions/:id/edit"},
	{post, urls.ProposeResolution(7), "/admin/resolutions/:id/propose"},
	{get, urls.WithdrawResolution(7), "/admin/resolutions/:id/withdraw"},
	{post, urls.WithdrawResolution(7), "/admin/resolutions/:id/withdraw"},
	{get, urls.ResolutionVote(7), "/admin/resolutions/:id/vote"},
	{post, urls.ResolutionVote(7), "/admin/resolutions/:id/vote"},
	{get, urls.NewAmendment(7), "/admin/resolutions/:id/amendments/new"},
	{post, urls.Amendments(7), "/admin/resolutions/:id/amendments"},
	{post, urls.AcceptAmendment(7, 8), "/admin/resolutions/:id/amendments/:amendment/accept"},
	{post, urls.RejectAmendment(7, 8), "/admin/resolutions/:id/amendments/:amendment/reject"},
	{get, urls.AmendmentVote(7, 8), "/admin/resolutions/:id/amendments/:amendment/vote"},
	{post, urls.AmendmentVote(7, 8), "/admin/resolutions/:id/amendments/:amendment/vote"},
	{get, urls.NewFollowUp(7), "/admin/resolutions/:id/followups/new"},
	{post, urls.FollowUps(7), "/admin/resolutions/:id/followups"},
	{get, urls.SeriesDemands("nrw"), "/s/:slug/forderungen"},
	{get, urls.SeriesDemandsFiltered("nrw", "housing", "state", "sent"), "/s/:slug/forderungen"},
	{get, urls.Demand(7), "/forderungen/:id"},
	{get, urls.FollowUpAttachment(7, 9), "/forderungen/:id/anhang/:followup"},
}
