package mail

import (
	"strings"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/i18n"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// StaffLink is the email that carries a staff account's one-time link
// (token): an invitation to set a first password (purpose
// model.TokenInvite), or a link to set a new one (model.TokenReset). A
// staff member's language is not known, so the email is German with a
// short English paragraph below.
func (c *Composer) StaffLink(u *model.User, purpose, token string) *model.Email {
	de, en := c.bundle.Localizer("de"), c.bundle.Localizer("en")
	kind, prefix := model.EmailStaffReset, "staff_mail_reset"
	if purpose == model.TokenInvite {
		kind, prefix = model.EmailStaffInvite, "staff_mail_invite"
	}
	site, link := de.T("site_name"), c.site.URL(urls.Account(token))
	role := func(l *i18n.Localizer) string { return l.T("staff_role_" + u.Role) }
	paras := []string{
		de.T("mail_greeting", "Name", u.Name),
		de.T(prefix, "Site", site, "Role", role(de)),
		link,
		de.T("staff_mail_valid", "Days", int(model.AccountTokenTTL.Hours()/24)),
		de.T(prefix + "_ignore"),
		de.T("mail_signature", "Site", site),
		en.T(prefix, "Site", en.T("site_name"), "Role", role(en)) + " " +
			en.T("staff_mail_valid", "Days", int(model.AccountTokenTTL.Hours()/24)),
	}
	return &model.Email{
		Kind:      kind,
		Recipient: u.Email,
		Lang:      de.Code,
		Subject:   de.T(prefix+"_subject", "Site", site) + " / " + en.T(prefix+"_subject", "Site", en.T("site_name")),
		Body:      strings.Join(paras, "\n\n") + "\n",
	}
}
