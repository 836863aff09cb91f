package docx

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/parley-talks/parley/diff"
)

// maxPointLevel is the deepest point level with a style of its own; deeper
// points are indented as this one.
const maxPointLevel = 6

// run is a stretch of text with one formatting and one revision kind. A
// tab run stands for a tab character.
type run struct {
	text         string
	tab          bool
	bold, italic bool
	kind         diff.OpKind // Equal, or Insert or Delete as a tracked change
	lang         string      // the text's language (w:lang), "" for the document's
}

// para is a paragraph: its style, its runs and the revision kind of its
// paragraph mark (a deleted mark joins the paragraph to the next).
type para struct {
	style string
	mark  diff.OpKind
	runs  []run
}

// document accumulates word/document.xml's body.
type document struct {
	body     strings.Builder
	cur      para
	open     bool
	lastMark diff.OpKind
	revID    int
	revDate  time.Time // the date of tracked changes; none when zero
	modified time.Time // the zip entries' time
}

func newDocument(modified time.Time) *document {
	return &document{modified: modified}
}

// para writes a whole paragraph.
func (doc *document) para(p para) {
	doc.start(p)
	doc.end(diff.Equal)
}

// start opens a paragraph, ending the open one.
func (doc *document) start(p para) {
	if doc.open {
		doc.end(diff.Equal)
	}
	doc.cur, doc.open = p, true
}

// end writes the open paragraph with its mark of the given kind.
func (doc *document) end(mark diff.OpKind) {
	if !doc.open {
		return
	}
	doc.cur.mark = mark
	doc.writePara(&doc.cur)
	doc.lastMark = mark
	doc.open = false
}

// add appends ops to the open paragraph; paragraph breaks in them are
// written as line breaks.
func (doc *document) add(ops []diff.Op, bold bool) {
	for _, op := range ops {
		doc.cur.runs = append(doc.cur.runs, run{text: strings.ReplaceAll(op.Text, "\n\n", "\n"), bold: bold, kind: op.Kind})
	}
}

// flow writes ops as paragraphs: the first of style, the rest of cont.
func (doc *document) flow(style, cont string, ops []diff.Op, bold bool) {
	doc.start(para{style: style})
	doc.flowInto(cont, ops, bold, overall(ops))
}

// flowInto continues the open paragraph with ops, starting a paragraph of
// style cont at each paragraph break ("\n\n"). A break's paragraph mark
// takes the kind of the op it stands in, so that accepting or rejecting
// every change joins and splits paragraphs as the texts do. The last
// paragraph's mark is of kind last.
func (doc *document) flowInto(cont string, ops []diff.Op, bold bool, last diff.OpKind) {
	for _, op := range ops {
		pieces := strings.Split(op.Text, "\n\n")
		for i, s := range pieces {
			if i > 0 {
				doc.end(op.Kind)
				doc.cur, doc.open = para{style: cont}, true
			}
			if s != "" {
				doc.cur.runs = append(doc.cur.runs, run{text: s, bold: bold, kind: op.Kind})
			}
		}
	}
	doc.end(last)
}

const (
	nsW   = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsRel = "http://schemas.openxmlformats.org/package/2006/relationships"
	relOD = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
)

// esc escapes s as XML character data or an attribute value; characters
// XML cannot hold become U+FFFD.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// revision opens a w:ins or w:del element.
func (doc *document) revision(b *strings.Builder, name string) {
	doc.revID++
	fmt.Fprintf(b, `<w:%s w:id="%d" w:author="%s"`, name, doc.revID, Author)
	if !doc.revDate.IsZero() {
		fmt.Fprintf(b, ` w:date="%s"`, doc.revDate.UTC().Format("2006-01-02T15:04:05Z"))
	}
}

func (doc *document) writePara(p *para) {
	b := &doc.body
	b.WriteString(`<w:p><w:pPr>`)
	if p.style != "" {
		fmt.Fprintf(b, `<w:pStyle w:val="%s"/>`, p.style)
	}
	switch p.mark {
	case diff.Insert:
		b.WriteString(`<w:rPr>`)
		doc.revision(b, "ins")
		b.WriteString(`/></w:rPr>`)
	case diff.Delete:
		b.WriteString(`<w:rPr>`)
		doc.revision(b, "del")
		b.WriteString(`/></w:rPr>`)
	}
	b.WriteString(`</w:pPr>`)
	// Runs of one revision kind share one w:ins or w:del.
	for i := 0; i < len(p.runs); {
		k := p.runs[i].kind
		j := i
		for j < len(p.runs) && p.runs[j].kind == k {
			j++
		}
		switch k {
		case diff.Insert:
			doc.revision(b, "ins")
			b.WriteString(`>`)
		case diff.Delete:
			doc.revision(b, "del")
			b.WriteString(`>`)
		}
		for _, r := range p.runs[i:j] {
			writeRun(b, r)
		}
		switch k {
		case diff.Insert:
			b.WriteString(`</w:ins>`)
		case diff.Delete:
			b.WriteString(`</w:del>`)
		}
		i = j
	}
	b.WriteString(`</w:p>`)
}

