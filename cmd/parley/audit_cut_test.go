package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/tlog"
)

// cutLastRecord deletes the last audit record, the rows it wrote, the
// stored hashes it added and the stored checkpoint, as someone with the
// files could.
func cutLastRecord(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	var last int64
	var data []byte
	err = db.QueryRow(`SELECT idx, data FROM audit_records ORDER BY idx DESC LIMIT 1`).Scan(&last, &data)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	var rec struct {
		Details struct{ Rows map[string]string }
	}
	if err := json.Unmarshal(data, &rec); err != nil {
		t.Fatal(err)
	}
	stmts := []string{
		fmt.Sprintf(`DELETE FROM audit_records WHERE idx = %d`, last),
		fmt.Sprintf(`DELETE FROM audit_hashes WHERE idx >= %d`, tlog.StoredHashIndex(0, last)),
		`DELETE FROM settings WHERE key = 'audit_checkpoint'`,
	}
	for row := range rec.Details.Rows {
		table, id, ok := strings.Cut(row, "/")
		if !ok || strings.Contains(id, "/") {
			t.Fatalf("the last record wrote row %q, which this test cannot delete", row)
		}
		key := "id"
		if table == "account_standing" {
			key = "account_id"
		}
		stmts = append(stmts, fmt.Sprintf(`DELETE FROM %s WHERE %s = %s`, table, key, id))
	}
	rawSQL(t, path, stmts...)
}

// TestAuditVerifyCutEnd is finding 5 of issue 13: with the last record,
// its hashes and the stored checkpoint deleted, `parley audit verify`
// said "intact … 0 checkpoints" and nothing else. Now it warns whenever
// no checkpoint kept outside the database was given, and a checkpoint a
// member kept — the signed note, or the JSON the API gives — catches the
// cut.
func TestAuditVerifyCutEnd(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := demoDB(t, dir)
	note := filepath.Join(dir, "checkpoint.txt")
	mustParley(t, "", "audit", "checkpoint", "--db", path, "--out", note)
	raw, err := os.ReadFile(note)
	if err != nil {
		t.Fatal(err)
	}
	asJSON := filepath.Join(dir, "checkpoint.json")
	js, _ := json.Marshal(map[string]any{"size": 0, "note": string(raw), "verifier": "x"})
	if err := os.WriteFile(asJSON, js, 0o600); err != nil {
		t.Fatal(err)
	}
	// Intact, with a member's checkpoint: no warning.
	if out := mustParley(t, "", "audit", "verify", "--db", path, "--checkpoint", asJSON); strings.Contains(out, "WARNING") {
		t.Errorf("verify with a kept checkpoint: got %q, want no warning", out)
	}

	cutLastRecord(t, path)
	out, err := runParley(t, "", "audit", "verify", "--db", path)
	if err != nil || !strings.Contains(out, "WARNING: no checkpoint kept outside") {
		t.Errorf("verify after the end was cut, with no checkpoint: got %q, %v, want a WARNING line", out, err)
	}
	for _, cp := range []string{note, asJSON} {
		_, err := runParley(t, "", "audit", "verify", "--db", path, "--checkpoint", cp)
		if err == nil || !strings.Contains(message(err), "altered") {
			t.Errorf("verify against %s after the cut: got %v, want the log altered", filepath.Base(cp), err)
		}
	}
}
