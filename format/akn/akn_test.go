package akn_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/format/akn"
	"github.com/parley-talks/parley/format/internal/formattest"
	"github.com/parley-talks/parley/internal/testenv"
)

// oasisXSDEnv names the variable that points TestOASISSchema at the
// OASIS akomantoso30.xsd.
const oasisXSDEnv = "PARLEY_AKN_XSD"

// subsetXSD is the schema of the subset of Akoma Ntoso 3.0 that Write
// emits, written for these tests.
var subsetXSD = filepath.Join("testdata", "akn-subset.xsd")

var fixedNow = func() time.Time { return time.Date(2025, 12, 3, 8, 0, 0, 0, time.UTC) }

func write(tb testing.TB, d *parley.Draft, meta akn.Meta) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := akn.Write(&buf, d, meta); err != nil {
		tb.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

// elem is an element of the document as read back.
type elem struct {
	name  string
	attrs map[string]string
	kids  []*elem
	text  string // character data directly inside, with <br/> as "\n"
}

func (e *elem) child(name string) *elem {
	for _, k := range e.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// path follows child names from e, failing when one is missing.
func (e *elem) path(tb testing.TB, names ...string) *elem {
	tb.Helper()
	cur := e
	for _, n := range names {
		next := cur.child(n)
		if next == nil {
			tb.Fatalf("got no <%s> in <%s>, want one (path %s)", n, cur.name, strings.Join(names, "/"))
		}
		cur = next
	}
	return cur
}

// inner returns the text inside e and its descendants.
func (e *elem) inner() string {
	s := e.text
	for _, k := range e.kids {
		s += k.inner()
	}
	return s
}

// parse reads the document, checking that it is well-formed and that
// every element is in the Akoma Ntoso namespace.
func parse(tb testing.TB, b []byte) *elem {
	tb.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	var stack []*elem
	var root *elem
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		} else if err != nil {
			tb.Fatalf("not well-formed XML: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != akn.Namespace {
				tb.Errorf("got <%s> in namespace %q, want %q", t.Name.Local, t.Name.Space, akn.Namespace)
			}
			e := &elem{name: t.Name.Local, attrs: map[string]string{}}
			for _, a := range t.Attr {
				if a.Name.Space == "" {
					e.attrs[a.Name.Local] = a.Value
				}
			}
			if len(stack) == 0 {
				root = e
			} else {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, e)
				if e.name == "br" {
					p.text += "\n"
				}
			}
			stack = append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(t)
			}
		}
	}
	if root == nil {
		tb.Fatal("got an empty document")
	}
	return root
}

// hier lists the elements of the hierarchy in document order.
var hier = map[string]bool{"section": true, "subsection": true, "article": true, "point": true}

