package main

import (
	"context"
	"fmt"
	"log/slog"
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
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/workspace"
)

// loadConfig is how a load test runs, as its flags say.
type loadConfig struct {
	db         string // a postgres:// URL, or "" for a fresh SQLite file
	instances  int
	delegates  int
	duration   time.Duration
	writeShare float64
	think      time.Duration
	cpuProfile string
	timeline   string // a file for every request: its start, latency, kind, instance and outcome
}

// loadTest is a load test under way: the talks it loads, the servers, the
// signed-in delegates and what they measured.
type loadTest struct {
	cfg    loadConfig
	key    seal.Key
	ws     *workspace.Service // on the first instance's database
	talks  int64
	med    context.Context // the mediator, signed in directly
	client *http.Client

	accounts  []string // the delegates' accounts, each shared by several delegates
	bases     []string // the instances' base URLs
	stores    []store  // the instances' stores
	delegates []delegate
	medToken  string
	latest    atomic.Int64  // the latest draft's number
	points    []int64       // the markable points of the draft at the start
	started   time.Time     // when the load began (run)
	elapsed   time.Duration // how long the load took, its last answers included (run)

	mu        sync.Mutex
	served    []int                      // by instance, the successes it answered
	lat       map[string][]time.Duration // by kind of request, the latencies of successes
	arrived   map[string][]time.Duration // the same, of the requests begun after the delegates' arrival (arrival)
	conflicts map[string]int             // by kind of request, the 409 answers
	errs      map[string]int             // by kind of request, the other failures
	timeline  []timed                    // every request, in the order they ended (--timeline only)
	begun     [2]int                     // requests of every outcome begun in the arrival [0] and after it [1]
	slow      [2]int                     // those of them that took over slowRequest
}

// slowRequest is how long a request may take before the summary counts
// it as slow: the target for a write's 99th percentile.
const slowRequest = 100 * time.Millisecond

// timed is a request as the timeline has it.
type timed struct {
	start, took time.Duration // start counted from the load's start
	kind        string
	instance    int
	outcome     outcome
}

// outcome is how a request ended: it did what it asked, it was refused
// with 409 Conflict (a stance on a draft superseded a moment ago: a
// correct answer, but no write), or it failed.
type outcome int

const (
	succeeded outcome = iota
	conflicted
	failedRequest
)

// String names o as the timeline has it.
func (o outcome) String() string { return [...]string{"ok", "conflict", "error"}[o] }

// outcomeOf says how a request that answered status (or failed with err)
// ended, want being its status of success.
func outcomeOf(status int, err error, want int) outcome {
	switch {
	case err == nil && status == want:
		return succeeded
	case err == nil && status == http.StatusConflict:
		return conflicted
	default:
		return failedRequest
	}
}

// delegate is one simulated delegate: the instance it talks to (its base
// URL and its number), and its session.
type delegate struct {
	base, token string
	instance    int
}

