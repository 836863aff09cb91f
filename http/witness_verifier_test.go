package http_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/parley-talks/parley/auditlog"
)

// consistencyCase is one consistency proof for the browser's verifier,
// made by auditlog, with whether it must be accepted.
type consistencyCase struct {
	Name    string   `json:"name"`
	OldSize int64    `json:"old_size"`
	OldHash string   `json:"old_hash"`
	NewSize int64    `json:"new_size"`
	NewHash string   `json:"new_hash"`
	Proof   []string `json:"proof"`
	Want    bool     `json:"want"`
}

// TestWitnessVerifierInChromium runs static/witness.js in Chromium on
// proofs that auditlog makes from a log of 150 records: every proof
// between sizes up to 40, and random ones up to 150, must be accepted;
// each with one hash flipped, one dropped, one added, the kept or the new
// hash altered, the kept size shifted, or the hashes reversed must be
// rejected — and Go's tlog.CheckTree agrees on every case. Checkpoint
// notes signed by auditlog must open with their Ed25519 signature checked
// by Web Crypto; a changed text or signature, or another key, must not.
func TestWitnessVerifierInChromium(t *testing.T) {
	t.Parallel()
	exe := findBrowser(t)
	cases := consistencyCases(t, 150)
	base, _ := newServer(t)
	ctx := browser(t, exe)
	src, err := os.ReadFile("static/witness.js")
	if err != nil {
		t.Fatal(err)
	}
	run(t, ctx, chromedp.Navigate(base+"/signin"), chromedp.WaitVisible(chromedp.CSS("#username")))
	get(t, ctx, chromedp.Evaluate[bool](string(src)+"\n;typeof ParleyWitness === \"object\""))

	raw, _ := json.Marshal(cases)
	got := get(t, ctx, chromedp.Evaluate[[]bool](`(async (cases) => {
		const b = s => Uint8Array.from(atob(s), c => c.charCodeAt(0));
		const out = [];
		for (const c of cases) {
			out.push(await ParleyWitness.checkConsistency(c.old_size, b(c.old_hash), c.new_size, b(c.new_hash), c.proof.map(b)));
		}
		return out;
	})(`+string(raw)+`)`, awaitPromise))
	if len(got) != len(cases) {
		t.Fatalf("the verifier answered %d of %d cases", len(got), len(cases))
	}
	accepted, rejected := 0, 0
	for i, c := range cases {
		if got[i] != c.Want {
			t.Errorf("%s: old %d, new %d: the browser says %v, want %v", c.Name, c.OldSize, c.NewSize, got[i], c.Want)
		}
		if got[i] {
			accepted++
		} else {
			rejected++
		}
	}
	t.Logf("witness.js in Chromium: %d proofs accepted, %d tampered rejected", accepted, rejected)
	checkNotesInBrowser(t, ctx)
}

// consistencyCases makes the valid and tampered proofs over a log of n
// records, checking each verdict with tlog.CheckTree.
func consistencyCases(t *testing.T, n int) []consistencyCase {
	t.Helper()
	ctx := context.Background()
	s := new(auditlog.MemoryStorage)
	trees := []tlog.Tree{{N: 0}}
	for i := range n {
		_, tree, err := auditlog.Append(ctx, s, auditlog.Record{Time: time.Unix(int64(i), 0), Actor: "operator", Action: "test.append", Object: fmt.Sprint(i)})
		if err != nil {
			t.Fatal(err)
		}
		trees = append(trees, tree)
	}
	var pairs [][2]int64
	for old := int64(1); old <= 40; old++ {
		for nw := old; nw <= 40; nw++ {
			pairs = append(pairs, [2]int64{old, nw})
		}
	}
	rng := rand.New(rand.NewPCG(13, 2))
	for range 200 {
		old := 1 + rng.Int64N(int64(n))
		pairs = append(pairs, [2]int64{old, old + rng.Int64N(int64(n)-old+1)})
	}
	var cases []consistencyCase
	for _, p := range pairs {
		proof, err := auditlog.ProveTree(ctx, s, p[0], p[1])
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range tamperings(trees[p[0]], trees[p[1]], proof, rng) {
			old, nw, pf := decodeCase(t, c)
			if goOK := auditlog.CheckTree(pf, old, nw) == nil; goOK != c.Want {
				t.Fatalf("%s (%d → %d): tlog says %v, the case wants %v", c.Name, c.OldSize, c.NewSize, goOK, c.Want)
			}
			cases = append(cases, c)
		}
	}
	return cases
}

