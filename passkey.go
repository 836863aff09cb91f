package parley

import "time"

// Sign-in methods, as a session records how it was made.
const (
	SignedInWithPassword = "password"
	SignedInWithPasskey  = "passkey"
)

// Passkey is a WebAuthn credential registered to an account. Credential is
// the WebAuthn library's JSON image of the whole credential (transports,
// flags, attestation); CredentialID, PublicKey and SignCount are kept
// apart to look it up and to refuse a signature counter that goes back.
type Passkey struct {
	ID           int64      `json:"id"`
	AccountID    int64      `json:"account"`
	CredentialID []byte     `json:"-"`
	PublicKey    []byte     `json:"-"`
	SignCount    int64      `json:"-"`
	Credential   []byte     `json:"-"`
	Name         string     `json:"name"`
	CreatedAt    time.Time  `json:"created_at"`
	LastUsedAt   *time.Time `json:"last_used_at,omitempty"`
}

// MaxPasskeyNameBytes bounds a passkey's name.
const MaxPasskeyNameBytes = 100
