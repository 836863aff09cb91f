package workspace

import (
	"bytes"
	"context"
	"time"

	"github.com/parley-talks/parley"
)

// My account: what a signed-in account does to itself — change its
// password and display name, see its sessions.

// PasswordChange is a change of the caller's own password.
type PasswordChange struct {
	Current string `json:"current_password"`
	New     string `json:"new_password"`
}

// ChangePassword changes the calling account's password. The current
// password is checked as at sign-in — counted under the same limits from
// the client address from, in a hash slot — so that a stolen session
// cannot guess it faster than the sign-in page could; a wrong one is an
// EINVALID error naming current_password. The new one must pass
// parley.ValidatePassword. Every other session of the account ends; the
// session of token (the caller's) is kept.
func (s *Service) ChangePassword(ctx context.Context, token string, in PasswordChange, from string) error {
	a, err := s.Account(ctx)
	if err != nil {
		return err
	}
	if err := parley.ValidatePassword("new_password", in.New, a.Username); err != nil {
		return err
	}
	keys := signInKeys(a.Username, from, true)
	if err := s.countSignIn(ctx, keys, s.now()); err != nil {
		return failed(err, "counting a password check")
	}
	hash, ok, err := checkAndHash(ctx, a.PasswordHash, in.Current, in.New)
	if err != nil {
		return failed(s.uncountSignIn(ctx, keys, err), "changing the password of %q", a.Username)
	}
	if !ok {
		return parley.Invalid("current_password", "the current password is wrong")
	}
	err = s.Store.Update(ctx, func(tx parley.Tx) error {
		if err := forgetFailures(ctx, tx, keys); err != nil {
			return err
		}
		a.PasswordHash = hash
		if err := tx.UpdateAccount(ctx, a); err != nil {
			return err
		}
		if err := tx.DeleteSessionsOfExcept(ctx, a.ID, tokenHash(token)); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "account.password-change", object: "accounts/" + a.Username})
	})
	return failed(err, "changing the password of %q", a.Username)
}

// checkAndHash checks password against hash and, when it matches, hashes
// next — both in one hash slot, so the work stays bounded.
func checkAndHash(ctx context.Context, hash, password, next string) (string, bool, error) {
	if len(password) > MaxPasswordBytes {
		password = "" // checked all the same, so a long one takes as long
	}
	var newHash string
	var ok bool
	var hashErr error
	err := withHashSlot(ctx, func() {
		if ok = CheckPassword(hash, password); ok {
			newHash, hashErr = HashPassword(next)
		}
	})
	if err == nil {
		err = hashErr
	}
	return newHash, ok, err
}

// SetDisplayName changes the calling account's display name.
func (s *Service) SetDisplayName(ctx context.Context, name string) (*parley.Account, error) {
	id, err := s.signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if err := parley.CheckText("display_name", name, 1, 200); err != nil {
		return nil, err
	}
	var a *parley.Account
	err = s.Store.Update(ctx, func(tx parley.Tx) error {
		if a, err = tx.AccountByID(ctx, id); err != nil {
			return err
		}
		a.DisplayName = name
		if err := tx.UpdateAccount(ctx, a); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "account.display-name", object: "accounts/" + a.Username})
	})
	if err != nil {
		return nil, failed(err, "changing the display name of account %d", id)
	}
	return a, nil
}

// SessionInfo is one of an account's sessions as its owner sees it:
// never its token.
type SessionInfo struct {
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
	// Current is the session the caller is using (its token).
	Current bool `json:"current"`
}

// Sessions lists the calling account's unexpired sessions, oldest first;
// token is the caller's, to mark its session as the current one.
func (s *Service) Sessions(ctx context.Context, token string) ([]SessionInfo, error) {
	id, err := s.signedIn(ctx)
	if err != nil {
		return nil, err
	}
	var all []parley.Session
	err = s.Store.View(ctx, func(tx parley.Tx) error {
		all, err = tx.SessionsOf(ctx, id)
		return err
	})
	if err != nil {
		return nil, failed(err, "listing the sessions of account %d", id)
	}
	now, mine := s.now(), tokenHash(token)
	out := []SessionInfo{}
	for _, sess := range all {
		if now.Before(sess.ExpiresAt) {
			out = append(out, SessionInfo{CreatedAt: sess.CreatedAt, ExpiresAt: sess.ExpiresAt, Current: bytes.Equal(sess.TokenHash, mine)})
		}
	}
	return out, nil
}