// cmdLoadtest measures Parley under a bounded load on loopback: it starts
// one or more server instances in this process on a fresh database with
// the demo, signs in the delegates, and for a fixed time has them read gap
// maps and drafts and record stances while the mediator tables drafts. It
// stops by itself and reports throughput and latency percentiles.
//
// `parley loadtest ceiling` measures instead what the database does at
// most for a write like a stance write, without Parley (see cmdCeiling).
func cmdLoadtest(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == "ceiling" {
		return cmdCeiling(ctx, e, args[1:])
	}
	cfg, err := parseLoadFlags(e, args)
	if err != nil {
		return err
	}
	lt := &loadTest{cfg: cfg, lat: map[string][]time.Duration{}, arrived: map[string][]time.Duration{}, conflicts: map[string]int{}, errs: map[string]int{}}
	timeline, err := lt.createTimeline()
	if err != nil {
		return err
	}
	defer timeline.Close() // closed already if written; nil if none
	if lt.key, err = seal.NewKey(); err != nil {
		return err
	}
	first, err := lt.open(ctx)
	if err != nil {
		return err
	}
	defer first.Close()
	if err := lt.loadTalks(ctx, first); err != nil {
		return err
	}
	stop, err := lt.startInstances(ctx, first)
	defer stop()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Signing in %d delegates on %d instance(s)…\n", cfg.delegates, len(lt.bases))
	if err := lt.signIn(); err != nil {
		return err
	}
	if cfg.cpuProfile != "" {
		f, err := os.Create(cfg.cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	fmt.Fprintf(e.stdout, "Running for %s…\n", cfg.duration)
	lt.run(ctx)
	lt.report(e)
	return lt.writeTimeline(timeline)
}

// parseLoadFlags reads the load test's flags and checks their bounds.
func parseLoadFlags(e *env, args []string) (loadConfig, error) {
	fs := flags(e, "loadtest")
	var c loadConfig
	fs.StringVar(&c.db, "db", "", "a postgres:// URL of an empty database (default: a fresh SQLite file in a temporary folder)")
	fs.IntVar(&c.instances, "instances", 1, "server instances sharing the database (PostgreSQL only for more than one)")
	fs.IntVar(&c.delegates, "delegates", 200, "concurrent delegates")
	fs.DurationVar(&c.duration, "duration", 15*time.Second, "how long the load runs (at most 10m)")
	fs.Float64Var(&c.writeShare, "write-share", 0.2, "the share of delegate requests that record a stance")
	fs.DurationVar(&c.think, "think", time.Second, "each delegate's mean pause between requests (0: none, a stress test)")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "write a CPU profile of the load phase to this file")
	fs.StringVar(&c.timeline, "timeline", "", "write every request to this CSV file: its start and latency in ms from the load's start, kind, instance and outcome")
	if err := parse(fs, args); err != nil {
		return c, err
	}
	switch {
	case c.delegates < 1 || c.delegates > 5000:
		return c, usageError("--delegates must be from 1 to 5000")
	case c.duration <= 0 || c.duration > 10*time.Minute:
		return c, usageError("--duration must be from 1s to 10m")
	case c.instances < 1 || c.instances > 8:
		return c, usageError("--instances must be from 1 to 8")
	case c.instances > 1 && !isPostgres(c.db):
		return c, usageError("several instances need a shared PostgreSQL database (--db postgres://…)")
	}
	return c, nil
}

// open opens the load test's database: the PostgreSQL database it was
// given, or a fresh SQLite file in a temporary folder, which later calls
// open again.
func (lt *loadTest) open(ctx context.Context) (store, error) {
	if !isPostgres(lt.cfg.db) {
		dir, err := os.MkdirTemp("", "parley-load-")
		if err != nil {
			return nil, err
		}
		lt.cfg.db = filepath.Join(dir, "load.db")
	}
	return openStore(ctx, lt.cfg.db, lt.key)
}

// loadTalks loads the demo into db and adds the delegates' accounts to it:
// ten per party, each used by many delegates.
func (lt *loadTest) loadTalks(ctx context.Context, db store) error {
	lt.ws = workspace.New(db)
	tid, err := demo.Load(ctx, lt.ws)
	if err != nil {
		return fmt.Errorf("loading the demo: %w", err)
	}
	lt.talks = tid
	op := workspace.AsOperator(ctx)
	if lt.med, err = signInDirect(ctx, lt.ws, "mediator"); err != nil {
		return fmt.Errorf("signing in the mediator: %w", err)
	}
	for _, party := range []string{"Russia", "Ukraine"} {
		for i := 0; i < 10; i++ {
			name := fmt.Sprintf("delegate-%s-%d", strings.ToLower(party), i)
			if _, err := lt.ws.CreateAccount(op, workspace.AccountInput{Username: name, Password: "load-test-password"}, false); err != nil {
				return fmt.Errorf("creating the account %s: %w", name, err)
			}
			if _, err := lt.ws.AddMember(lt.med, tid, workspace.MemberInput{Username: name, PartyName: party, Role: parley.RoleNegotiator}); err != nil {
				return fmt.Errorf("adding %s to the talks: %w", name, err)
			}
			lt.accounts = append(lt.accounts, name)
		}
	}
	drafts, err := lt.ws.ListDrafts(lt.med, tid)
	if err != nil {
		return err
	}
	lt.latest.Store(int64(len(drafts)))
	d, err := lt.ws.GetDraft(lt.med, tid, len(drafts))
	if err != nil {
		return err
	}
	for _, p := range d.Markable() {
		lt.points = append(lt.points, p.ID)
	}
	return nil
}

// startInstances starts the server instances on loopback, the first on
// first and each other on a database connection of its own. stop stops
// them and closes their databases, also after an error.
func (lt *loadTest) startInstances(ctx context.Context, first store) (stop func(), err error) {
	var closers []func() error
	stop = func() {
		for _, c := range slices.Backward(closers) {
			c()
		}
	}
	log := slog.New(slog.DiscardHandler)
	// PARLEY_LOADTEST_LOG=1 shows the servers' warnings and errors (what
	// a load test's 500s were), on standard error.
	if os.Getenv("PARLEY_LOADTEST_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	for i := 0; i < lt.cfg.instances; i++ {
		s := first
		if i > 0 {
			if s, err = lt.open(ctx); err != nil {
				return stop, err
			}
			closers = append(closers, s.Close)
		}
		lt.stores = append(lt.stores, s)
		w := servedWorkspace(ctx, s, log) // as serve has it
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return stop, err
		}
		srv := &http.Server{Handler: parleyhttp.NewServer(w, log)}
		go srv.Serve(ln)
		closers = append(closers, srv.Close)
		lt.bases = append(lt.bases, "http://"+ln.Addr().String())
	}
	lt.client = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: lt.cfg.delegates + 10, MaxConnsPerHost: 0}, Timeout: 30 * time.Second}
	return stop, nil
}

