package main

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/parley-talks/parley/analysis"
)

const analyzeUsage = `usage: parley analyze FILE... [--json] [--epsilon E] [--max-points N] [--max-memory MiB] [--frontier-csv FILE] [--plot FILE.svg] [--winner]

FILE... is a Parley scenario (.yaml), or a GENIUS domain file followed by
its profile files (.xml), or GeniusWeb profiles (.json, with or without the
domain file).
`

// runAnalyze implements "parley analyze": it reads a scenario, computes the
// Pareto frontier, the zone of possible agreement, the bargaining solutions,
// the contention of each issue and the best trades, with --winner the
// Adjusted Winner division of a two-party scenario, and prints them for a
// person or, with --json, for a program.
func runAnalyze(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("analyze", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, analyzeUsage)
		fs.PrintDefaults()
	}
	asJSON := fs.Bool("json", false, "print JSON for programs")
	eps := fs.Float64("epsilon", 0, "compute an additive ε-Pareto frontier instead of the exact one")
	csvFile := fs.String("frontier-csv", "", "write the frontier to this CSV `file`")
	plotFile := fs.String("plot", "", "draw the frontier and solutions to this SVG `file`")
	winner := fs.Bool("winner", false, "divide the issues of a two-party scenario by Adjusted Winner")
	maxPoints := fs.Int("max-points", 0, "bound the frontier to `N` evenly spread points, with the coverage reached stated (for many parties)")
	maxMemory := fs.Int64("max-memory", analysis.DefaultMemoryLimit>>20, "stop cleanly when the frontier would need more than this many `MiB`")
	// Flags may come before, between or after the files.
	var files []string
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil
			}
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(files) == 0 {
		fs.Usage()
		return errors.New("analyze: no scenario files")
	}
	if *eps < 0 || math.IsNaN(*eps) || math.IsInf(*eps, 0) {
		return fmt.Errorf("analyze: --epsilon %v: want a non-negative number", *eps)
	}
	if *maxPoints < 0 {
		return fmt.Errorf("analyze: --max-points %d: want a positive number, or 0 for no bound", *maxPoints)
	}
	if *maxMemory <= 0 || *maxMemory > math.MaxInt64>>20 {
		return fmt.Errorf("analyze: --max-memory %d: want a positive number of MiB", *maxMemory)
	}
	sc, m, warnings, err := analyzeLoadModel(ctx, files)
	if err != nil {
		return err
	}
	for _, w := range warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	var div *analysis.TwoPartyDivision
	if *winner {
		if div, err = analysis.DivideScenario(sc); err != nil {
			return fmt.Errorf("analyze --winner: %w", err)
		}
	}
	a, err := analyzeFrontier(ctx, m, files, analysis.Options{Epsilon: *eps, MaxPoints: *maxPoints, MemoryLimit: *maxMemory << 20})
	if err != nil {
		return err
	}
	if *csvFile != "" {
		if err := analyzeWriteCSV(*csvFile, m, a); err != nil {
			return err
		}
	}
	if *plotFile != "" {
		if err := analyzePlot(*plotFile, sc.Name, m, a); err != nil {
			return err
		}
	}
	if *asJSON {
		return analyzeJSON(stdout, m, a, div)
	}
	if err := analyzeText(stdout, sc.Name, m, a); err != nil {
		return err
	}
	return analyzeWinnerText(stdout, div)
}

// analyzeFrontier runs the analysis of the scenario in files, saying
// that it stopped if ctx is done first (Ctrl-C or SIGTERM), and what to
// try if the frontier is too large.
func analyzeFrontier(ctx context.Context, m *analysis.Model, files []string, o analysis.Options) (*analysis.Analysis, error) {
	a, err := m.AnalyzeWith(ctx, o)
	switch {
	case err == nil:
		return a, nil
	case ctx.Err() != nil:
		return nil, fmt.Errorf("analyze: stopped while computing the frontier of %s: %w", strings.Join(files, ", "), context.Cause(ctx))
	case errors.Is(err, analysis.ErrTooLarge):
		return nil, fmt.Errorf("analyze: %w; try --epsilon 0.01 (or larger), --max-points 1000, or a larger --max-memory", err)
	}
	return nil, fmt.Errorf("analyze: %w", err)
}

