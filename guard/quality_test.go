package guard_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/parley-talks/parley/guard"
)

var tune = flag.Bool("guard.tune", false, "search the parameter grid on the tuning split and log the best settings")

// evalSet is testdata/eval.json.
type evalSet struct {
	Sources    []guard.Source `json:"sources"`
	Statements []struct {
		ID     string `json:"id"`
		Class  string `json:"class"`
		Split  string `json:"split"`
		Text   string `json:"text"`
		Expect []struct {
			Source string `json:"source"`
			Quote  string `json:"quote"`
		} `json:"expect"`
	} `json:"statements"`
}

func loadEval(tb testing.TB) *evalSet {
	tb.Helper()
	b, err := os.ReadFile("testdata/eval.json")
	if err != nil {
		tb.Fatal(err)
	}
	var s evalSet
	if err := json.Unmarshal(b, &s); err != nil {
		tb.Fatal(err)
	}
	texts := make(map[string]string)
	for _, src := range s.Sources {
		texts[src.ID] = src.Text
	}
	for _, st := range s.Statements {
		for _, e := range st.Expect {
			if !strings.Contains(texts[e.Source], e.Quote) {
				tb.Fatalf("%s: quote not found in source %q", st.ID, e.Source)
			}
		}
	}
	return &s
}

// tally counts the outcomes of one class of statements.
type tally struct {
	n, flagged, correct int // correct: flagged at an expected source passage
}

func (t tally) precision() float64 {
	if t.flagged == 0 {
		return 1
	}
	return float64(t.correct) / float64(t.flagged)
}

func (t tally) recall() float64 {
	if t.n == 0 {
		return 1
	}
	return float64(t.correct) / float64(t.n)
}

func (t *tally) add(u tally) { t.n += u.n; t.flagged += u.flagged; t.correct += u.correct }

// result holds a tally per class, split and overall.
type result map[string]tally

var classes = []string{"verbatim", "light", "partial", "paraphrase", "unrelated"}

// evaluate checks every statement of the set in split ("" for all) with
// opts. A statement is flagged when Check reports any match; a flagged
// positive is correct when one of its matches names an expected source and
// overlaps the expected passage there.
func evaluate(s *evalSet, ix *guard.Index, split string, failures *[]string) result {
	texts := make(map[string]string)
	for _, src := range s.Sources {
		texts[src.ID] = src.Text
	}
	r := make(result)
	for _, st := range s.Statements {
		if split != "" && st.Split != split {
			continue
		}
		ms := ix.Check(st.Text)
		t := tally{n: 1}
		if len(ms) > 0 {
			t.flagged = 1
		}
		if t.flagged == 1 && len(st.Expect) > 0 {
			for _, e := range st.Expect {
				i := strings.Index(texts[e.Source], e.Quote)
				want := [2]int{i, i + len(e.Quote)}
				if slices.ContainsFunc(ms, func(m guard.Match) bool {
					return m.SourceID == e.Source && m.SourceSpan[0] < want[1] && want[0] < m.SourceSpan[1]
				}) {
					t.correct = 1
				}
			}
		}
		if failures != nil && (t.flagged != t.correct || (len(st.Expect) > 0 && t.correct == 0)) {
			var got []string
			for _, m := range ms {
				got = append(got, fmt.Sprintf("%s %.2f/%d %q", m.SourceID, m.Score, m.Fingerprints, st.Text[m.StatementSpan[0]:m.StatementSpan[1]]))
			}
			*failures = append(*failures, fmt.Sprintf("%s (%s): got %v", st.ID, st.Split, got))
		}
		c := r[st.Class]
		c.add(t)
		r[st.Class] = c
	}
	return r
}

// overall sums the classes; gated sums verbatim and light.
func (r result) overall() (all, gated, positives tally) {
	for c, t := range r {
		all.add(t)
		if c == "verbatim" || c == "light" {
			gated.add(t)
		}
		if c != "unrelated" {
			positives.add(t)
		}
	}
	return
}