// checkStructure checks what the schema and the Naming Convention ask
// that can be checked without the schema: the root, the FRBR
// identification, unique eIds built from their parents', and each
// hierarchy element's children in the order num, heading, then intro and
// sub-elements or content.
func checkStructure(tb testing.TB, root *elem, d *parley.Draft, work, lang string) {
	tb.Helper()
	if root.name != "akomaNtoso" {
		tb.Fatalf("got root <%s>, want <akomaNtoso>", root.name)
	}
	doc := root.path(tb, "doc")
	if doc.attrs["name"] != "agreement" {
		tb.Errorf("got <doc name=%q>, want agreement", doc.attrs["name"])
	}
	var names []string
	for _, k := range doc.kids {
		names = append(names, k.name)
	}
	if got := strings.Join(names, " "); got != "meta preface mainBody" {
		tb.Errorf("got <doc> children %s, want meta preface mainBody", got)
	}
	id := doc.path(tb, "meta", "identification")
	if id.attrs["source"] == "" {
		tb.Errorf("got <identification> without source")
	}
	version := "draft-" + strconv.Itoa(d.Number)
	if d.Number == 0 {
		version = "working-draft"
	}
	for _, lv := range []struct {
		name, uri string
		want      []string
	}{
		{"FRBRWork", work, []string{"FRBRthis", "FRBRuri", "FRBRdate", "FRBRauthor", "FRBRcountry"}},
		{"FRBRExpression", work + "/" + lang + "@" + version, []string{"FRBRthis", "FRBRuri", "FRBRdate", "FRBRauthor", "FRBRversionNumber", "FRBRlanguage"}},
		{"FRBRManifestation", work + "/" + lang + "@" + version + ".akn", []string{"FRBRthis", "FRBRuri", "FRBRdate", "FRBRauthor", "FRBRformat"}},
	} {
		e := id.path(tb, lv.name)
		var got []string
		for _, k := range e.kids {
			got = append(got, k.name)
		}
		if !isSubsequence(lv.want, got) {
			tb.Errorf("%s: got children %v, want %v in that order", lv.name, got, lv.want)
		}
		if u := e.path(tb, "FRBRuri").attrs["value"]; u != lv.uri {
			tb.Errorf("%s: got FRBRuri %q, want %q", lv.name, u, lv.uri)
		}
		if this := e.path(tb, "FRBRthis").attrs["value"]; !strings.HasPrefix(this, strings.TrimSuffix(lv.uri, ".akn")+"/!main") {
			tb.Errorf("%s: got FRBRthis %q, want %q/!main…", lv.name, this, lv.uri)
		}
		if date := e.path(tb, "FRBRdate").attrs["date"]; len(date) != 10 {
			tb.Errorf("%s: got FRBRdate %q, want YYYY-MM-DD", lv.name, date)
		}
	}
	if doc.path(tb, "preface", "longTitle", "p", "docTitle").inner() != d.Title {
		tb.Errorf("got docTitle %q, want %q", doc.path(tb, "preface", "longTitle", "p", "docTitle").inner(), d.Title)
	}

	// The hierarchy, in document order, against the draft's points.
	seen := map[string]bool{}
	var got []*elem
	var parentOf = map[*elem]*elem{}
	var walk func(e *elem)
	walk = func(e *elem) {
		if id, ok := e.attrs["eId"]; ok {
			if seen[id] {
				tb.Errorf("got eId %q twice", id)
			}
			seen[id] = true
		}
		if hier[e.name] {
			got = append(got, e)
			checkOrder(tb, e)
		}
		for _, k := range e.kids {
			parentOf[k] = e
			walk(k)
		}
	}
	walk(doc) // eIds are unique in the whole document, meta included
	var refs func(e *elem)
	refs = func(e *elem) {
		for name, v := range e.attrs {
			if strings.HasPrefix(v, "#") && !seen[v[1:]] {
				tb.Errorf("<%s %s=%q> refers to no eId", e.name, name, v)
			}
		}
		for _, k := range e.kids {
			refs(k)
		}
	}
	refs(doc)
	if len(got) != len(d.Points) {
		tb.Fatalf("got %d hierarchy elements, want %d, one per point and section", len(got), len(d.Points))
	}
	elemOf := map[int64]*elem{}
	for i, p := range d.Points {
		e := got[i]
		elemOf[p.ID] = e
		want := "article"
		parent := elemOf[p.Parent]
		switch {
		case p.Kind == parley.KindSection && (parent == nil):
			want = "section"
		case p.Kind == parley.KindSection:
			want = "subsection"
		case parent != nil && (parent.name == "article" || parent.name == "point"):
			want = "point"
		}
		if e.name != want {
			tb.Errorf("%s: got <%s>, want <%s>", p.Label(), e.name, want)
		}
		if parent != nil && parentOf[e] != parent {
			tb.Errorf("%s: got it under <%s eId=%q>, want under %q", p.Label(), parentOf[e].name, parentOf[e].attrs["eId"], parent.attrs["eId"])
		}
		eID := e.attrs["eId"]
		switch {
		case strings.ContainsAny(eID, " \t\n"):
			tb.Errorf("%s: got eId %q, want no white space", p.Label(), eID)
		case e.name == "article" && !strings.HasPrefix(eID, "art_"):
			tb.Errorf("%s: got eId %q, want art_…", p.Label(), eID)
		case e.name == "article" && p.Number == "7" && eID != "art_7":
			tb.Errorf("%s: got eId %q, want art_7", p.Label(), eID)
		case parent != nil && e.name != "article" && !strings.HasPrefix(eID, parent.attrs["eId"]+"__"):
			tb.Errorf("%s: got eId %q, want it to start with its parent's %q__", p.Label(), eID, parent.attrs["eId"])
		}
		if num := e.child("num"); p.Kind == parley.KindPoint && p.Number != "" && (num == nil || num.inner() != p.Number) {
			tb.Errorf("%s: got num %v, want %q", p.Label(), num, p.Number)
		}
		if h := e.child("heading"); p.Title != "" && (h == nil || h.inner() != p.Title) {
			tb.Errorf("%s: got heading %v, want %q", p.Label(), h, p.Title)
		}
		var ps []string
		for _, block := range []string{"intro", "content"} {
			if b := e.child(block); b != nil {
				for _, k := range b.kids {
					if k.name == "p" && k.text != "" {
						ps = append(ps, k.text)
					}
				}
			}
		}
		if want := strings.Join(ps, "\n\n"); want != strings.TrimSpace(p.Text) {
			tb.Errorf("%s: got text %q, want %q", p.Label(), want, p.Text)
		}
	}
}

