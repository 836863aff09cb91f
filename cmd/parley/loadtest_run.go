package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/parley-talks/parley/demo"
	"github.com/parley-talks/parley/workspace"
)

// This file holds the load itself: the delegates' loop of reads and
// writes, the mediator tabling drafts, and the HTTP calls they make.

// run runs the load for the configured duration: every delegate in its own
// goroutine, and the mediator tabling a new draft every five seconds. It
// notes how long the load took until the last request begun before the
// deadline was answered (elapsed): rates are over that time, in which
// every request counted was made.
func (lt *loadTest) run(ctx context.Context) {
	start := time.Now()
	lt.started = start
	defer func() { lt.elapsed = time.Since(start) }()
	deadline := start.Add(lt.cfg.duration)
	var wg sync.WaitGroup
	for i, dl := range lt.delegates {
		wg.Go(func() { lt.delegate(ctx, i, dl, deadline) })
	}
	wg.Go(func() { lt.mediate(ctx, deadline) })
	wg.Wait()
}

// delegate is delegate number i's loop until the deadline: it reads gap
// maps and drafts and records stances on the latest draft, pausing to
// think between requests.
func (lt *loadTest) delegate(ctx context.Context, i int, dl delegate, deadline time.Time) {
	rng := rand.New(rand.NewPCG(uint64(i), 7))
	think := lt.cfg.think
	if think > 0 {
		// Delegates arrive over one think time, not all at once.
		time.Sleep(time.Duration(rng.Int64N(int64(think))))
	}
	for time.Now().Before(deadline) && ctx.Err() == nil {
		kind, method, path, body := lt.nextRequest(rng)
		start := time.Now()
		status, err := apiCall(lt.client, method, dl.base+path, dl.token, body)
		lt.record(kind, dl.instance, time.Since(start), outcomeOf(status, err, http.StatusOK))
		if think > 0 {
			// A delegate reads, thinks and acts: pauses spread
			// evenly from half to one and a half times the mean.
			time.Sleep(think/2 + time.Duration(rng.Int64N(int64(think))))
		}
	}
}

// nextRequest picks a delegate's next request: a stance write with the
// configured share, else a gap map or a draft read, on the latest draft.
func (lt *loadTest) nextRequest(rng *rand.Rand) (kind, method, path string, body any) {
	n := lt.latest.Load()
	r := rng.Float64()
	switch ws := lt.cfg.writeShare; {
	case r < ws:
		path = fmt.Sprintf("/api/v1/talks/%d/drafts/%d/points/%d/stance", lt.talks, n, lt.points[rng.IntN(len(lt.points))])
		body = map[string]any{"stance": []string{"acceptable", "needs_discussion", "unsuitable"}[rng.IntN(3)], "rationale": "load"}
		return "stance write", "PUT", path, body
	case r < ws+(1-ws)/2:
		return "gap map read", "GET", fmt.Sprintf("/api/v1/talks/%d/drafts/%d/gap", lt.talks, n), nil
	default:
		return "draft read", "GET", fmt.Sprintf("/api/v1/talks/%d/drafts/%d", lt.talks, n), nil
	}
}

// mediate has the mediator table the latest draft again, through the API,
// every five seconds until the deadline.
func (lt *loadTest) mediate(ctx context.Context, deadline time.Time) {
	for time.Now().Add(5*time.Second).Before(deadline) && ctx.Err() == nil {
		time.Sleep(5 * time.Second)
		cur, err := lt.ws.GetDraft(lt.med, lt.talks, int(lt.latest.Load()))
		if err != nil {
			lt.record("table draft", 0, 0, failedRequest)
			continue
		}
		start := time.Now()
		in := workspace.InputOf(cur)
		status, err := apiCall(lt.client, "POST", lt.bases[0]+fmt.Sprintf("/api/v1/talks/%d/drafts", lt.talks), lt.medToken, in)
		o := outcomeOf(status, err, http.StatusCreated)
		lt.record("table draft", 0, time.Since(start), o)
		if o == succeeded {
			lt.latest.Add(1)
		}
	}
}

// signInDirect signs in a demo account through the workspace, not the API,
// and returns a context acting as it.
func signInDirect(ctx context.Context, ws *workspace.Service, user string) (context.Context, error) {
	_, a, err := ws.SignIn(ctx, user, demo.Password, "")
	if err != nil {
		return nil, err
	}
	return workspace.WithAccount(ctx, a.ID), nil
}

// apiSignIn signs in through the API and returns the session's token.
func apiSignIn(c *http.Client, base, user, password string) (string, error) {
	raw, _ := json.Marshal(map[string]string{"username": user, "password": password})
	resp, err := c.Post(base+"/api/v1/session", "application/json", bytes.NewReader(raw))
	if err != nil {
		return "", fmt.Errorf("signing in %s: %w", user, err)
	}
	defer resp.Body.Close()
	var out struct{ Token string }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Token == "" {
		return "", fmt.Errorf("signing in %s: status %d", user, resp.StatusCode)
	}
	return out.Token, nil
}

// apiCall makes an API request with a session token and a JSON body (none
// if body is nil), and returns the response's status.
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
	// Asked for gzip, so that the server compresses its answers as for a
	// client that takes gzip (a browser that also takes zstd gets zstd);
	// but they are not unpacked here: a client unpacks on its own
	// machine, and the load test's shares this one's cores with the
	// server under test (unpacking took the client's share of the
	// process from 4.6 % to 8.9 % at 1,000 delegates on SQLite).
	req.Header.Set("Accept-Encoding", "gzip")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0, err // an answer cut short is no answer
	}
	return resp.StatusCode, nil
}
