package web_test

import "github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"

// badgeAddresses are the addresses of the badges and certificates.
var badgeAddresses = []addressCase{
	{get, urls.Badges(3), "/admin/editions/:id/namensschilder.pdf"},
	{get, urls.Badge(7), "/admin/registrations/:id/namensschild.pdf"},
	{get, urls.Certificates(3), "/admin/editions/:id/teilnahmebescheinigungen.pdf"},
	{get, urls.Certificate(7), "/admin/registrations/:id/teilnahmebescheinigung.pdf"},
	{get, urls.PersonalCertificate("abc-_1"), "/r/:token/teilnahmebescheinigung.pdf"},
}
