package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/parley-talks/parley/demo"
)

// Deadlines for what a crash test waits on. They are generous: on a busy
// machine a start that loads the demo takes tens of seconds; they exist so
// that a server that never gets there fails the test with its output
// rather than hanging it.
const (
	startTimeout = 3 * time.Minute // until the server prints its address
	ackTimeout   = 3 * time.Minute // until enough writes are acknowledged
	stopTimeout  = time.Minute     // from SIGTERM until the server exits
)

// crashAcks is how many writes the server must acknowledge before it is
// killed, while the writers go on writing.
const crashAcks = 40

// process is a `parley serve` running as a process of its own.
type process struct {
	cmd    *exec.Cmd
	base   string
	output *syncBuffer   // its standard output and error, printed if the test fails
	exited chan struct{} // closed when it has exited
	err    error         // how it exited, once exited is closed
}

// startProcess starts `parley serve` with args on a free port and waits
// for it to print its address. It fails the test, with what the server
// printed, if the server exits first or says nothing within startTimeout.
func startProcess(t *testing.T, args ...string) *process {
	t.Helper()
	return startProcessEnv(t, nil, args...)
}

// startProcessEnv is startProcess with the variables env (NAME=value)
// added to the server's environment.
func startProcessEnv(t *testing.T, env []string, args ...string) *process {
	t.Helper()
	p := &process{
		cmd:    parleyCommand(append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...),
		output: &syncBuffer{},
		exited: make(chan struct{}),
	}
	p.cmd.Env = append(p.cmd.Env, env...)
	w := newAddrWatcher(p.output)
	p.cmd.Stdout, p.cmd.Stderr = w, p.output
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.exited
		if t.Failed() {
			t.Logf("the server %s printed:\n%s", strings.Join(p.cmd.Args[1:], " "), p.output)
		}
	})
	select {
	case p.base = <-w.addr:
		return p
	case <-p.exited:
		t.Fatalf("the server exited before printing its address: %v", p.err)
	case <-time.After(startTimeout):
		t.Fatalf("the server printed no address within %s", startTimeout)
	}
	return nil
}

// kill kills the server with SIGKILL, as a power cut would, and waits for
// it to be gone.
func (p *process) kill() {
	p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.exited
}

// stop stops the server with SIGTERM and waits for it to exit cleanly.
func (p *process) stop(t *testing.T) {
	t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
		if p.err != nil {
			t.Errorf("the server exited with %v after SIGTERM, want a clean exit", p.err)
		}
	case <-time.After(stopTimeout):
		t.Fatalf("the server did not exit within %s of SIGTERM", stopTimeout)
	}
}

