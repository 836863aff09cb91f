package http_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/demo"
	"github.com/parley-talks/parley/workspace"
)

// longTalks opens talks on the demo server with five parties (russia is
// the first party's principal, ukraine the second's) and tables one draft
// of sections × perSection points of realistic length; russia then marks
// every other point. It returns the talks' id and the draft.
func longTalks(tb testing.TB, ws *workspace.Service, sections, perSection int) (int64, *parley.Draft) {
	tb.Helper()
	ctx := context.Background()
	med := workspace.WithAccount(ctx, accountID(tb, ws, "mediator"))
	tv, err := ws.CreateTalks(med, workspace.TalksInput{Title: "A long text"})
	if err != nil {
		tb.Fatal(err)
	}
	for i, name := range []string{"First party", "Second party", "Third party", "Fourth party", "Fifth party"} {
		if _, err := ws.AddParty(med, tv.ID, workspace.PartyInput{Name: name, Kind: parley.PartyParty, ShareByDefault: true}); err != nil {
			tb.Fatal(err)
		}
		if user := []string{"russia", "ukraine", "us-principal", "", ""}[i]; user != "" {
			if _, err := ws.AddMember(med, tv.ID, workspace.MemberInput{Username: user, PartyName: name, Role: parley.RolePrincipal}); err != nil {
				tb.Fatal(err)
			}
		}
	}
	in := &parley.DraftInput{Title: "A long text, draft 1"}
	for s := 0; s < sections; s++ {
		sec := parley.PointInput{Kind: parley.KindSection, Title: fmt.Sprintf("Chapter %d", s+1)}
		for p := 0; p < perSection; p++ {
			sec.Points = append(sec.Points, parley.PointInput{Title: fmt.Sprintf("Provision %d.%d", s+1, p+1),
				Text: fmt.Sprintf("The parties shall, within %d days of signature, establish the joint commission for chapter %d, "+
					"which reports every %d weeks on the implementation of provision %d, including the withdrawal lines, "+
					"the monitoring arrangements and the exchange of information between the liaison offices.", 30+p, s+1, 2+p%5, p+1)})
		}
		in.Points = append(in.Points, sec)
	}
	d, err := ws.TableDraft(med, tv.ID, in)
	if err != nil {
		tb.Fatal(err)
	}
	ru := workspace.WithAccount(ctx, accountID(tb, ws, "russia"))
	n := 0
	for _, p := range d.Points {
		if p.Kind != parley.KindPoint {
			continue
		}
		if n++; n%2 == 0 {
			v := []parley.StanceValue{parley.Acceptable, parley.NeedsDiscussion, parley.Unsuitable}[n%3]
			if _, err := ws.SetStance(ru, tv.ID, d.Number, p.ID, parley.StanceInput{Value: v, Rationale: fmt.Sprintf("Rationale %d", n)}); err != nil {
				tb.Fatal(err)
			}
		}
	}
	return tv.ID, d
}

