package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// passkeyRPID begins a passkey sign-in at base and returns the relying
// party's ID the options name.
func passkeyRPID(t *testing.T, base string) string {
	t.Helper()
	req, _ := http.NewRequest("POST", base+"/signin/passkey/begin", nil)
	req.Header.Set("Origin", base)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var begun struct {
		Options struct {
			PublicKey struct {
				RPID string `json:"rpId"`
			} `json:"publicKey"`
		} `json:"options"`
	}
	if err := json.Unmarshal(body, &begun); resp.StatusCode != http.StatusOK || err != nil || begun.Options.PublicKey.RPID == "" {
		t.Fatalf("beginning a passkey sign-in: %d %s (%v)", resp.StatusCode, body, err)
	}
	return begun.Options.PublicKey.RPID
}

// TestServePublicURL (issue 13): the WebAuthn relying party is the host
// of --public-url, given as PARLEY_PUBLIC_URL or the configuration file's
// public-url, instead of the host each request names; without it, the
// request's host; a URL that is not http(s) and a host alone is refused
// before anything is served.
func TestServePublicURL(t *testing.T) {
	if testing.Short() {
		t.Skip("starts servers")
	}
	t.Parallel()
	dir := t.TempDir()
	db := demoDB(t, dir)
	key := "PARLEY_KEY_FILE=" + db + ".key"
	env := startProcessEnv(t, []string{"PARLEY_PUBLIC_URL=https://parley.example.org", key}, "--db", db, "--demo")
	if id := passkeyRPID(t, env.base); id != "parley.example.org" {
		t.Errorf("PARLEY_PUBLIC_URL: the relying party is %q, want parley.example.org", id)
	}
	env.stop(t)

	conf := filepath.Join(dir, "parley.conf")
	os.WriteFile(conf, []byte("public-url = https://talks.example.net:8443\n"), 0o600)
	fromFile := startProcessEnv(t, []string{key}, "--db", db, "--demo", "--config", conf)
	if id := passkeyRPID(t, fromFile.base); id != "talks.example.net" {
		t.Errorf("public-url in the configuration file: the relying party is %q, want talks.example.net", id)
	}
	fromFile.stop(t)

	plain := startProcessEnv(t, []string{key}, "--db", db, "--demo")
	if id := passkeyRPID(t, strings.Replace(plain.base, "127.0.0.1", "localhost", 1)); id != "localhost" {
		t.Errorf("without a public URL: the relying party is %q, want the request's host, localhost", id)
	}
	plain.stop(t)

	for _, bad := range []string{"parley.example.org", "ftp://parley.example.org", "https://", "https://parley.example.org/talks", "https://u:p@parley.example.org"} {
		_, err := runParley(t, "", "serve", "--db", db, "--demo", "--key-file", db+".key", "--addr", "127.0.0.1:0", "--public-url", bad)
		if err == nil || !strings.Contains(message(err), "--public-url") {
			t.Errorf("--public-url %q: got %v, want refused", bad, err)
		}
	}
}
