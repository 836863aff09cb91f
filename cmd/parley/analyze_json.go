package main

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/parley-talks/parley/analysis"
)

type analyzeJSONPoint struct {
	Utility  map[string]float64 `json:"utility"`
	Package  map[string]string  `json:"package"`
	Packages json.Number        `json:"packages,omitempty"`
}

type analyzeJSONOutput struct {
	Parties  []string           `json:"parties"`
	Outcomes string             `json:"outcomes"`
	Epsilon  float64            `json:"epsilon"`
	Coverage float64            `json:"coverage,omitempty"`
	Frontier []analyzeJSONPoint `json:"frontier"`
	ZOPA     struct {
		Exists         bool `json:"exists"`
		FrontierPoints int  `json:"frontier_points"`
	} `json:"zopa"`
	Nash             *analyzeJSONPoint  `json:"nash"`
	KalaiSmorodinsky *analyzeJSONPoint  `json:"kalai_smorodinsky"`
	Egalitarian      *analyzeJSONPoint  `json:"egalitarian"`
	Utilitarian      *analyzeJSONPoint  `json:"utilitarian"`
	Reservation      map[string]float64 `json:"reservation"`
	Contention       []struct {
		Issue     string            `json:"issue"`
		Score     float64           `json:"score"`
		Preferred map[string]string `json:"preferred"`
	} `json:"contention"`
	Trades         []analyzeJSONTrade         `json:"trades"`
	AdjustedWinner *analysis.TwoPartyDivision `json:"adjusted_winner,omitempty"`
}

type analyzeJSONTrade struct {
	Parties [2]string  `json:"parties"`
	Takes   [2]string  `json:"takes"`
	Gains   [2]float64 `json:"gains"`
}

func analyzePoint(m *analysis.Model, pt *analysis.Point, withCount bool) *analyzeJSONPoint {
	if pt == nil {
		return nil
	}
	sp := m.Space()
	out := &analyzeJSONPoint{Utility: map[string]float64{}, Package: map[string]string{}}
	for p, name := range m.Parties() {
		out.Utility[name] = pt.Utility[p]
	}
	for i, j := range pt.Package.All() {
		out.Package[sp.Issues[i].Name] = sp.Issues[i].Options[j]
	}
	if withCount {
		out.Packages = json.Number(pt.Count.String())
	}
	return out
}

// analyzeJSONSummary returns the JSON output without the frontier: all
// but the frontier is small, and the frontier is streamed (see
// analyzeJSON).
func analyzeJSONSummary(m *analysis.Model, a *analysis.Analysis, div *analysis.TwoPartyDivision) *analyzeJSONOutput {
	sp := m.Space()
	out := &analyzeJSONOutput{
		AdjustedWinner: div,
		Parties:        a.Parties,
		Outcomes:       a.Outcomes.String(),
		Epsilon:        a.Epsilon,
		Coverage:       a.Coverage,
		Frontier:       []analyzeJSONPoint{},
		Reservation:    map[string]float64{},
		Trades:         []analyzeJSONTrade{},
	}
	out.ZOPA.Exists = len(a.ZOPA) > 0
	out.ZOPA.FrontierPoints = len(a.ZOPA)
	out.Nash = analyzePoint(m, a.Nash, false)
	out.KalaiSmorodinsky = analyzePoint(m, a.KalaiSmorodinsky, false)
	out.Egalitarian = analyzePoint(m, a.Egalitarian, false)
	out.Utilitarian = analyzePoint(m, a.Utilitarian, false)
	for p, name := range a.Parties {
		out.Reservation[name] = m.Reservation(p)
	}
	for _, c := range a.Contention {
		is := sp.Issues[c.Issue]
		e := struct {
			Issue     string            `json:"issue"`
			Score     float64           `json:"score"`
			Preferred map[string]string `json:"preferred"`
		}{Issue: is.Name, Score: c.Score, Preferred: map[string]string{}}
		for p, name := range a.Parties {
			e.Preferred[name] = is.Options[c.Preferred[p]]
		}
		out.Contention = append(out.Contention, e)
	}
	for _, tr := range a.Trades {
		out.Trades = append(out.Trades, analyzeJSONTrade{
			Parties: [2]string{a.Parties[tr.A], a.Parties[tr.B]},
			Takes:   [2]string{sp.Issues[tr.I].Name, sp.Issues[tr.J].Name},
			Gains:   [2]float64{tr.GainA, tr.GainB},
		})
	}
	return out
}

