package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-talks/parley/analysis"
)

// benchScenario is a scenario of random weights and evaluations, fixed by
// seed 1 (the analysis package's synthetic scenarios, drawn the same way).
func benchScenario(parties, issues, options int) analysis.Scenario {
	rng := rand.New(rand.NewPCG(1, 99))
	var sc analysis.Scenario
	for i := range issues {
		is := analysis.Issue{Name: fmt.Sprintf("issue%d", i)}
		for j := range options {
			is.Options = append(is.Options, fmt.Sprintf("o%d", j))
		}
		sc.Space.Issues = append(sc.Space.Issues, is)
	}
	for p := range parties {
		pr := analysis.Profile{Party: fmt.Sprintf("party%d", p)}
		for range issues {
			pr.Weights = append(pr.Weights, rng.Float64())
			ev := make([]float64, options)
			for j := range ev {
				ev[j] = rng.Float64()
			}
			pr.Evaluations = append(pr.Evaluations, ev)
		}
		sc.Profiles = append(sc.Profiles, pr)
	}
	return sc
}

// BenchmarkAnalyzeJSON5Parties20x4 compares, on 5 parties × 20 issues × 4
// options, the frontier step alone, the whole analysis written as JSON
// (streamed), and the same written as it was before streaming (every
// point built as maps, then encoded).
func BenchmarkAnalyzeJSON5Parties20x4(b *testing.B) {
	m, _, err := analysis.NewModel(benchScenario(5, 20, 4))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("frontier", func(b *testing.B) {
		for b.Loop() {
			if _, err := m.Frontier(context.Background()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("analysis+json", func(b *testing.B) {
		for b.Loop() {
			a, err := m.AnalyzeWith(context.Background(), analysis.Options{})
			if err != nil {
				b.Fatal(err)
			}
			if err := analyzeJSON(io.Discard, m, a, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("analysis+json-as-before", func(b *testing.B) {
		for b.Loop() {
			a, err := m.AnalyzeWith(context.Background(), analysis.Options{})
			if err != nil {
				b.Fatal(err)
			}
			io.Discard.Write(encodedWhole(b, m, a, nil))
		}
	})
}

// writeBenchScenarioYAML writes into dir a Parley scenario of random
// weights and evaluations with four decimals, seeded by PCG(1, 99), and
// returns the file's name. Each party's weights are drawn first, issue by
// issue, then its evaluations, issue by issue and option by option: for 2
// parties × 1,000 issues × 5 options this is the file of the first round
// of docs/benchmarks-analysis.md (171,435 frontier points).
func writeBenchScenarioYAML(tb testing.TB, dir string, parties, issues, options int) string {
	rng := rand.New(rand.NewPCG(1, 99))
	file := filepath.Join(dir, fmt.Sprintf("%dx%dx%d.yaml", parties, issues, options))
	f, err := os.Create(file)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	opts := make([]string, options)
	for j := range opts {
		opts[j] = fmt.Sprintf("o%d", j)
	}
	fmt.Fprintf(w, "name: synthetic %d × %d × %d\nissues:\n", parties, issues, options)
	for i := range issues {
		fmt.Fprintf(w, "  - {name: issue%d, options: [%s]}\n", i, strings.Join(opts, ", "))
	}
	w.WriteString("parties:\n")
	for p := range parties {
		fmt.Fprintf(w, "  - name: party%d\n    weights:\n", p)
		for i := range issues {
			fmt.Fprintf(w, "      issue%d: %.4f\n", i, rng.Float64())
		}
		w.WriteString("    evaluations:\n")
		for i := range issues {
			fmt.Fprintf(w, "      issue%d: {", i)
			for j, o := range opts {
				if j > 0 {
					w.WriteString(", ")
				}
				fmt.Fprintf(w, "%s: %.4f", o, rng.Float64())
			}
			w.WriteString("}\n")
		}
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	return file
}

// benchDir is where the benchmarks write their scenario files: the
// directory PARLEY_BENCH_DIR names, where they stay for runs of the whole
// command (`/usr/bin/time parley analyze FILE`), or else a temporary one.
func benchDir(b *testing.B) string {
	if dir := os.Getenv("PARLEY_BENCH_DIR"); dir != "" {
		return dir
	}
	return b.TempDir()
}

// BenchmarkAnalyze2Parties1000x5 runs the whole of parley analyze (load,
// exact frontier, solutions, text output) on two parties × 1,000 issues ×
// 5 options, the target of issue 16: < 5 s and < 1 GB.
func BenchmarkAnalyze2Parties1000x5(b *testing.B) {
	file := writeBenchScenarioYAML(b, benchDir(b), 2, 1000, 5)
	for b.Loop() {
		if err := runAnalyze(context.Background(), []string{file}, io.Discard, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// writeBenchYAML writes a Parley scenario of two parties and one issue
// of n options.
func writeBenchYAML(b *testing.B, n int) string {
	file := filepath.Join(b.TempDir(), "s.yaml")
	f, err := os.Create(file)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	rng := rand.New(rand.NewPCG(1, 99))
	fmt.Fprintf(w, "name: many-options\nissues:\n  - name: A\n    options: [")
	for j := range n {
		if j > 0 {
			w.WriteString(", ")
		}
		fmt.Fprintf(w, "o%d", j)
	}
	w.WriteString("]\nparties:\n")
	for p := range 2 {
		fmt.Fprintf(w, "  - name: p%d\n    weights: {A: 1}\n    evaluations:\n      A: {", p)
		for j := range n {
			if j > 0 {
				w.WriteString(", ")
			}
			fmt.Fprintf(w, "o%d: %.4f", j, rng.Float64())
		}
		w.WriteString("}\n")
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	return file
}

// writeBenchGENIUS writes a GENIUS domain of one issue of n options and
// two profiles into genius-n under benchDir, and returns the three files.
func writeBenchGENIUS(b *testing.B, n int) []string {
	dir := filepath.Join(benchDir(b), fmt.Sprintf("genius-%d", n))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 99))
	files := []string{filepath.Join(dir, "domain.xml"), filepath.Join(dir, "p0.xml"), filepath.Join(dir, "p1.xml")}
	for t, file := range files {
		f, err := os.Create(file)
		if err != nil {
			b.Fatal(err)
		}
		w := bufio.NewWriter(f)
		w.WriteString(`<utility_space><objective index="0" name="root" type="objective"><issue index="1" name="A" type="discrete">` + "\n")
		for j := range n {
			if t == 0 {
				fmt.Fprintf(w, "<item index=\"%d\" value=\"o%d\"/>\n", j+1, j)
			} else {
				fmt.Fprintf(w, "<item index=\"%d\" value=\"o%d\" evaluation=\"%.4f\"/>\n", j+1, j, rng.Float64())
			}
		}
		w.WriteString("</issue>")
		if t > 0 {
			w.WriteString(`<weight index="1" value="1"/>`)
		}
		w.WriteString("</objective></utility_space>\n")
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
	return files
}

// BenchmarkLoadOptions reads and compiles scenarios of one issue of many
// options, two parties, in Parley's YAML and in GENIUS's XML.
func BenchmarkLoadOptions(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		for _, kind := range []string{"yaml", "genius"} {
			b.Run(fmt.Sprintf("%s/%d", kind, n), func(b *testing.B) {
				files := []string{}
				if kind == "yaml" {
					files = append(files, writeBenchYAML(b, n))
				} else {
					files = writeBenchGENIUS(b, n)
				}
				for b.Loop() {
					if _, _, _, err := analyzeLoadModel(context.Background(), files); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
