package docx_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/diff"
	"github.com/parley-talks/parley/format/docx"
	"github.com/parley-talks/parley/format/internal/formattest"
	"github.com/parley-talks/parley/internal/testenv"
)

// parts are the package's parts every document has.
var parts = []string{
	"[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
	"word/document.xml", "word/_rels/document.xml.rels", "word/styles.xml", "word/settings.xml",
	"word/header1.xml", "word/footer1.xml",
}

// unpack reads a DOCX package, checks that it holds every part and that
// every part is well-formed XML, and returns the parts by name.
func unpack(tb testing.TB, data []byte) map[string][]byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		tb.Fatalf("reading the package: %v", err)
	}
	if len(zr.File) == 0 || zr.File[0].Name != "[Content_Types].xml" {
		tb.Errorf("got first part %q, want [Content_Types].xml", zr.File[0].Name)
	}
	got := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			tb.Fatalf("opening %s: %v", f.Name, err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			tb.Fatalf("reading %s: %v", f.Name, err)
		}
		got[f.Name] = b
		dec := xml.NewDecoder(bytes.NewReader(b))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				tb.Fatalf("%s is not well-formed XML: %v", f.Name, err)
			}
		}
	}
	for _, name := range parts {
		if _, ok := got[name]; !ok {
			tb.Errorf("got no part %s", name)
		}
	}
	return got
}

// docPara is a paragraph of word/document.xml as read back.
type docPara struct {
	style string
	mark  diff.OpKind // the paragraph mark's tracked change, if any
	runs  []diff.Op   // text, with w:tab as "\t" and w:br as "\n"
}

const nsW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

// paragraphs reads the paragraphs of word/document.xml, with the tracked
// changes their runs and marks stand in. It checks that every w:ins and
// w:del has an id and the author Parley.
func paragraphs(tb testing.TB, doc []byte) []docPara {
	tb.Helper()
	var out []docPara
	var cur *docPara
	kind := diff.Equal
	inPPr, inText := false, false
	dec := xml.NewDecoder(bytes.NewReader(doc))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		} else if err != nil {
			tb.Fatal(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != nsW {
				continue
			}
			attr := func(name string) string {
				for _, a := range t.Attr {
					if a.Name.Local == name && a.Name.Space == nsW {
						return a.Value
					}
				}
				return ""
			}
			switch t.Name.Local {
			case "p":
				out = append(out, docPara{mark: diff.Equal})
				cur = &out[len(out)-1]
			case "pPr":
				inPPr = true
			case "pStyle":
				cur.style = attr("val")
			case "ins", "del":
				if attr("author") != docx.Author || attr("id") == "" {
					tb.Errorf("got w:%s with author %q and id %q, want author %q and an id", t.Name.Local, attr("author"), attr("id"), docx.Author)
				}
				k := diff.Insert
				if t.Name.Local == "del" {
					k = diff.Delete
				}
				if inPPr {
					cur.mark = k
				} else {
					kind = k
				}
			case "t", "delText":
				if (t.Name.Local == "delText") != (kind == diff.Delete) {
					tb.Errorf("got w:%s in a run of kind %s", t.Name.Local, kind)
				}
				inText = true
			case "tab", "br":
				if !inPPr {
					s := "\t"
					if t.Name.Local == "br" {
						s = "\n"
					}
					cur.runs = append(cur.runs, diff.Op{Kind: kind, Text: s})
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "pPr":
				inPPr = false
			case "ins", "del":
				if !inPPr {
					kind = diff.Equal
				}
			case "t", "delText":
				inText = false
			}
		case xml.CharData:
			if inText && cur != nil {
				cur.runs = append(cur.runs, diff.Op{Kind: kind, Text: string(t)})
			}
		}
	}
	return out
}

