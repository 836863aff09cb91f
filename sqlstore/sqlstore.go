// Package sqlstore implements parley.Tx once over database/sql, for every
// SQL dialect Parley stores data in. The backends (package sqlite, and
// PostgreSQL after it) open connections, apply their own migrations and
// hand each transaction to NewTx with their Dialect.
//
// Queries are written with '?' placeholders and the RETURNING clause, which
// SQLite and PostgreSQL both understand once rebound.
package sqlstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/auditlog"
	"github.com/parley-talks/parley/seal"
)

// Dialect is what differs between SQL backends.
type Dialect struct {
	// Numbered placeholders ($1, $2 …) instead of '?'.
	Numbered bool
	// IsUniqueViolation reports whether err is a unique or primary key
	// constraint failure.
	IsUniqueViolation func(error) bool
}

// Tx is a parley.Tx on a database/sql transaction. Confidential fields are
// sealed with the talks' data key on the way in and opened on the way out
// (package seal), so the database holds only ciphertext of them.
type Tx struct {
	tx       *sql.Tx
	d        Dialect
	keys     *seal.Keyring
	stmts    *Statements
	dataKeys map[int64]seal.Key
	written  map[string]string // row digests for the next audit record (rows.go)
}

var _ parley.Tx = (*Tx)(nil)

// NewTx returns the parley.Tx of tx in dialect d, with keys for the
// confidential fields and stmts, the prepared statements of tx's pool (nil
// to prepare each query afresh).
func NewTx(tx *sql.Tx, d Dialect, keys *seal.Keyring, stmts *Statements) *Tx {
	return &Tx{tx: tx, d: d, keys: keys, stmts: stmts}
}

// Statements caches a pool's prepared statements, so that each query is
// parsed once per connection rather than once per use. Preparing needs a
// free connection of the pool, which the caller's own transaction may hold:
// so it waits only a moment for one, and a query it cannot prepare runs
// unprepared. Give no cache to a pool of one connection.
type Statements struct {
	db *sql.DB
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// NewStatements returns a statement cache for the pool.
func NewStatements(db *sql.DB) *Statements { return &Statements{db: db, m: map[string]*sql.Stmt{}} }

func (s *Statements) get(ctx context.Context, q string) (*sql.Stmt, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.m[q]; ok {
		return st, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Millisecond)
	defer cancel()
	st, err := s.db.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	s.m[q] = st
	return st, nil
}

// stmt returns q prepared within the transaction, or nil when there is no
// cache or q cannot be prepared (the caller then runs it directly).
func (t *Tx) stmt(ctx context.Context, q string) *sql.Stmt {
	if t.stmts == nil {
		return nil
	}
	st, err := t.stmts.get(ctx, q)
	if err != nil {
		return nil
	}
	return t.tx.StmtContext(ctx, st)
}

func (t *Tx) rebind(q string) string {
	if !t.d.Numbered {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (t *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	q = t.rebind(q)
	if st := t.stmt(ctx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, q, args...)
}

func (t *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	q = t.rebind(q)
	if st := t.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, q, args...)
}

func (t *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	q = t.rebind(q)
	if st := t.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, q, args...)
}

// conflict turns a unique-constraint failure into an ECONFLICT error.
func (t *Tx) conflict(err error, what string) error {
	if err != nil && t.d.IsUniqueViolation != nil && t.d.IsUniqueViolation(err) {
		return parley.Errorf(parley.ECONFLICT, "%s already exists", what)
	}
	return err
}

func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return parley.NotFound(what)
	}
	return err
}

const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// FormatTime is how times are stored: UTC text that sorts in time order.
func FormatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(timeLayout, s)
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only plain slices of ints and structs are stored
	}
	return string(b)
}

// ---- keys

// dataKey returns the data key of the talks, read once per transaction.
func (t *Tx) dataKey(ctx context.Context, talksID int64) (seal.Key, error) {
	if k, ok := t.dataKeys[talksID]; ok {
		return k, nil
	}
	var wrapped []byte
	if err := t.queryRow(ctx, `SELECT wrapped FROM talks_keys WHERE talks_id = ?`, talksID).Scan(&wrapped); err != nil {
		return seal.Key{}, fmt.Errorf("the data key of talks %d: %w", talksID, err)
	}
	k, err := t.keys.DataKey(talksID, wrapped)
	if err != nil {
		return k, err
	}
	if t.dataKeys == nil {
		t.dataKeys = map[int64]seal.Key{}
	}
	t.dataKeys[talksID] = k
	return k, nil
}

