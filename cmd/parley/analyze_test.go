package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-talks/parley/internal/shareddata"
)

// peaceTalks is the example scenario.
var peaceTalks = filepath.Join(pkgDir, "..", "..", "examples", "peace-talks.yaml")

func analyzeRunOK(tb testing.TB, args ...string) (string, string) {
	tb.Helper()
	var out, errOut bytes.Buffer
	if err := runAnalyze(context.Background(), args, &out, &errOut); err != nil {
		tb.Fatalf("parley analyze %s: %v (stderr: %s)", strings.Join(args, " "), err, errOut.String())
	}
	return out.String(), errOut.String()
}

func TestAnalyzeExampleText(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	csvFile, svgFile := filepath.Join(dir, "f.csv"), filepath.Join(dir, "f.svg")
	out, _ := analyzeRunOK(t, peaceTalks, "--frontier-csv", csvFile, "--plot", svgFile)
	for _, want := range []string{"Eastern Federation", "Pareto frontier:", "Zone of possible agreement:", "Nash bargaining solution", "Contention", "Best trades"} {
		if !strings.Contains(out, want) {
			t.Errorf("got output without %q:\n%s", want, out)
		}
	}
	b, err := os.ReadFile(csvFile)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), "Eastern Federation,Western Republic,packages,Ceasefire line,") {
		t.Errorf("got CSV header %q, want parties, packages, issues", strings.SplitN(string(b), "\n", 2)[0])
	}
	svg, err := os.ReadFile(svgFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(svg, []byte("<svg")) {
		t.Errorf("got a plot file without <svg")
	}
}

func TestAnalyzeJSONEnglandZimbabwe(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(shareddata.Dir(t), "genius", "EnglandZimbabwe")
	out, _ := analyzeRunOK(t, "--json",
		filepath.Join(dir, "EnglandZimbabwe_domain.xml"),
		filepath.Join(dir, "England.xml"),
		filepath.Join(dir, "Zimbabwe.xml"))
	var got struct {
		Parties  []string `json:"parties"`
		Outcomes string   `json:"outcomes"`
		Frontier []struct {
			Utility  map[string]float64 `json:"utility"`
			Package  map[string]string  `json:"package"`
			Packages json.Number        `json:"packages"`
		} `json:"frontier"`
		ZOPA struct {
			Exists         bool `json:"exists"`
			FrontierPoints int  `json:"frontier_points"`
		} `json:"zopa"`
		Nash             map[string]any `json:"nash"`
		KalaiSmorodinsky map[string]any `json:"kalai_smorodinsky"`
		Egalitarian      map[string]any `json:"egalitarian"`
		Utilitarian      map[string]any `json:"utilitarian"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if strings.Join(got.Parties, ",") != "England,Zimbabwe" {
		t.Errorf("got parties %v, want England, Zimbabwe", got.Parties)
	}
	if got.Outcomes != "576" {
		t.Errorf("got outcomes %q, want \"576\"", got.Outcomes)
	}
	if len(got.Frontier) == 0 || len(got.Frontier[0].Package) != 5 || got.Frontier[0].Packages == "" {
		t.Fatalf("got frontier %v, want points with five-issue packages and counts", got.Frontier)
	}
	if !got.ZOPA.Exists || got.ZOPA.FrontierPoints == 0 {
		t.Errorf("got ZOPA %+v, want a non-empty one", got.ZOPA)
	}
	for name, s := range map[string]map[string]any{"nash": got.Nash, "kalai_smorodinsky": got.KalaiSmorodinsky, "egalitarian": got.Egalitarian, "utilitarian": got.Utilitarian} {
		if s["utility"] == nil || s["package"] == nil {
			t.Errorf("%s: got %v, want utility and package", name, s)
		}
	}
}

func TestAnalyzeEmptyZOPA(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile(peaceTalks)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(src), "reservation: 0.35", "reservation: 0.99", 1)
	s = strings.Replace(s, "reservation: 0.4", "reservation: 0.99", 1)
	file := filepath.Join(t.TempDir(), "s.yaml")
	if err := os.WriteFile(file, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _ := analyzeRunOK(t, file, "--json")
	var got map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"nash", "kalai_smorodinsky", "egalitarian", "utilitarian"} {
		if string(got[k]) != "null" {
			t.Errorf("%s: got %s, want null", k, got[k])
		}
	}
	if string(got["zopa"]) != `{"exists":false,"frontier_points":0}` && !strings.Contains(string(got["zopa"]), `"exists": false`) {
		t.Errorf("got zopa %s, want exists false", got["zopa"])
	}
	text, _ := analyzeRunOK(t, file)
	if !strings.Contains(text, "empty") {
		t.Errorf("got text without saying the ZOPA is empty:\n%s", text)
	}
}

func TestAnalyzeEpsilon(t *testing.T) {
	t.Parallel()
	out, _ := analyzeRunOK(t, peaceTalks, "--epsilon", "0.05")
	if !strings.Contains(out, "ε-Pareto") {
		t.Errorf("got output without ε-Pareto:\n%s", out)
	}
}

func TestAnalyzeErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("issues: ["), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no files", nil, "no scenario files"},
		{"unknown kind", []string{"x.txt"}, "unknown file kind"},
		{"mixed", []string{"a.xml", "b.json"}, "mixed file kinds"},
		{"epsilon", []string{"--epsilon", "-1", bad}, "--epsilon"},
		{"missing file", []string{filepath.Join(dir, "none.yaml")}, "no such file"},
		{"malformed", []string{bad}, "bad.yaml"},
		{"lone domain", []string{"d.xml"}, "profile files"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := runAnalyze(context.Background(), tt.args, &out, &errOut)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got error %v, want one containing %q", err, tt.want)
			}
		})
	}
}
