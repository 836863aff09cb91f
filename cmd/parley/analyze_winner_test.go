package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-talks/parley/analysis"
	"github.com/parley-talks/parley/internal/shareddata"
)

// checkDivision checks the Adjusted Winner properties of d: every issue
// divided in full, each party's points summing to 100, the scores equal and
// what each party receives by its points, and at most one split issue,
// named in split_issue.
func checkDivision(tb testing.TB, d *analysis.TwoPartyDivision, issues int) {
	tb.Helper()
	if d == nil {
		tb.Fatal("got no adjusted_winner, want the division")
	}
	if len(d.Issues) != issues {
		tb.Fatalf("got %d issues, want %d", len(d.Issues), issues)
	}
	var sums, scores [2]float64
	split := 0
	for _, is := range d.Issues {
		if got := is.Share[0] + is.Share[1]; math.Abs(got-1) > 1e-9 {
			tb.Errorf("issue %q: got shares summing to %v, want 1", is.Issue, got)
		}
		for p := range 2 {
			sums[p] += is.Points[p]
			scores[p] += is.Share[p] * is.Points[p]
		}
		switch is.Winner {
		case "":
			split++
			if d.Split != is.Issue {
				tb.Errorf("got split_issue %q, want %q", d.Split, is.Issue)
			}
		case d.Parties[0], d.Parties[1]:
			if w := map[string]int{d.Parties[0]: 0, d.Parties[1]: 1}[is.Winner]; is.Share[w] != 1 {
				tb.Errorf("issue %q: winner %s gets share %v, want 1", is.Issue, is.Winner, is.Share[w])
			}
		default:
			tb.Errorf("issue %q: got winner %q, want a party or a split", is.Issue, is.Winner)
		}
	}
	if split > 1 {
		tb.Errorf("got %d split issues, want at most one", split)
	}
	for p := range 2 {
		if math.Abs(sums[p]-100) > 1e-6 {
			tb.Errorf("party %s: got points summing to %v, want 100", d.Parties[p], sums[p])
		}
		if math.Abs(scores[p]-d.Scores[p]) > 1e-6 {
			tb.Errorf("party %s: got score %v, want %v (the points it receives)", d.Parties[p], d.Scores[p], scores[p])
		}
	}
	if math.Abs(d.Scores[0]-d.Scores[1]) > 1e-6 || d.Scores[0] < 50-1e-6 {
		tb.Errorf("got scores %v, want equal and at least 50", d.Scores)
	}
}

func TestAnalyzeWinner(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		files  func(testing.TB) []string
		issues int
	}{
		{"peace talks", func(testing.TB) []string { return []string{peaceTalks} }, 7},
		{"EnglandZimbabwe", func(tb testing.TB) []string {
			domain, profiles := shareddata.GeniusFiles(tb, filepath.Join(shareddata.Dir(tb), "genius", "EnglandZimbabwe"))
			return append([]string{domain}, profiles...)
		}, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			files := tt.files(t)
			out, _ := analyzeRunOK(t, append([]string{"--json", "--winner"}, files...)...)
			var got struct {
				AdjustedWinner *analysis.TwoPartyDivision `json:"adjusted_winner"`
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("got invalid JSON: %v", err)
			}
			checkDivision(t, got.AdjustedWinner, tt.issues)
			text, _ := analyzeRunOK(t, append([]string{"--winner"}, files...)...)
			want := "Final points: " + got.AdjustedWinner.Parties[0]
			if !strings.Contains(text, "Adjusted Winner") || !strings.Contains(text, want) {
				t.Errorf("got text without the Adjusted Winner section and %q:\n%s", want, text)
			}
		})
	}
}

func TestAnalyzeWithoutWinner(t *testing.T) {
	t.Parallel()
	out, _ := analyzeRunOK(t, "--json", peaceTalks)
	if strings.Contains(out, "adjusted_winner") {
		t.Errorf("got adjusted_winner without --winner, want none")
	}
}

func TestAnalyzeWinnerNotTwoParties(t *testing.T) {
	t.Parallel()
	domain, profiles := shareddata.GeniusFiles(t, filepath.Join(shareddata.Dir(t), "genius", "group2-politics"))
	if len(profiles) == 2 {
		t.Fatalf("got %d profiles in group2-politics, want another number", len(profiles))
	}
	var out, errOut bytes.Buffer
	err := runAnalyze(context.Background(), append([]string{"--winner", domain}, profiles...), &out, &errOut)
	want := "divides between two parties; the scenario has 3"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got error %v, want one saying %q", err, want)
	}
}
