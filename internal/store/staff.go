package store

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"slices"

	"github.com/jmoiron/sqlx"
	"golang.org/x/crypto/bcrypt"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// Staff accounts as organisers manage them from the browser: invited with
// a one-time link to set a password, given roles and workshops,
// deactivated and reactivated. server create-user stays for the first
// organiser.

// ComposeStaff writes the email that carries a staff account's one-time
// link (token) for purpose (model.TokenInvite or model.TokenReset).
type ComposeStaff func(u *model.User, purpose, token string) *model.Email

// newAccountToken makes a one-time link's token: 256 random bits, as a
// login's, since the link leads to setting a password.
func newAccountToken() string {
	buf := make([]byte, 32)
	rand.Read(buf)
	return base64.RawURLEncoding.EncodeToString(buf)
}

// InviteStaff creates the account u without a password, invited to the
// workshops, with an invitation link, and queues the email compose writes
// with it; all in one transaction, recorded in the audit log as by's. It
// returns the link's token, which is stored only as its hash. u.ID is set.
func (db *DB) InviteStaff(ctx context.Context, u *model.User, workshopIDs []int64, by *model.User, compose ComposeStaff) (string, error) {
	u.Email = model.NormalizeEmail(u.Email)
	u.PasswordHash = ""
	if err := u.Validate(); err != nil {
		return "", err
	}
	var token string
	err := db.tx(ctx, func(tx *sqlx.Tx) error {
		u.CreatedAt = db.now()
		id, err := db.insert(ctx, tx, `INSERT INTO users (email, name, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)`,
			u.Email, u.Name, u.PasswordHash, u.Role, u.CreatedAt)
		if isUnique(err) {
			return model.Conflict("email", "err_email_taken")
		}
		if err != nil {
			return fmt.Errorf("store: invite: %w", err)
		}
		u.ID, u.Active = id, true
		if err := db.setUserWorkshops(ctx, tx, id, workshopIDs); err != nil {
			return err
		}
		if token, err = db.sendAccountLink(ctx, tx, u, model.TokenInvite, compose); err != nil {
			return err
		}
		return db.auditStaff(ctx, tx, by, model.AuditStaffInvited, u.Email+" ("+u.Role+")")
	})
	return token, err
}

