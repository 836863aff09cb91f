package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Row digests make the audit log vouch for the data as well as for
// itself: every row a change writes or deletes in a tracked table is noted
// with the SHA-256 of its stored image (ciphertext for sealed fields), and
// AppendAudit puts those digests in the change's record. VerifyAudit then
// recomputes every row's digest and compares it with the latest record of
// that row, so a row changed, added or deleted by hand is found.
//
// Not tracked: sessions (and session_methods), sign-in failures, last sign-ins and password
// links (operational state that changes without a record, or credentials
// kept like sessions), settings (checked through the signed
// checkpoint and the key check), and the audit tables themselves (checked
// by the Merkle tree).

// trackedTables names each tracked table's primary key columns.
var trackedTables = []struct {
	name string
	pk   []string
}{
	{"accounts", []string{"id"}},
	{"account_standing", []string{"account_id"}},
	{"talks", []string{"id"}},
	{"talks_keys", []string{"talks_id"}},
	{"parties", []string{"id"}},
	{"members", []string{"id"}},
	{"points", []string{"id"}},
	{"drafts", []string{"talks_id", "number"}},
	{"draft_points", []string{"talks_id", "draft_number", "position"}},
	{"stances", []string{"talks_id", "draft_number", "point_id", "party_id", "version"}},
	{"messages", []string{"id"}},
	{"message_recipients", []string{"message_id", "account_id"}},
	{"decisions", []string{"id"}},
	{"decision_answers", []string{"decision_id", "party_id"}},
	{"issue_spaces", []string{"talks_id"}},
	{"profiles", []string{"talks_id", "party_id"}},
	{"shared_packages", []string{"id"}},
	{"meetings", []string{"id"}},
	{"statements", []string{"id"}},
	{"legs", []string{"id"}},
	{"marking_finished", []string{"talks_id", "draft_number", "party_id"}},
	{"account_preferences", []string{"account_id"}},
	{"account_languages", []string{"account_id"}},
	{"invitations", []string{"id"}},
	{"analysis_runs", []string{"id"}},
	{"stance_carryovers", []string{"talks_id", "draft_number", "point_id", "party_id", "version"}},
	{"carried_stances", []string{"talks_id", "draft_number", "party_id"}},
	{"working_draft_versions", []string{"talks_id"}},
	{"tabling_keys", []string{"talks_id", "key"}},
	{"passkeys", []string{"id"}},
	{"account_passkey_required", []string{"account_id"}},
	{"talks_passkey_required", []string{"talks_id"}},
	{"talks_languages", []string{"talks_id"}},
	{"draft_languages", []string{"talks_id", "draft_number"}},
	{"translations", []string{"talks_id", "draft_number", "point_id", "language", "version"}},
	{"amendments", []string{"id"}},
	{"amendment_outcomes", []string{"amendment_id"}},
	{"amendment_lineage", []string{"amendment_id"}},
	{"amendment_languages", []string{"amendment_id"}},
	{"translation_amendments", []string{"talks_id", "draft_number", "point_id", "language", "version"}},
	{"improvement_shares", []string{"id"}},
	{"option_wordings", []string{"talks_id", "issue_name", "option_name", "point_id"}},
	{"comments", []string{"id"}},
	{"comment_states", []string{"thread_id"}},
}

func pkOf(table string) []string {
	for _, t := range trackedTables {
		if t.name == table {
			return t.pk
		}
	}
	panic("sqlstore: untracked table " + table)
}

// deleted is the digest recorded for a row that no longer exists.
const deleted = "deleted"

// rowKey names a row in audit records: table/pk1/pk2….
func rowKey(table string, pk []any) string {
	b := make([]byte, 0, len(table)+12*len(pk))
	b = append(b, table...)
	for _, v := range pk {
		b = append(b, '/')
		switch v := v.(type) {
		case int64:
			b = strconv.AppendInt(b, v, 10)
		case string:
			b = append(b, v...)
		default:
			b = fmt.Append(b, v)
		}
	}
	return string(b)
}

// rowDigest is the hex SHA-256 of a row's values in column order: of the
// JSON array in which each value is {"b": hex} for bytes, null for NULL,
// and the string "type:value" (fmt's %T:%v) otherwise. It writes that
// JSON itself, byte for byte what encoding/json writes: digesting every
// row a tabling writes (tens of thousands with stances carried over)
// through reflection was a fifth of the tabling's CPU. rows_test.go
// checks it against encoding/json.
func rowDigest(vals []any) string {
	b := make([]byte, 0, 64*len(vals))
	b = append(b, '[')
	for i, v := range vals {
		if i > 0 {
			b = append(b, ',')
		}
		switch v := v.(type) {
		case []byte:
			b = append(b, `{"b":"`...)
			b = hex.AppendEncode(b, v)
			b = append(b, `"}`...)
		case nil:
			b = append(b, "null"...)
		case int64:
			b = append(b, `"int64:`...)
			b = strconv.AppendInt(b, v, 10)
			b = append(b, '"')
		case bool:
			b = append(b, `"bool:`...)
			b = strconv.AppendBool(b, v)
			b = append(b, '"')
		case string:
			b = appendJSONString(b, "string:", v)
		default:
			b = appendJSONString(b, "", fmt.Sprintf("%T:%v", v, v))
		}
	}
	b = append(b, ']')
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// appendJSONString appends prefix+s as encoding/json writes a string:
// directly when every byte is printable ASCII that it writes as is, and
// through encoding/json otherwise (escapes, HTML-safe characters, UTF-8).
func appendJSONString(b []byte, prefix, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			enc, err := json.Marshal(prefix + s)
			if err != nil {
				panic(err) // a string always encodes
			}
			return append(b, enc...)
		}
	}
	b = append(b, '"')
	b = append(b, prefix...)
	b = append(b, s...)
	return append(b, '"')
}