// writeRun writes one w:r; line breaks and tabs in the text become w:br
// and w:tab, and deleted text goes in w:delText.
func writeRun(b *strings.Builder, r run) {
	if !r.tab && r.text == "" {
		return
	}
	b.WriteString(`<w:r>`)
	if r.bold || r.italic || r.lang != "" {
		b.WriteString(`<w:rPr>`)
		if r.bold {
			b.WriteString(`<w:b/>`)
		}
		if r.italic {
			b.WriteString(`<w:i/>`)
		}
		if r.lang != "" {
			fmt.Fprintf(b, `<w:lang w:val="%s"/>`, esc(r.lang))
		}
		b.WriteString(`</w:rPr>`)
	}
	if r.tab {
		b.WriteString(`<w:tab/>`)
	}
	text := "t"
	if r.kind == diff.Delete {
		text = "delText"
	}
	s := strings.ReplaceAll(r.text, "\r\n", "\n")
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteString(`<w:br/>`)
		}
		for j, part := range strings.Split(line, "\t") {
			if j > 0 {
				b.WriteString(`<w:tab/>`)
			}
			if part == "" {
				continue
			}
			fmt.Fprintf(b, `<w:%s xml:space="preserve">%s</w:%s>`, text, esc(part), text)
		}
	}
	b.WriteString(`</w:r>`)
}

// packInfo is what the package's other parts say.
type packInfo struct {
	title   string
	header  string
	created time.Time
}

// Page layout: A4 with margins of 2.5 cm, in twentieths of a point.
const (
	pageW, pageH = 11906, 16838
	margin       = 1417
	indentStep   = 567 // 1 cm
	numberWidth  = 850 // 1.5 cm for "3.b.ii"
)