func httpJSON(method, url, token string, body any) (int, []byte, error) {
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, url, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

func token(t *testing.T, base, user string) string {
	t.Helper()
	status, b, err := httpJSON("POST", base+"/api/v1/session", "", map[string]string{"username": user, "password": demo.Password})
	if err != nil || status != 201 {
		t.Fatalf("sign in as %s: %d %s %v", user, status, b, err)
	}
	var out struct{ Token string }
	json.Unmarshal(b, &out)
	return out.Token
}

// crashAck is a write the server acknowledged: a stance with a rationale
// no other write has.
type crashAck struct {
	writer    string
	point     int64
	rationale string
}

// crashUnderLoad serves db, which holds the demo, kills the server with
// SIGKILL in the middle of a write load once it has acknowledged crashAcks
// writes, restarts it, and checks that every acknowledged write is there
// and that the audit log, which nothing half-written could satisfy,
// verifies.
func crashUnderLoad(t *testing.T, db, keyFile string) {
	args := []string{"--demo", "--db", db, "--key-file", keyFile}
	p := startProcess(t, args...)
	acked := writeUntil(t, p, p.kill)
	checkAcked(t, db, keyFile, acked)
	t.Logf("%d writes acknowledged before SIGKILL, all present after restart", len(acked))
}

// checkAcked serves db again and checks that every acknowledged write is
// there and that the audit log, which nothing half-written could
// satisfy, verifies.
func checkAcked(t *testing.T, db, keyFile string, acked []crashAck) {
	t.Helper()
	p := startProcess(t, "--demo", "--db", db, "--key-file", keyFile)
	histories := map[string]string{}
	for _, a := range acked {
		key := fmt.Sprintf("%s/%d", a.writer, a.point)
		if _, ok := histories[key]; !ok {
			tok := token(t, p.base, a.writer)
			_, b, err := httpJSON("GET", fmt.Sprintf("%s/api/v1/talks/1/drafts/5/points/%d/stance/history", p.base, a.point), tok, nil)
			if err != nil {
				t.Fatal(err)
			}
			histories[key] = string(b)
		}
		if !strings.Contains(histories[key], `"`+a.rationale+`"`) {
			t.Errorf("the acknowledged write %q is missing after the restart", a.rationale)
		}
	}
	p.stop(t)
	out, err := runParley(t, "", "audit", "verify", "--db", db, "--key-file", keyFile)
	if err != nil || !strings.Contains(out, "intact") {
		t.Errorf("audit verify after the restart: %v\n%s", err, out)
	}
}

// writeUntil has four demo delegates record stances on draft 5 from three
// goroutines each, stops the server with halt (which returns once it is
// gone) once it has acknowledged crashAcks writes, and returns every write
// it acknowledged.
func writeUntil(t *testing.T, p *process, halt func()) []crashAck {
	t.Helper()
	writers := []string{"russia-envoy", "russia-aide", "ukraine-negotiator", "ukraine"}
	tokens := map[string]string{}
	for _, w := range writers {
		tokens[w] = token(t, p.base, w)
	}
	points := markablePoints(t, p.base, tokens["russia-envoy"])
	var mu sync.Mutex
	var acked []crashAck
	enough := make(chan struct{})
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for _, w := range writers {
		for g := 0; g < 3; g++ {
			wg.Go(func() {
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					pt := points[(g*7+i)%len(points)]
					r := fmt.Sprintf("ack-%s-%d-%d", w, g, i)
					status, _, err := httpJSON("PUT", fmt.Sprintf("%s/api/v1/talks/1/drafts/5/points/%d/stance", p.base, pt), tokens[w],
						map[string]any{"stance": "needs_discussion", "rationale": r})
					if err == nil && status == 200 {
						mu.Lock()
						acked = append(acked, crashAck{w, pt, r})
						if len(acked) == crashAcks {
							close(enough)
						}
						mu.Unlock()
					}
				}
			})
		}
	}
	select {
	case <-enough:
	case <-time.After(ackTimeout):
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		close(stop)
		p.kill()
		wg.Wait()
		t.Fatalf("only %d of %d writes were acknowledged within %s", n, crashAcks, ackTimeout)
	}
	halt()
	close(stop)
	wg.Wait()
	return acked
}

// markablePoints returns the ids of the points of the demo's draft 5.
func markablePoints(t *testing.T, base, token string) []int64 {
	t.Helper()
	var d struct {
		Points []struct {
			ID   int64  `json:"id"`
			Kind string `json:"kind"`
		} `json:"points"`
	}
	status, b, err := httpJSON("GET", base+"/api/v1/talks/1/drafts/5", token, nil)
	if err != nil || status != 200 {
		t.Fatalf("reading draft 5: %d %s %v", status, b, err)
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	var points []int64
	for _, pt := range d.Points {
		if pt.Kind == "point" {
			points = append(points, pt.ID)
		}
	}
	if len(points) == 0 {
		t.Fatalf("draft 5 has no points: %s", b)
	}
	return points
}

func TestCrashSQLite(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills a server")
	}
	t.Parallel()
	db := demoDB(t, t.TempDir())
	crashUnderLoad(t, db, db+".key")
}

func TestCrashPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills a server")
	}
	t.Parallel()
	dsn, keyFile := pgDemoDB(t)
	crashUnderLoad(t, dsn, keyFile)
}
