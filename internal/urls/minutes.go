package urls

// WorkshopMinutes opens the minutes of a workshop, creating them on first open.
func WorkshopMinutes(workshopID int64) string { return AdminWorkshop(workshopID) + "/minutes" }

// SessionMinutes is where organisers open the minutes of a plenary item,
// creating them on first open.
func SessionMinutes(sessionID int64) string { return AdminSession(sessionID) + "/minutes" }

// AdminMinutes is the editor of minutes, and where their text is posted.
func AdminMinutes(minutesID int64) string { return Admin() + "/minutes/" + id(minutesID) }

// MinutesRevisions lists the saved texts of minutes.
func MinutesRevisions(minutesID int64) string { return AdminMinutes(minutesID) + "/revisions" }

// MinutesRevision is one saved text, compared with the current one.
func MinutesRevision(minutesID, number int64) string {
	return MinutesRevisions(minutesID) + "/" + id(number)
}

// RestoreRevision is where a saved text is made the current one again.
func RestoreRevision(minutesID, number int64) string {
	return MinutesRevision(minutesID, number) + "/restore"
}

// SubmitMinutes is where minutes are submitted for approval.
func SubmitMinutes(minutesID int64) string { return AdminMinutes(minutesID) + "/submit" }

// ApproveMinutes is where organisers approve minutes.
func ApproveMinutes(minutesID int64) string { return AdminMinutes(minutesID) + "/approve" }

// ReturnMinutes is where organisers return minutes with a comment.
func ReturnMinutes(minutesID int64) string { return AdminMinutes(minutesID) + "/return" }

// PublishMinutes is where organisers publish approved minutes.
func PublishMinutes(minutesID int64) string { return AdminMinutes(minutesID) + "/publish" }

// UnpublishMinutes is where organisers take minutes off the public page.
func UnpublishMinutes(minutesID int64) string { return AdminMinutes(minutesID) + "/unpublish" }

// UploadMinutes is where a document (becoming the text) or an attachment
// is uploaded to minutes.
func UploadMinutes(minutesID int64) string { return AdminMinutes(minutesID) + "/upload" }

// MinutesAttachment is the staff download of a file attached to minutes.
func MinutesAttachment(minutesID, fileID int64) string {
	return AdminMinutes(minutesID) + "/attachments/" + id(fileID)
}

// DeleteAttachment is where a file attached to minutes is deleted.
func DeleteAttachment(minutesID, fileID int64) string {
	return MinutesAttachment(minutesID, fileID) + "/delete"
}

// PublicAttachment is the public download of a file attached to published
// minutes of an edition.
func PublicAttachment(slug string, minutesID, fileID int64) string {
	return Conference(slug) + "/protokolle/" + id(minutesID) + "/anhang/" + id(fileID)
}
