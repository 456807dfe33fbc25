package urls

import (
	"net/url"
)

// EditionResolutions is the staff list of an edition's resolutions, and
// where a new one is posted.
func EditionResolutions(editionID int64) string { return AdminEdition(editionID) + "/resolutions" }

// NewResolution is the form for a new resolution of an edition.
func NewResolution(editionID int64) string { return EditionResolutions(editionID) + "/new" }

// AdminResolution is the staff page of a resolution, and where its
// changes are posted.
func AdminResolution(resolutionID int64) string { return Admin() + "/resolutions/" + id(resolutionID) }

// EditResolution is a resolution's edit form.
func EditResolution(resolutionID int64) string { return AdminResolution(resolutionID) + "/edit" }

// ProposeResolution is where a draft is put before the plenary.
func ProposeResolution(resolutionID int64) string { return AdminResolution(resolutionID) + "/propose" }

// WithdrawResolution is where a resolution is withdrawn, after its confirmation page.
func WithdrawResolution(resolutionID int64) string {
	return AdminResolution(resolutionID) + "/withdraw"
}

// ResolutionVote is the form for the plenary's vote on a resolution.
func ResolutionVote(resolutionID int64) string { return AdminResolution(resolutionID) + "/vote" }

// Amendments is where an amendment to a resolution is posted.
func Amendments(resolutionID int64) string { return AdminResolution(resolutionID) + "/amendments" }

// NewAmendment is the form for an amendment to a resolution.
func NewAmendment(resolutionID int64) string { return Amendments(resolutionID) + "/new" }

// amendment is the address of one amendment of a resolution, below which
// it is decided.
func amendment(resolutionID, amendmentID int64) string {
	return Amendments(resolutionID) + "/" + id(amendmentID)
}

// AcceptAmendment is where organisers accept an amendment.
func AcceptAmendment(resolutionID, amendmentID int64) string {
	return amendment(resolutionID, amendmentID) + "/accept"
}

// RejectAmendment is where organisers reject an amendment.
func RejectAmendment(resolutionID, amendmentID int64) string {
	return amendment(resolutionID, amendmentID) + "/reject"
}

// AmendmentVote is the form for the vote on a correction of an adopted resolution.
func AmendmentVote(resolutionID, amendmentID int64) string {
	return amendment(resolutionID, amendmentID) + "/vote"
}

// FollowUps is where a follow-up of a resolution is posted.
func FollowUps(resolutionID int64) string { return AdminResolution(resolutionID) + "/followups" }

// NewFollowUp is the form for a follow-up of a resolution.
func NewFollowUp(resolutionID int64) string { return FollowUps(resolutionID) + "/new" }

// SeriesDemands is the public list of a series' adopted demands.
func SeriesDemands(slug string) string { return Series(slug) + "/forderungen" }

// SeriesDemandsFiltered is that list filtered by topic, addressee level
// and state; empty values do not filter.
func SeriesDemandsFiltered(slug, topic, level, state string) string {
	q := url.Values{}
	for k, v := range map[string]string{"topic": topic, "level": level, "state": state} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if len(q) == 0 {
		return SeriesDemands(slug)
	}
	return SeriesDemands(slug) + "?" + q.Encode()
}

// Demand is the stable public page of an adopted demand.
func Demand(resolutionID int64) string { return "/forderungen/" + id(resolutionID) }

// FollowUpAttachment is the download of a follow-up's attachment.
func FollowUpAttachment(resolutionID, followUpID int64) string {
	return Demand(resolutionID) + "/anhang/" + id(followUpID)
}

// ResolutionFuncs are the template functions of these builders (Funcs).
func ResolutionFuncs() map[string]any {
	return map[string]any{
		"editionResolutionsPath":    EditionResolutions,
		"newResolutionPath":         NewResolution,
		"adminResolutionPath":       AdminResolution,
		"editResolutionPath":        EditResolution,
		"proposeResolutionPath":     ProposeResolution,
		"withdrawResolutionPath":    WithdrawResolution,
		"resolutionVotePath":        ResolutionVote,
		"amendmentsPath":            Amendments,
		"newAmendmentPath":          NewAmendment,
		"acceptAmendmentPath":       AcceptAmendment,
		"rejectAmendmentPath":       RejectAmendment,
		"amendmentVotePath":         AmendmentVote,
		"followUpsPath":             FollowUps,
		"newFollowUpPath":           NewFollowUp,
		"seriesDemandsPath":         SeriesDemands,
		"seriesDemandsFilteredPath": SeriesDemandsFiltered,
		"demandPath":                Demand,
		"followUpAttachmentPath":    FollowUpAttachment,
	}
}