// sendAccountLink replaces the account's unused links by a new one for
// purpose, queues its email and returns its token: only the newest link
// sent to someone works.
func (db *DB) sendAccountLink(ctx context.Context, tx *sqlx.Tx, u *model.User, purpose string, compose ComposeStaff) (string, error) {
	if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM account_tokens WHERE user_id = ? AND used_at IS NULL`), u.ID); err != nil {
		return "", fmt.Errorf("store: replace account links: %w", err)
	}
	token, now := newAccountToken(), db.now()
	_, err := tx.ExecContext(ctx, db.q(`INSERT INTO account_tokens (token_hash, user_id, purpose, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?)`), hashToken(token), u.ID, purpose, now, now.Add(model.AccountTokenTTL))
	if err != nil {
		return "", fmt.Errorf("store: account link: %w", err)
	}
	e := compose(u, purpose, token)
	row, args := emailValues(e, now)
	if e.ID, err = db.insert(ctx, tx, insertEmail+row, args...); err != nil {
		return "", fmt.Errorf("store: enqueue account link: %w", err)
	}
	return token, nil
}

// setUserWorkshops replaces the workshops an account facilitates; a
// workshop deleted meanwhile is a problem of the form's field.
func (db *DB) setUserWorkshops(ctx context.Context, tx *sqlx.Tx, userID int64, workshopIDs []int64) error {
	if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM workshop_facilitators WHERE user_id = ?`), userID); err != nil {
		return fmt.Errorf("store: staff workshops: %w", err)
	}
	for _, w := range workshopIDs {
		err := db.execWrite(ctx, tx, statement{`INSERT INTO workshop_facilitators (workshop_id, user_id) VALUES (?, ?)`,
			[]any{w, userID}})
		if model.ErrorCode(err) == model.ENotFound {
			return model.Conflict("workshops", "err_staff_workshop_gone")
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// auditStaff records an organiser's action on a staff account.
func (db *DB) auditStaff(ctx context.Context, tx *sqlx.Tx, by *model.User, action, detail string) error {
	return db.audit(ctx, tx, &model.AuditEvent{UserID: &by.ID, Actor: by.Email, Action: action, Detail: detail})
}

// StaffAccounts returns every staff account with its workshops: active
// ones first, each group by name.
func (db *DB) StaffAccounts(ctx context.Context) ([]model.StaffAccount, error) {
	var users []model.User
	err := db.ro.SelectContext(ctx, &users, db.q(`SELECT `+userColumns+` FROM users ORDER BY active DESC, name, id`))
	if err != nil {
		return nil, fmt.Errorf("store: staff: %w", err)
	}
	var rows []struct {
		UserID int64 `db:"user_id"`
		model.StaffWorkshop
	}
	err = db.ro.SelectContext(ctx, &rows, db.q(`SELECT f.user_id, `+staffWorkshopColumns+`
		FROM workshop_facilitators f JOIN workshops w ON w.id = f.workshop_id JOIN conferences c ON c.id = w.conference_id
		ORDER BY c.starts_at DESC, c.id, w.position, w.id`))
	if err != nil {
		return nil, fmt.Errorf("store: staff workshops: %w", err)
	}
	byUser := map[int64][]model.StaffWorkshop{}
	for _, r := range rows {
		byUser[r.UserID] = append(byUser[r.UserID], r.StaffWorkshop)
	}
	out := make([]model.StaffAccount, len(users))
	for i, u := range users {
		out[i] = model.StaffAccount{User: u, Workshops: byUser[u.ID]}
	}
	return out, nil
}

const staffWorkshopColumns = `w.id, w.title, w.conference_id, c.title AS conference_title, c.starts_at`

// StaffAccount returns one staff account with its workshops.
func (db *DB) StaffAccount(ctx context.Context, id int64) (*model.StaffAccount, error) {
	var a model.StaffAccount
	if err := db.getOne(ctx, db.ro, &a.User, `SELECT `+userColumns+` FROM users WHERE id = ?`, id); err != nil {
		return nil, err
	}
	err := db.ro.SelectContext(ctx, &a.Workshops, db.q(`SELECT `+staffWorkshopColumns+`
		FROM workshop_facilitators f JOIN workshops w ON w.id = f.workshop_id JOIN conferences c ON c.id = w.conference_id
		WHERE f.user_id = ? ORDER BY c.starts_at DESC, c.id, w.position, w.id`), id)
	if err != nil {
		return nil, fmt.Errorf("store: workshops of account %d: %w", id, err)
	}
	return &a, nil
}

// StaffWorkshops returns every workshop an account may be invited to,
// newest edition first.
func (db *DB) StaffWorkshops(ctx context.Context) ([]model.StaffWorkshop, error) {
	var out []model.StaffWorkshop
	err := db.ro.SelectContext(ctx, &out, db.q(`SELECT `+staffWorkshopColumns+`
		FROM workshops w JOIN conferences c ON c.id = w.conference_id
		JOIN sessions s ON s.id = w.session_id
		ORDER BY c.starts_at DESC, c.id, s.starts_at, w.position, w.id`))
	if err != nil {
		return nil, fmt.Errorf("store: workshops for staff: %w", err)
	}
	return out, nil
}

// StaffEmails returns the emails of the outbox written to a staff account's
// address about the account, newest first: without a mail server, this is
// where organisers find the link to pass on.
func (db *DB) StaffEmails(ctx context.Context, email string) ([]model.Email, error) {
	var out []model.Email
	err := db.ro.SelectContext(ctx, &out, db.q(`SELECT `+emailListColumns+` FROM outbox
		WHERE recipient = ? AND kind IN (?, ?) ORDER BY created_at DESC, id DESC`),
		email, model.EmailStaffInvite, model.EmailStaffReset)
	if err != nil {
		return nil, fmt.Errorf("store: staff emails: %w", err)
	}
	return out, nil
}

// lockedUser reads an account in tx, locked on PostgreSQL against a change
// made at the same moment.
func (db *DB) lockedUser(ctx context.Context, tx *sqlx.Tx, id int64) (*model.User, error) {
	var u model.User
	query := `SELECT ` + userColumns + ` FROM users WHERE id = ?`
	if db.dialect == Postgres {
		query += pgLockRows
	}
	if err := db.getOne(ctx, tx, &u, query, id); err != nil {
		return nil, err
	}
	return &u, nil
}

// keepAnOrganiser refuses, as a problem of field, to take the organiser
// role from account id (demoted or deactivated) when no other active
// organiser would remain: someone must be able to manage the office.
// organisers are the active organisers, locked by lockOrganisers at the
// start of the transaction, before the account's own row: so two
// organisers demoting each other at once cannot both pass this check, and
// neither waits for a lock the other holds.
func keepAnOrganiser(organisers []int64, id int64, field string) error {
	if !slices.ContainsFunc(organisers, func(o int64) bool { return o != id }) {
		return model.Conflict(field, "err_staff_last_organiser")
	}
	return nil
}

// lockOrganisers returns the ids of the active organisers. On SQLite, a
// write transaction holds the database's one write lock from its start, so
// the read is all it takes; PostgreSQL locks the rows (pgLockOrganisers).
func (db *DB) lockOrganisers(ctx context.Context, tx *sqlx.Tx) ([]int64, error) {
	if db.dialect == Postgres {
		return db.pgLockOrganisers(ctx, tx)
	}
	var ids []int64
	err := tx.SelectContext(ctx, &ids, db.q(activeOrganisers), model.RoleOrganiser, true)
	if err != nil {
		return nil, fmt.Errorf("store: organisers: %w", err)
	}
	return ids, nil
}

const activeOrganisers = `SELECT id FROM users WHERE role = ? AND active = ? ORDER BY id`

// UpdateStaff changes an account's name, role and workshops, as by; the
// last active organiser keeps the role. A change of role is audited.
func (db *DB) UpdateStaff(ctx context.Context, id int64, name, role string, workshopIDs []int64, by *model.User) error {
	return db.tx(ctx, func(tx *sqlx.Tx) error {
		organisers, err := db.lockOrganisers(ctx, tx)
		if err != nil {
			return err
		}
		u, err := db.lockedUser(ctx, tx, id)
		if err != nil {
			return err
		}
		before := u.Role
		u.Name, u.Role = name, role
		if err := u.Validate(); err != nil {
			return err
		}
		if before == model.RoleOrganiser && role != model.RoleOrganiser && u.Active {
			if err := keepAnOrganiser(organisers, id, "role"); err != nil {
				return err
			}
		}
		if err := db.execOne(ctx, tx, `UPDATE users SET name = ?, role = ? WHERE id = ?`, name, role, id); err != nil {
			return err
		}
		if err := db.setUserWorkshops(ctx, tx, id, workshopIDs); err != nil {
			return err
		}
		if before == role {
			return nil
		}
		return db.auditStaff(ctx, tx, by, model.AuditStaffChanged, u.Email+": "+before+" → "+role)
	})
}

// DeactivateStaff shuts an account out at once: it can no longer log in,
// its sessions and unused links are deleted in the same transaction. The
// last active organiser cannot be deactivated. An inactive account stays so.
func (db *DB) DeactivateStaff(ctx context.Context, id int64, by *model.User) error {
	return db.tx(ctx, func(tx *sqlx.Tx) error {
		organisers, err := db.lockOrganisers(ctx, tx)
		if err != nil {
			return err
		}
		u, err := db.lockedUser(ctx, tx, id)
		if err != nil || !u.Active {
			return err
		}
		if u.Role == model.RoleOrganiser {
			if err := keepAnOrganiser(organisers, id, "_form"); err != nil {
				return err
			}
		}
		if err := db.execOne(ctx, tx, `UPDATE users SET active = ? WHERE id = ?`, false, id); err != nil {
			return err
		}
		for _, q := range []string{`DELETE FROM staff_sessions WHERE user_id = ?`, `DELETE FROM account_tokens WHERE user_id = ? AND used_at IS NULL`} {
			if _, err := tx.ExecContext(ctx, db.q(q), id); err != nil {
				return fmt.Errorf("store: deactivate: %w", err)
			}
		}
		return db.auditStaff(ctx, tx, by, model.AuditStaffDeactivated, u.Email)
	})
}

// ReactivateStaff lets a deactivated account log in again with its
// password; an active account stays so.
func (db *DB) ReactivateStaff(ctx context.Context, id int64, by *model.User) error {
	return db.tx(ctx, func(tx *sqlx.Tx) error {
		u, err := db.lockedUser(ctx, tx, id)
		if err != nil || u.Active {
			return err
		}
		if err := db.execOne(ctx, tx, `UPDATE users SET active = ? WHERE id = ?`, true, id); err != nil {
			return err
		}
		return db.auditStaff(ctx, tx, by, model.AuditStaffReactivated, u.Email)
	})
}

// SendAccountLink queues a new one-time link for an active account, as by:
// an invitation again if no password was ever set, else a link to set a
// new one. Earlier unused links stop working. It returns the link's token.
func (db *DB) SendAccountLink(ctx context.Context, id int64, by *model.User, compose ComposeStaff) (string, error) {
	var token string
	err := db.tx(ctx, func(tx *sqlx.Tx) error {
		u, err := db.lockedUser(ctx, tx, id)
		if err != nil {
			return err
		}
		if !u.Active {
			return model.Conflict("_form", "err_staff_inactive")
		}
		purpose := model.TokenReset
		if u.PasswordHash == "" {
			purpose = model.TokenInvite
		}
		if token, err = db.sendAccountLink(ctx, tx, u, purpose, compose); err != nil {
			return err
		}
		return db.auditStaff(ctx, tx, by, model.AuditStaffResetLink, u.Email+" ("+purpose+")")
	})
	return token, err
}

// accountTokenValid is the condition of a link that still works: unused,
// unexpired, of an active account (arguments: now, true).
// Written with the table's name, which SQLite's RETURNING needs instead of an alias.
const accountTokenValid = `account_tokens.used_at IS NULL AND account_tokens.expires_at > ?
	AND account_tokens.user_id IN (SELECT id FROM users WHERE active = ?)`

// AccountToken returns the one-time link token belongs to if it still
// works; a used, expired or unknown one is not found, alike.
func (db *DB) AccountToken(ctx context.Context, token string) (*model.AccountToken, error) {
	var t model.AccountToken
	err := db.getOne(ctx, db.ro, &t, `SELECT account_tokens.user_id, account_tokens.purpose, account_tokens.expires_at, u.name, u.email
		FROM account_tokens JOIN users u ON u.id = account_tokens.user_id
		WHERE account_tokens.token_hash = ? AND `+accountTokenValid, hashToken(token), db.now(), true)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// RedeemAccountToken sets the password of the account a one-time link
// belongs to, and uses the link up: one conditional UPDATE takes it, so of
// two uses at once only one succeeds. The account's other logins end. A
// used, expired or unknown link is not found.
func (db *DB) RedeemAccountToken(ctx context.Context, token, password string) (*model.User, error) {
	if err := model.ValidatePassword(password); err != nil {
		return nil, err
	}
	// Hashed before the transaction: bcrypt is slow on purpose.
	hash, err := bcrypt.GenerateFromPassword([]byte(password), db.PasswordCost)
	if err != nil {
		return nil, fmt.Errorf("store: hash password: %w", err)
	}
	var u *model.User
	err = db.tx(ctx, func(tx *sqlx.Tx) error {
		var userID int64
		err := db.getOne(ctx, tx, &userID, `UPDATE account_tokens SET used_at = ?
			WHERE account_tokens.token_hash = ? AND `+accountTokenValid+` RETURNING user_id`, db.now(), hashToken(token), db.now(), true)
		if err != nil {
			return err
		}
		if err := db.execOne(ctx, tx, `UPDATE users SET password_hash = ? WHERE id = ?`, string(hash), userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM staff_sessions WHERE user_id = ?`), userID); err != nil {
			return fmt.Errorf("store: end logins: %w", err)
		}
		u, err = db.lockedUser(ctx, tx, userID)
		return err
	})
	return u, err
}