const keyCheckSetting = "master_key_check"

var keyCheckAAD = []byte("parley master key check")

// CheckMasterKey makes sure the keyring's master key is the database's: on
// a new database it records a value sealed with the key; on an existing
// one it opens that value, and fails with a clear error if it cannot.
func (t *Tx) CheckMasterKey(ctx context.Context) error {
	v, err := t.Setting(ctx, keyCheckSetting)
	if err != nil {
		return err
	}
	if v == "" {
		sealed := seal.Seal(t.keys.Master(), []byte("parley"), keyCheckAAD)
		return t.PutSetting(ctx, keyCheckSetting, base64.StdEncoding.EncodeToString(sealed))
	}
	sealed, err := base64.StdEncoding.DecodeString(v)
	if err == nil {
		_, err = seal.Open(t.keys.Master(), sealed, keyCheckAAD)
	}
	if err != nil {
		return errors.New("the master key does not belong to this database; give the key it was created with (--key-file or PARLEY_MASTER_KEY)")
	}
	return nil
}

// RewrapKeys re-wraps every talks' data key, the audit signing key and the
// key check under a new master key. Commit the transaction only once the new key is safely
// stored.
func (t *Tx) RewrapKeys(ctx context.Context, newMaster seal.Key) (int, error) {
	rows, err := t.query(ctx, `SELECT talks_id, wrapped FROM talks_keys ORDER BY talks_id`)
	if err != nil {
		return 0, err
	}
	type row struct {
		id      int64
		wrapped []byte
	}
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.wrapped); err != nil {
			rows.Close()
			return 0, err
		}
		all = append(all, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, r := range all {
		data, err := t.keys.DataKey(r.id, r.wrapped)
		if err != nil {
			return 0, err
		}
		if _, err := t.exec(ctx, `UPDATE talks_keys SET wrapped = ? WHERE talks_id = ?`, newMaster.Wrap(data, r.id), r.id); err != nil {
			return 0, err
		}
		if err := t.track(ctx, "talks_keys", r.id); err != nil {
			return 0, err
		}
	}
	// Record the new wrappings while the signing key is still sealed under
	// the old master key.
	if len(all) > 0 {
		err := t.AppendAudit(ctx, auditlog.Record{Time: time.Now().UTC(), Actor: "operator", Action: "keys.rotate",
			Object: "keys/master", Details: map[string]any{"talks": len(all)}})
		if err != nil {
			return 0, err
		}
	}
	if v, err := t.Setting(ctx, signingKeySetting); err != nil {
		return 0, err
	} else if v != "" {
		sealed, err := base64.StdEncoding.DecodeString(v)
		if err != nil {
			return 0, err
		}
		skey, err := seal.Open(t.keys.Master(), sealed, signingKeyAAD)
		if err != nil {
			return 0, fmt.Errorf("the audit signing key: %w", err)
		}
		resealed := seal.Seal(newMaster, skey, signingKeyAAD)
		if err := t.PutSetting(ctx, signingKeySetting, base64.StdEncoding.EncodeToString(resealed)); err != nil {
			return 0, err
		}
	}
	sealed := seal.Seal(newMaster, []byte("parley"), keyCheckAAD)
	return len(all), t.PutSetting(ctx, keyCheckSetting, base64.StdEncoding.EncodeToString(sealed))
}

// stanceAAD binds a sealed stance field to its place.
func stanceAAD(s *parley.Stance, field string) []byte {
	return fmt.Appendf(nil, "stance talks=%d draft=%d point=%d party=%d version=%d field=%s",
		s.TalksID, s.Draft, s.PointID, s.PartyID, s.Version, field)
}

// ---- settings

