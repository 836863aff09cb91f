package http_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/parley-talks/parley/demo"
	parleyhttp "github.com/parley-talks/parley/http"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/sqlite"
	"github.com/parley-talks/parley/workspace"
)

// reopenable is a test server on one address (so that the browser keeps
// its storage for it) whose database can be closed, rewritten by hand as
// someone with the files could, and opened again behind the same address.
type reopenable struct {
	t    *testing.T
	path string
	db   *sqlite.DB
	ws   *workspace.Service
	h    atomic.Pointer[parleyhttp.Server]
	base string
}

func newReopenable(t *testing.T) *reopenable {
	t.Helper()
	s := &reopenable{t: t, path: filepath.Join(t.TempDir(), "parley.db")}
	s.open()
	if _, err := demo.Load(context.Background(), s.ws); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { s.h.Load().ServeHTTP(w, r) }))
	t.Cleanup(func() { srv.Close(); s.db.Close() })
	s.base = srv.URL
	return s
}

func (s *reopenable) open() {
	db, err := sqlite.Open(context.Background(), s.path, seal.Key{})
	if err != nil {
		s.t.Fatal(err)
	}
	s.db, s.ws = db, workspace.New(db)
	s.h.Store(parleyhttp.NewServer(s.ws, nil))
}

// rewrite closes the database, runs tamper on it directly, opens it again
// and makes one change through Parley, which signs a checkpoint of the
// log as it now is with the stored key.
func (s *reopenable) rewrite(tamper func(db *sql.DB)) {
	s.t.Helper()
	if err := s.db.Close(); err != nil {
		s.t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", "file:"+s.path)
	if err != nil {
		s.t.Fatal(err)
	}
	tamper(raw)
	raw.Close()
	s.open()
	account(s.t, s.ws, "newcomer")
}

// execSQL runs statements on a database opened by hand.
func execSQL(t *testing.T, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// TestBrowserWitness is the browser test of issue 13's witnessed record:
// Russia's member visits the talks, and the browser keeps the signed
// checkpoint it verified. Between two visits the test rewrites the
// database by hand. Rolled back (the last records, their hashes and the
// stored checkpoint deleted, then a change signed anew), or forked (an
// early record rewritten, every hash recomputed, and a change signed with
// the stored key), or signed with a new key, the next visit shows the red
// warning naming both checkpoints, sizes and hashes; an honest change between visits shows
// none and the kept checkpoint moves on. After the warning the member may
// start again from the server's checkpoint, and the next visit is quiet.
func TestBrowserWitness(t *testing.T) {
	t.Parallel()
	exe := findBrowser(t)
	for _, tc := range []struct {
		name, want string
		tamper     func(t *testing.T, db *sql.DB, kept int64)
		shrinks    bool
	}{
		{"rolled back", "rolled back", rollBack, true},
		{"forked", "rewritten", fork, false},
		{"re-keyed", "not validly signed with the key this browser kept", rekey, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newReopenable(t)
			preferLanguage(t, s.ws, "russia", "en") // the warnings' words in English, as the screenshots show them
			ctx := browser(t, exe)
			signInBrowser(t, ctx, s.base, "russia")
			first := witnessVisit(t, ctx, s.base)

			// An honest change: the next visit moves the kept checkpoint on.
			account(t, s.ws, "honest")
			kept := witnessVisit(t, ctx, s.base)
			screenshot(t, ctx, "witness-kept")
			if kept.Size <= first.Size || kept.Hash == first.Hash {
				t.Fatalf("after an honest change the browser keeps %+v, first %+v: want it moved on", kept, first)
			}

			// The checkpoint the member downloads verifies the honest log.
			download := downloadedCheckpoint(t, ctx, "#witness-kept a")
			if _, err := s.ws.VerifyAudit(context.Background(), [][]byte{download}, ""); err != nil {
				t.Fatalf("the honest log against the member's download: %v", err)
			}

			run(t, ctx, chromedp.Navigate("about:blank"))
			s.rewrite(func(db *sql.DB) { tc.tamper(t, db, kept.Size) })
			cur, err := s.ws.Checkpoint(workspace.AsOperator(context.Background()))
			if err != nil {
				t.Fatal(err)
			}
			if tc.shrinks != (cur.Size < kept.Size) {
				t.Fatalf("the rewritten log has %d records, kept %d", cur.Size, kept.Size)
			}
			run(t, ctx, chromedp.Navigate(s.base+"/talks/1"), chromedp.WaitVisible(chromedp.CSS("#witness-alarm")))
			alarm := get(t, ctx, chromedp.Text(chromedp.CSS("#witness-alarm")))
			for _, want := range []string{tc.want, fmt.Sprintf("%d records, tree hash %s", kept.Size, kept.Hash), fmt.Sprintf("%d records, tree hash %s", cur.Size, cur.Hash)} {
				if !strings.Contains(alarm, want) {
					t.Errorf("the warning does not say %q: %s", want, alarm)
				}
			}
			screenshot(t, ctx, "witness-"+strings.ReplaceAll(tc.name, " ", "-"))
			// The download beside the warning shows the tampering to
			// parley audit verify (here through the workspace it calls).
			download = downloadedCheckpoint(t, ctx, "#witness-alarm a")
			if _, err := s.ws.VerifyAudit(context.Background(), [][]byte{download}, ""); err == nil {
				t.Errorf("the %s log verified against the checkpoint the member downloaded", tc.name)
			}
			// The kept checkpoint stays as evidence.
			if again := keptCheckpoint(t, ctx); again != kept {
				t.Errorf("after the warning the browser keeps %+v, want %+v still", again, kept)
			}
			// Once the member has kept both, the browser may start again
			// from the server's checkpoint; the next visit is quiet.
			run(t, ctx, chromedp.Click(chromedp.CSS("#witness-restart")))
			if restarted := witnessVisit(t, ctx, s.base); restarted.Size != cur.Size || restarted.Hash != cur.Hash {
				t.Errorf("after starting again the browser keeps %+v, want the server's %d, %s", restarted, cur.Size, cur.Hash)
			}
		})
	}
}

// keptWitness is what the browser keeps of a checkpoint.
type keptWitness struct {
	Size int64  `json:"size"`
	Hash string `json:"hash"`
}

// witnessVisit opens the audit page, waits for the browser to show the
// checkpoint it verified and keeps, and returns it; no warning may show.
func witnessVisit(t *testing.T, ctx context.Context, base string) keptWitness {
	t.Helper()
	run(t, ctx, chromedp.Navigate(base+"/talks/1/audit"), chromedp.WaitVisible(chromedp.CSS("#witness-kept")))
	if html := pageHTML(t, ctx); strings.Contains(html, "witness-alarm") {
		t.Fatalf("a warning on an honest visit: %s", html)
	}
	text := get(t, ctx, chromedp.Text(chromedp.CSS("#witness-kept")))
	if !strings.Contains(text, "signature verified") {
		t.Errorf("the browser did not verify the signature: %s", text)
	}
	return keptCheckpoint(t, ctx)
}

// downloadedCheckpoint clicks the first link the selector finds, as the
// member would to download the checkpoint, and returns the signed note of
// the file the browser saved.
func downloadedCheckpoint(t *testing.T, ctx context.Context, link string) []byte {
	t.Helper()
	dir := t.TempDir()
	_, err := chromedp.Call(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir, BrowserContextID: chromedp.FromContext(ctx).BrowserContextID})
	if err != nil {
		t.Fatalf("allowing downloads: %v", err)
	}
	run(t, ctx, chromedp.Click(chromedp.CSS(link)))
	var raw []byte
	for deadline := time.Now().Add(stepTimeout); raw == nil; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no file downloaded from %s", link)
		}
		files, _ := filepath.Glob(filepath.Join(dir, "parley-checkpoint-*.json"))
		if len(files) == 1 {
			raw, _ = os.ReadFile(files[0])
		}
	}
	var file struct {
		Note string `json:"note"`
	}
	if err := json.Unmarshal(raw, &file); err != nil || file.Note == "" {
		t.Fatalf("the download %s: %v: %s", link, err, raw)
	}
	return []byte(file.Note)
}