// reading returns the document's text as it reads once every tracked
// change is accepted (skip Delete) or rejected (skip Insert): one line per
// paragraph, lines broken inside a paragraph by "\n" too.
func reading(paras []docPara, skip diff.OpKind) string {
	var b strings.Builder
	for _, p := range paras {
		for _, r := range p.runs {
			if r.Kind != skip {
				b.WriteString(r.Text)
			}
		}
		if p.mark != skip {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// pointLines returns the lines a draft's points should read as, in order:
// "3.b\tTitle. Text" for each point's first paragraph, then its other
// paragraphs; a section's title.
func pointLines(d *parley.Draft) []string {
	var lines []string
	for _, p := range d.Points {
		paras := strings.Split(p.Text, "\n\n")
		if p.Kind == parley.KindSection {
			lines = append(lines, p.Title)
			if p.Text != "" {
				lines = append(lines, paras...)
			}
			continue
		}
		first := p.Number + "\t"
		if p.Title != "" {
			first += p.Title
			if !strings.ContainsAny(p.Title[len(p.Title)-1:], ".:?!;") {
				first += "."
			}
			first += " "
		}
		lines = append(lines, first+paras[0])
		lines = append(lines, paras[1:]...)
	}
	return lines
}

// inOrder checks that text holds each of lines as a line of its own (or,
// for lines with line breaks, as consecutive lines), in order.
func inOrder(tb testing.TB, what, text string, lines []string) {
	tb.Helper()
	at := 0
	for _, want := range lines {
		i := strings.Index(text[at:], "\n"+want+"\n")
		if i < 0 {
			tb.Errorf("%s: got no line %q after offset %d in\n%s", what, want, at, text)
			return
		}
		at += i + len(want) + 1
	}
}

func write(tb testing.TB, d *parley.Draft, opts docx.Options) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := docx.Write(&buf, d, opts); err != nil {
		tb.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

func TestWrite(t *testing.T) {
	tests := []struct {
		name   string
		draft  *parley.Draft
		opts   docx.Options
		header string
		styles map[string]string // point number or section title -> paragraph style
	}{
		{"demo draft 5", formattest.DemoDraft(t, 5), docx.Options{}, "Confidential — Draft 5",
			map[string]string{"Sovereignty and security": "Heading1", "1": "Point1", "22": "Point1"}},
		{"sub-points", formattest.HandDraft(), docx.Options{Marking: "Restricted", Location: time.FixedZone("MSK", 3*3600)}, "Restricted — Draft 2",
			map[string]string{"General provisions": "Heading1", "Scope": "Heading2", "1": "Point1", "3.a": "Point2", "3.b.i": "Point3", "4": "Point1"}},
		{"working draft", &parley.Draft{Number: 0, Title: "Working text", Points: []parley.Point{{ID: 1, Kind: parley.KindPoint, Number: "1", Text: "Only point."}}},
			docx.Options{}, "Confidential — Working draft", map[string]string{"1": "Point1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := unpack(t, write(t, tt.draft, tt.opts))
			paras := paragraphs(t, got["word/document.xml"])
			text := "\n" + reading(paras, diff.Delete)
			if len(paras) == 0 || paras[0].style != "Title" {
				t.Fatalf("got first paragraph %+v, want the title", paras)
			}
			head := []string{tt.draft.Title, "Working draft"}
			if tt.draft.Number != 0 {
				date := tt.draft.TabledAt.In(time.UTC)
				if tt.opts.Location != nil {
					date = tt.draft.TabledAt.In(tt.opts.Location)
				}
				head[1] = "Draft " + strconv.Itoa(tt.draft.Number) + ", tabled " + date.Format("2 January 2006") + " by " + tt.draft.TabledBy
			}
			if tt.draft.Note != "" {
				head = append(head, strings.Split(tt.draft.Note, "\n\n")...)
			}
			inOrder(t, "head", text, head)
			inOrder(t, "points", text, pointLines(tt.draft))

			styleOf := map[string]string{}
			for _, p := range paras {
				s := reading([]docPara{p}, diff.Delete)
				if num, _, ok := strings.Cut(s, "\t"); ok {
					styleOf[num] = p.style
				} else {
					styleOf[strings.TrimSuffix(s, "\n")] = p.style
				}
			}
			for key, want := range tt.styles {
				if styleOf[key] != want {
					t.Errorf("%q: got style %q, want %q", key, styleOf[key], want)
				}
			}
			styles := string(got["word/styles.xml"])
			for s := range styleOf {
				if id := styleOf[s]; id != "" && !strings.Contains(styles, `w:styleId="`+id+`"`) {
					t.Errorf("got no style %s in styles.xml", id)
				}
			}
			if h := string(got["word/header1.xml"]); !strings.Contains(h, ">"+tt.header+"<") {
				t.Errorf("got header %s, want one reading %q", h, tt.header)
			}
			for _, field := range []string{"PAGE", "NUMPAGES"} {
				if f := string(got["word/footer1.xml"]); !strings.Contains(f, `w:instr=" `+field+` "`) {
					t.Errorf("got footer %s, want a %s field", f, field)
				}
			}
		})
	}
}

// TestWriteGolden compares the document part of the hand-built draft with
// testdata/subpoints.document.xml; go test -update rewrites it.
func TestWriteGolden(t *testing.T) {
	formattest.Golden(t, "subpoints.document.xml", unpack(t, write(t, formattest.HandDraft(), docx.Options{}))["word/document.xml"])
}

func TestWriteDeterministic(t *testing.T) {
	a, b := write(t, formattest.HandDraft(), docx.Options{}), write(t, formattest.HandDraft(), docx.Options{})
	if !bytes.Equal(a, b) {
		t.Errorf("got two different packages for one draft")
	}
}

func redline(tb testing.TB, older, newer *parley.Draft, res *diff.Result) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := docx.WriteRedline(&buf, older, newer, res); err != nil {
		tb.Fatalf("WriteRedline: %v", err)
	}
	return buf.Bytes()
}

// texts returns the paragraphs of the texts of a draft's points, titles
// and numbers excluded, broken at line breaks too.
func texts(d *parley.Draft) []string {
	var out []string
	for _, p := range d.Points {
		for _, para := range strings.Split(p.Text, "\n\n") {
			if para != "" {
				out = append(out, strings.Split(para, "\n")...)
			}
		}
	}
	return out
}

func TestWriteRedline(t *testing.T) {
	type pair struct {
		older, newer *parley.Draft
		res          *diff.Result
	}
	demoPair := func(from, to int) pair {
		o, n, r := demoRedline(t, from, to)
		return pair{o, n, r}
	}
	o, n, r := handPair()
	tests := []struct {
		name string
		pair
		inserted, deleted []string
	}{
		{"demo 1 to 5", demoPair(1, 5), []string{"admit", "800"}, []string{"join NATO", "600"}},
		{"demo 4 to 5", demoPair(4, 5), []string{"on signing; forces"}, []string{"as soon as both parties"}},
		{"every kind of change", pair{o, n, r},
			[]string{"An OSCE mission monitors the ceasefire.", "midnight after signature", "The bodies of the dead are returned", " and withdrawal"},
			[]string{"Military flights over the zone stop.", "once", "Red Cross", "Flights"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := unpack(t, redline(t, tt.older, tt.newer, tt.res))
			paras := paragraphs(t, got["word/document.xml"])
			var ins, del strings.Builder
			for _, p := range paras {
				for _, r := range p.runs {
					switch r.Kind {
					case diff.Insert:
						ins.WriteString(r.Text)
					case diff.Delete:
						del.WriteString(r.Text)
					}
				}
			}
			for _, w := range tt.inserted {
				if !strings.Contains(ins.String(), w) {
					t.Errorf("got inserted text %q, want it to hold %q", ins.String(), w)
				}
			}
			for _, w := range tt.deleted {
				if !strings.Contains(del.String(), w) {
					t.Errorf("got deleted text %q, want it to hold %q", del.String(), w)
				}
			}
			// Accepting every change gives the newer draft's text, rejecting
			// every change the older one's.
			accepted := "\n" + reading(paras, diff.Delete)
			rejected := "\n" + reading(paras, diff.Insert)
			inOrder(t, "accepted", accepted, pointLines(tt.newer))
			for _, s := range texts(tt.older) {
				if !strings.Contains(rejected, s) {
					t.Errorf("rejected: got no %q in\n%s", s, rejected)
				}
			}
			if h := string(got["word/header1.xml"]); !strings.Contains(h, "compared with draft") {
				t.Errorf("got header %s, want it to name both drafts", h)
			}
		})
	}
}

func TestWriteRedlineErrors(t *testing.T) {
	o, n, r := handPair()
	for _, tt := range []struct {
		name         string
		older, newer *parley.Draft
		res          *diff.Result
	}{{"no older", nil, n, r}, {"no newer", o, nil, r}, {"no result", o, n, nil}} {
		if err := docx.WriteRedline(io.Discard, tt.older, tt.newer, tt.res); err == nil {
			t.Errorf("%s: got no error, want one", tt.name)
		}
	}
	if err := docx.Write(io.Discard, nil, docx.Options{}); err == nil {
		t.Errorf("Write(nil): got no error, want one")
	}
}

// loProfileDir is the LibreOffice profile every conversion of this test
// binary shares: LibreOffice spends much of a first start setting a new
// profile up. Conversions never overlap (see convertAll), so sharing it is
// safe; TestMain removes it.
var loProfileDir string

func loProfile(tb testing.TB) string {
	tb.Helper()
	if loProfileDir == "" {
		dir, err := os.MkdirTemp("", "parley-docx-lo-")
		if err != nil {
			tb.Fatal(err)
		}
		loProfileDir = dir
	}
	return loProfileDir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if loProfileDir != "" {
		os.RemoveAll(loProfileDir)
	}
	os.Exit(code)
}

// convertAll opens the named DOCX files in LibreOffice headless and
// converts them all in one run (LibreOffice starts slowly, and crashes when
// several runs start at once: the machine-wide "libreoffice" lock keeps
// runs of this and other packages apart). It returns each converted
// file's content by name.
func convertAll(tb testing.TB, files map[string][]byte, to, ext string) map[string][]byte {
	tb.Helper()
	lo := testenv.LookPath(tb, "soffice", "install the Debian package libreoffice-writer-nogui to open the DOCX files in a test")
	dir := tb.TempDir()
	args := []string{"-env:UserInstallation=file://" + filepath.ToSlash(loProfile(tb)),
		"--headless", "--norestore", "--convert-to", to, "--outdir", filepath.Join(dir, "out")}
	for name, data := range files {
		in := filepath.Join(dir, name+".docx")
		if err := os.WriteFile(in, data, 0o644); err != nil {
			tb.Fatal(err)
		}
		args = append(args, in)
	}
	defer testenv.Exclusive(tb, "libreoffice")()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, lo, args...)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		tb.Fatalf("%s: %v\n%s", cmd, err, out)
	}
	got := map[string][]byte{}
	for name := range files {
		b, err := os.ReadFile(filepath.Join(dir, "out", name+"."+ext))
		if err != nil {
			tb.Fatalf("LibreOffice did not convert %s: %v\n%s", name, err, out)
		}
		got[name] = b
	}
	return got
}

// TestLibreOffice opens draft 5 of the demo and a redline in LibreOffice,
// converts them to text and PDF, and checks they read as the numbered
// peace plan.
func TestLibreOffice(t *testing.T) {
	testenv.LookPath(t, "soffice", "install the Debian package libreoffice-writer-nogui to open the DOCX files in a test")
	t.Parallel()
	d5 := formattest.DemoDraft(t, 5)
	o, n, r := demoRedline(t, 4, 5)
	ho, hn, hr := handPair()
	tests := []struct {
		name      string
		docx      []byte
		lines     []string // in order
		contained []string
	}{
		{"demo draft 5", write(t, d5, docx.Options{}), append([]string{d5.Title, d5.Note}, pointLines(d5)...), nil},
		{"sub-points", write(t, formattest.HandDraft(), docx.Options{}), pointLines(formattest.HandDraft()), nil},
		{"redline 4 to 5", redline(t, o, n, r), nil, []string{"as soon as both parties", "on signing; forces", "within 30 days"}},
		{"redline of every kind of change", redline(t, ho, hn, hr), nil,
			[]string{"Military flights over the zone stop.", "An OSCE mission monitors the ceasefire.", "once", "midnight after signature"}},
		{"amendment table", amendmentTable(t), nil, []string{"Forces withdraw <now> & for ever.", "Our reasons.", "taken in part into draft 5",
			"The deadline only.", "Split the point into:"}},
	}
	files := map[string][]byte{}
	for i, tt := range tests {
		files[fmt.Sprint("draft", i)] = tt.docx
	}
	// Two runs for all four files: one to text, one to PDF.
	texts := convertAll(t, files, "txt:Text (encoded):UTF8", "txt")
	pdfs := convertAll(t, files, "pdf", "pdf")
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := fmt.Sprint("draft", i)
			txt := string(texts[name])
			txt = "\n" + strings.TrimPrefix(strings.ReplaceAll(txt, "\r\n", "\n"), "\ufeff") + "\n"
			inOrder(t, "LibreOffice text", txt, tt.lines)
			for _, s := range tt.contained {
				if !strings.Contains(txt, s) {
					t.Errorf("LibreOffice text: got no %q in\n%s", s, txt)
				}
			}
			pdf := pdfs[name]
			if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
				t.Fatalf("got a PDF starting %q, want %%PDF-", pdf[:min(len(pdf), 8)])
			}
			out := formattest.PDFText(t, pdf)
			for _, want := range []string{"Confidential — Draft", "Page 1 of "} {
				if !strings.Contains(string(out), want) {
					t.Errorf("PDF from LibreOffice: got no %q (header and footer) in\n%s", want, out)
				}
			}
		})
	}
}