// Setting implements parley.Tx.
func (t *Tx) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := t.queryRow(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// PutSetting implements parley.Tx.
func (t *Tx) PutSetting(ctx context.Context, key, value string) error {
	_, err := t.exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

// Empty implements parley.Tx.
func (t *Tx) Empty(ctx context.Context) (bool, error) {
	var n int
	err := t.queryRow(ctx, `SELECT count(*) FROM accounts`).Scan(&n)
	return n == 0, err
}

// ---- accounts and sessions

// CreateAccount implements parley.Tx.
func (t *Tx) CreateAccount(ctx context.Context, a *parley.Account) error {
	err := t.queryRow(ctx, `INSERT INTO accounts (username, display_name, password_hash, admin, created_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`,
		a.Username, a.DisplayName, a.PasswordHash, a.Admin, FormatTime(a.CreatedAt)).Scan(&a.ID)
	if err != nil {
		return t.conflict(err, "account "+strconv.Quote(a.Username))
	}
	return t.track(ctx, "accounts", a.ID)
}

const accountColumns = `id, username, display_name, password_hash, admin, created_at`

func scanAccount(row interface{ Scan(...any) error }) (*parley.Account, error) {
	var a parley.Account
	var created string
	if err := row.Scan(&a.ID, &a.Username, &a.DisplayName, &a.PasswordHash, &a.Admin, &created); err != nil {
		return nil, err
	}
	var err error
	a.CreatedAt, err = parseTime(created)
	return &a, err
}

// AccountByID implements parley.Tx.
func (t *Tx) AccountByID(ctx context.Context, id int64) (*parley.Account, error) {
	a, err := scanAccount(t.queryRow(ctx, `SELECT `+accountColumns+` FROM accounts WHERE id = ?`, id))
	return a, notFound(err, "account")
}

// AccountByUsername implements parley.Tx.
func (t *Tx) AccountByUsername(ctx context.Context, username string) (*parley.Account, error) {
	a, err := scanAccount(t.queryRow(ctx, `SELECT `+accountColumns+` FROM accounts WHERE username = ?`, username))
	return a, notFound(err, "account")
}

func (t *Tx) expectOne(res sql.Result, err error) func(what string) error {
	return func(what string) error {
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			return parley.NotFound(what)
		}
		return nil
	}
}

// RecordSignInFailure implements parley.Tx.
func (t *Tx) RecordSignInFailure(ctx context.Context, key string, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO sign_in_failures (key, at) VALUES (?, ?)`, key, FormatTime(at))
	return err
}

// CountSignInFailures implements parley.Tx.
func (t *Tx) CountSignInFailures(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	err := t.queryRow(ctx, `SELECT count(*) FROM sign_in_failures WHERE key = ? AND at >= ?`, key, FormatTime(since)).Scan(&n)
	return n, err
}

// ClearSignInFailures implements parley.Tx.
func (t *Tx) ClearSignInFailures(ctx context.Context, key string) error {
	_, err := t.exec(ctx, `DELETE FROM sign_in_failures WHERE key = ?`, key)
	return err
}

// CreateSession implements parley.Tx.
func (t *Tx) CreateSession(ctx context.Context, s *parley.Session) error {
	_, err := t.exec(ctx, `INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		s.TokenHash, s.AccountID, FormatTime(s.CreatedAt), FormatTime(s.ExpiresAt))
	return t.conflict(err, "session")
}

// SessionByTokenHash implements parley.Tx.
func (t *Tx) SessionByTokenHash(ctx context.Context, hash []byte) (*parley.Session, error) {
	var s parley.Session
	var created, expires string
	err := t.queryRow(ctx, `SELECT token_hash, account_id, created_at, expires_at FROM sessions WHERE token_hash = ?`, hash).
		Scan(&s.TokenHash, &s.AccountID, &created, &expires)
	if err != nil {
		return nil, notFound(err, "session")
	}
	if s.CreatedAt, err = parseTime(created); err != nil {
		return nil, err
	}
	s.ExpiresAt, err = parseTime(expires)
	return &s, err
}

// DeleteSession implements parley.Tx.
func (t *Tx) DeleteSession(ctx context.Context, hash []byte) error {
	_, err := t.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hash)
	return err
}

// DeleteSessionsOf implements parley.Tx.
func (t *Tx) DeleteSessionsOf(ctx context.Context, accountID int64) error {
	_, err := t.exec(ctx, `DELETE FROM sessions WHERE account_id = ?`, accountID)
	return err
}

// DeleteExpiredSessions implements parley.Tx.
func (t *Tx) DeleteExpiredSessions(ctx context.Context, now time.Time) error {
	_, err := t.exec(ctx, `DELETE FROM sessions WHERE expires_at < ?`, FormatTime(now))
	return err
}

// ---- talks, parties, members

