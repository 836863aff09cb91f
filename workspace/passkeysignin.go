package workspace

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/parley-talks/parley"
)

// PasskeyRefusal is the message for a member whose session was made with
// a password, in talks that require a passkey.
const PasskeyRefusal = "these talks require a passkey sign-in"

// BeginPasskeySignIn begins a sign-in with a passkey, without a user name
// (a discoverable credential): it returns a ceremony ID, to hand back to
// FinishPasskeySignIn, and the options for navigator.credentials.get, as
// JSON.
func (s *Service) BeginPasskeySignIn(ctx context.Context, rp PasskeyRP) (string, []byte, error) {
	w, err := rp.webAuthn()
	if err != nil {
		return "", nil, err
	}
	opts, data, err := w.BeginDiscoverableLogin(webauthn.WithUserVerification(protocol.VerificationPreferred))
	if err != nil {
		return "", nil, parley.Errorf(parley.EINVALID, "beginning a passkey sign-in: %v", err)
	}
	id := newCeremonyID()
	if err := s.cers.put("signin:"+id, ceremony{data: *data, rp: rp, expires: s.now().Add(CeremonyTTL)}, s.now()); err != nil {
		return "", nil, err
	}
	raw, err := json.Marshal(opts)
	return id, raw, err
}

// FinishPasskeySignIn checks the browser's answer to the sign-in ceremony
// id and, when a registered passkey of an enabled account signed it with a
// counter that went forward, returns a new session token, whose session is
// marked as made with a passkey.
func (s *Service) FinishPasskeySignIn(ctx context.Context, rp PasskeyRP, id string, response []byte) (string, *parley.Account, error) {
	fail := parley.Errorf(parley.EUNAUTHORIZED, "the passkey was not accepted")
	cer, ok := s.cers.take("signin:"+id, s.now())
	if !ok || cer.rp != rp {
		return "", nil, parley.Errorf(parley.EUNAUTHORIZED, "no passkey sign-in is under way here, or it expired; begin again")
	}
	parsed, err := protocol.ParseCredentialRequestResponseBytes(response)
	if err != nil {
		return "", nil, parley.Errorf(parley.EINVALID, "the browser's answer is not a passkey assertion: %v", webauthnDetail(err))
	}
	w, err := rp.webAuthn()
	if err != nil {
		return "", nil, err
	}
	token, hash := newSessionToken()
	now := s.now()
	var account *parley.Account
	err = s.Store.Update(ctx, func(tx parley.Tx) error {
		var u *passkeyUser
		handler := func(rawID, handle []byte) (webauthn.User, error) {
			accountID, ok := strings.CutPrefix(string(handle), "parley:")
			n, err := strconv.ParseInt(accountID, 10, 64)
			if !ok || err != nil {
				return nil, fail
			}
			if u, err = loadPasskeyUser(ctx, tx, n); err != nil {
				return nil, err
			}
			return u, nil
		}
		cred, err := w.ValidateDiscoverableLogin(handler, cer.data, parsed)
		if err != nil || u == nil || u.a.Disabled() {
			if parley.ErrorCode(err) != "" && parley.ErrorCode(err) != parley.ENOTFOUND {
				return err
			}
			return fail
		}
		if cred.Authenticator.CloneWarning {
			return parley.Errorf(parley.EUNAUTHORIZED, "the passkey's signature counter went back: it may have been copied; it was refused")
		}
		account = u.a
		return s.usePasskey(WithAccount(ctx, u.a.ID), tx, u, cred, hash, now)
	})
	if err != nil {
		return "", nil, failed(err, "signing in with a passkey")
	}
	return token, account, nil
}

// usePasskey records a passkey's use (its counter and last use) and
// starts the session it signed in, in the sign-in's transaction.
func (s *Service) usePasskey(ctx context.Context, tx parley.Tx, u *passkeyUser, cred *webauthn.Credential, hash []byte, now time.Time) error {
	var pk *parley.Passkey
	for i := range u.keys {
		if bytes.Equal(u.keys[i].CredentialID, cred.ID) {
			pk = &u.keys[i]
		}
	}
	if pk == nil {
		return parley.Errorf(parley.EUNAUTHORIZED, "the passkey was not accepted")
	}
	raw, err := json.Marshal(cred)
	if err != nil {
		return err
	}
	pk.SignCount, pk.Credential, pk.LastUsedAt = int64(cred.Authenticator.SignCount), raw, &now
	if err := tx.UsePasskey(ctx, pk); err != nil {
		return err
	}
	if err := tx.DeleteExpiredSessions(ctx, now); err != nil {
		return err
	}
	if err := tx.SetLastSignIn(ctx, u.a.ID, now); err != nil {
		return err
	}
	err = tx.CreateSession(ctx, &parley.Session{TokenHash: hash, AccountID: u.a.ID, CreatedAt: now, ExpiresAt: now.Add(s.sessionTTL()),
		Method: parley.SignedInWithPasskey})
	if err != nil {
		return err
	}
	return s.audit(ctx, tx, change{action: "account.passkey-sign-in", object: fmt.Sprintf("accounts/%d/passkeys/%d", u.a.ID, pk.ID)})
}

// SetTalksRequirePasskey sets whether the talks admit only members whose
// session was made with a passkey (mediators only). A mediator turns it on
// from a passkey session, so as not to shut themselves out. Live-update
// streams opened with a password session end when it is turned on.
func (s *Service) SetTalksRequirePasskey(ctx context.Context, talksID int64, on bool) error {
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		if on && !signedInWithPasskey(ctx) {
			return parley.Errorf(parley.EINVALID, "sign in with a passkey before requiring passkeys in these talks")
		}
		if _, _, err := s.open(ctx, tx, talksID, manageTalks); err != nil {
			return err
		}
		if err := tx.SetTalksRequirePasskey(ctx, talksID, on); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{talks: talksID, action: "talks.require-passkey", object: fmt.Sprintf("talks/%d", talksID),
			details: map[string]any{"required": on}})
	})
	if err == nil {
		// Every open stream of the talks reads its member's standing
		// again: one signed in with a password ends.
		s.publish(ctx, parley.Event{Talks: talksID, Kind: "member"})
	}
	return failed(err, "setting whether talks %d require a passkey", talksID)
}

// TalksRequirePasskey reports whether the talks admit only passkey
// sessions.
func (s *Service) TalksRequirePasskey(ctx context.Context, talksID int64) (bool, error) {
	var on bool
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		if _, _, err := s.open(ctx, tx, talksID, seeTalks); err != nil {
			return err
		}
		var err error
		on, err = tx.TalksRequirePasskey(ctx, talksID)
		return err
	})
	return on, failed(err, "reading whether talks %d require a passkey", talksID)
}

// checkPasskeyRequired refuses a member whose session was not made with a
// passkey in talks that require one.
func checkPasskeyRequired(ctx context.Context, tx parley.Tx, talksID int64) error {
	if signedInWithPasskey(ctx) {
		return nil
	}
	on, err := tx.TalksRequirePasskey(ctx, talksID)
	if err != nil {
		return err
	}
	if on {
		return parley.Errorf(parley.EFORBIDDEN, "%s", PasskeyRefusal)
	}
	return nil
}

// accountPasskeyOnly reports whether the account refuses password
// sign-in: it requires a passkey and has one.
func accountPasskeyOnly(ctx context.Context, tx parley.Tx, accountID int64) (bool, error) {
	on, err := tx.AccountRequiresPasskey(ctx, accountID)
	if err != nil || !on {
		return false, err
	}
	keys, err := tx.Passkeys(ctx, accountID)
	return len(keys) > 0, err
}
