package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// api is a small JSON client for a served Parley.
type api struct {
	t     *testing.T
	base  string
	token string
}

func (a *api) call(method, path string, body any, want int) []byte {
	a.t.Helper()
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, a.base+path, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	if a.token != "" {
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		a.t.Fatalf("%s %s: got %d, want %d: %s", method, path, resp.StatusCode, want, out)
	}
	return out
}

func signInAPI(t *testing.T, base, user, password string) *api {
	t.Helper()
	a := &api{t: t, base: base}
	var out struct{ Token string }
	json.Unmarshal(a.call("POST", "/api/v1/session", map[string]string{"username": user, "password": password}, 201), &out)
	a.token = out.Token
	return a
}

// TestSecretsAtRest writes known secrets through the API, then scans the
// raw database files (WAL included) and the server's logs: none of them
// may hold a secret. The secrets still read back through the API, after a
// restart and after a master key rotation.
func TestSecretsAtRest(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "talks.db")
	for _, u := range []string{"mediator", "russia"} {
		mustParley(t, u+"-password\n", "account", "add", "--db", db, "--username", u)
	}
	if _, err := os.Stat(db + ".key"); err != nil {
		t.Fatalf("no master key file was created beside the database: %v", err)
	}
	s := startServe(t, "--db", db)
	med := signInAPI(t, s.base, "mediator", "mediator-password")
	ru := signInAPI(t, s.base, "russia", "russia-password")
	med.call("POST", "/api/v1/talks", map[string]string{"title": "Secret round"}, 201)
	med.call("POST", "/api/v1/talks/1/parties", map[string]any{"name": "Russia"}, 201)
	med.call("POST", "/api/v1/talks/1/members", map[string]any{"username": "russia", "party_name": "Russia", "role": "principal"}, 201)
	med.call("POST", "/api/v1/talks/1/drafts", map[string]any{"points": []any{map[string]string{"title": "Territory", "text": "The line is frozen."}}}, 201)

	secrets := []string{"ZEBRA-RATIONALE-4417", "QUOKKA-WORDING-9021", "ZEBRA-RATIONALE-SECOND-5530"}
	ru.call("PUT", "/api/v1/talks/1/drafts/1/points/1/stance", map[string]any{"stance": "unsuitable", "rationale": secrets[0]}, 200)
	ru.call("POST", "/api/v1/talks/1/drafts/1/points/1/amendments", map[string]any{"kind": "replace", "text": secrets[1]}, 201)
	ru.call("PUT", "/api/v1/talks/1/drafts/1/points/1/stance", map[string]any{"stance": "needs_discussion", "rationale": secrets[2]}, 200)

	scan := func(when string) {
		t.Helper()
		entries, _ := os.ReadDir(dir)
		var files []string
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), "talks.db") {
				files = append(files, e.Name())
				raw, err := os.ReadFile(filepath.Join(dir, e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				for _, secret := range secrets {
					if bytes.Contains(raw, []byte(secret)) {
						t.Errorf("%s: %s holds the secret %q in plain text", when, e.Name(), secret)
					}
				}
			}
		}
		for _, secret := range secrets {
			if strings.Contains(s.logs.String(), secret) {
				t.Errorf("%s: the server's log holds the secret %q", when, secret)
			}
		}
		t.Logf("%s: scanned %s and %d bytes of logs for %d secrets", when, strings.Join(files, ", "), len(s.logs.String()), len(secrets))
	}
	history := string(ru.call("GET", "/api/v1/talks/1/drafts/1/points/1/stance/history", nil, 200)) +
		string(ru.call("GET", "/api/v1/talks/1/amendments", nil, 200))
	for _, secret := range secrets {
		if !strings.Contains(history, secret) {
			t.Errorf("the stance history and the amendments do not read back %q", secret)
		}
	}
	scan("while serving")
	if _, err := os.Stat(db + "-wal"); err != nil {
		t.Errorf("no WAL file to scan while serving: %v", err)
	}
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	scan("after shutdown")

	// Rotate the master key; the old key no longer opens the database, the
	// new one reads every secret back.
	oldKey, _ := os.ReadFile(db + ".key")
	out := mustParley(t, "", "keys", "rotate", "--db", db)
	if !strings.Contains(out, "1 talks' data keys re-wrapped") {
		t.Errorf("keys rotate: got %q", out)
	}
	newKey, _ := os.ReadFile(db + ".key")
	if out := mustParley(t, "", "audit", "verify", "--db", db); !strings.Contains(out, "intact") {
		t.Errorf("audit verify after rotation: got %q", out)
	}
	if bytes.Equal(oldKey, newKey) {
		t.Fatal("the key file did not change")
	}
	os.WriteFile(filepath.Join(dir, "old.key"), oldKey, 0o600)
	if _, err := runParley(t, "", "gap", "--db", db, "--key-file", filepath.Join(dir, "old.key"), "--as", "russia", "--talks", "1"); err == nil ||
		!strings.Contains(message(err), "does not belong to this database") {
		t.Errorf("opening with the old key: got %v, want a refusal", err)
	}
	s = startServe(t, "--db", db)
	ru = signInAPI(t, s.base, "russia", "russia-password")
	stances := string(ru.call("GET", "/api/v1/talks/1/drafts/1/stances", nil, 200))
	amendments := string(ru.call("GET", "/api/v1/talks/1/amendments", nil, 200))
	if !strings.Contains(stances, secrets[2]) || !strings.Contains(amendments, secrets[1]) {
		t.Errorf("after rotation and restart, the stance reads back as %s and the amendments as %s", stances, amendments)
	}
	scan("after rotation")
}