// analyzeJSON writes the analysis as JSON, indented by two spaces, the
// frontier streamed point by point: building every point as maps first,
// as encoding/json needs, took 4 to 5 times the frontier's own memory and
// time on large frontiers (5 parties × 20 issues × 4 options: 1.9 GB). The
// bytes are those json.Encoder writes for the whole analyzeJSONOutput
// (TestAnalyzeJSONStreamedAsEncoded checks it).
func analyzeJSON(w io.Writer, m *analysis.Model, a *analysis.Analysis, div *analysis.TwoPartyDivision) error {
	var head bytes.Buffer
	enc := json.NewEncoder(&head)
	enc.SetIndent("", "  ")
	if err := enc.Encode(analyzeJSONSummary(m, a, div)); err != nil {
		return err
	}
	// The top-level keys alone sit at two spaces, and a newline inside a
	// string is escaped: this is the frontier's place.
	const empty = "\n  \"frontier\": [],\n"
	at := bytes.Index(head.Bytes(), []byte(empty))
	if at < 0 {
		return fmt.Errorf("analyze: no frontier in the JSON output")
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.Write(head.Bytes()[:at])
	if len(a.Frontier) == 0 {
		bw.WriteString(empty)
	} else {
		pw, err := newJSONPointWriter(m)
		if err != nil {
			return err
		}
		bw.WriteString("\n  \"frontier\": [")
		for t := range a.Frontier {
			if t > 0 {
				bw.WriteByte(',')
			}
			if err := pw.write(bw, &a.Frontier[t]); err != nil {
				return err
			}
		}
		bw.WriteString("\n  ],\n")
	}
	bw.Write(head.Bytes()[at+len(empty):])
	return bw.Flush()
}

// jsonPointWriter writes frontier points as json.Encoder would write an
// analyzeJSONPoint four levels deep: map keys in sorted order, names
// encoded once.
type jsonPointWriter struct {
	parties, issues []int      // in the sorted order of their names
	partyKey        [][]byte   // `"name": ` per party
	issueKey        [][]byte   // `"name": ` per issue
	option          [][][]byte // the encoded name per option per issue
	buf             []byte
}

func newJSONPointWriter(m *analysis.Model) (*jsonPointWriter, error) {
	sp := m.Space()
	names := m.Parties()
	pw := &jsonPointWriter{}
	key := func(s string) ([]byte, error) {
		b, err := json.Marshal(s)
		return append(b, ':', ' '), err
	}
	for p, n := range names {
		k, err := key(n)
		if err != nil {
			return nil, err
		}
		pw.partyKey = append(pw.partyKey, k)
		pw.parties = append(pw.parties, p)
	}
	slices.SortStableFunc(pw.parties, func(x, y int) int { return cmp.Compare(names[x], names[y]) })
	for i, is := range sp.Issues {
		k, err := key(is.Name)
		if err != nil {
			return nil, err
		}
		pw.issueKey = append(pw.issueKey, k)
		pw.issues = append(pw.issues, i)
		opts := make([][]byte, len(is.Options))
		for j, o := range is.Options {
			if opts[j], err = json.Marshal(o); err != nil {
				return nil, err
			}
		}
		pw.option = append(pw.option, opts)
	}
	slices.SortStableFunc(pw.issues, func(x, y int) int { return cmp.Compare(sp.Issues[x].Name, sp.Issues[y].Name) })
	return pw, nil
}

// write writes one point, from the newline before it to its closing brace.
func (pw *jsonPointWriter) write(w *bufio.Writer, pt *analysis.Point) error {
	b := append(pw.buf[:0], "\n    {\n      \"utility\": {"...)
	for t, p := range pw.parties {
		if t > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n        "...)
		b = append(b, pw.partyKey[p]...)
		f, err := json.Marshal(pt.Utility[p])
		if err != nil {
			return err
		}
		b = append(b, f...)
	}
	b = append(b, "\n      },\n      \"package\": {"...)
	for t, i := range pw.issues {
		if t > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n        "...)
		b = append(b, pw.issueKey[i]...)
		b = append(b, pw.option[i][pt.Package.At(i)]...)
	}
	if len(pw.issues) > 0 {
		b = append(b, "\n      "...)
	}
	b = append(b, "},\n      \"packages\": "...)
	b = pt.Count.Append(b, 10)
	b = append(b, "\n    }"...)
	pw.buf = b
	_, err := w.Write(b)
	return err
}
