package scenario

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/parley-talks/parley/analysis"
)

const fastSmall = `name: t
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

// fastCases are YAML features inside and outside the fast path's subset;
// fast says whether the fast path decodes the file itself (else it leaves
// it to yaml.v3; repeated names in weights and evaluations it leaves to
// the checks, and Read then to yaml.v3).
var fastCases = []struct {
	name, yaml string
	fast       bool
}{
	{"documented example", fastSmall, true},
	{"block style throughout", "# c\nname: 'Block: style'\nissues:\n- name: \"A\"\n  options:\n  - x   # first\n  - 'y'\nparties:\n- name: P\n  reservation: 0.1\n  weights:\n    A: 1\n  evaluations:\n    A:\n      x: 4\n      'y': 2\n- name: Q\n  weights:\n    A: 1\n  evaluations:\n    A: {x: 1, y: 3}\n", true},
	{"comments everywhere", "# head\nname: t # n\n\nissues: # i\n  # between\n  - name: A # a\n    options: [x, y] # o\n# end\n", true},
	{"block sequences at the key's indentation", "issues:\n- name: A\n  options:\n  - x\n  - 'y'\nparties:\n- name: P\n  weights:\n    A: 1\n", true},
	{"nested item mapping", "issues:\n  -\n    name: A\n    options: [x]\n", true},
	{"flow mappings as items", "issues: [{name: A, options: [x, y]}]\nparties: [{name: P, weights: {A: 1}, evaluations: {A: {x: 1}}}]\n", true},
	{"multi-line flow", "issues:\n  - name: A\n    options: [\n      x, # first\n      y,\n      z]\n", true},
	{"quoted keys and values", "issues:\n  - name: 'It''s: A'\n    options: [\"a, b\", 'c: d', \"e\\\"f\\\\g\\n\"]\nparties:\n  - name: P\n    weights: {'It''s: A': 0.5}\n", true},
	{"unicode", "issues:\n  - name: Линия\n    options: [Текущая, 現状]\n", true},
	{"plain scalars with indicators inside", "name: a, b [c] {d} e:f g#h -i\nissues:\n  - name: -x\n    options: [a-b, c#d, e'f]\n", true},
	{"numbers", "parties:\n  - name: P\n    reservation: -0\n    weights: {A: 1e3, B: -0, C: 0.25, D: 12345678901234567890123}\n", true},
	{"empty collections", "issues: []\nparties:\n  - name: P\n    weights: {}\n    evaluations: {A: {}}\n", true},
	{"flow continued at column 0", "issues:\n  - name: A\n    options: [x,\ny]\n", true},
	{"flow mapping continued at column 0", "parties:\n  - name: P\n    weights: {A: 1,\nB: 2}\n", true},
	{"comment more indented than the next key", "name: a\n  # c\nissues: []\n", true},
	{"spaces after a dash", "issues:\n- name: A\n  options:\n  - x\n  -   y\n", true},
	{"empty comment", "name: x #\n", true},
	{"spaces around commas", "parties:\n  - name: P\n    weights: {A: 1 , B: 2,C: 3}\n", true},
	{"colon inside a plain value", "name: é:x\n", true},
	{"merge key in weights", "parties:\n  - name: P\n    weights: {<<: 1}\n", true},
	{"escaped tab in a key", "parties:\n  - name: P\n    weights: {\"a\\tb\": 1}\n", true},
	{"text after a quoted value", "name: \"a\"b\n", false},
	{"map for options", "issues:\n  - name: A\n    options: {x: 1}\n", false},
	{"trailing tab", "name: a\t\n", false},
	{"anchor and alias", "parties:\n  - name: P\n    weights: &w {A: 1}\n  - name: Q\n    weights: *w\n", false},
	{"tag", "name: !!str 1\n", false},
	{"multi-line plain scalar", "name: a\n  b\n", false},
	{"multi-line plain in flow", "issues:\n  - name: A\n    options: [a\n      b]\n", false},
	{"literal block scalar", "name: |\n  a\n", false},
	{"folded block scalar", "name: >\n  a\n", false},
	{"document start", "---\nname: t\n", false},
	{"two documents", "name: t\n---\nname: u\n", false},
	{"directive", "%YAML 1.2\n---\nname: t\n", false},
	{"tab", "name:\tt\n", false},
	{"CRLF", "name: t\r\n", false},
	{"byte order mark", "\ufeffname: t\n", false},
	{"null value", "name: ~\n", false},
	{"empty value", "name:\nissues: []\n", false},
	{"null option", "issues:\n  - name: A\n    options: [x, null]\n", false},
	{"duplicate top-level key", "name: a\nname: b\n", false},
	{"duplicate evaluation", "parties:\n  - name: P\n    evaluations: {A: {x: 1, x: 2}}\n", true},
	{"duplicate weight, quoted", "parties:\n  - name: P\n    weights: {A: 1, 'A': 2}\n", true},
	{"unknown key", "nam: t\n", false},
	{"merge key", "parties:\n  - <<: {name: P}\n", false},
	{"hexadecimal", "parties:\n  - name: P\n    weights: {A: 0x1F}\n", false},
	{"underscores", "parties:\n  - name: P\n    weights: {A: 1_000}\n", false},
	{"leading zero", "parties:\n  - name: P\n    reservation: 012\n", false},
	{"infinity", "parties:\n  - name: P\n    weights: {A: .inf}\n", false},
	{"out of range", "parties:\n  - name: P\n    weights: {A: 1e400}\n", false},
	{"quoted number", "parties:\n  - name: P\n    weights: {A: '1'}\n", false},
	{"indented top level", "  name: t\n", false},
	{"complex key", "? name\n: t\n", false},
	{"over-long key", "parties:\n  - name: P\n    weights: {" + strings.Repeat("k", 1100) + ": 1}\n", false},
	{"escape outside the subset", "name: \"\\u00e9\"\n", false},
	{"trailing comma", "issues:\n  - name: A\n    options: [x, y, ]\n", false},
	{"wrong kind", "issues: {name: A}\n", false},
	{"bad indentation", "issues:\n  - name: A\n     options: [x]\n", false},
	{"malformed", "issues: [", false},
	{"empty", "", false},
	{"only a comment", "# nothing\n", false},
}

// TestFastPath checks, on each YAML feature, that the fast path reads
// what it recognises as yaml.v3 does and leaves the rest to yaml.v3.
func TestFastPath(t *testing.T) {
	for _, tt := range fastCases {
		t.Run(tt.name, func(t *testing.T) {
			_, ok := decodeFast(tt.yaml)
			if ok != tt.fast {
				t.Errorf("fast path read it: %v, want %v", ok, tt.fast)
			}
			sameAsYAML(t, tt.yaml)
		})
	}
}

// TestFastPathExamples checks that the fast path reads every example
// itself, as yaml.v3 does.
func TestFastPathExamples(t *testing.T) {
	for _, file := range fastSeeds(t) {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := decodeFast(string(b)); !ok {
			t.Errorf("%s: the fast path left it to yaml.v3", file)
		}
		sameAsYAML(t, string(b))
	}
}

// fastSeeds returns the scenario files in Parley's format: the examples.
func fastSeeds(t testing.TB) []string {
	files, err := filepath.Glob(filepath.Join("..", "..", "examples", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	return files
}

// sameAsYAML fails if Read gives on s another scenario or error than
// yaml.v3 and the checks alone, or if the fast path decodes s otherwise
// than yaml.v3.
func sameAsYAML(t *testing.T, s string) {
	t.Helper()
	got, gotErr := read(s, "s.yaml")
	want, wantErr := readYAML(s, "s.yaml")
	if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
		t.Fatalf("on %q\nRead: %v\nyaml.v3: %v", s, gotErr, wantErr)
	}
	if a, b := fmt.Sprintf("%#v", got), fmt.Sprintf("%#v", want); a != b {
		t.Fatalf("on %q\nRead:    %s\nyaml.v3: %s", s, a, b)
	}
	fast, ok := decodeFast(s)
	if !ok {
		return
	}
	slow, err := decodeYAML([]byte(s))
	if err != nil {
		if _, fastErr := fast.scenario("s.yaml"); fastErr == nil {
			t.Fatalf("the fast path read %q, yaml.v3 fails: %v", s, err)
		}
		return
	}
	if a, b := fmt.Sprintf("%#v", fast), fmt.Sprintf("%#v", slow); a != b {
		t.Fatalf("on %q\nfast path: %s\nyaml.v3:   %s", s, a, b)
	}
}

// readYAML reads a scenario as Read did before the fast path.
func readYAML(s, file string) (analysis.Scenario, error) {
	f, err := decodeYAML([]byte(s))
	if err != nil {
		return analysis.Scenario{}, fmt.Errorf("%s: %v", file, err)
	}
	return f.scenario(file)
}

// FuzzFastPath checks on any input that the fast path reads exactly what
// yaml.v3 reads, or leaves the input to it.
func FuzzFastPath(f *testing.F) {
	for _, file := range fastSeeds(f) {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	for _, tt := range fastCases {
		f.Add(tt.yaml)
	}
	f.Fuzz(sameAsYAML)
}

// TestFastPathReadsBlockStyle checks that a whole scenario in block style
// is read by the fast path, decoded and checked, not left to yaml.v3.
func TestFastPathReadsBlockStyle(t *testing.T) {
	f, ok := decodeFast(fastCases[1].yaml)
	if !ok {
		t.Fatal("the fast path left it to yaml.v3")
	}
	sc, err := f.scenario("s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(sc.Name, sc.Space.Issues, sc.Profiles[0].Evaluations, sc.Profiles[1].Evaluations); got != "Block: style[{A [x y]}] [[4 2]] [[1 3]]" {
		t.Errorf("got %s", got)
	}
}

// TestReadInputError checks that a failing reader's error is worded as
// yaml.v3 worded it when it read the input itself.
func TestReadInputError(t *testing.T) {
	_, err := Read(iotest.ErrReader(errors.New("boom")), "s.yaml")
	if err == nil || err.Error() != "s.yaml: yaml: input error: boom" {
		t.Errorf("got %v, want s.yaml: yaml: input error: boom", err)
	}
}
