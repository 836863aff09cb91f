package workspace

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"time"

	"github.com/parley-talks/parley"
)

// One-time password links, modelled on the setup link (setup.go): an
// administrator issues one for a new account ("set your password") or for
// a reset, and hands it over; whoever opens it sets the account's
// password. Its token is random, kept only as a hash, valid for
// PasswordLinkTTL, usable once; a new link replaces the account's earlier
// one, and disabling the account ends it. When the password is set, every
// session the account had ends and its sign-in failures are forgotten.

// PasswordLinkTTL is how long a password link stays valid.
const PasswordLinkTTL = 72 * time.Hour

// PasswordLinkPath is the path of the page a password link opens, before
// its token.
const PasswordLinkPath = "/reset/"

// IssuedLink is a password link just issued, to be handed to the
// account's holder: its token is shown this once and never again.
type IssuedLink struct {
	Username  string    `json:"username"`
	Token     string    `json:"token"`
	Path      string    `json:"path"`
	ExpiresAt time.Time `json:"expires_at"`
}

// NewAccount is an account an administrator created, with the link that
// sets its password when no password was given.
type NewAccount struct {
	Account *parley.Account `json:"account"`
	Link    *IssuedLink     `json:"password_link,omitempty"`
}

// PasswordReset is a new password set with a password link.
type PasswordReset struct {
	Password string `json:"password"`
	// Confirm repeats Password.
	Confirm string `json:"confirm"`
}

// newLinkToken returns a fresh random token.
func newLinkToken() (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(raw), nil
}

// AdminCreateAccount creates an account, for an administrator. With a
// password, it must pass parley.ValidatePassword; without one, the account
// gets a password nobody knows and a one-time link that sets its own,
// returned once. MayCreateTalks unset gives the right to open talks.
func (s *Service) AdminCreateAccount(ctx context.Context, in AccountInput) (*NewAccount, error) {
	// Nobody else gets as far as hashing a password.
	if err := s.checkAdminister(ctx); err != nil {
		return nil, err
	}
	withLink := in.Password == ""
	var token string
	if withLink {
		var err error
		if token, err = newLinkToken(); err != nil {
			return nil, failed(err, "making a password link")
		}
		if in.Password, err = newLinkToken(); err != nil {
			return nil, failed(err, "making a password")
		}
	}
	a, err := s.newAccount(in, false)
	if err != nil {
		return nil, err
	}
	out := &NewAccount{Account: a}
	err = s.Store.Update(ctx, func(tx parley.Tx) error {
		if _, err := s.administer(ctx, tx); err != nil {
			return err
		}
		if err := tx.CreateAccount(ctx, a); err != nil {
			return err
		}
		err := s.audit(ctx, tx, change{action: "admin.account.create", object: "accounts/" + a.Username,
			details: map[string]any{"admin": a.Admin, "may_create_talks": a.MayCreateTalks, "password_link": withLink}})
		if err != nil || !withLink {
			return err
		}
		out.Link, err = s.issueLink(ctx, tx, a, token)
		return err
	})
	if err != nil {
		return nil, failed(err, "creating account %q", in.Username)
	}
	return out, nil
}

// IssuePasswordLink issues a one-time link that resets an account's
// password, replacing any earlier link of the account; the old password
// keeps working until the link is used. A disabled account gets none
// (ECONFLICT).
func (s *Service) IssuePasswordLink(ctx context.Context, username string) (*IssuedLink, error) {
	token, err := newLinkToken()
	if err != nil {
		return nil, failed(err, "making a password link")
	}
	var link *IssuedLink
	_, err = s.target(ctx, username, func(tx parley.Tx, _, a *parley.Account) ([]change, error) {
		if a.Disabled() {
			return nil, parley.Errorf(parley.ECONFLICT, "%s is disabled; enable it first", a.Username)
		}
		l, err := s.issueLink(ctx, tx, a, token)
		if err != nil {
			return nil, err
		}
		link = l
		return []change{{action: "admin.account.reset-link", details: map[string]any{"expires": link.ExpiresAt}}}, nil
	})
	if err != nil {
		return nil, err
	}
	return link, nil
}