// tamperings returns the valid case of the proof from old to nw and its
// tampered variants.
func tamperings(old, nw tlog.Tree, proof tlog.TreeProof, rng *rand.Rand) []consistencyCase {
	mk := func(name string, o, n tlog.Tree, p tlog.TreeProof, want bool) consistencyCase {
		c := consistencyCase{Name: name, OldSize: o.N, OldHash: o.Hash.String(), NewSize: n.N, NewHash: n.Hash.String(), Proof: []string{}, Want: want}
		for _, h := range p {
			c.Proof = append(c.Proof, base64.StdEncoding.EncodeToString(h[:]))
		}
		return c
	}
	flip := func(h tlog.Hash) tlog.Hash { h[rng.IntN(32)] ^= 1 << rng.IntN(8); return h }
	out := []consistencyCase{
		mk("valid", old, nw, proof, true),
		mk("kept hash altered", tlog.Tree{N: old.N, Hash: flip(old.Hash)}, nw, proof, false),
		mk("new hash altered", old, tlog.Tree{N: nw.N, Hash: flip(nw.Hash)}, proof, false),
		mk("a hash added", old, nw, append(append(tlog.TreeProof{}, proof...), flip(nw.Hash)), false),
	}
	if old.N < nw.N {
		out = append(out, mk("kept size shifted", tlog.Tree{N: old.N + 1, Hash: old.Hash}, nw, proof, false))
	}
	if len(proof) > 0 {
		bad := append(tlog.TreeProof{}, proof...)
		i := rng.IntN(len(bad))
		bad[i] = flip(bad[i])
		out = append(out, mk("a hash flipped", old, nw, bad, false),
			mk("a hash dropped", old, nw, proof[:len(proof)-1], false))
	}
	if len(proof) > 1 {
		rev := append(tlog.TreeProof{}, proof...)
		for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
			rev[i], rev[j] = rev[j], rev[i]
		}
		if rev[0] != proof[0] {
			out = append(out, mk("hashes reversed", old, nw, rev, false))
		}
	}
	return out
}

// decodeCase gives back the trees and proof of a case, for tlog.
func decodeCase(t *testing.T, c consistencyCase) (old, nw tlog.Tree, p tlog.TreeProof) {
	t.Helper()
	var err error
	if old.Hash, err = tlog.ParseHash(c.OldHash); err != nil {
		t.Fatal(err)
	}
	if nw.Hash, err = tlog.ParseHash(c.NewHash); err != nil {
		t.Fatal(err)
	}
	old.N, nw.N = c.OldSize, c.NewSize
	for _, s := range c.Proof {
		h, err := tlog.ParseHash(s)
		if err != nil {
			t.Fatal(err)
		}
		p = append(p, h)
	}
	return old, nw, p
}

// checkNotesInBrowser opens signed checkpoints with witness.js: a valid
// one (also with a second, foreign signature) opens with its signature
// checked; altered ones, or one checked with another key, do not.
func checkNotesInBrowser(t *testing.T, ctx context.Context) {
	t.Helper()
	skey, vkey, _ := auditlog.NewSigner("parley-audit")
	signer, _ := note.NewSigner(skey)
	oskey, ovkey, _ := auditlog.NewSigner("parley-audit")
	other, _ := note.NewSigner(oskey)
	tree := tlog.Tree{N: 42, Hash: tlog.RecordHash([]byte("x"))}
	good, _ := auditlog.SignCheckpoint(tree, signer)
	both, _ := note.Sign(&note.Note{Text: string(tlog.FormatTree(tree))}, signer, other)
	forged, _ := auditlog.SignCheckpoint(tree, other)
	sizeChanged := []byte(string(good[:len("go.sum database tree\n")]) + "43" + string(good[len("go.sum database tree\n42"):]))
	sigChanged := append([]byte{}, good...)
	sigChanged[len(sigChanged)-6] ^= 1
	if sigChanged[len(sigChanged)-6] == '+' || sigChanged[len(sigChanged)-6] == '/' {
		sigChanged[len(sigChanged)-6] = 'A'
	}
	notes := []struct {
		name, note, vkey string
		want             bool
	}{
		{"valid", string(good), vkey, true},
		{"valid, with another signature too", string(both), vkey, true},
		{"signed with another key", string(forged), vkey, false},
		{"checked with another key", string(good), ovkey, false},
		{"size changed", string(sizeChanged), vkey, false},
		{"signature changed", string(sigChanged), vkey, false},
		{"not a note", "go.sum database tree\n42\n", vkey, false},
	}
	for _, n := range notes {
		expr := fmt.Sprintf(`ParleyWitness.openNote(%q, %q).then(r => r.signed && r.size === 42 && r.hash === %q ? "signed" : "opened unsigned: " + JSON.stringify(r), e => "refused: " + e.message)`,
			n.note, n.vkey, tree.Hash.String())
		got := get(t, ctx, chromedp.Evaluate[string](expr, awaitPromise))
		if (got == "signed") != n.want {
			t.Errorf("note %s: the browser says %q, want accepted %v", n.name, got, n.want)
		}
	}
}
