package guard

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// randomWords returns n words drawn from a small vocabulary, so that
// chance repeats happen as they do in real text.
func randomWords(r *rand.Rand, n int) []string {
	vocab := strings.Fields("the of and to in a Donetsk region territory sanctions peace plan draft " +
		"Russia Ukraine United States envoy meeting zone forces withdraw guarantee council " +
		"élection Київ область ceasefire will would not be is are was line contact frozen")
	out := make([]string, n)
	for i := range out {
		out[i] = vocab[r.IntN(len(vocab))]
	}
	return out
}

func fingerprintSet(text string, opts *Options) map[uint64]bool {
	set := make(map[uint64]bool)
	for _, fp := range winnow(kgrams(units(text, opts, newFolder()), opts.K), opts.W) {
		set[fp.h] = true
	}
	return set
}

// TestWinnowGuarantee checks the winnowing guarantee on random texts: two
// texts sharing a run of at least w+k-1 units share a fingerprint, however
// the run is embedded, for words and for characters.
func TestWinnowGuarantee(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, unit := range []Unit{Words, Chars} {
		for _, k := range []int{1, 2, 3, 4, 6} {
			for _, w := range []int{1, 2, 3, 4, 8} {
				opts := Options{Unit: unit, K: k, W: w}
				for trial := range 200 {
					n := w + k - 1
					var shared string
					if unit == Words {
						shared = strings.Join(randomWords(r, n), " ")
					} else {
						// n letters, spread over a few words.
						var b strings.Builder
						for i := range n {
							if i > 0 && r.IntN(4) == 0 {
								b.WriteByte(' ')
							}
							b.WriteByte(byte('a' + r.IntN(26)))
						}
						shared = b.String()
					}
					a := strings.Join(randomWords(r, r.IntN(30)), " ") + " . " + shared + " , " + strings.Join(randomWords(r, r.IntN(30)), " ")
					b := strings.Join(randomWords(r, r.IntN(30)), " ") + " ; " + shared + " ! " + strings.Join(randomWords(r, r.IntN(30)), " ")
					fa, fb := fingerprintSet(a, &opts), fingerprintSet(b, &opts)
					ok := false
					for h := range fa {
						if fb[h] {
							ok = true
							break
						}
					}
					if !ok {
						t.Fatalf("unit %d k=%d w=%d trial %d: no shared fingerprint\na: %q\nb: %q", unit, k, w, trial, a, b)
					}
				}
			}
		}
	}
}

// TestWinnowSelection checks winnow against a direct reading of the
// definition on random hash sequences with many ties: every window's
// minimum is selected, positions increase, and nothing else is selected.
func TestWinnowSelection(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := range 2000 {
		hs := make([]uint64, r.IntN(40))
		for i := range hs {
			hs[i] = uint64(r.IntN(6))
		}
		w := 1 + r.IntN(6)
		fps := winnow(hs, w)
		sel := make(map[int]bool)
		for i, fp := range fps {
			if i > 0 && fp.pos <= fps[i-1].pos {
				t.Fatalf("trial %d: positions not increasing: %v", trial, fps)
			}
			if hs[fp.pos] != fp.h {
				t.Fatalf("trial %d: fingerprint %v does not hold the hash at its position", trial, fp)
			}
			sel[int(fp.pos)] = true
		}
		ww := min(w, len(hs))
		for lo := 0; lo+ww <= len(hs) && ww > 0; lo++ {
			m := hs[lo]
			for _, h := range hs[lo : lo+ww] {
				m = min(m, h)
			}
			found := false
			for i := lo; i < lo+ww; i++ {
				if sel[i] && hs[i] == m {
					found = true
				}
			}
			if !found {
				t.Fatalf("trial %d: window %d of %v (w=%d) has no selected minimum; selected %v", trial, lo, hs, w, fps)
			}
		}
		if len(hs) > 0 && len(fps) == 0 {
			t.Fatalf("trial %d: no fingerprint for %d hashes", trial, len(hs))
		}
	}
}

// TestWinnowDensity checks that about 2/(w+1) of the k-grams of random
// text are selected, as §3.1 of the paper says for random hashes.
func TestWinnowDensity(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	hs := make([]uint64, 100000)
	for i := range hs {
		hs[i] = r.Uint64()
	}
	for _, w := range []int{2, 4, 8, 16} {
		got := float64(len(winnow(hs, w))) / float64(len(hs))
		want := 2 / float64(w+1)
		if got < want*0.95 || got > want*1.05 {
			t.Errorf("w=%d: density %.4f, want %.4f ± 5%%", w, got, want)
		}
	}
}

func TestWords(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // words joined by "|", each as text@start-end
	}{
		{"Washington’s view", "washingtons@0-14|view@15-19"},
		{"600,000 troops", "600000@0-7|troops@8-14"},
		{"five-hour meeting", "five@0-4|hour@5-9|meeting@10-17"},
		{"Ёлка, ДОНЕЦК!", "елка@0-8|донецк@10-22"},
		{"Straße café", "strasse@0-7|cafe@8-13"},
		{"cafe\u0301 ok", "cafe@0-6|ok@7-9"},
		{"ﬁnal  round", "final@0-6|round@8-13"},
		{"«Донбасс» — не предмет", "донбасс@2-16|не@23-27|предмет@28-42"},
		{"", ""},
		{"... — !", ""},
	} {
		var parts []string
		for _, w := range words(tc.in, newFolder()) {
			parts = append(parts, fmt.Sprintf("%s@%d-%d", w.text, w.start, w.end))
		}
		if got := strings.Join(parts, "|"); got != tc.want {
			t.Errorf("words(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestStem(t *testing.T) {
	groups := [][]string{
		{"agree", "agreed", "agrees", "agreeing"},
		{"withdraw", "withdraws", "withdrawing"},
		{"stop", "stopped", "stopping", "stops"},
		{"discuss", "discussed", "discusses", "discussing"},
		{"policy", "policies"},
		{"continue", "continued", "continues"},
		{"guarantee", "guarantees", "guaranteed"},
	}
	for _, g := range groups {
		for _, w := range g[1:] {
			if stem(w) != stem(g[0]) {
				t.Errorf("stem(%q) = %q, stem(%q) = %q, want equal", w, stem(w), g[0], stem(g[0]))
			}
		}
	}
	if stem("донецк") != "донецк" {
		t.Errorf("stem changed a Cyrillic word: %q", stem("донецк"))
	}
}

// TestRepetitionIsBounded: a source that repeats one word thousands of
// times keeps at most maxPostings occurrences of its fingerprint, so that a
// statement repeating it too costs linear, not quadratic, work; and a
// quote of the repeated passage with content around it is still found.
func TestRepetitionIsBounded(t *testing.T) {
	repeated := strings.Repeat("ceasefire ", 4000)
	secret := "the northern corridor opens at dawn under joint monitoring"
	ix := NewIndex([]Source{{ID: "s1", Text: secret + " " + repeated}}, DefaultOptions())
	for h, ps := range ix.post {
		if len(ps) > maxPostings {
			t.Errorf("fingerprint %x: got %d postings, want at most %d", h, len(ps), maxPostings)
		}
	}
	ms := ix.Check("We said: " + secret + " " + strings.Repeat("ceasefire ", 50))
	if len(ms) == 0 {
		t.Fatal("got no match for a verbatim quote followed by the repetition, want one")
	}
}
