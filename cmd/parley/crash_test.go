package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/parley-talks/parley/demo"
	"github.com/parley-talks/parley/postgres/pgtest"
)

// pkgDir is this package's directory, where the tests start.
var pkgDir, _ = os.Getwd()

// buildParley builds the command once per test binary.
var buildParley = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "parley-bin-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "parley")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = pkgDir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// process is a `parley serve` running as its own process.
type process struct {
	cmd  *exec.Cmd
	base string
}

func startProcess(t *testing.T, bin string, args ...string) *process {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	sc := bufio.NewScanner(stdout)
	addr := regexp.MustCompile(`on (http://[0-9.:]+)/`)
	deadline := time.AfterFunc(60*time.Second, func() { cmd.Process.Kill() })
	defer deadline.Stop()
	for sc.Scan() {
		if m := addr.FindStringSubmatch(sc.Text()); m != nil {
			go io.Copy(io.Discard, stdout)
			return &process{cmd, m[1]}
		}
	}
	t.Fatal("the server printed no address")
	return nil
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

// crashUnderLoad kills a server with SIGKILL in the middle of a write load,
// restarts it, and checks that every acknowledged write is there and that
// the audit log, which nothing half-written could satisfy, verifies.
func crashUnderLoad(t *testing.T, db string, extra ...string) {
	bin, err := buildParley()
	if err != nil {
		t.Fatal(err)
	}
	args := append([]string{"--demo", "--db", db}, extra...)
	p := startProcess(t, bin, args...)
	writers := []string{"russia-envoy", "russia-aide", "ukraine-negotiator", "ukraine"}
	tokens := map[string]string{}
	for _, w := range writers {
		tokens[w] = token(t, p.base, w)
	}
	var d struct {
		Points []struct {
			ID   int64  `json:"id"`
			Kind string `json:"kind"`
		} `json:"points"`
	}
	_, b, _ := httpJSON("GET", p.base+"/api/v1/talks/1/drafts/5", tokens["russia-envoy"], nil)
	json.Unmarshal(b, &d)
	var points []int64
	for _, pt := range d.Points {
		if pt.Kind == "point" {
			points = append(points, pt.ID)
		}
	}

	type ack struct {
		writer    string
		point     int64
		rationale string
	}
	var mu sync.Mutex
	var acked []ack
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for _, w := range writers {
		for g := 0; g < 3; g++ {
			wg.Add(1)
			go func(w string, g int) {
				defer wg.Done()
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
						acked = append(acked, ack{w, pt, r})
						mu.Unlock()
					}
				}
			}(w, g)
		}
	}
	time.Sleep(1500 * time.Millisecond)
	p.cmd.Process.Signal(syscall.SIGKILL)
	p.cmd.Wait()
	close(stop)
	wg.Wait()
	if len(acked) < 10 {
		t.Fatalf("only %d writes were acknowledged before the kill", len(acked))
	}

	p = startProcess(t, bin, args...)
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
			t.Errorf("the acknowledged write %q is missing after the crash", a.rationale)
		}
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	p.cmd.Wait()
	out, err := exec.Command(bin, "audit", "verify", "--db", db).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "intact") {
		t.Errorf("audit verify after the crash: %v\n%s", err, out)
	}
	t.Logf("%d writes acknowledged before SIGKILL, all present after restart; %s", len(acked), strings.TrimSpace(string(out)))
}

func TestCrashSQLite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills a server")
	}
	dir := t.TempDir()
	t.Chdir(dir)
	crashUnderLoad(t, filepath.Join(dir, "crash.db"))
}

func TestCrashPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills a server")
	}
	dsn := pgtest.DSN(t)
	t.Chdir(t.TempDir()) // the key file, parley.key, goes here
	crashUnderLoad(t, dsn)
}
