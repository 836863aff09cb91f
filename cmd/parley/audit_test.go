package main

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/parley-talks/parley/auditlog"
)

// rawSQL runs statements on a database file directly, as someone with
// access to the files (and not to Parley) could.
func rawSQL(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func TestAuditVerify(t *testing.T) {
	t.Parallel()
	path := demoDB(t, t.TempDir())
	out := mustParley(t, "", "audit", "verify", "--db", path)
	if !strings.Contains(out, "Audit log intact") || !strings.Contains(out, "stored rows match their records") {
		t.Fatalf("audit verify on the demo: got %q", out)
	}
	t.Log(strings.TrimSpace(out))
	// A party keeps a checkpoint and the verifier key.
	cpFile := filepath.Join(t.TempDir(), "checkpoint.txt")
	out = mustParley(t, "", "audit", "checkpoint", "--db", path, "--out", cpFile)
	vkey := strings.TrimSpace(out[strings.Index(out, "Verifier key: ")+len("Verifier key: "):])
	mustParley(t, "", "audit", "verify", "--db", path, "--checkpoint", cpFile, "--verifier", vkey)

	// Russia's view of the log holds no record of Ukraine's stances.
	log := mustParley(t, "", "audit", "log", "--db", path, "--as", "russia", "--talks", "1", "--json")
	if strings.Contains(log, `"party": 3`) {
		t.Errorf("russia's audit log shows a record of ukraine's business")
	}

	// Someone with the files signs a head of their own.
	var forged struct{ note, vkey string }
	skey, fvkey, err := auditlog.NewSigner("parley-audit")
	if err != nil {
		t.Fatal(err)
	}
	signer, _ := note.NewSigner(skey)
	cp, err := auditlog.SignCheckpoint(tlog.Tree{N: 3}, signer)
	if err != nil {
		t.Fatal(err)
	}
	forged.note, forged.vkey = string(cp), fvkey

	tests := []struct {
		name   string
		tamper []string
		args   []string
		want   string
	}{
		{"a record rewritten", []string{`UPDATE audit_records SET data = CAST(replace(CAST(data AS TEXT), 'russia-envoy', 'ukraine-negotiator') AS BLOB)
			WHERE idx = (SELECT MIN(idx) FROM audit_records WHERE instr(CAST(data AS TEXT), 'russia-envoy') > 0)`},
			nil, "altered"},
		{"a tabled draft's text changed", []string{`UPDATE draft_points SET text = 'Ukraine withdraws from the whole Donetsk region.' WHERE draft_number = 3 AND title = 'Territory'`},
			nil, "row draft_points/1/3/"},
		{"a password hash replaced", []string{`UPDATE accounts SET password_hash = '$argon2id$v=19$m=19456,t=2,p=1$YXR0YWNrZXJzYWx0$YXR0YWNrZXJzaGFzaGF0dGFja2Vyc2hhc2g' WHERE username = 'ukraine'`}, nil, "row accounts/"},
		{"talks concluded by hand", []string{`UPDATE talks SET state = 'concluded'`}, nil, "row talks/1"},
		{"a data key swapped", []string{`UPDATE talks_keys SET wrapped = x'00'`}, nil, "row talks_keys/1"},
		{"a party's sharing default flipped", []string{`UPDATE parties SET share_by_default = 0 WHERE name = 'Russia'`}, nil, "row parties/2"},
		{"a member promoted", []string{`UPDATE members SET role = 'principal' WHERE id = (SELECT MAX(id) FROM members)`}, nil, "row members/"},
		{"a point identity removed", []string{`DELETE FROM points WHERE id = (SELECT MAX(id) FROM points)`}, nil, "deleted by hand"},
		{"a draft retitled", []string{`UPDATE drafts SET title = 'Final agreement' WHERE number = 5`}, nil, "row drafts/1/5"},
		{"a stance softened", []string{`UPDATE stances SET value = 'acceptable' WHERE rowid = (SELECT MIN(rowid) FROM stances WHERE value = 'unsuitable')`}, nil, "row stances/"},
		{"a stance added by hand", []string{`INSERT INTO stances SELECT talks_id, draft_number, point_id, party_id, version + 1, 'acceptable', rationale, proposed_wording,
			share_with_mediator, released_to_all, recorded_by, recorded_at, 1 FROM stances WHERE rowid = (SELECT MIN(rowid) FROM stances)`}, nil, "added by hand"},
		{"a carried-over stance pointed at another version", []string{`UPDATE carried_stances SET stances = replace(stances, ' 1 ', ' 2 ')
			WHERE rowid = (SELECT MIN(rowid) FROM carried_stances)`}, nil, "row carried_stances/"},
		{"a message's envoy changed", []string{`UPDATE messages SET envoy_id = 1`}, nil, "row messages/1"},
		{"a recipient removed", []string{`DELETE FROM message_recipients`}, nil, "deleted by hand"},
		{"an analysis run hidden from its parties", []string{`UPDATE analysis_runs SET parties = '[]'`}, nil, "row analysis_runs/"},
		{"a record deleted", []string{`DELETE FROM audit_records WHERE idx = 100`}, nil, "altered"},
		{"two records swapped", []string{
			`UPDATE audit_records SET idx = -1 WHERE idx = 50`, `UPDATE audit_records SET idx = 50 WHERE idx = 51`, `UPDATE audit_records SET idx = 51 WHERE idx = -1`}, nil, "altered"},
		{"a stored hash changed", []string{`UPDATE audit_hashes SET hash = zeroblob(32) WHERE idx = 7`}, nil, "altered"},
		{"history cut back and re-signed head dropped", []string{
			`DELETE FROM audit_records WHERE idx >= (SELECT MAX(idx) - 9 FROM audit_records)`,
			`DELETE FROM settings WHERE key = 'audit_checkpoint'`},
			[]string{"--checkpoint", cpFile}, "altered"},
		{"the head re-signed with another key", []string{
			`UPDATE settings SET value = '` + forged.note + `' WHERE key = 'audit_checkpoint'`,
			`UPDATE settings SET value = '` + forged.vkey + `' WHERE key = 'audit_verifier_key'`},
			[]string{"--verifier", vkey}, "altered"},
	}
	caught := 0
	defer func() { t.Logf("tamper cases detected: %d of %d", caught, len(tests)) }()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := copyDB(t, path, t.TempDir())
			rawSQL(t, p, tt.tamper...)
			_, err := runParley(t, "", append([]string{"audit", "verify", "--db", p}, tt.args...)...)
			if err == nil {
				t.Fatalf("audit verify passed after %s", tt.name)
			}
			if tt.want != "" && !strings.Contains(message(err), tt.want) {
				t.Errorf("got %q, want it to say %q", message(err), tt.want)
			}
			caught++
			t.Logf("caught: %s", message(err))
		})
	}
}
