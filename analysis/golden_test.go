package analysis_test

import (
	"context"
	"flag"
	"fmt"
	"hash/fnv"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-talks/parley/analysis"
	"github.com/parley-talks/parley/format/genius"
	"github.com/parley-talks/parley/format/geniusweb"
	"github.com/parley-talks/parley/internal/shareddata"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// sharedData returns ../shared/data relative to the module root, or skips.
func sharedData(tb testing.TB) string { return shareddata.Dir(tb) }

type sharedScenario struct {
	name string
	sc   analysis.Scenario
}

// sharedScenarios loads every scenario of ../shared/data: each GENIUS
// folder (the domain is the file without <weight> elements; profiles in
// name order) and each GeniusWeb folder.
func sharedScenarios(tb testing.TB) []sharedScenario {
	tb.Helper()
	data := sharedData(tb)
	var out []sharedScenario
	dirs, _ := filepath.Glob(filepath.Join(data, "genius", "*"))
	for _, dir := range dirs {
		domain, profiles := shareddata.GeniusFiles(tb, dir)
		sc, _, err := genius.Load(domain, profiles...)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, sharedScenario{filepath.Base(dir), sc})
	}
	dirs, _ = filepath.Glob(filepath.Join(data, "geniusweb", "*"))
	for _, dir := range dirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		sc, err := geniusweb.Load(files...)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, sharedScenario{filepath.Base(dir), sc})
	}
	if len(out) == 0 {
		tb.Fatalf("no scenarios in %s", data)
	}
	return out
}

func describe(m *analysis.Model, a *analysis.Analysis) string {
	var b strings.Builder
	sp := m.Space()
	pkg := func(p analysis.Package) string {
		var s []string
		for i, j := range p.Ints() {
			s = append(s, sp.Issues[i].Options[j])
		}
		return strings.Join(s, " | ")
	}
	utils := func(u []float64) string {
		var s []string
		for _, x := range u {
			s = append(s, fmt.Sprintf("%.12f", x))
		}
		return strings.Join(s, " ")
	}
	fmt.Fprintf(&b, "parties: %s\n", strings.Join(a.Parties, ", "))
	fmt.Fprintf(&b, "outcomes: %s\n", a.Outcomes)
	total := new(big.Int)
	h := fnv.New64a()
	for _, pt := range a.Frontier {
		total.Add(total, pt.Count)
		fmt.Fprintf(h, "%s %s %v\n", utils(pt.Utility), pt.Count, pt.Package)
	}
	fmt.Fprintf(&b, "frontier: %d points, %s packages, digest %016x\n", len(a.Frontier), total, h.Sum64())
	if n := len(a.Frontier); n > 0 {
		fmt.Fprintf(&b, "first: %s ×%s: %s\n", utils(a.Frontier[0].Utility), a.Frontier[0].Count, pkg(a.Frontier[0].Package))
		fmt.Fprintf(&b, "last: %s ×%s: %s\n", utils(a.Frontier[n-1].Utility), a.Frontier[n-1].Count, pkg(a.Frontier[n-1].Package))
	}
	fmt.Fprintf(&b, "zopa: %d points\n", len(a.ZOPA))
	for _, s := range []struct {
		name string
		pt   *analysis.Point
	}{{"nash", a.Nash}, {"kalai-smorodinsky", a.KalaiSmorodinsky}, {"egalitarian", a.Egalitarian}, {"utilitarian", a.Utilitarian}} {
		if s.pt == nil {
			fmt.Fprintf(&b, "%s: none\n", s.name)
			continue
		}
		fmt.Fprintf(&b, "%s: %s: %s\n", s.name, utils(s.pt.Utility), pkg(s.pt.Package))
	}
	for _, c := range a.Contention {
		fmt.Fprintf(&b, "contention %s: %.6f\n", sp.Issues[c.Issue].Name, c.Score)
	}
	for _, t := range a.Trades[:min(3, len(a.Trades))] {
		fmt.Fprintf(&b, "trade: %s takes %s, %s takes %s: %.6f %.6f\n", a.Parties[t.A], sp.Issues[t.I].Name, a.Parties[t.B], sp.Issues[t.J].Name, t.GainA, t.GainB)
	}
	return b.String()
}

func TestGoldenSharedScenarios(t *testing.T) {
	for _, s := range sharedScenarios(t) {
		t.Run(s.name, func(t *testing.T) {
			m, _, err := analysis.NewModel(s.sc)
			if err != nil {
				t.Fatal(err)
			}
			a, err := m.Analyze(context.Background(), 0)
			if err != nil {
				t.Fatal(err)
			}
			got := describe(m, a)
			file := filepath.Join("testdata", s.name+".golden")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func BenchmarkSharedScenarios(b *testing.B) {
	for _, s := range sharedScenarios(b) {
		b.Run(s.name, func(b *testing.B) {
			m, _, err := analysis.NewModel(s.sc)
			if err != nil {
				b.Fatal(err)
			}
			var n int
			for b.Loop() {
				f, err := m.Frontier(context.Background())
				if err != nil {
					b.Fatal(err)
				}
				n = len(f)
			}
			b.ReportMetric(float64(n), "points")
		})
	}
}
