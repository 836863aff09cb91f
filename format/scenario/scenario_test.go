package scenario_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-talks/parley/analysis"
	"github.com/parley-talks/parley/format/scenario"
	"github.com/parley-talks/parley/internal/shareddata"
)

func TestExamples(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(shareddata.ModuleRoot(t), "examples", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no examples/*.yaml")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			sc, err := scenario.Load(f)
			if err != nil {
				t.Fatal(err)
			}
			m, warnings, err := analysis.NewModel(sc)
			if err != nil {
				t.Fatal(err)
			}
			if len(warnings) > 0 {
				t.Errorf("got warnings %q, want none in an example", warnings)
			}
			a, err := m.Analyze(context.Background(), 0)
			if err != nil {
				t.Fatal(err)
			}
			if a.Nash == nil {
				t.Errorf("got an empty ZOPA, want an example with agreement possible")
			}
		})
	}
}

const small = `name: t
issues:
  - name: A
    options: [x, y]
parties:
  - name: P
    reservation: 0.2
    weights: {A: 1}
    evaluations:
      A: {x: 4, y: 2}
`

func TestRead(t *testing.T) {
	sc, err := scenario.Read(strings.NewReader(small), "s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	pr := sc.Profiles[0]
	if pr.Party != "P" || pr.Reservation != 0.2 || pr.Evaluations[0][1] != 2 {
		t.Fatalf("got %+v, want party P, reservation 0.2, evaluation 2", pr)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"malformed", "issues: [", "s.yaml"},
		{"empty", "", "empty file"},
		{"unknown key", small + "extra: 1\n", "field extra not found"},
		{"unknown issue", strings.Replace(small, "weights: {A: 1}", "weights: {A: 1, B: 0}", 1), `weights: no issue "B"`},
		{"unknown option", strings.Replace(small, "y: 2", "z: 2", 1), `no option "z"`},
		{"negative", strings.Replace(small, "y: 2", "y: -2", 1), "not a non-negative number"},
		{"no options", strings.Replace(small, "options: [x, y]", "options: []", 1), "no options"},
		{"missing weight", strings.Replace(small, "weights: {A: 1}", "weights: {}", 1), `no weight for issue "A"`},
		{"duplicate option", strings.Replace(small, "[x, y]", "[x, x]", 1), "appears twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scenario.Read(strings.NewReader(tt.yaml), "s.yaml")
			if err == nil || !strings.HasPrefix(err.Error(), "s.yaml") || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got error %v, want one starting with s.yaml and containing %q", err, tt.want)
			}
		})
	}
}

func FuzzRead(f *testing.F) {
	f.Add(small)
	f.Add("issues: [{name: A, options: [x]}]\nparties: [{name: P, weights: {A: .nan}, evaluations: {A: {x: .inf}}}]")
	f.Fuzz(func(t *testing.T, s string) {
		sc, err := scenario.Read(strings.NewReader(s), "s.yaml")
		if err != nil {
			return
		}
		analysis.NewModel(sc)
	})
}
