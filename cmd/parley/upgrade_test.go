package main

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestUpgradeFromSchema0004 opens a demo database written by the binary of
// 2 December 2026 at schema version 0004 (testdata/demo-schema-0004.db.gz,
// made with `parley serve --demo --db` at commit 1d1eeca and stopped with
// SIGTERM): the current binary migrates it through every later migration,
// its audit log still verifies, and Russia reads its stances on draft 4
// exactly as the old binary served them (testdata/demo-schema-0004.stances.json,
// taken from the old binary's API), so the migrations lost or changed
// nothing a party had written and the sealed fields still open.
func TestUpgradeFromSchema0004(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "old.db")
	gz, err := os.Open("testdata/demo-schema-0004.db.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer gz.Close()
	r, err := gzip.NewReader(gz)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	key, err := os.ReadFile("testdata/demo-schema-0004.db.key")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(db, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(db+".key", key, 0o600); err != nil {
		t.Fatal(err)
	}
	if v := schemaVersion(t, db); v != "0004_progress.sql" {
		t.Fatalf("the fixture is at schema %s, want 0004_progress.sql", v)
	}

	out := mustParley(t, "", "migrate", "--db", db)
	if !strings.Contains(out, "parley backup") {
		t.Errorf("migrate on the old database did not suggest a backup first:\n%s", out)
	}
	embedded, err := embeddedMigrations()
	if err != nil {
		t.Fatal(err)
	}
	if v, last := schemaVersion(t, db), filepath.Base(embedded[len(embedded)-1]); v != last {
		t.Fatalf("after migrate: schema %s, want %s", v, last)
	}
	verified := mustParley(t, "", "audit", "verify", "--db", db)
	if !strings.Contains(verified, "Audit log intact: 275 records") || !strings.Contains(verified, "stored rows match their records") {
		t.Errorf("audit verify after the upgrade printed:\n%s", verified)
	}

	s := startServe(t, "--demo", "--db", db)
	ru := signInAPI(t, s.base, "russia", "demo")
	var got []map[string]any
	if err := json.Unmarshal(ru.call("GET", "/api/v1/talks/1/drafts/4/stances", nil, 200), &got); err != nil {
		t.Fatal(err)
	}
	var want []map[string]any
	golden, err := os.ReadFile("testdata/demo-schema-0004.stances.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(golden, &want); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("russia reads %d stances on draft 4 after the upgrade, want %d", len(got), len(want))
	}
	for i := range want {
		kept := map[string]any{}
		for k := range want[i] {
			kept[k] = got[i][k]
		}
		if !reflect.DeepEqual(kept, want[i]) {
			t.Errorf("stance %d after the upgrade: got %v, want %v", i, kept, want[i])
		}
	}
}