// pack writes the package: the document, its styles, settings, header and
// footer, the package relationships and the core and application
// properties.
func (doc *document) pack(w io.Writer, info packInfo) error {
	doc.end(diff.Equal)
	if doc.lastMark != diff.Equal {
		// The last paragraph mark stays: a deleted or inserted one would
		// leave the section properties without a paragraph to close.
		doc.para(para{})
	}
	var body strings.Builder
	body.WriteString(xml.Header)
	fmt.Fprintf(&body, `<w:document xmlns:w="%s" xmlns:r="%s"><w:body>`, nsW, nsR)
	body.WriteString(doc.body.String())
	fmt.Fprintf(&body, `<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/><w:footerReference w:type="default" r:id="rIdFooter"/>`+
		`<w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="708" w:footer="708" w:gutter="0"/>`+
		`<w:cols w:space="708"/></w:sectPr></w:body></w:document>`, pageW, pageH, margin, margin, margin, margin)

	created := ""
	if !info.created.IsZero() {
		t := info.created.UTC().Format("2006-01-02T15:04:05Z")
		created = `<dcterms:created xsi:type="dcterms:W3CDTF">` + t + `</dcterms:created>` +
			`<dcterms:modified xsi:type="dcterms:W3CDTF">` + t + `</dcterms:modified>`
	}
	parts := []struct{ name, data string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", packageRels},
		{"docProps/core.xml", xml.Header + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
			`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
			`<dc:title>` + esc(info.title) + `</dc:title><dc:creator>` + Author + `</dc:creator><cp:lastModifiedBy>` + Author + `</cp:lastModifiedBy>` +
			created + `</cp:coreProperties>`},
		{"docProps/app.xml", xml.Header + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
			`<Application>Parley</Application></Properties>`},
		{"word/document.xml", body.String()},
		{"word/_rels/document.xml.rels", documentRels},
		{"word/styles.xml", styles()},
		{"word/settings.xml", settings},
		{"word/header1.xml", xml.Header + `<w:hdr xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr>` +
			`<w:r><w:t xml:space="preserve">` + esc(info.header) + `</w:t></w:r></w:p></w:hdr>`},
		{"word/footer1.xml", xml.Header + `<w:ftr xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>` +
			`<w:r><w:t xml:space="preserve">Page </w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>` +
			`<w:r><w:t xml:space="preserve"> of </w:t></w:r><w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p></w:ftr>`},
	}
	modified := doc.modified
	if modified.IsZero() || modified.Year() < 1980 {
		modified = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	zw := zip.NewWriter(w)
	for _, p := range parts {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: modified.UTC()})
		if err != nil {
			return fmt.Errorf("docx: writing %s: %w", p.name, err)
		}
		if _, err := io.WriteString(f, p.data); err != nil {
			return fmt.Errorf("docx: writing %s: %w", p.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("docx: finishing the package: %w", err)
	}
	return nil
}

const contentTypes = xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
	`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
	`</Types>`

const packageRels = xml.Header + `<Relationships xmlns="` + nsRel + `">` +
	`<Relationship Id="rId1" Type="` + relOD + `/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="` + relOD + `/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const documentRels = xml.Header + `<Relationships xmlns="` + nsRel + `">` +
	`<Relationship Id="rIdStyles" Type="` + relOD + `/styles" Target="styles.xml"/>` +
	`<Relationship Id="rIdSettings" Type="` + relOD + `/settings" Target="settings.xml"/>` +
	`<Relationship Id="rIdHeader" Type="` + relOD + `/header" Target="header1.xml"/>` +
	`<Relationship Id="rIdFooter" Type="` + relOD + `/footer" Target="footer1.xml"/>` +
	`</Relationships>`

const settings = xml.Header + `<w:settings xmlns:w="` + nsW + `">` +
	`<w:defaultTabStop w:val="567"/><w:characterSpacingControl w:val="doNotCompress"/>` +
	`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
	`</w:settings>`

// styles returns word/styles.xml. Child elements keep the order the
// schema gives them (CT_Style: name, basedOn, next, uiPriority, qFormat,
// pPr, rPr; CT_PPr: keepNext, keepLines, tabs, spacing, ind, jc,
// outlineLvl), which Word insists on.
func styles() string {
	var b strings.Builder
	b.WriteString(xml.Header)
	b.WriteString(`<w:styles xmlns:w="` + nsW + `">`)
	b.WriteString(`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>` +
		`<w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:rPrDefault>` +
		`<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>`)
	style := func(id, name, pPr, rPr string, extra string) {
		fmt.Fprintf(&b, `<w:style w:type="paragraph" w:styleId="%s"><w:name w:val="%s"/>`, id, name)
		if id != "Normal" {
			b.WriteString(`<w:basedOn w:val="Normal"/>`)
		}
		b.WriteString(extra)
		if pPr != "" {
			b.WriteString(`<w:pPr>` + pPr + `</w:pPr>`)
		}
		if rPr != "" {
			b.WriteString(`<w:rPr>` + rPr + `</w:rPr>`)
		}
		b.WriteString(`</w:style>`)
	}
	b.WriteString(`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>`)
	b.WriteString(`<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>`)
	style("Title", "Title", `<w:spacing w:after="120"/><w:jc w:val="center"/>`, `<w:b/><w:sz w:val="36"/><w:szCs w:val="36"/>`,
		`<w:next w:val="Normal"/><w:uiPriority w:val="10"/><w:qFormat/>`)
	style("Subtitle", "Subtitle", `<w:spacing w:after="60"/><w:jc w:val="center"/>`, `<w:color w:val="404040"/>`,
		`<w:next w:val="Normal"/><w:uiPriority w:val="11"/><w:qFormat/>`)
	style("Note", "Note", `<w:spacing w:before="240" w:after="240"/>`, `<w:i/><w:iCs/>`, `<w:qFormat/>`)
	for lvl, sz := range []int{28, 26, 24} {
		style(fmt.Sprintf("Heading%d", lvl+1), fmt.Sprintf("heading %d", lvl+1),
			fmt.Sprintf(`<w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="%d"/>`, lvl),
			fmt.Sprintf(`<w:b/><w:bCs/><w:sz w:val="%d"/><w:szCs w:val="%d"/>`, sz, sz),
			`<w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>`)
	}
	style("BodyText", "Body Text", "", "", "")
	for lvl := 1; lvl <= maxPointLevel; lvl++ {
		left := (lvl-1)*indentStep + numberWidth
		style(fmt.Sprintf("Point%d", lvl), fmt.Sprintf("Point %d", lvl),
			fmt.Sprintf(`<w:tabs><w:tab w:val="left" w:pos="%d"/></w:tabs><w:ind w:left="%d" w:hanging="%d"/>`, left, left, numberWidth),
			"", fmt.Sprintf(`<w:next w:val="Point%d"/><w:qFormat/>`, lvl))
		style(fmt.Sprintf("PointText%d", lvl), fmt.Sprintf("Point Text %d", lvl),
			fmt.Sprintf(`<w:ind w:left="%d"/>`, left), "", "")
	}
	center := strconv.Itoa((pageW - 2*margin) / 2)
	right := strconv.Itoa(pageW - 2*margin)
	tabs := `<w:tabs><w:tab w:val="center" w:pos="` + center + `"/><w:tab w:val="right" w:pos="` + right + `"/></w:tabs>`
	style("Header", "header", tabs+`<w:spacing w:after="0"/><w:jc w:val="right"/>`, `<w:sz w:val="18"/><w:szCs w:val="18"/>`, `<w:uiPriority w:val="99"/><w:unhideWhenUsed/>`)
	style("Footer", "footer", tabs+`<w:spacing w:after="0"/><w:jc w:val="center"/>`, `<w:sz w:val="18"/><w:szCs w:val="18"/>`, `<w:uiPriority w:val="99"/><w:unhideWhenUsed/>`)
	b.WriteString(`</w:styles>`)
	return b.String()
}