// TestBrowserLongDraft opens a 2,000-point draft as a party in Chromium and
// saves one stance, logging the figures issue 12 sets (interactive < 2 s,
// save < 300 ms, page < 500 KB compressed); it asserts only loose bounds,
// as timing on a shared machine is not a test. docs/benchmarks.md has the
// measured figures.
func TestBrowserLongDraft(t *testing.T) {
	t.Parallel()
	exe := findBrowser(t)
	base, ws, _ := newDemoServer(t)
	tid, d := longTalks(t, ws, 100, 20)
	page := fmt.Sprintf("%s/talks/%d/drafts/%d", base, tid, d.Number)

	c, _ := signInPages(t, base, "russia")
	status, html := c.get(strings.TrimPrefix(page, base))
	if status != 200 {
		t.Fatalf("the long draft's page: %d", status)
	}
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write([]byte(html))
	zw.Close()
	t.Logf("2,000-point draft page for a party: %d KB, %d KB gzipped", len(html)>>10, z.Len()>>10)
	if z.Len() > 2<<20 {
		t.Errorf("the page is %d KB gzipped; the target is 500 KB", z.Len()>>10)
	}

	ru := browser(t, exe)
	signInBrowser(t, ru, base, "russia")
	start := time.Now()
	run(t, ru, chromedp.Navigate(page), chromedp.WaitReady(chromedp.CSS(`body[data-live="open"]`)))
	loaded := time.Since(start)
	timing := get(t, ru, chromedp.Evaluate[float64](`(function(){ var n = performance.getEntriesByType("navigation")[0]; return n.domInteractive; })()`))
	t.Logf("2,000-point draft in Chromium: DOM interactive after %.0f ms, live after %v", timing, loaded.Round(time.Millisecond))
	if loaded > 60*time.Second {
		t.Errorf("the page took %v to load", loaded)
	}

	var target parley.Point
	for i, p := range d.Points {
		if p.Kind == parley.KindPoint && i > 1500 {
			target = p
			break
		}
	}
	ruCtx := workspace.WithAccount(context.Background(), accountID(t, ws, "russia"))
	want := parley.Unsuitable
	if h, err := ws.StanceHistory(ruCtx, tid, d.Number, target.ID); err == nil && len(h) > 0 && h[len(h)-1].Value == want {
		want = parley.Acceptable
	}
	row := fmt.Sprintf(`#stance-%d`, target.ID)
	run(t, ru, chromedp.ScrollIntoView(chromedp.CSS(row)))
	// The points near the screen are laid out as they scroll in (CSS
	// content-visibility): wait two frames for the row to settle.
	get(t, ru, chromedp.Evaluate[bool](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`, chromedp.EvalAwaitPromise))
	start = time.Now()
	run(t, ru, chromedp.Click(chromedp.CSS(row+` input[value="`+string(want)+`"]`)))
	wctx, cancel := context.WithTimeout(ru, stepTimeout)
	defer cancel()
	if err := chromedp.Do(wctx, chromedp.WaitVisible(chromedp.CSS(row+` .saved`))); err != nil {
		t.Fatalf("no confirmation of the saved mark (the radio is checked: %v): %v",
			get(t, ru, chromedp.Evaluate[bool](`document.querySelector('`+row+` input[value="`+string(want)+`"]').checked`)), err)
	}
	saved := time.Since(start)
	t.Logf("saving one stance on the 2,000-point page: %v from click to confirmation", saved.Round(time.Millisecond))
	if saved > 30*time.Second {
		t.Errorf("saving took %v", saved)
	}
	mine, err := ws.ListStances(ruCtx, tid, d.Number)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range mine {
		if s.PointID == target.ID && s.Value != want {
			t.Errorf("the saved stance is %s", s.Value)
		}
	}
}

// BenchmarkLongDraft measures the server's side of issue 12's long-text
// figures on a 2,000-point draft (100 sections of 20) with five parties:
// tabling it, the mediator's gap map with every party's marks (again and
// again, as kept by the service while nothing changes, and built anew
// after a mark changed), a party's draft page, and saving one mark as the
// page's script does. Run with
//
//	go test ./http -run '^$' -bench LongDraft -benchtime 20x
//
// docs/benchmarks.md has the figures.
func BenchmarkLongDraft(b *testing.B) {
	base, ws, _ := newDemoServer(b)
	tid, d := longTalks(b, ws, 100, 20)
	ctx := context.Background()
	med := workspace.WithAccount(ctx, accountID(b, ws, "mediator"))
	// Every party marks every point: principals for the last two parties.
	for i, name := range []string{"fourth", "fifth"} {
		if _, err := ws.CreateAccount(workspace.AsOperator(ctx), workspace.AccountInput{Username: name, Password: "bench-password-" + name}, true); err != nil {
			b.Fatal(err)
		}
		if _, err := ws.AddMember(med, tid, workspace.MemberInput{Username: name, PartyName: []string{"Fourth party", "Fifth party"}[i], Role: parley.RolePrincipal}); err != nil {
			b.Fatal(err)
		}
	}
	marks := map[int64]parley.StanceValue{}
	for i, p := range d.Points {
		if p.Kind == parley.KindPoint {
			marks[p.ID] = []parley.StanceValue{parley.Acceptable, parley.NeedsDiscussion, parley.Unsuitable}[i%3]
		}
	}
	for _, who := range []string{"russia", "ukraine", "us-principal", "fourth", "fifth"} {
		if _, err := ws.SetMarks(workspace.WithAccount(ctx, accountID(b, ws, who)), tid, d.Number, marks); err != nil {
			b.Fatal(err)
		}
	}
	in := workspace.InputOf(d)

	b.Run("table", func(b *testing.B) {
		for b.Loop() {
			in.Title = fmt.Sprintf("A long text, draft %d", b.N)
			if _, err := ws.SaveWorkingDraft(med, tid, in); err != nil {
				b.Fatal(err)
			}
			if _, err := ws.TableWorkingDraft(med, tid); err != nil {
				b.Fatal(err)
			}
		}
	})
	latest, err := ws.ListDrafts(med, tid)
	if err != nil {
		b.Fatal(err)
	}
	n := latest[len(latest)-1].Number
	for _, who := range []string{"russia", "ukraine", "us-principal", "fourth", "fifth"} {
		if _, err := ws.SetMarks(workspace.WithAccount(ctx, accountID(b, ws, who)), tid, n, marks); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("gap-map-5-parties", func(b *testing.B) {
		for b.Loop() {
			if _, err := ws.GapMap(med, tid, n); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The same, with one mark changed before each (not timed), so that
	// the map is built anew rather than taken from the service's cache.
	ua := workspace.WithAccount(ctx, accountID(b, ws, "ukraine"))
	b.Run("gap-map-5-parties-rebuilt", func(b *testing.B) {
		i := 0
		for b.Loop() {
			b.StopTimer()
			i++
			v := []parley.StanceValue{parley.Acceptable, parley.Unsuitable}[i%2]
			if _, err := ws.SetStance(ua, tid, n, d.Points[1].ID, parley.StanceInput{Value: v}); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if _, err := ws.GapMap(med, tid, n); err != nil {
				b.Fatal(err)
			}
		}
	})
	ru := signInBench(b, base, "russia")
	page := fmt.Sprintf("%s/talks/%d/drafts/%d", base, tid, n)
	b.Run("party-page", func(b *testing.B) {
		for b.Loop() {
			resp, err := ru.Get(page)
			if err != nil || resp.StatusCode != 200 {
				b.Fatalf("%v %v", resp, err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
	var point int64
	for _, p := range d.Points {
		if p.Kind == parley.KindPoint {
			point = p.ID
		}
	}
	csrf := csrfOf(b, ru, page)
	b.Run("save-one-mark", func(b *testing.B) {
		i := 0
		for b.Loop() {
			i++
			v := []string{"acceptable", "unsuitable"}[i%2]
			req, _ := http.NewRequest("POST", fmt.Sprintf("%s/points/%d/stance", page, point),
				strings.NewReader(url.Values{"stance": {v}, "keep": {"details"}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-CSRF-Token", csrf)
			req.Header.Set("HX-Request", "true")
			req.Header.Set("Origin", base)
			resp, err := ru.Do(req)
			if err != nil || resp.StatusCode != 200 {
				b.Fatalf("%v %v", resp, err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
}

// signInBench signs a cookie-keeping client in through the sign-in page.
func signInBench(tb testing.TB, base, user string) *http.Client {
	tb.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	req, _ := http.NewRequest("POST", base+"/signin", strings.NewReader(url.Values{"username": {user}, "password": {demo.Password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	resp, err := c.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	resp.Body.Close()
	return c
}

// csrfOf reads the anti-forgery token off a page.
func csrfOf(tb testing.TB, c *http.Client, page string) string {
	tb.Helper()
	resp, err := c.Get(page)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	m := csrfRE.FindSubmatch(body)
	if m == nil {
		tb.Fatal("no anti-forgery token on " + page)
	}
	return string(m[1])
}
