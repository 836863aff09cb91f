package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parley-talks/parley/demo"
)

// served is a running `parley serve`.
type served struct {
	base    string
	printed *syncBuffer // its standard output
	logs    *syncBuffer // its standard error
	stop    func() error
}

// startServe runs `parley serve` with args on a free port and waits until
// it prints its address. stop ends its context and waits for it to
// return, after which printed holds all it printed.
func startServe(t *testing.T, args ...string) *served {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &served{printed: &syncBuffer{}, logs: &syncBuffer{}}
	w := newAddrWatcher(s.printed)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), strings.NewReader(""), w, s.logs)
	}()
	select {
	case s.base = <-w.addr:
	case err := <-done:
		cancel()
		t.Fatalf("serve returned %v before printing its address:\n%s%s", err, s.printed, s.logs)
	case <-time.After(startTimeout):
		cancel()
		t.Fatalf("serve printed no address within %s:\n%s%s", startTimeout, s.printed, s.logs)
	}
	var once sync.Once
	var err error
	s.stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-done:
			case <-time.After(stopTimeout):
				t.Fatalf("serve did not stop within %s of its context ending", stopTimeout)
			}
		})
		return err
	}
	t.Cleanup(func() { s.stop() })
	return s
}

// TestServeDemo starts `parley serve --demo`, signs in as a demo account
// over HTTP, and stops the server as a signal would.
func TestServeDemo(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "demo.db")
	s := startServe(t, "--demo", "--db", db)
	resp, err := http.Post(s.base+"/api/v1/session", "application/json", strings.NewReader(`{"username":"russia","password":"demo"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Errorf("demo sign-in: got status %d, want 201", resp.StatusCode)
	}
	if err := s.stop(); err != nil {
		t.Errorf("serve returned %v after shutdown, want nil", err)
	}
	// Once it has returned, all it printed is there: the demo's accounts
	// follow the address.
	for _, want := range []string{"Sign in with any of these accounts", demo.Accounts[0].Username, demo.Accounts[0].DisplayName, demo.Accounts[len(demo.Accounts)-1].Username} {
		if !strings.Contains(s.printed.String(), want) {
			t.Errorf("serve --demo printed\n%s\nwant %q in it", s.printed, want)
		}
	}
	// The demo database is served only in demo mode.
	_, err = runParley(t, "", "serve", "--addr", "127.0.0.1:0", "--db", db)
	if err == nil || !strings.Contains(message(err), "holds the demo") {
		t.Errorf("serving the demo database without --demo: got %v, want a refusal", err)
	}
}

// TestServeTLS serves HTTPS with a self-signed certificate and checks the
// client gets HSTS.
func TestServeTLS(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalECPrivateKey(priv)
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600)

	s := startServe(t, "--demo", "--db", demoDB(t, dir), "--tls-cert", certFile, "--tls-key", keyFile)
	if !strings.HasPrefix(s.base, "https://") {
		t.Fatalf("serve with a certificate printed %s, want an https address", s.base)
	}
	pool := x509.NewCertPool()
	cert, _ := x509.ParseCertificate(der)
	pool.AddCert(cert)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := client.Get(s.base + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Strict-Transport-Security") == "" {
		t.Errorf("over TLS: got %d with HSTS %q, want 200 with HSTS", resp.StatusCode, resp.Header.Get("Strict-Transport-Security"))
	}
	if _, err := runParley(t, "", "serve", "--tls-cert", certFile); err == nil || !strings.Contains(message(err), "go together") {
		t.Errorf("--tls-cert alone: got %v", err)
	}
}