// checkOrder checks a hierarchy element's children: num?, heading?, then
// either content, or intro? and at least one hierarchy element.
func checkOrder(tb testing.TB, e *elem) {
	tb.Helper()
	var names []string
	for _, k := range e.kids {
		names = append(names, k.name)
	}
	i := 0
	for _, opt := range []string{"num", "heading"} {
		if i < len(names) && names[i] == opt {
			i++
		}
	}
	rest := names[i:]
	switch {
	case len(rest) == 1 && rest[0] == "content":
	case len(rest) > 0:
		if rest[0] == "intro" {
			rest = rest[1:]
		}
		if len(rest) == 0 {
			tb.Errorf("<%s eId=%q>: got intro and no sub-elements", e.name, e.attrs["eId"])
		}
		for _, n := range rest {
			if !hier[n] {
				tb.Errorf("<%s eId=%q>: got children %v, want num?, heading?, then content or intro? and sub-elements", e.name, e.attrs["eId"], names)
				break
			}
		}
	default:
		tb.Errorf("<%s eId=%q>: got children %v, want content or sub-elements", e.name, e.attrs["eId"], names)
	}
}

func isSubsequence(want, got []string) bool {
	i := 0
	for _, g := range got {
		if i < len(want) && g == want[i] {
			i++
		}
	}
	return i == len(want)
}

func TestWrite(t *testing.T) {
	tests := []struct {
		name  string
		draft *parley.Draft
		meta  akn.Meta
		work  string
	}{
		{"demo draft 5", formattest.DemoDraft(t, 5), akn.Meta{Date: time.Date(2025, 11, 20, 0, 0, 0, 0, time.UTC), Work: "moscow-2025", Now: fixedNow},
			"/akn/int/doc/agreement/2025-11-20/moscow-2025"},
		{"sub-points", formattest.HandDraft(), akn.Meta{Now: fixedNow}, "/akn/int/doc/agreement/2025-12-02/talks-3"},
		{"working draft", &parley.Draft{TalksID: 9, Title: "Working text", Points: []parley.Point{
			{ID: 1, Kind: parley.KindSection, Title: "Empty section"},
			{ID: 2, Kind: parley.KindPoint, Number: "1", Text: "Only point."}}},
			akn.Meta{Now: fixedNow}, "/akn/int/doc/agreement/2025-12-03/talks-9"},
		{"odd text and numbers", &parley.Draft{TalksID: 4, Number: 3, Title: "Odd <text> & \"quotes\"", TabledBy: "Envoy O'Neil",
			TabledAt: time.Date(2025, 12, 2, 23, 30, 0, 0, time.FixedZone("MSK", 3*3600)), Points: []parley.Point{
				{ID: 1, Kind: parley.KindPoint, Number: "1 bis", Title: "A&B", Text: "One line\nand another."},
				{ID: 2, Kind: parley.KindPoint, Number: "1 bis", Text: "Same number again."},
				{ID: 3, Kind: parley.KindPoint, Parent: 2, Number: "", Text: "No number."}}},
			akn.Meta{Now: fixedNow, Work: "talks/4", Language: "rus", Country: "un"}, "/akn/un/doc/agreement/2025-12-02/talks-4"},
	}
	// Tablers whose names are also the document's own eIds, or no name.
	for _, by := range []string{"parley", "mediator", "art_1", "1st envoy", "Посредник"} {
		tests = append(tests, struct {
			name  string
			draft *parley.Draft
			meta  akn.Meta
			work  string
		}{"tabled by " + by, tablerDraft(by), akn.Meta{Now: fixedNow}, "/akn/int/doc/agreement/2025-12-02/talks-5"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := write(t, tt.draft, tt.meta)
			lang := tt.meta.Language
			if lang == "" {
				lang = "eng"
			}
			checkStructure(t, parse(t, b), tt.draft, tt.work, lang)
		})
	}
}