func logTable(t *testing.T, name string, r result) {
	t.Helper()
	t.Logf("%s", name)
	t.Logf("  %-11s %4s %8s %8s %10s %7s", "class", "n", "flagged", "correct", "precision", "recall")
	for _, c := range classes {
		x := r[c]
		if c == "unrelated" {
			t.Logf("  %-11s %4d %8d %8s %10s %7s   (false positives: %d)", c, x.n, x.flagged, "-", "-", "-", x.flagged)
			continue
		}
		t.Logf("  %-11s %4d %8d %8d %10.3f %7.3f", c, x.n, x.flagged, x.correct, x.precision(), x.recall())
	}
	all, gated, pos := r.overall()
	t.Logf("  %-11s %4d %8d %8d %10.3f %7.3f   (recall over all positives)", "overall", all.n, all.flagged, all.correct, all.precision(), pos.recall())
	t.Logf("  %-11s %4d %8d %8d %10.3f %7.3f", "verb+light", gated.n, gated.flagged, gated.correct, gated.precision(), gated.recall())
}

// TestGuardQuality measures the guard with DefaultOptions on the labelled
// set, on the tuning and held-out splits and on both, and fails when
// overall precision falls below 0.9 or recall on verbatim quotes and light
// edits below 0.9.
func TestGuardQuality(t *testing.T) {
	s := loadEval(t)
	opts := guard.DefaultOptions()
	ix := guard.NewIndex(s.Sources, opts)
	t.Logf("options: %+v", opts)
	var failures []string
	tuneR := evaluate(s, ix, "tune", nil)
	heldR := evaluate(s, ix, "heldout", nil)
	allR := evaluate(s, ix, "", &failures)
	logTable(t, "tuning split", tuneR)
	logTable(t, "held-out split", heldR)
	logTable(t, "all statements", allR)
	// The same without the public text, to show what it contributes.
	conf := slices.DeleteFunc(slices.Clone(s.Sources), func(src guard.Source) bool { return src.Public })
	noPub := evaluate(s, guard.NewIndex(conf, opts), "", nil)
	npAll, npGated, _ := noPub.overall()
	t.Logf("without the public source: precision %.3f, verbatim+light recall %.3f, false positives %d",
		npAll.precision(), npGated.recall(), noPub["unrelated"].flagged)
	for _, f := range failures {
		t.Logf("miss or false positive: %s", f)
	}
	all, gated, _ := allR.overall()
	if p := all.precision(); p < 0.9 {
		t.Errorf("overall precision %.3f, want ≥ 0.9", p)
	}
	if r := gated.recall(); r < 0.9 {
		t.Errorf("recall on verbatim and light edits %.3f, want ≥ 0.9", r)
	}
	if p := all.precision(); p < labelledPrecision-0.01 {
		t.Errorf("overall precision %.3f, want within 0.01 of %.3f, the figure before normalisation against invisible characters and look-alikes", p, labelledPrecision)
	}
}

// labelledPrecision is the overall precision on the labelled set measured
// before the guard removed invisible characters and mapped look-alike
// letters (issue 13); it must not fall by more than 0.01.
const labelledPrecision = 0.987

