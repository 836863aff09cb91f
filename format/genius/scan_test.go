package genius

import (
	"encoding/xml"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-talks/parley/internal/shareddata"
)

// decoded is the tree encoding/xml's Decoder builds, or nil if it fails.
func decoded(s string) *node {
	var root node
	if err := xml.NewDecoder(strings.NewReader(s)).Decode(&root); err != nil {
		return nil
	}
	return &root
}

// scanCases are inputs the scanner must read as the Decoder does (fast
// true) or leave to it (fast false).
var scanCases = []struct {
	xml  string
	fast bool
}{
	{`<a/>`, true},
	{"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<!-- made by hand -->\n<utility_space type=\"x\">\n <objective index='0' name=\"root\">\n  <issue name=\"Fund\"><item index=\"1\" value=\"Large\" evaluation=\"0.25\"/><item value=\"Kleiner Betrag – ß\"/></issue>\n </objective>\n <!-- x - y -->\n <weight index=\"1\" value=\"1\" />\n</utility_space>trailing text ignored", true},
	{`<a b="1"></a>`, true},
	{`<a><b><c/></b><b/></a>`, true},
	{`<a b="x &amp; y"/>`, false},
	{`<a>text</a>`, false},
	{`<a><![CDATA[x]]></a>`, false},
	{`<!DOCTYPE a><a/>`, false},
	{`<x:a xmlns:x="u"/>`, false},
	{`<a xmlns="u"/>`, false},
	{`<a b="1" b="2"/>`, false},
	{`<a></b>`, false},
	{`<a>`, false},
	{`<a b=1/>`, false},
	{"<a b=\"x\ny\"/>", false},
	{`<?xml version="1.1"?><a/>`, false},
	{`<?xml version="1.0" encoding="latin1"?><a/>`, false},
	{`<!-- a -- b --><a/>`, false},
	{`<!-- a ---><a/>`, false},
	{"<a b=\"\xff\"/>", false},
	{` <a/>`, true},
	{``, false},
}

// TestScanTreeAsDecoder: what the scanner reads it reads exactly as the
// Decoder does, and it reads the plain shapes of GENIUS files itself.
func TestScanTreeAsDecoder(t *testing.T) {
	for _, tt := range scanCases {
		got, ok := scanTree(tt.xml)
		if ok != tt.fast {
			t.Errorf("%q: scanned %v, want %v", tt.xml, ok, tt.fast)
		}
		if ok && !reflect.DeepEqual(got, decoded(tt.xml)) {
			t.Errorf("%q: scanned %+v, decoded %+v", tt.xml, got, decoded(tt.xml))
		}
	}
}

// FuzzScanTree: whatever the scanner reads, the Decoder reads to the same
// tree.
func FuzzScanTree(f *testing.F) {
	for _, tt := range scanCases {
		f.Add(tt.xml)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := scanTree(s)
		if !ok {
			return
		}
		if want := decoded(s); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: scanned %+v, decoded %+v", s, got, want)
		}
	})
}

// TestFloatAttrAsRat: the ParseFloat fast path of floatAttr gives what
// big.Rat gives, and leaves what it does not read alike to big.Rat.
func TestFloatAttrAsRat(t *testing.T) {
	for _, s := range []string{"0", "-0", "0.25", "+0.5", ".5", "5.", "1e3", "1E-3", "2.5e+2", "0.1", "1e400", "1e-400",
		"0.30000000000000004", "123456789012345678901234567890", "1/3", " 2", "0x10", "1_0", "inf", "NaN", "e5", "1e", "."} {
		n := &node{Attrs: []xml.Attr{{Name: xml.Name{Local: "v"}, Value: s}}}
		got, err := floatAttr(n, "v")
		r, ok := new(big.Rat).SetString(strings.TrimSpace(s))
		if !ok {
			if err == nil {
				t.Errorf("%q: got %v, want an error as big.Rat refuses it", s, got)
			}
			continue
		}
		want, _ := r.Float64()
		if err != nil || strconv.FormatFloat(got, 'g', -1, 64) != strconv.FormatFloat(want, 'g', -1, 64) {
			t.Errorf("%q: got %v, %v; want %v", s, got, err, want)
		}
	}
}

// TestScanTreeSharedScenarios: every GENIUS file of ../shared/data is
// read by the scanner, to the Decoder's tree.
func TestScanTreeSharedScenarios(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(shareddata.Dir(t), "genius", "*", "*.xml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no GENIUS files: %v", err)
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := scanTree(string(b))
		if !ok {
			t.Errorf("%s: not scanned", file)
			continue
		}
		if !reflect.DeepEqual(got, decoded(string(b))) {
			t.Errorf("%s: scanned tree differs from the decoded one", file)
		}
	}
}
