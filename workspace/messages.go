package workspace

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"filippo.io/age"
	"filippo.io/age/armor"

	"github.com/parley-talks/parley"
)

// MaxMessageSize bounds a sealed message's armored ciphertext.
const MaxMessageSize = 1 << 20

// SetAccountKey registers the caller's age identity: the public recipient
// others encrypt to, and optionally the identity sealed under the caller's
// passphrase by the caller's own client (an age scrypt file).
func (s *Service) SetAccountKey(ctx context.Context, k parley.AccountKey) error {
	id, err := s.signedIn(ctx)
	if err != nil {
		return err
	}
	if _, err := age.ParseX25519Recipient(strings.TrimSpace(k.AgeRecipient)); err != nil {
		return parley.Invalid("age_recipient", "not an age X25519 recipient (age1…): %v", err)
	}
	k.AgeRecipient = strings.TrimSpace(k.AgeRecipient)
	if k.SealedIdentity != "" {
		if len(k.SealedIdentity) > 16<<10 {
			return parley.Invalid("sealed_identity", "the sealed identity is larger than 16 KiB")
		}
		st, err := ageStanzas(k.SealedIdentity)
		if err != nil {
			return parley.Invalid("sealed_identity", "not an armored age file: %v", err)
		}
		if st["scrypt"] != 1 || len(st) != 1 {
			return parley.Invalid("sealed_identity", "the identity must be sealed under a passphrase (one age scrypt stanza)")
		}
	}
	err = s.Store.Update(ctx, func(tx parley.Tx) error {
		if err := tx.SetAccountKey(ctx, id, k); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "account.key", object: fmt.Sprintf("accounts/%d/key", id),
			details: map[string]any{"age_recipient": k.AgeRecipient}})
	})
	return failed(err, "setting the age identity of account %d", id)
}

// AccountKey returns the caller's own age identity as the server keeps it.
func (s *Service) AccountKey(ctx context.Context) (*parley.AccountKey, error) {
	id, err := s.signedIn(ctx)
	if err != nil {
		return nil, err
	}
	var k *parley.AccountKey
	err = s.Store.View(ctx, func(tx parley.Tx) error {
		k, err = tx.AccountKey(ctx, id)
		return err
	})
	if err == nil && k.AgeRecipient == "" {
		return nil, parley.NotFound("age identity")
	}
	return k, failed(err, "reading the age identity of account %d", id)
}

// MemberKeys lists the public age recipients of the talks' members who
// have one, for clients to encrypt messages to.
func (s *Service) MemberKeys(ctx context.Context, talksID int64) ([]parley.MemberKey, error) {
	out := []parley.MemberKey{}
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		if _, _, err := s.open(ctx, tx, talksID, seeTalks); err != nil {
			return err
		}
		members, err := tx.Members(ctx, talksID)
		if err != nil {
			return err
		}
		for _, m := range members {
			k, err := tx.AccountKey(ctx, m.AccountID)
			if err != nil {
				return err
			}
			if k.AgeRecipient != "" {
				out = append(out, parley.MemberKey{Username: m.Username, Party: m.PartyID, Role: m.Role, AgeRecipient: k.AgeRecipient})
			}
		}
		return nil
	})
	return out, failed(err, "listing the member keys of talks %d", talksID)
}

// SendMessage stores a sealed message from the caller, a principal, to
// principals of other parties, carried by an envoy. The ciphertext must be
// an armored age file with one X25519 stanza per recipient and one more
// for the sender's own key (parley.SealingKeys; a client of a sender with
// no key yet leaves it out): the server checks its shape, never its
// content, which it cannot read.
func (s *Service) SendMessage(ctx context.Context, talksID int64, in parley.MessageInput) (*parley.Message, error) {
	if len(in.Recipients) == 0 {
		return nil, parley.Invalid("recipients", "name at least one recipient")
	}
	if len(in.Recipients) > 50 {
		return nil, parley.Invalid("recipients", "at most 50 recipients")
	}
	if len(in.Ciphertext) > MaxMessageSize {
		return nil, parley.Invalid("ciphertext", "the message is larger than %d bytes", MaxMessageSize)
	}
	st, err := ageStanzas(in.Ciphertext)
	if err != nil {
		return nil, parley.Invalid("ciphertext", "send the message encrypted, as an armored age file: %v", err)
	}
	if n := st["X25519"]; len(st) != 1 || n != len(in.Recipients) && n != len(in.Recipients)+1 {
		return nil, parley.Invalid("ciphertext", "the message must be encrypted to the %d named recipients' X25519 keys, and the sender's own, and no others", len(in.Recipients))
	}
	var m *parley.Message
	err = s.Store.Update(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, sendMessage)
		if err != nil {
			return err
		}
		members, err := tx.Members(ctx, talksID)
		if err != nil {
			return err
		}
		byName := map[string]*parley.Member{}
		for i := range members {
			byName[members[i].Username] = &members[i]
		}
		envoy := byName[in.Envoy]
		if envoy == nil || !parley.CanCarryMessages(envoy) || envoy.AccountID == v.AccountID {
			return parley.Invalid("envoy", "the envoy must be another member of the talks who is a negotiator or mediator")
		}
		m = &parley.Message{TalksID: talksID, Sender: v.Member.Username, SenderParty: v.Member.PartyID, Envoy: envoy.Username,
			Ciphertext: in.Ciphertext, SentAt: s.now()}
		seen := map[string]bool{}
		for _, name := range in.Recipients {
			r := byName[name]
			switch {
			case r == nil:
				return parley.Invalid("recipients", "%q is not a member of these talks", name)
			case seen[name]:
				return parley.Invalid("recipients", "%q is named twice", name)
			case r.AccountID == v.AccountID:
				return parley.Invalid("recipients", "a message is not sent to its sender")
			case r != envoy && (r.Role != parley.RolePrincipal || r.PartyID == v.Member.PartyID):
				return parley.Invalid("recipients", "%q is not a principal of another party (or the envoy)", name)
			}
			seen[name] = true
			m.Recipients = append(m.Recipients, parley.Receipt{Username: name, AccountID: r.AccountID})
		}
		if err := tx.CreateMessage(ctx, m); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{talks: talksID, party: v.Member.PartyID, action: "message.send",
			object: fmt.Sprintf("talks/%d/messages/%d", talksID, m.ID), details: map[string]any{"envoy": m.Envoy, "recipients": len(m.Recipients)}})
	})
	return m, failed(err, "sending a message in talks %d", talksID)
}

