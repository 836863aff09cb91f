package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/seal"
)

// commentAAD binds a sealed comment field to its place.
func commentAAD(talksID, id int64, field string) []byte {
	return fmt.Appendf(nil, "comment talks=%d comment=%d field=%s", talksID, id, field)
}

// CreateComment implements parley.Tx: inserted, then sealed bound to its
// ID, then noted for the audit record.
func (t *Tx) CreateComment(ctx context.Context, c *parley.Comment) (err error) {
	defer func() { err = failed(err, "storing a comment on point %d of talks %d", c.PointID, c.TalksID) }()
	key, err := t.dataKey(ctx, c.TalksID)
	if err != nil {
		return err
	}
	var parent any
	if c.Parent != 0 {
		parent = c.Parent
	}
	err = t.queryRow(ctx, `INSERT INTO comments (talks_id, draft_number, point_id, parent_id, party_id, thread_party, visibility,
		quote, text, author, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		c.TalksID, c.Draft, c.PointID, parent, c.PartyID, c.ThreadParty, c.Visibility, []byte{}, []byte{},
		c.Author, FormatTime(c.CreatedAt)).Scan(&c.ID)
	if err != nil {
		return err
	}
	quote := seal.Seal(key, []byte(c.Quote), commentAAD(c.TalksID, c.ID, "quote"))
	text := seal.Seal(key, []byte(c.Text), commentAAD(c.TalksID, c.ID, "text"))
	_, err = t.writeTracked(ctx, "comments", `UPDATE comments SET quote = ?, text = ? WHERE id = ? RETURNING *`, quote, text, c.ID)
	return err
}

// SetThreadResolved implements parley.Tx.
func (t *Tx) SetThreadResolved(ctx context.Context, threadID int64, resolved bool, by string, at time.Time) (err error) {
	defer func() { err = failed(err, "resolving thread %d", threadID) }()
	_, err = t.writeTracked(ctx, "comment_states", `INSERT INTO comment_states (thread_id, resolved, changed_by, changed_at)
		VALUES (?, ?, ?, ?) ON CONFLICT (thread_id) DO UPDATE SET resolved = excluded.resolved, changed_by = excluded.changed_by,
		changed_at = excluded.changed_at RETURNING *`, threadID, resolved, by, FormatTime(at))
	return err
}

const commentQuery = `SELECT c.id, c.talks_id, c.draft_number, c.point_id, c.parent_id, c.party_id, p.name, c.thread_party,
	c.visibility, c.quote, c.text, c.author, c.created_at, s.resolved
	FROM comments c JOIN parties p ON p.id = c.party_id
	LEFT JOIN comment_states s ON s.thread_id = c.id `

// readComments reads the comments a query over commentQuery finds and
// opens their sealed fields.
func (t *Tx) readComments(ctx context.Context, q string, args ...any) ([]parley.Comment, error) {
	rows, err := t.query(ctx, commentQuery+q, args...)
	if err != nil {
		return nil, err
	}
	type sealed struct {
		c           parley.Comment
		quote, text []byte
	}
	var raw []sealed
	for rows.Next() {
		var r sealed
		c := &r.c
		var parent sql.NullInt64
		var resolved sql.NullBool
		var at string
		if err := rows.Scan(&c.ID, &c.TalksID, &c.Draft, &c.PointID, &parent, &c.PartyID, &c.PartyName, &c.ThreadParty,
			&c.Visibility, &r.quote, &r.text, &c.Author, &at, &resolved); err != nil {
			rows.Close()
			return nil, err
		}
		c.Parent, c.Resolved = parent.Int64, resolved.Bool
		if c.CreatedAt, err = parseTime(at); err != nil {
			rows.Close()
			return nil, err
		}
		raw = append(raw, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]parley.Comment, 0, len(raw))
	for _, r := range raw {
		c := r.c
		key, err := t.dataKey(ctx, c.TalksID)
		if err != nil {
			return nil, err
		}
		quote, err := seal.Open(key, r.quote, commentAAD(c.TalksID, c.ID, "quote"))
		if err != nil {
			return nil, fmt.Errorf("opening the quote of comment %d: %w", c.ID, err)
		}
		text, err := seal.Open(key, r.text, commentAAD(c.TalksID, c.ID, "text"))
		if err != nil {
			return nil, fmt.Errorf("opening comment %d: %w", c.ID, err)
		}
		c.Quote, c.Text = string(quote), string(text)
		out = append(out, c)
	}
	return out, nil
}

// Comments implements parley.Tx.
func (t *Tx) Comments(ctx context.Context, talksID int64) (_ []parley.Comment, err error) {
	defer func() { err = failed(err, "reading the comments of talks %d", talksID) }()
	return t.readComments(ctx, `WHERE c.talks_id = ? ORDER BY c.id`, talksID)
}

// Comment implements parley.Tx.
func (t *Tx) Comment(ctx context.Context, talksID, id int64) (_ *parley.Comment, err error) {
	defer func() { err = failed(err, "reading comment %d of talks %d", id, talksID) }()
	cs, err := t.readComments(ctx, `WHERE c.talks_id = ? AND c.id = ?`, talksID, id)
	return only(cs, err, "comment")
}
