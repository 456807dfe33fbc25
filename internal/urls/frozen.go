package urls

// Participants after publishing: a placed person asks, behind their
// personal link, to change workshop, and organisers mark the request
// handled on the assignment page.

// ChangeRequest is where a participant posts their request to change workshop.
func ChangeRequest(token string) string { return Personal(token) + "/wechsel" }

// ChangeRequestHandled is where an organiser marks an edition's change request handled.
func ChangeRequestHandled(editionID, requestID int64) string {
	return AdminEdition(editionID) + "/change-requests/" + id(requestID) + "/handled"
}

// FrozenFuncs are these builders as template functions, named as in Funcs.
func FrozenFuncs() map[string]any {
	return map[string]any{
		"changeRequestPath":        ChangeRequest,
		"changeRequestHandledPath": ChangeRequestHandled,
	}
}
