package sqlstore

import (
	"context"
	"strconv"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/seal"
)

// CreateTalks implements parley.Tx.
func (t *Tx) CreateTalks(ctx context.Context, tk *parley.Talks) (err error) {
	defer func() { err = failed(err, "creating talks %q", tk.Title) }()
	if tk.Confidentiality == "" {
		tk.Confidentiality = parley.Strict
	}
	err = t.queryRow(ctx, `INSERT INTO talks (title, description, state, confidentiality, agreed_draft, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		tk.Title, tk.Description, tk.State, tk.Confidentiality, tk.AgreedDraft, FormatTime(tk.CreatedAt)).Scan(&tk.ID)
	if err != nil {
		return err
	}
	data, err := seal.NewKey()
	if err != nil {
		return err
	}
	if _, err = t.exec(ctx, `INSERT INTO talks_keys (talks_id, wrapped) VALUES (?, ?)`, tk.ID, t.keys.Master().Wrap(data, tk.ID)); err != nil {
		return err
	}
	if err := t.track(ctx, "talks", tk.ID); err != nil {
		return err
	}
	return t.track(ctx, "talks_keys", tk.ID)
}

func scanTalks(row scanner) (*parley.Talks, error) {
	var tk parley.Talks
	var created string
	if err := row.Scan(&tk.ID, &tk.Title, &tk.Description, &tk.State, &tk.Confidentiality, &tk.AgreedDraft, &created); err != nil {
		return nil, err
	}
	var err error
	tk.CreatedAt, err = parseTime(created)
	return &tk, err
}

// Talks implements parley.Tx.
func (t *Tx) Talks(ctx context.Context, id int64) (*parley.Talks, error) {
	if m := t.standing; m != nil && m.parties != nil && m.talks.ID == id {
		tk := m.talks
		return &tk, nil
	}
	tk, err := scanTalks(t.queryRow(ctx, `SELECT id, title, description, state, confidentiality, agreed_draft, created_at FROM talks WHERE id = ?`, id))
	return tk, notFound(err, "talks")
}

// TalksOf implements parley.Tx.
func (t *Tx) TalksOf(ctx context.Context, accountID int64) ([]parley.Talks, error) {
	return t.talksList(ctx, `SELECT t.id, t.title, t.description, t.state, t.confidentiality, t.agreed_draft, t.created_at
		FROM talks t JOIN members m ON m.talks_id = t.id WHERE m.account_id = ? ORDER BY t.id DESC`, accountID)
}

// AllTalks implements parley.Tx.
func (t *Tx) AllTalks(ctx context.Context) ([]parley.Talks, error) {
	return t.talksList(ctx, `SELECT id, title, description, state, confidentiality, agreed_draft, created_at FROM talks ORDER BY id`)
}

func (t *Tx) talksList(ctx context.Context, q string, args ...any) ([]parley.Talks, error) {
	rows, err := t.query(ctx, q, args...)
	return collect(rows, err, func(row scanner) (parley.Talks, error) {
		tk, err := scanTalks(row)
		if err != nil {
			return parley.Talks{}, err
		}
		return *tk, nil
	})
}

// UpdateTalks implements parley.Tx.
func (t *Tx) UpdateTalks(ctx context.Context, tk *parley.Talks) (err error) {
	defer func() { err = failed(err, "updating talks %d", tk.ID) }()
	if err := t.expectOne(t.exec(ctx, `UPDATE talks SET title = ?, description = ?, state = ?, confidentiality = ?, agreed_draft = ? WHERE id = ?`,
		tk.Title, tk.Description, tk.State, tk.Confidentiality, tk.AgreedDraft, tk.ID))("talks"); err != nil {
		return err
	}
	return t.track(ctx, "talks", tk.ID)
}

// CreateParty implements parley.Tx.
func (t *Tx) CreateParty(ctx context.Context, p *parley.Party) (err error) {
	defer func() { err = failed(err, "creating party %q of talks %d", p.Name, p.TalksID) }()
	err = t.queryRow(ctx, `INSERT INTO parties (talks_id, name, kind, share_by_default) VALUES (?, ?, ?, ?) RETURNING id`,
		p.TalksID, p.Name, p.Kind, p.ShareByDefault).Scan(&p.ID)
	if err != nil {
		return t.conflict(err, "party "+strconv.Quote(p.Name))
	}
	return t.track(ctx, "parties", p.ID)
}

// Parties implements parley.Tx.
func (t *Tx) Parties(ctx context.Context, talksID int64) ([]parley.Party, error) {
	if m := t.standing; m != nil && m.parties != nil && m.talks.ID == talksID {
		return append([]parley.Party(nil), m.parties...), nil
	}
	rows, err := t.query(ctx, `SELECT id, talks_id, name, kind, share_by_default FROM parties WHERE talks_id = ? ORDER BY id`, talksID)
	return collect(rows, err, func(row scanner) (p parley.Party, err error) {
		err = row.Scan(&p.ID, &p.TalksID, &p.Name, &p.Kind, &p.ShareByDefault)
		return p, err
	})
}

// CreateMember implements parley.Tx.
func (t *Tx) CreateMember(ctx context.Context, m *parley.Member) (err error) {
	defer func() { err = failed(err, "adding %q to talks %d", m.Username, m.TalksID) }()
	err = t.queryRow(ctx, `INSERT INTO members (talks_id, party_id, account_id, role) VALUES (?, ?, ?, ?) RETURNING id`,
		m.TalksID, m.PartyID, m.AccountID, m.Role).Scan(&m.ID)
	if err != nil {
		return t.conflict(err, "membership of "+strconv.Quote(m.Username))
	}
	return t.track(ctx, "members", m.ID)
}

const memberQuery = `SELECT m.id, m.talks_id, m.party_id, m.account_id, a.username, a.display_name, m.role
	FROM members m JOIN accounts a ON a.id = m.account_id `

func scanMember(row scanner) (m parley.Member, err error) {
	err = row.Scan(&m.ID, &m.TalksID, &m.PartyID, &m.AccountID, &m.Username, &m.DisplayName, &m.Role)
	return m, err
}

// Members implements parley.Tx.
func (t *Tx) Members(ctx context.Context, talksID int64) ([]parley.Member, error) {
	rows, err := t.query(ctx, memberQuery+`WHERE m.talks_id = ? ORDER BY m.party_id, m.id`, talksID)
	return collect(rows, err, scanMember)
}

// MemberOf implements parley.Tx. It reads the talks and their parties in
// the same query, and answers the transaction's next Talks and Parties
// calls for these talks with them, until the transaction writes (see
// standing): every operation asks for all three first.
func (t *Tx) MemberOf(ctx context.Context, talksID, accountID int64) (*parley.Member, error) {
	// A transaction learns the database's generation as it begins (see
	// writeCache).
	if t.members != nil {
		if _, err := t.begun(ctx); err != nil {
			return nil, err
		}
	}
	if m, ok := t.cachedMemberOf(talksID, accountID); ok {
		return m, nil
	}
	rows, err := t.query(ctx, `SELECT m.id, m.talks_id, m.party_id, m.account_id, a.username, a.display_name, m.role,
		t.id, t.title, t.description, t.state, t.confidentiality, t.agreed_draft, t.created_at,
		p.id, p.talks_id, p.name, p.kind, p.share_by_default,
		EXISTS (SELECT 1 FROM talks_passkey_required r WHERE r.talks_id = t.id)
		FROM members m JOIN accounts a ON a.id = m.account_id JOIN talks t ON t.id = m.talks_id
		JOIN parties p ON p.talks_id = m.talks_id
		WHERE m.talks_id = ? AND m.account_id = ? ORDER BY p.id`, talksID, accountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var m parley.Member
	var st standing
	for rows.Next() {
		var p parley.Party
		var created string
		tk := &st.talks
		if err := rows.Scan(&m.ID, &m.TalksID, &m.PartyID, &m.AccountID, &m.Username, &m.DisplayName, &m.Role,
			&tk.ID, &tk.Title, &tk.Description, &tk.State, &tk.Confidentiality, &tk.AgreedDraft, &created,
			&p.ID, &p.TalksID, &p.Name, &p.Kind, &p.ShareByDefault, &st.passkeys); err != nil {
			return nil, err
		}
		if tk.CreatedAt, err = parseTime(created); err != nil {
			return nil, err
		}
		st.parties = append(st.parties, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if st.parties == nil {
		return nil, parley.NotFound("member")
	}
	t.readAhead(&st)
	t.readMember(&m, &st)
	return &m, nil
}

// standing is what the transaction read ahead, as it sees it until it
// writes: the talks and their parties that MemberOf read besides the
// member, the account SessionByTokenHash read besides the session, the
// drafts Draft read besides the draft.
type standing struct {
	talks   parley.Talks
	parties []parley.Party
	// passkeys is whether the talks require passkey sign-ins.
	passkeys bool
	account  *parley.Account
	// drafts lists the tabled drafts of talks draftsOf, read by Draft.
	drafts   []parley.Draft
	draftsOf int64
}
