package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/demo"
	parleyhttp "github.com/parley-talks/parley/http"
	"github.com/parley-talks/parley/postgres"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/sqlite"
	"github.com/parley-talks/parley/workspace"
)

// cmdLoadtest measures Parley under a bounded load on loopback: it starts
// one or more server instances in this process on a fresh database with
// the demo, signs in the delegates, and for a fixed time has them read gap
// maps and drafts and record stances while the mediator tables drafts. It
// stops by itself and reports throughput and latency percentiles.
func cmdLoadtest(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "loadtest")
	dbFlag := fs.String("db", "", "a postgres:// URL of an empty database (default: a fresh SQLite file in a temporary folder)")
	instances := fs.Int("instances", 1, "server instances sharing the database (PostgreSQL only for more than one)")
	delegates := fs.Int("delegates", 200, "concurrent delegates")
	duration := fs.Duration("duration", 15*time.Second, "how long the load runs (at most 10m)")
	writeShare := fs.Float64("write-share", 0.2, "the share of delegate requests that record a stance")
	think := fs.Duration("think", time.Second, "each delegate's mean pause between requests (0: none, a stress test)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the load phase to this file")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case *delegates < 1 || *delegates > 5000:
		return usageError("--delegates must be from 1 to 5000")
	case *duration <= 0 || *duration > 10*time.Minute:
		return usageError("--duration must be from 1s to 10m")
	case *instances < 1 || *instances > 8:
		return usageError("--instances must be from 1 to 8")
	case *instances > 1 && !isPostgres(*dbFlag):
		return usageError("several instances need a shared PostgreSQL database (--db postgres://…)")
	}
	key, err := seal.NewKey()
	if err != nil {
		return err
	}
	open := func() (store, error) {
		if isPostgres(*dbFlag) {
			return postgres.Open(ctx, *dbFlag, key)
		}
		dir, err := os.MkdirTemp("", "parley-load-")
		if err != nil {
			return nil, err
		}
		*dbFlag = filepath.Join(dir, "load.db")
		return sqlite.Open(ctx, *dbFlag, key)
	}
	first, err := open()
	if err != nil {
		return err
	}
	defer first.Close()
	ws := workspace.New(first)
	tid, err := demo.Load(ctx, ws)
	if err != nil {
		return fmt.Errorf("loading the demo: %w", err)
	}
	// Delegate accounts: ten per party, each used by many delegates.
	op := workspace.AsOperator(ctx)
	med, err := signInDirect(ctx, ws, "mediator")
	if err != nil {
		return err
	}
	var accounts []string
	for _, party := range []string{"Russia", "Ukraine"} {
		for i := 0; i < 10; i++ {
			name := fmt.Sprintf("delegate-%s-%d", strings.ToLower(party), i)
			if _, err := ws.CreateAccount(op, workspace.AccountInput{Username: name, Password: "load-test-password"}, false); err != nil {
				return err
			}
			if _, err := ws.AddMember(med, tid, workspace.MemberInput{Username: name, PartyName: party, Role: parley.RoleNegotiator}); err != nil {
				return err
			}
			accounts = append(accounts, name)
		}
	}

	// The instances.
	var bases []string
	log := slog.New(slog.DiscardHandler)
	for i := 0; i < *instances; i++ {
		s := first
		if i > 0 {
			if s, err = open(); err != nil {
				return err
			}
			defer s.Close()
		}
		w := workspace.New(s)
		if pg, ok := s.(*postgres.DB); ok {
			events := postgres.NewBroker(pg, log)
			go events.Listen(ctx)
			w.Events = events
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		srv := &http.Server{Handler: parleyhttp.NewServer(w, log)}
		go srv.Serve(ln)
		defer srv.Close()
		bases = append(bases, "http://"+ln.Addr().String())
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *delegates + 10, MaxConnsPerHost: 0}, Timeout: 30 * time.Second}
	fmt.Fprintf(e.stdout, "Signing in %d delegates on %d instance(s)…\n", *delegates, len(bases))

	type delegate struct{ base, token string }
	ds := make([]delegate, *delegates)
	for i := range ds {
		base := bases[i%len(bases)]
		tok, err := apiSignIn(client, base, accounts[i%len(accounts)], "load-test-password")
		if err != nil {
			return err
		}
		ds[i] = delegate{base, tok}
	}
	medToken, err := apiSignIn(client, bases[0], "mediator", demo.Password)
	if err != nil {
		return err
	}
	drafts, err := ws.ListDrafts(med, tid)
	if err != nil {
		return err
	}
	var latest atomic.Int64
	latest.Store(int64(len(drafts)))
	d, err := ws.GetDraft(med, tid, len(drafts))
	if err != nil {
		return err
	}
	var points []int64
	for _, p := range d.Markable() {
		points = append(points, p.ID)
	}

	var mu sync.Mutex
	lat := map[string][]time.Duration{}
	errs := map[string]int{}
	record := func(kind string, took time.Duration, ok bool) {
		mu.Lock()
		defer mu.Unlock()
		if ok {
			lat[kind] = append(lat[kind], took)
		} else {
			errs[kind]++
		}
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	deadline := time.Now().Add(*duration)
	fmt.Fprintf(e.stdout, "Running for %s…\n", *duration)
	var wg sync.WaitGroup
	for i, dl := range ds {
		wg.Add(1)
		go func(i int, dl delegate) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			if *think > 0 {
				// Delegates arrive over one think time, not all at once.
				time.Sleep(time.Duration(rng.Int64N(int64(*think))))
			}
			for time.Now().Before(deadline) && ctx.Err() == nil {
				n := latest.Load()
				r := rng.Float64()
				var kind, method, path string
				var body any
				switch {
				case r < *writeShare:
					kind, method = "stance write", "PUT"
					path = fmt.Sprintf("/api/v1/talks/%d/drafts/%d/points/%d/stance", tid, n, points[rng.IntN(len(points))])
					body = map[string]any{"stance": []string{"acceptable", "needs_discussion", "unsuitable"}[rng.IntN(3)], "rationale": "load"}
				case r < *writeShare+(1-*writeShare)/2:
					kind, method, path = "gap map read", "GET", fmt.Sprintf("/api/v1/talks/%d/drafts/%d/gap", tid, n)
				default:
					kind, method, path = "draft read", "GET", fmt.Sprintf("/api/v1/talks/%d/drafts/%d", tid, n)
				}
				start := time.Now()
				status, err := apiCall(client, method, dl.base+path, dl.token, body)
				ok := err == nil && status == 200
				if !ok && status == http.StatusConflict && kind == "stance write" {
					ok = true // the draft was superseded a moment ago: a correct answer
				}
				record(kind, time.Since(start), ok)
				if *think > 0 {
					// A delegate reads, thinks and acts: pauses spread
					// evenly from half to one and a half times the mean.
					time.Sleep(*think/2 + time.Duration(rng.Int64N(int64(*think))))
				}
			}
		}(i, dl)
	}
	// The mediator tables a new draft every five seconds.
	wg.Add(1)
	go func() {
		defer wg.Done()
		for time.Now().Add(5*time.Second).Before(deadline) && ctx.Err() == nil {
			time.Sleep(5 * time.Second)
			cur, err := ws.GetDraft(med, tid, int(latest.Load()))
			if err != nil {
				record("table draft", 0, false)
				continue
			}
			start := time.Now()
			in := workspace.InputOf(cur)
			status, err := apiCall(client, "POST", bases[0]+fmt.Sprintf("/api/v1/talks/%d/drafts", tid), medToken, in)
			record("table draft", time.Since(start), err == nil && status == 201)
			if err == nil && status == 201 {
				latest.Add(1)
			}
		}
	}()
	wg.Wait()

	backend := "SQLite"
	if isPostgres(*dbFlag) {
		backend = "PostgreSQL"
	}
	fmt.Fprintf(e.stdout, "\n%s, %d instance(s), %d delegates, think time %s, %s:\n", backend, len(bases), *delegates, *think, *duration)
	fmt.Fprintf(e.stdout, "%-14s %9s %9s %9s %9s %7s\n", "operation", "count", "per sec", "p50", "p99", "errors")
	for _, kind := range []string{"gap map read", "draft read", "stance write", "table draft"} {
		l := lat[kind]
		slices.Sort(l)
		fmt.Fprintf(e.stdout, "%-14s %9d %9.0f %9s %9s %7d\n", kind, len(l), float64(len(l))/duration.Seconds(),
			pct(l, 0.50), pct(l, 0.99), errs[kind])
	}
	return nil
}

func pct(l []time.Duration, q float64) string {
	if len(l) == 0 {
		return "-"
	}
	d := l[min(len(l)-1, int(q*float64(len(l))))]
	return d.Round(100 * time.Microsecond).String()
}

func signInDirect(ctx context.Context, ws *workspace.Service, user string) (context.Context, error) {
	_, a, err := ws.SignIn(ctx, user, demo.Password, "")
	if err != nil {
		return nil, err
	}
	return workspace.WithAccount(ctx, a.ID), nil
}

func apiSignIn(c *http.Client, base, user, password string) (string, error) {
	raw, _ := json.Marshal(map[string]string{"username": user, "password": password})
	resp, err := c.Post(base+"/api/v1/session", "application/json", bytes.NewReader(raw))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var out struct{ Token string }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Token == "" {
		return "", fmt.Errorf("signing in %s: status %d", user, resp.StatusCode)
	}
	return out.Token, nil
}

func apiCall(c *http.Client, method, url, token string, body any) (int, error) {
	var r io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		r = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}
