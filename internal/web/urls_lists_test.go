package web_test

import "github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"

// listAddresses are the addresses of the participant lists and logistics sheets.
var listAddresses = []addressCase{
	{get, urls.EditionSignatureList(3), "/admin/editions/:id/teilnehmerliste.pdf"},
	{get, urls.WorkshopSignatureList(4), "/admin/workshops/:id/teilnehmerliste.pdf"},
	{get, urls.PersonalParticipantList("abc-_1"), "/r/:token/teilnehmerliste.pdf"},
	{get, urls.WorkshopLogistics(4), "/admin/workshops/:id/logistik.pdf"},
	{get, urls.EditionLogistics(3), "/admin/editions/:id/logistik.pdf"},
}