// track notes the current image of one row (or its absence) for the next
// audit record.
func (t *Tx) track(ctx context.Context, table string, pk ...any) error {
	cols := pkOf(table)
	var where []string
	for _, c := range cols {
		where = append(where, c+" = ?")
	}
	rows, err := t.query(ctx, `SELECT * FROM `+table+` WHERE `+strings.Join(where, " AND "), pk...)
	if err != nil {
		return err
	}
	defer rows.Close()
	digest := deleted
	if rows.Next() {
		vals, err := scanAll(rows)
		if err != nil {
			return err
		}
		digest = rowDigest(vals)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if t.written == nil {
		t.written = map[string]string{}
	}
	t.written[rowKey(table, pk)] = digest
	return nil
}

// writeTracked runs q, a statement that writes at most one row of table
// and ends in RETURNING *, and notes the row it returns as track would,
// without reading it again. It returns the row's values by column name,
// or nil if the statement wrote no row.
func (t *Tx) writeTracked(ctx context.Context, table, q string, args ...any) (map[string]any, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if !rows.Next() {
		return nil, rows.Err()
	}
	vals, err := scanAll(rows)
	if err != nil {
		return nil, err
	}
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	byName := make(map[string]any, len(cols))
	for i, c := range cols {
		byName[c] = vals[i]
	}
	var pk []any
	for _, c := range pkOf(table) {
		pk = append(pk, byName[c])
	}
	if rows.Next() {
		return nil, fmt.Errorf("sqlstore: a statement on %s wrote more than one row", table)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if t.written == nil {
		t.written = map[string]string{}
	}
	t.written[rowKey(table, pk)] = rowDigest(vals)
	return byName, nil
}

// writeTrackedRows runs q, a statement that writes want rows of table
// at once (a multi-row insert) and ends in RETURNING *, and notes every
// row it returns as writeTracked does; a statement that writes another
// number of rows is an error.
func (t *Tx) writeTrackedRows(ctx context.Context, table, q string, want int, args ...any) error {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	index := make(map[string]int, len(cols))
	for i, c := range cols {
		index[c] = i
	}
	if t.written == nil {
		t.written = map[string]string{}
	}
	pkCols := pkOf(table)
	pk := make([]any, len(pkCols))
	got := 0
	for rows.Next() {
		vals, err := scanAll(rows)
		if err != nil {
			return err
		}
		for i, c := range pkCols {
			pk[i] = vals[index[c]]
		}
		t.written[rowKey(table, pk)] = rowDigest(vals)
		got++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if got != want {
		return fmt.Errorf("sqlstore: a statement on %s wrote %d rows, want %d", table, got, want)
	}
	return nil
}

// trackDeletion notes as deleted the rows of table that match where, before
// they are deleted.
func (t *Tx) trackDeletion(ctx context.Context, table, where string, args ...any) error {
	cols := pkOf(table)
	rows, err := t.query(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM `+table+` WHERE `+where, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	if t.written == nil {
		t.written = map[string]string{}
	}
	for rows.Next() {
		pk, err := scanAll(rows)
		if err != nil {
			return err
		}
		t.written[rowKey(table, pk)] = deleted
	}
	return rows.Err()
}

func scanAll(rows *sql.Rows) ([]any, error) {
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, err
	}
	return vals, nil
}

// takeWritten returns and forgets the rows noted since the last record.
func (t *Tx) takeWritten() map[string]string {
	w := t.written
	t.written = nil
	return w
}

// RowFault is a row whose stored image does not match what the audit log
// recorded for it.
type RowFault struct {
	Row    string // table/pk…
	Reason string
}

func (f *RowFault) Error() string { return "row " + f.Row + ": " + f.Reason }

// verifyRows recomputes every tracked row's digest and compares it with the
// latest digest the records give it. It returns how many rows it checked.
func (t *Tx) verifyRows(ctx context.Context, recorded map[string]string) (int, error) {
	checked := 0
	seen := map[string]bool{}
	for _, tbl := range trackedTables {
		rows, err := t.query(ctx, `SELECT * FROM `+tbl.name)
		if err != nil {
			return checked, err
		}
		cols, _ := rows.Columns()
		index := map[string]int{}
		for i, c := range cols {
			index[c] = i
		}
		for rows.Next() {
			vals, err := scanAll(rows)
			if err != nil {
				rows.Close()
				return checked, err
			}
			var pk []any
			for _, c := range tbl.pk {
				pk = append(pk, vals[index[c]])
			}
			key := rowKey(tbl.name, pk)
			seen[key] = true
			checked++
			want, ok := recorded[key]
			switch {
			case !ok:
				rows.Close()
				return checked, &RowFault{key, "no audit record wrote it: it was added by hand"}
			case want == deleted:
				rows.Close()
				return checked, &RowFault{key, "the audit log records it as deleted"}
			case want != rowDigest(vals):
				rows.Close()
				return checked, &RowFault{key, "it differs from what the audit log recorded: it was changed by hand"}
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return checked, err
		}
	}
	for key, d := range recorded {
		if d != deleted && !seen[key] {
			return checked, &RowFault{key, "the audit log records it, but it is gone: it was deleted by hand"}
		}
	}
	return checked, nil
}