// analyzeWinnerText prints the Adjusted Winner division d, if any: each
// issue's points, who receives it or how it is split, and the equal scores.
func analyzeWinnerText(w io.Writer, d *analysis.TwoPartyDivision) error {
	if d == nil {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\nAdjusted Winner (Brams and Taylor; each party spreads 100 points over the issues by its weights):\n")
	for _, is := range d.Issues {
		who := is.Winner
		if who == "" {
			who = fmt.Sprintf("split: %s %.1f%%, %s %.1f%%", d.Parties[0], 100*is.Share[0], d.Parties[1], 100*is.Share[1])
		}
		fmt.Fprintf(&b, "  %s: %s %.2f, %s %.2f points → %s\n", is.Issue, d.Parties[0], is.Points[0], d.Parties[1], is.Points[1], who)
	}
	fmt.Fprintf(&b, "  Final points: %s %.3f, %s %.3f (equal)\n", d.Parties[0], d.Scores[0], d.Parties[1], d.Scores[1])
	_, err := io.WriteString(w, b.String())
	return err
}

func analyzeText(w io.Writer, name string, m *analysis.Model, a *analysis.Analysis) error {
	sp := m.Space()
	var b strings.Builder
	if name != "" {
		fmt.Fprintf(&b, "Scenario: %s\n", name)
	}
	fmt.Fprintf(&b, "Parties: %s\n", strings.Join(a.Parties, ", "))
	fmt.Fprintf(&b, "Issues: %d; packages: %s\n", len(sp.Issues), a.Outcomes)
	kind := "exact"
	switch {
	case a.Coverage > a.Epsilon:
		kind = fmt.Sprintf("bounded and evenly spread, every package within %.3g of a point for every party", a.Coverage)
	case a.Epsilon > 0:
		kind = fmt.Sprintf("ε-Pareto, every package within %g of a point", a.Epsilon)
	}
	fmt.Fprintf(&b, "Pareto frontier: %d points (%s)\n", len(a.Frontier), kind)
	var res []string
	for p, n := range a.Parties {
		res = append(res, fmt.Sprintf("%s %.3f", n, m.Reservation(p)))
	}
	fmt.Fprintf(&b, "Reservation values: %s\n", strings.Join(res, ", "))
	if len(a.ZOPA) == 0 {
		fmt.Fprintf(&b, "Zone of possible agreement: empty — no package gives every party its reservation value\n")
	} else {
		fmt.Fprintf(&b, "Zone of possible agreement: %d of %d frontier points\n", len(a.ZOPA), len(a.Frontier))
		for _, s := range []struct {
			name string
			pt   *analysis.Point
		}{
			{"Nash bargaining solution", a.Nash},
			{"Kalai–Smorodinsky solution", a.KalaiSmorodinsky},
			{"Egalitarian solution", a.Egalitarian},
			{"Utilitarian solution", a.Utilitarian},
		} {
			var us []string
			for p, n := range a.Parties {
				us = append(us, fmt.Sprintf("%s %.3f", n, s.pt.Utility[p]))
			}
			fmt.Fprintf(&b, "\n%s: %s\n", s.name, strings.Join(us, ", "))
			for i, j := range s.pt.Package.All() {
				fmt.Fprintf(&b, "  %s: %s\n", sp.Issues[i].Name, sp.Issues[i].Options[j])
			}
		}
	}
	cont := slices.Clone(a.Contention)
	slices.SortStableFunc(cont, func(x, y analysis.Contention) int {
		switch {
		case x.Score > y.Score:
			return -1
		case x.Score < y.Score:
			return 1
		}
		return 0
	})
	fmt.Fprintf(&b, "\nContention (most contested first; score = utility a party loses on average when the issue goes another's way):\n")
	for _, c := range cont {
		is := sp.Issues[c.Issue]
		var prefs []string
		for p, n := range a.Parties {
			prefs = append(prefs, fmt.Sprintf("%s wants %q (weight %.2f)", n, is.Options[c.Preferred[p]], c.Weights[p]))
		}
		fmt.Fprintf(&b, "  %.3f  %s: %s\n", c.Score, is.Name, strings.Join(prefs, "; "))
	}
	if len(a.Trades) == 0 {
		fmt.Fprintf(&b, "\nBest trades: none — no two issues where each side concedes what it cares less about\n")
	} else {
		fmt.Fprintf(&b, "\nBest trades (each side takes the issue it cares more about and concedes the other):\n")
		for _, tr := range a.Trades[:min(5, len(a.Trades))] {
			fmt.Fprintf(&b, "  %s takes %q, %s takes %q: gains %+.3f and %+.3f over the reverse\n",
				a.Parties[tr.A], sp.Issues[tr.I].Name, a.Parties[tr.B], sp.Issues[tr.J].Name, tr.GainA, tr.GainB)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// analyzeWriteCSV writes the frontier to file: a row per point with each
// party's utility, the number of packages it stands for and one of them.
func analyzeWriteCSV(file string, m *analysis.Model, a *analysis.Analysis) error {
	return writeFile(file, func(w io.Writer) error {
		sp := m.Space()
		cw := csv.NewWriter(w)
		head := append(slices.Clone(a.Parties), "packages")
		for _, is := range sp.Issues {
			head = append(head, is.Name)
		}
		cw.Write(head)
		for _, pt := range a.Frontier {
			row := make([]string, 0, len(head))
			for _, u := range pt.Utility {
				row = append(row, strconv.FormatFloat(u, 'g', -1, 64))
			}
			row = append(row, pt.Count.String())
			for i, j := range pt.Package.All() {
				row = append(row, sp.Issues[i].Options[j])
			}
			cw.Write(row)
		}
		cw.Flush()
		return cw.Error()
	})
}

// writeFile creates file and has write fill it; an error closing the file
// is reported like one writing it.
func writeFile(file string, write func(io.Writer) error) (err error) {
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	return write(f)
}