// TestGuardAdversarial measures the guard with DefaultOptions on the
// adversarial set (adversarial_test.go): the labelled statements disguised
// with invisible characters, look-alike letters, other spacing and
// punctuation, and hyphenation. It fails when recall on the verbatim
// disclosures of any group falls below 0.95, or overall precision of any
// group more than 0.01 below labelledPrecision.
func TestGuardAdversarial(t *testing.T) {
	s := loadEval(t)
	ix := guard.NewIndex(s.Sources, guard.DefaultOptions())
	groups := make(map[string]result)
	n := make(map[string]int)
	falsePositives := make(map[string]int) // per labelled statement
	t.Logf("%-55s %10s %10s %6s", "transform", "verbatim", "verb+light", "fp")
	for _, v := range adversarialSets(s) {
		var failures []string
		r := evaluate(v.evalSet, ix, "", &failures)
		for _, f := range failures {
			if strings.HasPrefix(f, "verbatim") {
				t.Logf("  miss: %s", f)
			}
			if id, _, _ := strings.Cut(f, " / "); strings.HasPrefix(id, "unrelated") {
				falsePositives[id]++
			}
		}
		_, gated, _ := r.overall()
		t.Logf("%-55s %4d / %3d %4d / %3d %6d", v.name, r["verbatim"].correct, r["verbatim"].n, gated.correct, gated.n, r["unrelated"].flagged)
		if groups[v.group] == nil {
			groups[v.group] = make(result)
		}
		for c, x := range r {
			y := groups[v.group][c]
			y.add(x)
			groups[v.group][c] = y
		}
		n[v.group] += len(v.Statements)
	}
	for id, k := range falsePositives {
		t.Logf("false positive: %s in %d variants", id, k)
	}
	total := make(result)
	for _, g := range transformGroups {
		r := groups[g]
		logTable(t, fmt.Sprintf("adversarial: %s (%d statements)", g, n[g]), r)
		for c, x := range r {
			y := total[c]
			y.add(x)
			total[c] = y
		}
		all, _, _ := r.overall()
		if v := r["verbatim"].recall(); v < 0.95 {
			t.Errorf("%s: recall on verbatim disclosures %.3f, want ≥ 0.95", g, v)
		}
		if p := all.precision(); p < labelledPrecision-0.01 {
			t.Errorf("%s: overall precision %.3f, want ≥ %.3f", g, p, labelledPrecision-0.01)
		}
	}
	logTable(t, "adversarial: all groups", total)
}

// TestGuardTune searches a parameter grid on the tuning split only; run it
// with -guard.tune. The held-out split is never looked at here.
func TestGuardTune(t *testing.T) {
	if !*tune {
		t.Skip("run with -guard.tune")
	}
	s := loadEval(t)
	type row struct {
		opts                guard.Options
		prec, gated, posRec float64
		fp                  int
	}
	var rows []row
	for _, unit := range []guard.Unit{guard.Words, guard.Chars} {
		ks, ws, gaps := []int{2, 3, 4, 5, 6}, []int{1, 2, 3, 4, 6}, []int{4, 8, 16}
		if unit == guard.Chars {
			ks, ws, gaps = []int{8, 12, 16, 20, 25, 30}, []int{4, 8, 12, 20}, []int{15, 30, 60}
		}
		for _, k := range ks {
			for _, w := range ws {
				for _, gap := range gaps {
					for _, norm := range []int{0, 1, 2, 3} {
						if unit == guard.Chars && norm > 0 {
							continue
						}
						for _, minFP := range []int{1, 2, 3} {
							for _, th := range []float64{0.01, 0.2, 0.3, 0.5} {
								o := guard.Options{Unit: unit, K: k, W: w, Gap: gap, Stem: norm&1 != 0, StopWords: norm&2 != 0, MinFingerprints: minFP, Threshold: th}
								r := evaluate(s, guard.NewIndex(s.Sources, o), "tune", nil)
								all, gated, pos := r.overall()
								rows = append(rows, row{o, all.precision(), gated.recall(), pos.recall(), r["unrelated"].flagged})
							}
						}
					}
				}
			}
		}
	}
	// Best first: precision at least 0.95, then recall on verbatim and
	// light, then recall on all positives.
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if (a.prec >= 0.95) != (b.prec >= 0.95) {
			return a.prec >= 0.95
		}
		if a.gated != b.gated {
			return a.gated > b.gated
		}
		if a.posRec != b.posRec {
			return a.posRec > b.posRec
		}
		return a.prec > b.prec
	})
	// The best of each unit, normalisation and k, for the record.
	seen := make(map[string]bool)
	for _, r := range rows {
		key := fmt.Sprintf("unit=%d stem=%-5v stop=%-5v k=%2d w=%2d", r.opts.Unit, r.opts.Stem, r.opts.StopWords, r.opts.K, r.opts.W)
		if !seen[key] {
			seen[key] = true
			t.Logf("best %s: prec %.3f  verb+light %.3f  positives %.3f  fp %d  gap=%d min=%d th=%.2f",
				key, r.prec, r.gated, r.posRec, r.fp, r.opts.Gap, r.opts.MinFingerprints, r.opts.Threshold)
		}
	}
}
