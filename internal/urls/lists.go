package urls

// Participant lists, sign-in sheets and logistics sheets, as PDFs.

// EditionSignatureList is the organisers' participant list of an edition
// with a signature column, for funders.
func EditionSignatureList(editionID int64) string {
	return AdminEdition(editionID) + "/teilnehmerliste.pdf"
}

// WorkshopSignatureList is a workshop's participant list with a signature
// column, for organisers and the workshop's facilitators.
func WorkshopSignatureList(workshopID int64) string {
	return AdminWorkshop(workshopID) + "/teilnehmerliste.pdf"
}

// PersonalParticipantList is the list of an edition's participants who
// agreed to be on it, behind a confirmed participant's personal link.
func PersonalParticipantList(token string) string { return Personal(token) + "/teilnehmerliste.pdf" }

// WorkshopLogistics is a workshop's logistics sheet: interpretation,
// childcare, access and diets.
func WorkshopLogistics(workshopID int64) string { return AdminWorkshop(workshopID) + "/logistik.pdf" }

// EditionLogistics is the logistics sheets of every workshop of an edition.
func EditionLogistics(editionID int64) string { return AdminEdition(editionID) + "/logistik.pdf" }

// ListFuncs are the lists' builders as template functions, named as in Funcs.
func ListFuncs() map[string]any {
	return map[string]any{
		"editionSignatureListPath":    EditionSignatureList,
		"workshopSignatureListPath":   WorkshopSignatureList,
		"personalParticipantListPath": PersonalParticipantList,
		"workshopLogisticsPath":       WorkshopLogistics,
		"editionLogisticsPath":        EditionLogistics,
	}
}