// issueLink stores token as the account's one live password link.
func (s *Service) issueLink(ctx context.Context, tx parley.Tx, a *parley.Account, token string) (*IssuedLink, error) {
	now := s.now()
	if err := tx.DeleteExpiredPasswordLinks(ctx, now); err != nil {
		return nil, err
	}
	if err := tx.DeletePasswordLinksOf(ctx, a.ID); err != nil {
		return nil, err
	}
	l := &parley.PasswordLink{TokenHash: tokenHash(token), AccountID: a.ID, CreatedAt: now, ExpiresAt: now.Add(PasswordLinkTTL)}
	if err := tx.CreatePasswordLink(ctx, l); err != nil {
		return nil, err
	}
	return &IssuedLink{Username: a.Username, Token: token, Path: PasswordLinkPath + token, ExpiresAt: l.ExpiresAt}, nil
}

// CheckPasswordLink returns the account a live password link sets the
// password of, and ENOTFOUND for a wrong, used or expired token alike.
func (s *Service) CheckPasswordLink(ctx context.Context, token string) (*parley.Account, error) {
	var a *parley.Account
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		var err error
		a, err = s.checkLink(ctx, tx, token, tx.PasswordLink)
		return err
	})
	return a, failed(err, "checking a password link")
}

// checkLink finds the live link of token with find and returns its
// account; any other is a dead link (ENOTFOUND).
func (s *Service) checkLink(ctx context.Context, tx parley.Tx, token string, find func(context.Context, []byte) (*parley.PasswordLink, error)) (*parley.Account, error) {
	dead := parley.NotFound("password link")
	if token == "" || len(token) > 200 {
		return nil, dead
	}
	l, err := find(ctx, tokenHash(token))
	if parley.ErrorCode(err) == parley.ENOTFOUND {
		return nil, dead
	} else if err != nil {
		return nil, err
	}
	a, err := tx.AccountByID(ctx, l.AccountID)
	if err != nil {
		return nil, err
	}
	if !s.now().Before(l.ExpiresAt) || a.Disabled() {
		return nil, dead
	}
	return a, nil
}

// UsePasswordLink sets the password of the account of a live password
// link, which it makes dead: the password must pass
// parley.ValidatePassword and Confirm repeat it. Every session of the
// account ends, and its sign-in failures are forgotten.
func (s *Service) UsePasswordLink(ctx context.Context, token string, in PasswordReset) (*parley.Account, error) {
	a, err := s.CheckPasswordLink(ctx, token)
	if err != nil {
		return nil, err
	}
	if err := parley.ValidatePassword("password", in.Password, a.Username); err != nil {
		return nil, err
	}
	if in.Confirm != in.Password {
		return nil, parley.Invalid("confirm", "the two passwords differ")
	}
	var hash string
	var hashErr error
	if err := withHashSlot(ctx, func() { hash, hashErr = HashPassword(in.Password) }); err != nil {
		return nil, err
	} else if hashErr != nil {
		return nil, failed(hashErr, "hashing a password")
	}
	err = s.Store.Update(ctx, func(tx parley.Tx) error {
		if a, err = s.checkLink(ctx, tx, token, tx.TakePasswordLink); err != nil {
			return err
		}
		a.PasswordHash = hash
		if err := tx.UpdateAccount(ctx, a); err != nil {
			return err
		}
		if err := tx.DeleteSessionsOf(ctx, a.ID); err != nil {
			return err
		}
		if err := tx.DeletePasswordLinksOf(ctx, a.ID); err != nil {
			return err
		}
		if err := unlock(ctx, tx, a.Username); err != nil {
			return err
		}
		return s.audit(WithAccount(ctx, a.ID), tx, change{action: "account.password-reset", object: "accounts/" + a.Username})
	})
	if err != nil {
		return nil, failed(err, "setting a password with a link")
	}
	return a, nil
}
