package workspace

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"

	"github.com/parley-talks/parley"
)

// First start: a database with no account has no password to guess. The
// server issues a one-time setup link instead (BeginSetup), printed where
// only the operator sees it; whoever opens it creates the first
// administrator (CompleteSetup). The link's token is random, kept only as
// a hash in the settings, valid for SetupLinkTTL, usable once, and dead as
// soon as the database has an account: a second setup is impossible.

// SetupLinkTTL is how long a setup link stays valid.
const SetupLinkTTL = time.Hour

// settingSetup is the setting holding the live setup link: the hex SHA-256
// of its token and its expiry, "" when there is none.
const settingSetup = "setup_link"

// SetupInput creates the first administrator.
type SetupInput struct {
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Password    string `json:"password"`
	// Confirm repeats Password.
	Confirm string `json:"confirm"`
}

// BeginSetup issues a new setup link for an empty database, replacing any
// earlier one, and returns its token, to be shown to the operator once. It
// returns ECONFLICT when the database has accounts already.
func (s *Service) BeginSetup(ctx context.Context) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", failed(err, "making a setup link")
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	expires := s.now().Add(SetupLinkTTL)
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		if empty, err := tx.Empty(ctx); err != nil {
			return err
		} else if !empty {
			return parley.Errorf(parley.ECONFLICT, "the database has accounts already: an administrator creates the others")
		}
		if err := tx.PutSetting(ctx, settingSetup, hashToken(token)+" "+expires.Format(time.RFC3339Nano)); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "setup.link", object: "setup", details: map[string]any{"expires": expires}})
	})
	if err != nil {
		return "", failed(err, "making a setup link")
	}
	return token, nil
}

// CheckSetup returns nil if token opens the live setup link, and an
// ENOTFOUND *Error otherwise: a wrong, used or expired token alike, or a
// database that has accounts.
func (s *Service) CheckSetup(ctx context.Context, token string) error {
	err := s.Store.View(ctx, func(tx parley.Tx) error { return s.checkSetup(ctx, tx, token) })
	return failed(err, "checking a setup link")
}

// CompleteSetup creates the first administrator with the setup link's
// token, and makes the link dead. The password follows the rules of every
// account's (CreateAccount), and Confirm must repeat it.
func (s *Service) CompleteSetup(ctx context.Context, token string, in SetupInput) (*parley.Account, error) {
	if err := s.CheckSetup(ctx, token); err != nil {
		return nil, err
	}
	if in.Confirm != in.Password {
		return nil, parley.Invalid("confirm", "the two passwords differ")
	}
	a, err := s.newAccount(AccountInput{Username: in.Username, DisplayName: in.DisplayName, Password: in.Password, Admin: true}, false)
	if err != nil {
		return nil, err
	}
	err = s.Store.Update(ctx, func(tx parley.Tx) error {
		if err := s.checkSetup(ctx, tx, token); err != nil {
			return err
		}
		if err := tx.PutSetting(ctx, settingSetup, ""); err != nil {
			return err
		}
		if err := tx.CreateAccount(ctx, a); err != nil {
			return err
		}
		return s.audit(WithAccount(ctx, a.ID), tx, change{action: "setup.complete", object: "accounts/" + a.Username,
			details: map[string]any{"admin": true}})
	})
	if err != nil {
		return nil, failed(err, "creating the first administrator")
	}
	return a, nil
}

// checkSetup is CheckSetup within the transaction tx.
func (s *Service) checkSetup(ctx context.Context, tx parley.Tx, token string) error {
	dead := parley.NotFound("setup link")
	if empty, err := tx.Empty(ctx); err != nil {
		return err
	} else if !empty {
		return dead
	}
	v, err := tx.Setting(ctx, settingSetup)
	if err != nil {
		return err
	}
	hash, when, ok := strings.Cut(v, " ")
	expires, terr := time.Parse(time.RFC3339Nano, when)
	if !ok || terr != nil || token == "" || subtle.ConstantTimeCompare([]byte(hash), []byte(hashToken(token))) != 1 || !s.now().Before(expires) {
		return dead
	}
	return nil
}

// hashToken is the hex SHA-256 of a setup token, as it is stored.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
