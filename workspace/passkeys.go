package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/parley-talks/parley"
)

// PasskeyRP is the relying party a passkey ceremony runs for: its ID (the
// host name, without scheme or port), the origin the browser shows
// (scheme, host and port) and the name shown to the member.
type PasskeyRP struct {
	ID, Origin, Name string
}

func (rp PasskeyRP) webAuthn() (*webauthn.WebAuthn, error) {
	name := rp.Name
	if name == "" {
		name = "Parley"
	}
	w, err := webauthn.New(&webauthn.Config{RPID: rp.ID, RPDisplayName: name, RPOrigins: []string{rp.Origin}})
	if err != nil {
		return nil, parley.Errorf(parley.EINVALID, "passkeys are not available at this address: %v", err)
	}
	return w, nil
}

// passkeyUser is an account as the WebAuthn library sees it. Its user
// handle is "parley:" and the account's ID.
type passkeyUser struct {
	a     *parley.Account
	creds []webauthn.Credential
	keys  []parley.Passkey
}

func (u *passkeyUser) WebAuthnID() []byte                         { return userHandle(u.a.ID) }
func (u *passkeyUser) WebAuthnName() string                       { return u.a.Username }
func (u *passkeyUser) WebAuthnDisplayName() string                { return u.a.DisplayName }
func (u *passkeyUser) WebAuthnCredentials() []webauthn.Credential { return u.creds }

func userHandle(accountID int64) []byte { return []byte("parley:" + strconv.FormatInt(accountID, 10)) }

// loadPasskeyUser reads an account with its passkeys.
func loadPasskeyUser(ctx context.Context, tx parley.Tx, accountID int64) (*passkeyUser, error) {
	a, err := tx.AccountByID(ctx, accountID)
	if err != nil {
		return nil, err
	}
	keys, err := tx.Passkeys(ctx, accountID)
	if err != nil {
		return nil, err
	}
	u := &passkeyUser{a: a, keys: keys}
	for _, k := range keys {
		var c webauthn.Credential
		if err := json.Unmarshal(k.Credential, &c); err != nil {
			return nil, fmt.Errorf("reading passkey %d: %w", k.ID, err)
		}
		u.creds = append(u.creds, c)
	}
	return u, nil
}

// BeginPasskeyRegistration begins registering a passkey for the signed-in
// account: it returns the options for navigator.credentials.create, as
// JSON. The challenge is kept for CeremonyTTL, under the account; a new
// beginning replaces it.
func (s *Service) BeginPasskeyRegistration(ctx context.Context, rp PasskeyRP) ([]byte, error) {
	id, err := s.signedIn(ctx)
	if err != nil {
		return nil, err
	}
	w, err := rp.webAuthn()
	if err != nil {
		return nil, err
	}
	var u *passkeyUser
	if err := s.Store.View(ctx, func(tx parley.Tx) error {
		u, err = loadPasskeyUser(ctx, tx, id)
		return err
	}); err != nil {
		return nil, failed(err, "beginning a passkey registration")
	}
	var exclude []protocol.CredentialDescriptor
	for _, c := range u.creds {
		exclude = append(exclude, c.Descriptor())
	}
	opts, data, err := w.BeginRegistration(u,
		webauthn.WithResidentKeyRequirement(protocol.ResidentKeyRequirementRequired),
		webauthn.WithExclusions(exclude))
	if err != nil {
		return nil, parley.Errorf(parley.EINVALID, "beginning a passkey registration: %v", err)
	}
	if err := s.cers.put(regKey(id), ceremony{data: *data, rp: rp, expires: s.now().Add(CeremonyTTL)}, s.now()); err != nil {
		return nil, err
	}
	return json.Marshal(opts)
}

func regKey(accountID int64) string { return "register:" + strconv.FormatInt(accountID, 10) }

