package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/parley-talks/parley"
)

// SetAccountKey implements parley.Tx.
func (t *Tx) SetAccountKey(ctx context.Context, accountID int64, k parley.AccountKey) error {
	if err := t.expectOne(t.exec(ctx, `UPDATE accounts SET age_recipient = ?, sealed_identity = ? WHERE id = ?`,
		k.AgeRecipient, k.SealedIdentity, accountID))("account"); err != nil {
		return err
	}
	return t.track(ctx, "accounts", accountID)
}

// AccountKey implements parley.Tx.
func (t *Tx) AccountKey(ctx context.Context, accountID int64) (*parley.AccountKey, error) {
	var k parley.AccountKey
	err := t.queryRow(ctx, `SELECT age_recipient, sealed_identity FROM accounts WHERE id = ?`, accountID).
		Scan(&k.AgeRecipient, &k.SealedIdentity)
	if err != nil {
		return nil, notFound(err, "account")
	}
	return &k, nil
}

// CreateMessage implements parley.Tx.
func (t *Tx) CreateMessage(ctx context.Context, m *parley.Message) (err error) {
	defer func() { err = failed(err, "storing a message in talks %d", m.TalksID) }()
	var senderID, envoyID int64
	if err := t.queryRow(ctx, `SELECT id FROM accounts WHERE username = ?`, m.Sender).Scan(&senderID); err != nil {
		return notFound(err, "sender")
	}
	if err := t.queryRow(ctx, `SELECT id FROM accounts WHERE username = ?`, m.Envoy).Scan(&envoyID); err != nil {
		return notFound(err, "envoy")
	}
	err = t.queryRow(ctx, `INSERT INTO messages (talks_id, sender_id, envoy_id, ciphertext, sent_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		m.TalksID, senderID, envoyID, m.Ciphertext, FormatTime(m.SentAt)).Scan(&m.ID)
	if err != nil {
		return err
	}
	if err := t.track(ctx, "messages", m.ID); err != nil {
		return err
	}
	for _, r := range m.Recipients {
		if _, err := t.exec(ctx, `INSERT INTO message_recipients (message_id, account_id) VALUES (?, ?)`, m.ID, r.AccountID); err != nil {
			return t.conflict(err, "recipient "+r.Username)
		}
		if err := t.track(ctx, "message_recipients", m.ID, r.AccountID); err != nil {
			return err
		}
	}
	return nil
}

const messageQuery = `SELECT m.id, m.talks_id, s.username, COALESCE(sm.party_id, 0), e.username, m.ciphertext, m.sent_at
	FROM messages m JOIN accounts s ON s.id = m.sender_id JOIN accounts e ON e.id = m.envoy_id
	LEFT JOIN members sm ON sm.talks_id = m.talks_id AND sm.account_id = m.sender_id `

func (t *Tx) scanMessages(ctx context.Context, rows *sql.Rows) ([]parley.Message, error) {
	var out []parley.Message
	for rows.Next() {
		var m parley.Message
		var sent string
		if err := rows.Scan(&m.ID, &m.TalksID, &m.Sender, &m.SenderParty, &m.Envoy, &m.Ciphertext, &sent); err != nil {
			rows.Close()
			return nil, err
		}
		var err error
		if m.SentAt, err = parseTime(sent); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		rs, err := t.query(ctx, `SELECT a.username, r.account_id, r.delivered_at, r.read_at
			FROM message_recipients r JOIN accounts a ON a.id = r.account_id WHERE r.message_id = ? ORDER BY a.username`, out[i].ID)
		if err != nil {
			return nil, err
		}
		for rs.Next() {
			var r parley.Receipt
			var delivered, read string
			if err := rs.Scan(&r.Username, &r.AccountID, &delivered, &read); err != nil {
				rs.Close()
				return nil, err
			}
			if r.DeliveredAt, err = parseTime(delivered); err != nil {
				rs.Close()
				return nil, err
			}
			if r.ReadAt, err = parseTime(read); err != nil {
				rs.Close()
				return nil, err
			}
			out[i].Recipients = append(out[i].Recipients, r)
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Messages implements parley.Tx.
func (t *Tx) Messages(ctx context.Context, talksID int64) ([]parley.Message, error) {
	rows, err := t.query(ctx, messageQuery+`WHERE m.talks_id = ? ORDER BY m.id`, talksID)
	if err != nil {
		return nil, err
	}
	return t.scanMessages(ctx, rows)
}

// Message implements parley.Tx.
func (t *Tx) Message(ctx context.Context, talksID, id int64) (*parley.Message, error) {
	rows, err := t.query(ctx, messageQuery+`WHERE m.talks_id = ? AND m.id = ?`, talksID, id)
	if err != nil {
		return nil, err
	}
	ms, err := t.scanMessages(ctx, rows)
	return only(ms, err, "message")
}

// UnreadMessages implements parley.Tx.
func (t *Tx) UnreadMessages(ctx context.Context, talksID, accountID int64) (int, error) {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM message_recipients r JOIN messages m ON m.id = r.message_id
		WHERE m.talks_id = ? AND r.account_id = ? AND r.read_at = ''`, talksID, accountID).Scan(&n)
	return n, err
}

// MarkDelivered implements parley.Tx.
func (t *Tx) MarkDelivered(ctx context.Context, messageID, accountID int64, at time.Time) error {
	if _, err := t.exec(ctx, `UPDATE message_recipients SET delivered_at = ? WHERE message_id = ? AND account_id = ? AND delivered_at = ''`,
		FormatTime(at), messageID, accountID); err != nil {
		return err
	}
	return t.track(ctx, "message_recipients", messageID, accountID)
}

// MarkRead implements parley.Tx.
func (t *Tx) MarkRead(ctx context.Context, messageID, accountID int64, at time.Time) error {
	_, err := t.exec(ctx, `UPDATE message_recipients SET read_at = ?, delivered_at = CASE WHEN delivered_at = '' THEN ? ELSE delivered_at END
		WHERE message_id = ? AND account_id = ? AND read_at = ''`, FormatTime(at), FormatTime(at), messageID, accountID)
	if err != nil {
		return err
	}
	return t.track(ctx, "message_recipients", messageID, accountID)
}