// ageStanzas checks that s is an armored age file and counts the
// recipient stanzas of its header by type ("X25519", "scrypt", …).
func ageStanzas(s string) (map[string]int, error) {
	r := bufio.NewReader(armor.NewReader(strings.NewReader(s)))
	line, err := r.ReadString('\n')
	if err != nil || line != "age-encryption.org/v1\n" {
		return nil, io.ErrUnexpectedEOF
	}
	counts := map[string]int{}
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, io.ErrUnexpectedEOF
		}
		switch {
		case strings.HasPrefix(line, "---"):
			return counts, nil
		case strings.HasPrefix(line, "-> "):
			typ, _, _ := strings.Cut(strings.TrimPrefix(line, "-> "), " ")
			counts[strings.TrimSpace(typ)]++
		}
	}
}

// ListMessages lists the sealed messages the caller sent, received or
// carries, without their ciphertexts.
func (s *Service) ListMessages(ctx context.Context, talksID int64) ([]parley.Message, error) {
	var out []parley.Message
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		all, err := tx.Messages(ctx, talksID)
		out, err = visible(all, err, v, parley.Viewer.CanSeeMessage)
		for i := range out {
			out[i].Ciphertext = ""
		}
		return err
	})
	return out, failed(err, "listing the messages of talks %d", talksID)
}

// GetMessage returns a sealed message with its ciphertext. When a
// recipient fetches it, it counts as delivered.
func (s *Service) GetMessage(ctx context.Context, talksID, id int64) (*parley.Message, error) {
	return s.touchMessage(ctx, talksID, id, false)
}

// MarkRead records the caller's read receipt of a message addressed to it.
func (s *Service) MarkRead(ctx context.Context, talksID, id int64) (*parley.Message, error) {
	return s.touchMessage(ctx, talksID, id, true)
}

func (s *Service) touchMessage(ctx context.Context, talksID, id int64, read bool) (*parley.Message, error) {
	var m *parley.Message
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		m, err = tx.Message(ctx, talksID, id)
		if err != nil {
			return err
		}
		if !v.CanSeeMessage(m) {
			return parley.NotFound("message")
		}
		switch {
		case read && !m.Addressed(v.AccountID):
			return parley.Errorf(parley.EFORBIDDEN, "only a recipient gives a read receipt")
		case read:
			if err = tx.MarkRead(ctx, id, v.AccountID, s.now()); err == nil {
				err = s.audit(ctx, tx, change{talks: talksID, party: v.Member.PartyID, action: "message.read",
					object: fmt.Sprintf("talks/%d/messages/%d", talksID, id)})
			}
		case m.Addressed(v.AccountID):
			for _, r := range m.Recipients {
				if r.AccountID == v.AccountID && r.DeliveredAt.IsZero() {
					if err = tx.MarkDelivered(ctx, id, v.AccountID, s.now()); err == nil {
						err = s.audit(ctx, tx, change{talks: talksID, party: v.Member.PartyID, action: "message.deliver",
							object: fmt.Sprintf("talks/%d/messages/%d", talksID, id)})
					}
				}
			}
		}
		if err != nil {
			return err
		}
		m, err = tx.Message(ctx, talksID, id)
		return err
	})
	return m, failed(err, "opening message %d of talks %d", id, talksID)
}