// FinishPasskeyRegistration checks the browser's answer (the JSON of the
// PublicKeyCredential) to the registration the account began and stores
// the passkey under name.
func (s *Service) FinishPasskeyRegistration(ctx context.Context, rp PasskeyRP, name string, response []byte) (*parley.Passkey, error) {
	id, err := s.signedIn(ctx)
	if err != nil {
		return nil, err
	}
	name = strings.TrimSpace(name)
	if name == "" {
		name = "passkey"
	}
	if len(name) > parley.MaxPasskeyNameBytes {
		return nil, parley.Errorf(parley.EINVALID, "a passkey's name has at most %d bytes", parley.MaxPasskeyNameBytes)
	}
	cer, ok := s.cers.take(regKey(id), s.now())
	if !ok || cer.rp != rp {
		return nil, parley.Errorf(parley.EINVALID, "no passkey registration is under way here, or it expired; begin again")
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes(response)
	if err != nil {
		return nil, parley.Errorf(parley.EINVALID, "the browser's answer is not a passkey: %v", webauthnDetail(err))
	}
	w, err := rp.webAuthn()
	if err != nil {
		return nil, err
	}
	var pk *parley.Passkey
	err = s.Store.Update(ctx, func(tx parley.Tx) error {
		u, err := loadPasskeyUser(ctx, tx, id)
		if err != nil {
			return err
		}
		cred, err := w.CreateCredential(u, cer.data, parsed)
		if err != nil {
			return parley.Errorf(parley.EINVALID, "the passkey was not accepted: %v", webauthnDetail(err))
		}
		raw, err := json.Marshal(cred)
		if err != nil {
			return err
		}
		pk = &parley.Passkey{AccountID: id, CredentialID: cred.ID, PublicKey: cred.PublicKey, SignCount: int64(cred.Authenticator.SignCount),
			Credential: raw, Name: name, CreatedAt: s.now()}
		if err := tx.CreatePasskey(ctx, pk); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "account.passkey-add", object: fmt.Sprintf("accounts/%d/passkeys/%d", id, pk.ID),
			details: map[string]any{"name": name}})
	})
	return pk, failed(err, "registering a passkey")
}

// ListPasskeys lists the signed-in account's passkeys and whether it
// requires one to sign in.
func (s *Service) ListPasskeys(ctx context.Context) ([]parley.Passkey, bool, error) {
	id, err := s.signedIn(ctx)
	if err != nil {
		return nil, false, err
	}
	var keys []parley.Passkey
	var required bool
	err = s.Store.View(ctx, func(tx parley.Tx) error {
		if keys, err = tx.Passkeys(ctx, id); err != nil {
			return err
		}
		required, err = tx.AccountRequiresPasskey(ctx, id)
		return err
	})
	return keys, required, failed(err, "listing passkeys")
}

// DeletePasskey removes one of the signed-in account's passkeys.
func (s *Service) DeletePasskey(ctx context.Context, passkeyID int64) error {
	id, err := s.signedIn(ctx)
	if err != nil {
		return err
	}
	err = s.Store.Update(ctx, func(tx parley.Tx) error {
		if err := tx.DeletePasskey(ctx, id, passkeyID); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "account.passkey-remove", object: fmt.Sprintf("accounts/%d/passkeys/%d", id, passkeyID)})
	})
	return failed(err, "removing passkey %d", passkeyID)
}

// SetRequirePasskey sets whether the signed-in account refuses password
// sign-in. Requiring one takes a registered passkey first, so that no
// account locks itself out.
func (s *Service) SetRequirePasskey(ctx context.Context, on bool) error {
	id, err := s.signedIn(ctx)
	if err != nil {
		return err
	}
	err = s.Store.Update(ctx, func(tx parley.Tx) error {
		if on {
			keys, err := tx.Passkeys(ctx, id)
			if err != nil {
				return err
			}
			if len(keys) == 0 {
				return parley.Errorf(parley.EINVALID, "register a passkey before requiring one")
			}
		}
		if err := tx.SetAccountRequiresPasskey(ctx, id, on); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "account.require-passkey", object: fmt.Sprintf("accounts/%d", id),
			details: map[string]any{"required": on}})
	})
	return failed(err, "setting whether account %d requires a passkey", id)
}

// webauthnDetail is what the WebAuthn library says went wrong, in one
// line.
func webauthnDetail(err error) string {
	var e *protocol.Error
	if errors.As(err, &e) {
		if e.DevInfo != "" {
			return e.Details + " (" + e.DevInfo + ")"
		}
		return e.Details
	}
	return err.Error()
}