// TestWriteGolden compares the hand-built draft's document with
// testdata/subpoints.akn.xml; go test -update rewrites it.
func TestWriteGolden(t *testing.T) {
	formattest.Golden(t, "subpoints.akn.xml", write(t, formattest.HandDraft(), akn.Meta{Now: fixedNow}))
}

// TestWriteControlChars checks that characters XML cannot hold leave a
// well-formed, valid document.
func TestWriteControlChars(t *testing.T) {
	d := &parley.Draft{Number: 1, Title: "Nul\x00 and bell\x07", Points: []parley.Point{
		{ID: 1, Kind: parley.KindPoint, Number: "1", Title: "Esc\x1b", Text: "Form feed\x0c here \ufffe."}}}
	b := write(t, d, akn.Meta{Now: fixedNow})
	parse(t, b)
	mustValidate(t, subsetXSD, b)
}

func TestWriteNil(t *testing.T) {
	if err := akn.Write(io.Discard, nil, akn.Meta{}); err == nil {
		t.Errorf("Write(nil): got no error, want one")
	}
}

// documents returns every document the tests export: the demo's drafts,
// the hand-made draft, a working draft, odd text and numbers, and
// characters XML cannot hold.
func documents(tb testing.TB) map[string][]byte {
	tb.Helper()
	docs := map[string][]byte{}
	for i, d := range formattest.DemoDrafts(tb) {
		docs["demo draft "+strconv.Itoa(i+1)] = write(tb, d, akn.Meta{Work: "moscow-2025", Now: fixedNow})
	}
	for lang, b := range expressions(tb) {
		docs["demo draft 5 in "+lang] = b
	}
	docs["hand-made"] = write(tb, formattest.HandDraft(), akn.Meta{Now: fixedNow})
	docs["working draft"] = write(tb, &parley.Draft{TalksID: 9, Title: "Working text", Points: []parley.Point{
		{ID: 1, Kind: parley.KindSection, Title: "Empty section"},
		{ID: 2, Kind: parley.KindPoint, Number: "1", Text: "Only point."}}}, akn.Meta{Now: fixedNow})
	docs["no points"] = write(tb, &parley.Draft{TalksID: 9, Number: 1}, akn.Meta{Now: fixedNow})
	docs["odd text and numbers"] = write(tb, &parley.Draft{TalksID: 4, Number: 3, Title: "Odd <text> & \"quotes\"", TabledBy: "Envoy O'Neil",
		TabledAt: time.Date(2025, 12, 2, 23, 30, 0, 0, time.FixedZone("MSK", 3*3600)), Points: []parley.Point{
			{ID: 1, Kind: parley.KindPoint, Number: "1 bis", Title: "A&B", Text: "One line\nand another."},
			{ID: 2, Kind: parley.KindPoint, Number: "1 bis", Text: "Same number again."},
			{ID: 3, Kind: parley.KindPoint, Parent: 2, Number: "", Text: "No number."}}},
		akn.Meta{Now: fixedNow, Work: "talks/4", Language: "rus", Country: "un"})
	for _, by := range []string{"parley", "mediator", "art_1", "1st envoy"} {
		docs["tabled by "+by] = write(tb, tablerDraft(by), akn.Meta{Now: fixedNow})
	}
	docs["control characters"] = write(tb, &parley.Draft{Number: 1, Title: "Nul\x00 and bell\x07", Points: []parley.Point{
		{ID: 1, Kind: parley.KindPoint, Number: "1", Title: "Esc\x1b", Text: "Form feed\x0c here \ufffe."}}}, akn.Meta{Now: fixedNow})
	return docs
}

// TestSubsetSchema validates every exported document against
// testdata/akn-subset.xsd with xmllint. It runs wherever xmllint is
// installed, and fails in CI without it.
func TestSubsetSchema(t *testing.T) {
	for name, b := range documents(t) {
		t.Run(name, func(t *testing.T) { mustValidate(t, subsetXSD, b) })
	}
	t.Run("golden", func(t *testing.T) {
		b, err := os.ReadFile(filepath.Join("testdata", "subpoints.akn.xml"))
		if err != nil {
			t.Fatal(err)
		}
		mustValidate(t, subsetXSD, b)
	})
}

