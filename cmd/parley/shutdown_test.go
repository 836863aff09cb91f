package main

import (
	"bufio"
	"net/http"
	"strings"
	"testing"
	"time"
)

// stream is a live-update stream read to its end.
type stream struct {
	opened chan struct{} // closed once the server has answered
	ended  chan struct{} // closed once the server has closed it
	body   *syncBuffer   // what the server sent
}

// openStream opens the live-update stream of talks 1 as the account whose
// API token is tok (the session cookie takes the same tokens).
func openStream(t *testing.T, base, tok string) *stream {
	t.Helper()
	req, _ := http.NewRequest("GET", base+"/talks/1/events", nil)
	req.AddCookie(&http.Cookie{Name: "parley_session", Value: tok})
	s := &stream{opened: make(chan struct{}), ended: make(chan struct{}), body: &syncBuffer{}}
	go func() {
		defer close(s.ended)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			s.body.Write([]byte("error: " + err.Error()))
			close(s.opened)
			return
		}
		defer resp.Body.Close()
		close(s.opened)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			s.body.Write([]byte(sc.Text() + "\n"))
		}
	}()
	select {
	case <-s.opened:
	case <-time.After(startTimeout):
		t.Fatal("the live-update stream did not open")
	}
	return s
}

// shutdownUnderLoad serves db, which holds the demo, with a live-update
// stream open, stops the server with SIGTERM in the middle of a write
// load, and checks that it exits cleanly, that the stream got a last
// "closing" event and ended, and that every write the server acknowledged
// is there after a restart.
func shutdownUnderLoad(t *testing.T, db, keyFile string) {
	p := startProcess(t, "--demo", "--db", db, "--key-file", keyFile, "--shutdown-timeout", "20s")
	st := openStream(t, p.base, token(t, p.base, "russia"))
	acked := writeUntil(t, p, func() { p.stop(t) })
	select {
	case <-st.ended:
	case <-time.After(stopTimeout):
		t.Fatal("the live-update stream was still open after the server exited")
	}
	if got := st.body.String(); !strings.Contains(got, "event: closing\n") {
		t.Errorf("the live-update stream got %q, want a last closing event", got)
	}
	checkAcked(t, db, keyFile, acked)
	t.Logf("%d writes acknowledged before SIGTERM, all present after restart", len(acked))
}

func TestShutdownSQLite(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and stops a server")
	}
	t.Parallel()
	db := demoDB(t, t.TempDir())
	shutdownUnderLoad(t, db, db+".key")
}

func TestShutdownPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and stops a server")
	}
	t.Parallel()
	dsn, keyFile := pgDemoDB(t)
	shutdownUnderLoad(t, dsn, keyFile)
}
