package pgtest

import (
	"context"
	"fmt"
	"net"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
)

// RoundTrips counts the round trips between a program and PostgreSQL on
// the wire: every time a connection writes after it has read (or writes
// for the first time) is one more turn, whatever the messages are, so a
// pipelined batch counts once and a prepare counts apart. Install it with
// Install on the connections' configuration. It also notes the SQL each
// turn carried (through pgx's tracer), for the breakdown a test logs.
type RoundTrips struct {
	mu      sync.Mutex
	turns   int
	writing map[net.Conn]bool
	current []string // what the queries under way are
	log     []string // one line per turn
}

// Install makes every connection of cfg count its round trips in r.
func (r *RoundTrips) Install(cfg *pgx.ConnConfig) {
	dial := cfg.DialFunc
	cfg.DialFunc = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := dial(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &countingConn{Conn: c, r: r}, nil
	}
	cfg.Tracer = tracer{r}
}

// Reset forgets the turns counted so far.
func (r *RoundTrips) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.turns, r.log = 0, nil
}

// Count returns the turns counted since the last Reset, and one line per
// turn saying what it carried.
func (r *RoundTrips) Count() (int, []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.turns, append([]string(nil), r.log...)
}

func (r *RoundTrips) wrote(c net.Conn) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.writing == nil {
		r.writing = map[net.Conn]bool{}
	}
	if r.writing[c] {
		return
	}
	r.writing[c] = true
	r.turns++
	what := "(connecting, or a message pgx sends on its own)"
	if len(r.current) > 0 {
		what = strings.Join(r.current, " + ")
	}
	r.log = append(r.log, fmt.Sprintf("%2d %s", r.turns, what))
}

func (r *RoundTrips) read(c net.Conn) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.writing != nil {
		r.writing[c] = false
	}
}

func (r *RoundTrips) start(what string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.current = append(r.current, what)
}

func (r *RoundTrips) end() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.current) > 0 {
		r.current = r.current[1:]
	}
}

type countingConn struct {
	net.Conn
	r *RoundTrips
}

func (c *countingConn) Write(b []byte) (int, error) {
	c.r.wrote(c)
	return c.Conn.Write(b)
}

func (c *countingConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	if n > 0 {
		c.r.read(c)
	}
	return n, err
}

// tracer names the SQL under way for the breakdown.
type tracer struct{ r *RoundTrips }

func (t tracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	t.r.start(short(d.SQL))
	return ctx
}

func (t tracer) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) { t.r.end() }

func (t tracer) TracePrepareStart(ctx context.Context, _ *pgx.Conn, d pgx.TracePrepareStartData) context.Context {
	t.r.start("prepare " + short(d.SQL))
	return ctx
}

func (t tracer) TracePrepareEnd(context.Context, *pgx.Conn, pgx.TracePrepareEndData) { t.r.end() }

func (t tracer) TraceBatchStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceBatchStartData) context.Context {
	var qs []string
	if d.Batch != nil {
		for _, q := range d.Batch.QueuedQueries {
			qs = append(qs, short(q.SQL))
		}
	}
	t.r.start("batch[" + strings.Join(qs, "; ") + "]")
	return ctx
}

func (t tracer) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}

func (t tracer) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) { t.r.end() }

var (
	_ pgx.QueryTracer   = tracer{}
	_ pgx.PrepareTracer = tracer{}
	_ pgx.BatchTracer   = tracer{}
)

// short is the first words of a query, on one line.
func short(q string) string {
	q = strings.Join(strings.Fields(q), " ")
	if len(q) > 90 {
		q = q[:90] + "…"
	}
	return q
}