// CreateTalks implements parley.Tx.
func (t *Tx) CreateTalks(ctx context.Context, tk *parley.Talks) error {
	if tk.Confidentiality == "" {
		tk.Confidentiality = parley.Strict
	}
	err := t.queryRow(ctx, `INSERT INTO talks (title, description, state, confidentiality, agreed_draft, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
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

func scanTalks(row interface{ Scan(...any) error }) (*parley.Talks, error) {
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
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []parley.Talks
	for rows.Next() {
		tk, err := scanTalks(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *tk)
	}
	return out, rows.Err()
}

// UpdateTalks implements parley.Tx.
func (t *Tx) UpdateTalks(ctx context.Context, tk *parley.Talks) error {
	if err := t.expectOne(t.exec(ctx, `UPDATE talks SET title = ?, description = ?, state = ?, confidentiality = ?, agreed_draft = ? WHERE id = ?`,
		tk.Title, tk.Description, tk.State, tk.Confidentiality, tk.AgreedDraft, tk.ID))("talks"); err != nil {
		return err
	}
	return t.track(ctx, "talks", tk.ID)
}

// CreateParty implements parley.Tx.
func (t *Tx) CreateParty(ctx context.Context, p *parley.Party) error {
	err := t.queryRow(ctx, `INSERT INTO parties (talks_id, name, kind, share_by_default) VALUES (?, ?, ?, ?) RETURNING id`,
		p.TalksID, p.Name, p.Kind, p.ShareByDefault).Scan(&p.ID)
	if err != nil {
		return t.conflict(err, "party "+strconv.Quote(p.Name))
	}
	return t.track(ctx, "parties", p.ID)
}

// Parties implements parley.Tx.
func (t *Tx) Parties(ctx context.Context, talksID int64) ([]parley.Party, error) {
	rows, err := t.query(ctx, `SELECT id, talks_id, name, kind, share_by_default FROM parties WHERE talks_id = ? ORDER BY id`, talksID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []parley.Party
	for rows.Next() {
		var p parley.Party
		if err := rows.Scan(&p.ID, &p.TalksID, &p.Name, &p.Kind, &p.ShareByDefault); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// CreateMember implements parley.Tx.
func (t *Tx) CreateMember(ctx context.Context, m *parley.Member) error {
	err := t.queryRow(ctx, `INSERT INTO members (talks_id, party_id, account_id, role) VALUES (?, ?, ?, ?) RETURNING id`,
		m.TalksID, m.PartyID, m.AccountID, m.Role).Scan(&m.ID)
	if err != nil {
		return t.conflict(err, "membership of "+strconv.Quote(m.Username))
	}
	return t.track(ctx, "members", m.ID)
}

const memberQuery = `SELECT m.id, m.talks_id, m.party_id, m.account_id, a.username, m.role
	FROM members m JOIN accounts a ON a.id = m.account_id `

func scanMember(row interface{ Scan(...any) error }) (*parley.Member, error) {
	var m parley.Member
	err := row.Scan(&m.ID, &m.TalksID, &m.PartyID, &m.AccountID, &m.Username, &m.Role)
	return &m, err
}

// Members implements parley.Tx.
func (t *Tx) Members(ctx context.Context, talksID int64) ([]parley.Member, error) {
	rows, err := t.query(ctx, memberQuery+`WHERE m.talks_id = ? ORDER BY m.party_id, m.id`, talksID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []parley.Member
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *m)
	}
	return out, rows.Err()
}

// MemberOf implements parley.Tx.
func (t *Tx) MemberOf(ctx context.Context, talksID, accountID int64) (*parley.Member, error) {
	m, err := scanMember(t.queryRow(ctx, memberQuery+`WHERE m.talks_id = ? AND m.account_id = ?`, talksID, accountID))
	if err != nil {
		return nil, notFound(err, "member")
	}
	return m, nil
}

// ---- drafts

// NewPointID implements parley.Tx.
func (t *Tx) NewPointID(ctx context.Context, talksID int64) (int64, error) {
	var id int64
	if err := t.queryRow(ctx, `INSERT INTO points (talks_id) VALUES (?) RETURNING id`, talksID).Scan(&id); err != nil {
		return 0, err
	}
	return id, t.track(ctx, "points", id)
}

// PutDraft implements parley.Tx.
func (t *Tx) PutDraft(ctx context.Context, d *parley.Draft) error {
	if d.Number == 0 {
		if err := t.DeleteWorkingDraft(ctx, d.TalksID); err != nil {
			return err
		}
	}
	removed := d.Removed
	if removed == nil {
		removed = []parley.RemovedPoint{}
	}
	_, err := t.exec(ctx, `INSERT INTO drafts (talks_id, number, tabled, title, note, tabled_at, tabled_by, removed)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		d.TalksID, d.Number, d.Tabled, d.Title, d.Note, FormatTime(d.TabledAt), d.TabledBy, jsonText(removed))
	if err != nil {
		return t.conflict(err, "draft "+strconv.Itoa(d.Number))
	}
	if err := t.track(ctx, "drafts", d.TalksID, d.Number); err != nil {
		return err
	}
	for i, p := range d.Points {
		from := p.From
		if from == nil {
			from = []int64{}
		}
		_, err := t.exec(ctx, `INSERT INTO draft_points (talks_id, draft_number, position, point_id, kind, number,
			title, text, depth, parent_id, from_ids, change, moved, amended) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			d.TalksID, d.Number, i, p.ID, p.Kind, p.Number, p.Title, p.Text, p.Depth, p.Parent, jsonText(from),
			p.Change, p.Moved, p.Amended)
		if err != nil {
			return t.conflict(err, "point "+strconv.FormatInt(p.ID, 10)+" in this draft")
		}
		if err := t.track(ctx, "draft_points", d.TalksID, d.Number, i); err != nil {
			return err
		}
	}
	return nil
}

// DeleteWorkingDraft implements parley.Tx.
func (t *Tx) DeleteWorkingDraft(ctx context.Context, talksID int64) error {
	if err := t.trackDeletion(ctx, "draft_points", "talks_id = ? AND draft_number = 0", talksID); err != nil {
		return err
	}
	if err := t.trackDeletion(ctx, "drafts", "talks_id = ? AND number = 0", talksID); err != nil {
		return err
	}
	if _, err := t.exec(ctx, `DELETE FROM draft_points WHERE talks_id = ? AND draft_number = 0`, talksID); err != nil {
		return err
	}
	_, err := t.exec(ctx, `DELETE FROM drafts WHERE talks_id = ? AND number = 0`, talksID)
	return err
}

func scanDraft(row interface{ Scan(...any) error }) (*parley.Draft, error) {
	var d parley.Draft
	var tabledAt sql.NullString
	var removed string
	if err := row.Scan(&d.TalksID, &d.Number, &d.Tabled, &d.Title, &d.Note, &tabledAt, &d.TabledBy, &removed); err != nil {
		return nil, err
	}
	var err error
	if d.TabledAt, err = parseTime(tabledAt.String); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(removed), &d.Removed); err != nil {
		return nil, err
	}
	if len(d.Removed) == 0 {
		d.Removed = nil
	}
	return &d, nil
}

const draftColumns = `talks_id, number, tabled, title, note, tabled_at, tabled_by, removed`

// Draft implements parley.Tx.
func (t *Tx) Draft(ctx context.Context, talksID int64, number int) (*parley.Draft, error) {
	d, err := scanDraft(t.queryRow(ctx, `SELECT `+draftColumns+` FROM drafts WHERE talks_id = ? AND number = ?`, talksID, number))
	if err != nil {
		return nil, notFound(err, "draft")
	}
	rows, err := t.query(ctx, `SELECT point_id, kind, number, title, text, depth, parent_id, from_ids, change, moved, amended
		FROM draft_points WHERE talks_id = ? AND draft_number = ? ORDER BY position`, talksID, number)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var p parley.Point
		var from string
		if err := rows.Scan(&p.ID, &p.Kind, &p.Number, &p.Title, &p.Text, &p.Depth, &p.Parent, &from,
			&p.Change, &p.Moved, &p.Amended); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(from), &p.From); err != nil {
			return nil, err
		}
		if len(p.From) == 0 {
			p.From = nil
		}
		d.Points = append(d.Points, p)
	}
	return d, rows.Err()
}

// Drafts implements parley.Tx.
func (t *Tx) Drafts(ctx context.Context, talksID int64) ([]parley.Draft, error) {
	rows, err := t.query(ctx, `SELECT `+draftColumns+` FROM drafts WHERE talks_id = ? AND number > 0 ORDER BY number`, talksID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []parley.Draft
	for rows.Next() {
		d, err := scanDraft(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *d)
	}
	return out, rows.Err()
}

// ---- stances

// PutStance implements parley.Tx.
func (t *Tx) PutStance(ctx context.Context, s *parley.Stance) error {
	err := t.queryRow(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM stances
		WHERE talks_id = ? AND draft_number = ? AND point_id = ? AND party_id = ?`,
		s.TalksID, s.Draft, s.PointID, s.PartyID).Scan(&s.Version)
	if err != nil {
		return err
	}
	key, err := t.dataKey(ctx, s.TalksID)
	if err != nil {
		return err
	}
	rationale := seal.Seal(key, []byte(s.Rationale), stanceAAD(s, "rationale"))
	wording := seal.Seal(key, []byte(s.ProposedWording), stanceAAD(s, "proposed_wording"))
	if s.Version > 1 {
		if _, err := t.exec(ctx, `UPDATE stances SET current = ? WHERE talks_id = ? AND draft_number = ? AND point_id = ? AND party_id = ? AND version = ?`,
			false, s.TalksID, s.Draft, s.PointID, s.PartyID, s.Version-1); err != nil {
			return err
		}
		if err := t.track(ctx, "stances", s.TalksID, s.Draft, s.PointID, s.PartyID, s.Version-1); err != nil {
			return err
		}
	}
	_, err = t.exec(ctx, `INSERT INTO stances (talks_id, draft_number, point_id, party_id, version, value, rationale,
		proposed_wording, share_with_mediator, released_to_all, recorded_by, recorded_at, current)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.TalksID, s.Draft, s.PointID, s.PartyID, s.Version, s.Value, rationale, wording,
		s.ShareWithMediator, s.ReleasedToAll, s.RecordedBy, FormatTime(s.RecordedAt), true)
	if err != nil {
		return t.conflict(err, "stance version")
	}
	return t.track(ctx, "stances", s.TalksID, s.Draft, s.PointID, s.PartyID, s.Version)
}

const stanceQuery = `SELECT s.talks_id, s.draft_number, s.point_id, s.party_id, p.name, s.version, s.value, s.rationale,
	s.proposed_wording, s.share_with_mediator, s.released_to_all, s.recorded_by, s.recorded_at
	FROM stances s JOIN parties p ON p.id = s.party_id `

func (t *Tx) scanStances(ctx context.Context, rows *sql.Rows) ([]parley.Stance, error) {
	defer rows.Close()
	var out []parley.Stance
	var rationales, wordings [][]byte
	for rows.Next() {
		var s parley.Stance
		var at string
		var rationale, wording []byte
		if err := rows.Scan(&s.TalksID, &s.Draft, &s.PointID, &s.PartyID, &s.PartyName, &s.Version, &s.Value,
			&rationale, &wording, &s.ShareWithMediator, &s.ReleasedToAll, &s.RecordedBy, &at); err != nil {
			return nil, err
		}
		var err error
		if s.RecordedAt, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, s)
		rationales, wordings = append(rationales, rationale), append(wordings, wording)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	for i := range out {
		s := &out[i]
		key, err := t.dataKey(ctx, s.TalksID)
		if err != nil {
			return nil, err
		}
		r, err := seal.Open(key, rationales[i], stanceAAD(s, "rationale"))
		if err != nil {
			return nil, fmt.Errorf("opening the rationale of a stance on point %d: %w", s.PointID, err)
		}
		w, err := seal.Open(key, wordings[i], stanceAAD(s, "proposed_wording"))
		if err != nil {
			return nil, fmt.Errorf("opening the proposed wording of a stance on point %d: %w", s.PointID, err)
		}
		s.Rationale, s.ProposedWording = string(r), string(w)
	}
	return out, nil
}

// Stances implements parley.Tx.
func (t *Tx) Stances(ctx context.Context, talksID int64, draft int) ([]parley.Stance, error) {
	rows, err := t.query(ctx, stanceQuery+`WHERE s.talks_id = ? AND s.draft_number = ? AND s.current = ?
		ORDER BY s.point_id, s.party_id`, talksID, draft, true)
	if err != nil {
		return nil, err
	}
	return t.scanStances(ctx, rows)
}

// StanceHistory implements parley.Tx.
func (t *Tx) StanceHistory(ctx context.Context, talksID int64, draft int, pointID, partyID int64) ([]parley.Stance, error) {
	rows, err := t.query(ctx, stanceQuery+`WHERE s.talks_id = ? AND s.draft_number = ? AND s.point_id = ? AND s.party_id = ?
		ORDER BY s.version`, talksID, draft, pointID, partyID)
	if err != nil {
		return nil, err
	}
	return t.scanStances(ctx, rows)
}