// signIn signs in the delegates, spread over the instances and the
// accounts, and the mediator on the first instance. Each account signs in
// once on each instance and its delegates there share the session: a
// sign-in hashes the password (argon2id, tens of milliseconds of CPU), and
// 1,000 of them would take the machine for most of a minute before the
// load begins, while a request costs the same whichever session it
// carries.
func (lt *loadTest) signIn() error {
	lt.delegates = make([]delegate, lt.cfg.delegates)
	tokens := map[[2]string]string{}
	for i := range lt.delegates {
		instance, account := i%len(lt.bases), lt.accounts[i%len(lt.accounts)]
		base := lt.bases[instance]
		tok, ok := tokens[[2]string{base, account}]
		if !ok {
			var err error
			if tok, err = apiSignIn(lt.client, base, account, "load-test-password"); err != nil {
				return err
			}
			tokens[[2]string{base, account}] = tok
		}
		lt.delegates[i] = delegate{base, tok, instance}
	}
	var err error
	lt.medToken, err = apiSignIn(lt.client, lt.bases[0], "mediator", demo.Password)
	return err
}

// record notes how a request of a kind to an instance ended and, if it
// succeeded, how long it took.
func (lt *loadTest) record(kind string, instance int, took time.Duration, o outcome) {
	start := time.Since(lt.started) - took
	lt.mu.Lock()
	defer lt.mu.Unlock()
	if lt.cfg.timeline != "" {
		lt.timeline = append(lt.timeline, timed{start, took, kind, instance, o})
	}
	after := 0
	if start >= lt.arrival() {
		after = 1
	}
	lt.begun[after]++
	if took > slowRequest {
		lt.slow[after]++
	}
	switch o {
	case succeeded:
		if lt.served == nil {
			lt.served = make([]int, len(lt.bases))
		}
		lt.served[instance]++
		lt.lat[kind] = append(lt.lat[kind], took)
		if after == 1 {
			lt.arrived[kind] = append(lt.arrived[kind], took)
		}
	case conflicted:
		lt.conflicts[kind]++
	default:
		lt.errs[kind]++
	}
}
