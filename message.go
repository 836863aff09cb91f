package parley

import "time"

// Message is a sealed message from one principal to principals of other
// parties, carried by an envoy. Its body is an age-encrypted file
// (filippo.io/age, X25519 recipients) made by the sender's client: the
// server stores and serves only ciphertext, which only the recipients'
// identities open. The envoy can open it only if the sender addressed the
// envoy too.
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
// among them too.
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
