package parley

import "time"

// Message is a sealed message from one principal to principals of other
// parties, carried by an envoy. Its body is an age-encrypted file
// (filippo.io/age, X25519 recipients) made by the sender's client: the
// server stores and serves only ciphertext, which only the recipients'
// identities open — and the sender's own, as every client seals a copy to
// its sender. The envoy can open it only if the sender addressed the envoy
// too.
type Message struct {
	ID          int64     `json:"id"`
	TalksID     int64     `json:"talks"`
	Sender      string    `json:"sender"`
	SenderParty int64     `json:"sender_party"`
	Envoy       string    `json:"envoy"`
	Recipients  []Receipt `json:"recipients"`
	// Ciphertext is the ASCII-armored age file.
	Ciphertext string    `json:"ciphertext,omitempty"`
	SentAt     time.Time `json:"sent_at"`
}

// Receipt is one recipient of a message with its delivery and read times.
type Receipt struct {
	Username    string    `json:"username"`
	AccountID   int64     `json:"-"`
	DeliveredAt time.Time `json:"delivered_at,omitzero"`
	ReadAt      time.Time `json:"read_at,omitzero"`
}

// Addressed reports whether the account is one of the message's recipients.
func (m *Message) Addressed(accountID int64) bool {
	for _, r := range m.Recipients {
		if r.AccountID == accountID {
			return true
		}
	}
	return false
}

// MessageInput is a sealed message as a client sends it. Recipients are
// user names; the envoy, if the sender wants it to read the message, is
// among them too. The ciphertext is sealed to the recipients' keys and, so
// that the sender can read what it sent, to the sender's own (SealingKeys).
type MessageInput struct {
	Recipients []string `json:"recipients"`
	Envoy      string   `json:"envoy"`
	Ciphertext string   `json:"ciphertext"`
}

// MemberKey is a member's public age recipient, to which clients encrypt.
type MemberKey struct {
	Username     string `json:"username"`
	Party        int64  `json:"party"`
	Role         Role   `json:"role"`
	AgeRecipient string `json:"age_recipient"`
}

// AccountKey is an account's age identity as the server keeps it: the
// public recipient, and the private identity encrypted by the member's
// client under the member's passphrase (age scrypt), which only that client
// can unlock.
type AccountKey struct {
	AgeRecipient   string `json:"age_recipient"`
	SealedIdentity string `json:"sealed_identity,omitempty"`
}

// SealingKeys returns the age recipients a message from sender to the
// named recipients is sealed to, from the talks' member keys: each
// recipient's, then the sender's own so that the sender can read what it
// sent (left out while the sender has registered no key). A recipient
// without a key is an EINVALID *Error naming it.
func SealingKeys(keys []MemberKey, sender string, recipients []string) ([]string, error) {
	byName := map[string]string{}
	for _, k := range keys {
		byName[k.Username] = k.AgeRecipient
	}
	var out []string
	for _, r := range recipients {
		if byName[r] == "" {
			return nil, Invalid("recipients", "%s has no key yet: a message can be sealed to them once they register one", r)
		}
		out = append(out, byName[r])
	}
	if k := byName[sender]; k != "" {
		out = append(out, k)
	}
	return out, nil
}