// TestSubsetSchemaRejects checks that the subset schema can fail: each
// change to the golden document breaks a rule Write keeps.
func TestSubsetSchemaRejects(t *testing.T) {
	golden, err := os.ReadFile(filepath.Join("testdata", "subpoints.akn.xml"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		edits []string // old, new, old, new …
	}{
		{"element not in Akoma Ntoso", []string{"<heading>General provisions</heading>", "<title>General provisions</title>"}},
		{"another namespace", []string{`xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"`, `xmlns="http://example.org/akn"`}},
		{"another document type", []string{`<doc name="agreement">`, `<doc name="act">`}},
		{"a date that is no date", []string{`date="2025-12-02" name="tabled"`, `date="2 December 2025" name="tabled"`}},
		{"the same eId twice", []string{`eId="art_2"`, `eId="art_1"`}},
		{"an eId with a space", []string{`eId="art_4"`, `eId="art 4"`}},
		{"content and children", []string{"<intro>\n          <p>The parties agree", "<content>\n          <p>The parties agree",
			"</intro>\n        <article", "</content>\n        <article"}},
		{"markup in a heading", []string{"<heading>Reports</heading>", "<heading><b>Reports</b></heading>"}},
		{"a point directly in a section", []string{`<article eId="art_1">`, `<point eId="art_1">`,
			"</article>\n        <subsection", "</point>\n        <subsection"}},
		{"identification renamed", []string{`<identification source="#parley">`, `<identity source="#parley">`,
			"</identification>", "</identity>"}},
		{"FRBR out of order", []string{"<FRBRcountry value=\"int\"/>\n          <FRBRsubtype value=\"agreement\"/>",
			"<FRBRsubtype value=\"agreement\"/>\n          <FRBRcountry value=\"int\"/>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			broken := golden
			for i := 0; i+1 < len(tt.edits); i += 2 {
				old, new := []byte(tt.edits[i]), []byte(tt.edits[i+1])
				if !bytes.Contains(broken, old) {
					t.Fatalf("the golden document has no %q to change", old)
				}
				broken = bytes.Replace(broken, old, new, 1)
			}
			out, err := xmllint(t, subsetXSD, broken)
			if err == nil {
				t.Fatalf("xmllint: got the broken document valid, want it rejected\n%s", out)
			}
			// A well-formed document the schema rejects, not a parse error.
			if !strings.Contains(out, "fails to validate") || strings.Contains(out, "parser error") {
				t.Errorf("xmllint: got %v\n%s\nwant the schema to reject a well-formed document (\"fails to validate\")", err, out)
			}
		})
	}
}

// TestOASISSchema validates every exported document against the full
// OASIS Akoma Ntoso 3.0 schema. No package registry this project can
// reach ships that schema, so the test runs only when PARLEY_AKN_XSD
// names a copy of akomantoso30.xsd (with xml.xsd beside it), and skips
// otherwise, in CI too; TestSubsetSchema is the check CI makes.
func TestOASISSchema(t *testing.T) {
	xsd := os.Getenv(oasisXSDEnv)
	if xsd == "" {
		t.Skipf("set %s to the path of the OASIS akomantoso30.xsd (with xml.xsd beside it) to validate against the full schema", oasisXSDEnv)
	}
	for name, b := range documents(t) {
		t.Run(name, func(t *testing.T) { mustValidate(t, xsd, b) })
	}
}

// mustValidate fails the test unless xmllint finds b valid against the
// schema xsd.
func mustValidate(tb testing.TB, xsd string, b []byte) {
	tb.Helper()
	if out, err := xmllint(tb, xsd, b); err != nil {
		tb.Errorf("xmllint --schema %s: %v\n%s", xsd, err, out)
	}
}

// xmllint validates b against the schema xsd and returns what xmllint
// said. Where xmllint is missing the test skips, or fails in CI.
func xmllint(tb testing.TB, xsd string, b []byte) (string, error) {
	tb.Helper()
	lint := testenv.LookPath(tb, "xmllint", "install the Debian package libxml2-utils to validate Akoma Ntoso documents")
	f := filepath.Join(tb.TempDir(), "draft.xml")
	if err := os.WriteFile(f, b, 0o644); err != nil {
		tb.Fatal(err)
	}
	out, err := exec.Command(lint, "--noout", "--nonet", "--schema", xsd, f).CombinedOutput()
	return string(out), err
}

// tablerDraft is a one-article draft tabled by the given name.
func tablerDraft(by string) *parley.Draft {
	return &parley.Draft{TalksID: 5, Number: 1, Title: "Agreement", TabledBy: by, TabledAt: time.Date(2025, 12, 2, 9, 0, 0, 0, time.UTC),
		Points: []parley.Point{{ID: 1, Kind: parley.KindPoint, Number: "1", Text: "One point."}}}
}
