package urls

// Badges and certificates of attendance: PDFs of an edition for the
// organisers, and a person's own certificate behind the personal link.

// Badges is an edition's name badges, eight to an A4 sheet.
func Badges(editionID int64) string { return AdminEdition(editionID) + "/namensschilder.pdf" }

// Badge is one registration's name badge, to print it again.
func Badge(registrationID int64) string {
	return AdminRegistration(registrationID) + "/namensschild.pdf"
}

// Certificates is the certificates of attendance of everyone checked in.
func Certificates(editionID int64) string {
	return AdminEdition(editionID) + "/teilnahmebescheinigungen.pdf"
}

// Certificate is one registration's certificate of attendance, for the organisers.
func Certificate(registrationID int64) string {
	return AdminRegistration(registrationID) + "/teilnahmebescheinigung.pdf"
}

// PersonalCertificate is a participant's own certificate, behind the personal link.
func PersonalCertificate(token string) string { return Personal(token) + "/teilnahmebescheinigung.pdf" }

// BadgeFuncs are these builders as template functions, named as in Funcs.
func BadgeFuncs() map[string]any {
	return map[string]any{
		"badgesPath":              Badges,
		"badgePath":               Badge,
		"certificatesPath":        Certificates,
		"certificatePath":         Certificate,
		"personalCertificatePath": PersonalCertificate,
	}
}