func keptCheckpoint(t *testing.T, ctx context.Context) keptWitness {
	t.Helper()
	return get(t, ctx, chromedp.Evaluate[keptWitness](`JSON.parse(localStorage.getItem("parley.witness"))`))
}

// rollBack deletes the last three records the browser saw, their hashes
// and the stored checkpoint.
func rollBack(t *testing.T, db *sql.DB, kept int64) {
	cut := kept - 3
	execSQL(t, db,
		fmt.Sprintf(`DELETE FROM audit_records WHERE idx >= %d`, cut),
		fmt.Sprintf(`DELETE FROM audit_hashes WHERE idx >= %d`, tlog.StoredHashIndex(0, cut)),
		`DELETE FROM settings WHERE key = 'audit_checkpoint'`)
}

// rekey deletes the signing key, the verifier key and the stored
// checkpoint: the next change makes a new key and signs with it.
func rekey(t *testing.T, db *sql.DB, kept int64) {
	execSQL(t, db, `DELETE FROM settings WHERE key IN ('audit_signing_key', 'audit_verifier_key', 'audit_checkpoint')`)
}

// fork rewrites an early record (its actor) and recomputes every stored
// hash from the records, deleting the stored checkpoint: the log is
// consistent with itself again, and the next change signs its head.
func fork(t *testing.T, db *sql.DB, kept int64) {
	var data []byte
	if err := db.QueryRow(`SELECT data FROM audit_records WHERE idx = 3`).Scan(&data); err != nil {
		t.Fatal(err)
	}
	changed := bytes.Replace(data, []byte(`"actor":"`), []byte(`"actor":"x`), 1)
	if bytes.Equal(changed, data) {
		t.Fatalf("record 3 has no actor: %s", data)
	}
	if _, err := db.Exec(`UPDATE audit_records SET data = ? WHERE idx = 3`, changed); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`SELECT data FROM audit_records ORDER BY idx`)
	if err != nil {
		t.Fatal(err)
	}
	var hashes []tlog.Hash
	reader := tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		for i, x := range idx {
			out[i] = hashes[x]
		}
		return out, nil
	})
	for n := int64(0); rows.Next(); n++ {
		var rec []byte
		if err := rows.Scan(&rec); err != nil {
			t.Fatal(err)
		}
		hs, err := tlog.StoredHashes(n, rec, reader)
		if err != nil {
			t.Fatal(err)
		}
		hashes = append(hashes, hs...)
	}
	rows.Close()
	execSQL(t, db, `DELETE FROM audit_hashes`, `DELETE FROM settings WHERE key = 'audit_checkpoint'`)
	for i, h := range hashes {
		if _, err := db.Exec(`INSERT INTO audit_hashes (idx, hash) VALUES (?, ?)`, i, h[:]); err != nil {
			t.Fatal(err)
		}
	}
}
