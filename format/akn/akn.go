// Package akn writes drafts of the negotiating text as Akoma Ntoso 3.0
// documents: XML in the namespace
// http://docs.oasis-open.org/legaldocml/ns/akn/3.0 that follows OASIS
// LegalDocML, Akoma Ntoso Version 1.0 (OASIS Standard, 29 August 2018),
// Part 1 (vocabulary), Part 2 (the schema akomantoso30.xsd) and the
// Akoma Ntoso Naming Convention for the FRBR URIs and eIds.
//
// A draft is written as a <doc name="agreement">. Akoma Ntoso's <bill> is
// a proposal in a legislative process and <act> a law in force; a
// negotiated text between parties is neither, and the standard keeps <doc>
// for documents without a type of their own, with the same hierarchy of
// sections, articles and points in its <mainBody>. The draft is the
// expression: every draft of one set of talks is an expression of one
// work, the agreement being negotiated, told apart by FRBRversionNumber and
// by "@draft-N" in the expression URI.
//
// The mapping:
//
//   - The draft's title, number, tabling date and proponent, and its note,
//     go in the <preface> (docTitle, docNumber, docDate, docProponent).
//   - A section is a <section> (a section inside it a <subsection>) with
//     its title as <heading>; sections have no number and are numbered by
//     their position in the eId ("sec_2", "sec_2__subsec_1").
//   - A top-level point is an <article> (eId "art_7"): points are numbered
//     through the whole text, as articles are. A sub-point is a <point>
//     (eId "art_3__point_b", "art_3__point_b__point_ii"). Each has its
//     Parley number as <num> ("7", "3.b") and its title as <heading>.
//   - Text is <p> paragraphs, in <content>, or in <intro> before the
//     sub-points when a node has both; a line break inside a paragraph is
//     <br/>.
//
// The tests validate every document they write against
// testdata/akn-subset.xsd, a schema of exactly the subset of Akoma Ntoso
// 3.0 that Write emits (written for Parley, not taken from OASIS), and
// against the full OASIS schema when PARLEY_AKN_XSD names a copy of it.
package akn

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/parley-talks/parley"
)

// Namespace is the Akoma Ntoso 3.0 namespace.
const Namespace = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"

// Meta is what the draft itself does not say about the document.
type Meta struct {
	// Country is the jurisdiction component of the FRBR URIs and the value
	// of FRBRcountry: "int" when empty. The Naming Convention takes an ISO
	// 3166-1 country code or a code for an international body; "int" is
	// neither, and only says that the agreement belongs to no one country.
	Country string
	// Work names the agreement in the FRBR URIs (their number component):
	// "talks-<TalksID>" when empty. It keeps to letters, digits and "-";
	// anything else becomes "-".
	Work string
	// Date is the work's date, the day the talks' first draft was tabled:
	// the draft's own tabling date when zero. Every draft of the talks
	// should be written with the same Date, so that they share a work URI.
	Date time.Time
	// Language is the text's language as an ISO 639-2 alpha-3 code, as the
	// Naming Convention wants it: "eng" when empty.
	Language string
	// Now is the clock that dates the manifestation: time.Now when nil.
	Now func() time.Time
	// FromLanguage, for a translation of the draft's source text, is the
	// source's language as an ISO 639-2 alpha-3 code: the expression then
	// names the source expression it translates in <FRBRtranslation>.
	// "" for the source text itself.
	FromLanguage string
	// Authoritative, when set, says whether this expression is an
	// authentic text of the agreement (<FRBRauthoritative>, and the
	// translation's authoritative attribute). Every authentic language's
	// expression is equally authoritative.
	Authoritative *bool
}

// LanguageCode is the ISO 639-2 alpha-3 code the Naming Convention wants
// for the language of BCP 47 tag ("ru" is "rus", "uk" "ukr"), "" for a
// tag that has none.
func LanguageCode(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return ""
	}
	base, _ := t.Base()
	return base.ISO3()
}

// Write writes d to w as an Akoma Ntoso document.
func Write(w io.Writer, d *parley.Draft, meta Meta) error {
	if d == nil {
		return errors.New("akn: no draft")
	}
	id := identify(d, meta)
	x := &writer{w: w}
	x.raw(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	x.open(0, `akomaNtoso xmlns="`+Namespace+`"`)
	x.open(1, `doc name="agreement"`)
	x.meta(d, id)
	x.preface(d, id)
	x.open(2, "mainBody")
	if len(d.Points) == 0 {
		x.line(3, "<p/>")
	}
	x.tree(3, d.Points)
	x.close(2, "mainBody")
	x.close(1, "doc")
	x.close(0, "akomaNtoso")
	if x.err != nil {
		return fmt.Errorf("akn: writing the document: %w", x.err)
	}
	return nil
}

// identity is what the FRBR identification says of a draft: its work and
// expression URIs, dates and author.
type identity struct {
	country, lang, work string
	generated, tabled   time.Time
	workDate            time.Time
	workURI, exprURI    string
	author              string // a reference: "#mediator", or "#person_" and a token
	// authoritative is "true" or "false", "" when not said; fromLang and
	// sourceURI name the source expression a translation translates.
	authoritative       string
	fromLang, sourceURI string
}

// identify works out a draft's identity from the draft and meta, filling
// in the defaults Meta documents.
func identify(d *parley.Draft, meta Meta) identity {
	now := time.Now
	if meta.Now != nil {
		now = meta.Now
	}
	id := identity{
		generated: now().UTC(),
		country:   token(meta.Country, "int"),
		lang:      token(meta.Language, "eng"),
		work:      token(meta.Work, "talks-"+strconv.FormatInt(d.TalksID, 10)),
		tabled:    d.TabledAt.UTC(),
		workDate:  meta.Date.UTC(),
		author:    "#mediator",
	}
	if t := token(d.TabledBy, ""); t != "" {
		// A prefix of its own keeps a person's eId apart from the
		// organisation's ("parley"), the role's ("mediator") and the
		// articles' ("art_1"), and makes it start with a letter.
		id.author = "#person_" + t
	}
	if d.TabledAt.IsZero() {
		id.tabled = id.generated
	}
	if meta.Date.IsZero() {
		id.workDate = id.tabled
	}
	version := "draft-" + strconv.Itoa(d.Number)
	if d.Number == 0 {
		version = "working-draft"
	}
	id.workURI = fmt.Sprintf("/akn/%s/doc/agreement/%s/%s", id.country, day(id.workDate), id.work)
	id.exprURI = fmt.Sprintf("%s/%s@%s", id.workURI, id.lang, version)
	if meta.Authoritative != nil {
		id.authoritative = strconv.FormatBool(*meta.Authoritative)
	}
	if meta.FromLanguage != "" {
		id.fromLang = token(meta.FromLanguage, "eng")
		id.sourceURI = fmt.Sprintf("%s/%s@%s", id.workURI, id.fromLang, version)
	}
	return id
}

// meta writes the <meta> block: the FRBR identification of the work, the
// expression (this draft) and the manifestation (this file), and the
// references to who is named.
func (x *writer) meta(d *parley.Draft, id identity) {
	x.open(2, "meta")
	x.open(3, `identification source="#parley"`)
	x.open(4, "FRBRWork")
	x.empty(5, "FRBRthis", "value", id.workURI+"/!main")
	x.empty(5, "FRBRuri", "value", id.workURI)
	x.empty(5, "FRBRdate", "date", day(id.workDate), "name", "firstDraft")
	x.empty(5, "FRBRauthor", "href", "#mediator")
	x.empty(5, "FRBRcountry", "value", id.country)
	x.empty(5, "FRBRsubtype", "value", "agreement")
	x.empty(5, "FRBRnumber", "value", id.work)
	x.close(4, "FRBRWork")
	x.open(4, "FRBRExpression")
	x.empty(5, "FRBRthis", "value", id.exprURI+"/!main")
	x.empty(5, "FRBRuri", "value", id.exprURI)
	dateName := "tabled"
	if d.Number == 0 {
		dateName = "working"
	}
	x.empty(5, "FRBRdate", "date", day(id.tabled), "name", dateName)
	x.empty(5, "FRBRauthor", "href", id.author)
	x.empty(5, "FRBRversionNumber", "value", strconv.Itoa(d.Number))
	if id.authoritative != "" {
		x.empty(5, "FRBRauthoritative", "value", id.authoritative)
	}
	x.empty(5, "FRBRlanguage", "language", id.lang)
	if id.sourceURI != "" {
		attrs := []string{"href", id.sourceURI, "fromLanguage", id.fromLang}
		if id.authoritative != "" {
			attrs = append(attrs, "authoritative", id.authoritative)
		}
		x.empty(5, "FRBRtranslation", attrs...)
	}
	x.close(4, "FRBRExpression")
	x.open(4, "FRBRManifestation")
	x.empty(5, "FRBRthis", "value", id.exprURI+"/!main.xml")
	x.empty(5, "FRBRuri", "value", id.exprURI+".akn")
	x.empty(5, "FRBRdate", "date", day(id.generated), "name", "generation")
	x.empty(5, "FRBRauthor", "href", "#parley")
	x.empty(5, "FRBRformat", "value", "application/akn+xml")
	x.close(4, "FRBRManifestation")
	x.close(3, "identification")
	x.open(3, `references source="#parley"`)
	x.empty(4, "TLCOrganization", "eId", "parley", "href", "/ontology/organization/parley", "showAs", "Parley")
	x.empty(4, "TLCRole", "eId", "mediator", "href", "/ontology/role/mediator", "showAs", "Mediator")
	if id.author != "#mediator" {
		x.empty(4, "TLCPerson", "eId", id.author[1:], "href", "/ontology/person/"+strings.TrimPrefix(id.author, "#person_"), "showAs", d.TabledBy)
	}
	x.close(3, "references")
	x.close(2, "meta")
}

// preface writes the <preface>: the title, the draft's number, when and
// by whom it was tabled, and its note.
func (x *writer) preface(d *parley.Draft, id identity) {
	x.open(2, "preface")
	x.open(3, "longTitle")
	x.line(4, "<p><docTitle>"+esc(titleOf(d))+"</docTitle></p>")
	x.close(3, "longTitle")
	p := "<p><docNumber>" + esc(draftName(d.Number)) + "</docNumber>"
	if !d.TabledAt.IsZero() {
		p += ", tabled on <docDate date=\"" + day(id.tabled) + "\">" + id.tabled.Format("2 January 2006") + "</docDate>"
		if d.TabledBy != "" {
			p += " by <docProponent refersTo=\"" + esc(id.author) + "\">" + esc(d.TabledBy) + "</docProponent>"
		}
	}
	x.line(3, p+"</p>")
	if strings.TrimSpace(d.Note) != "" {
		x.open(3, `container name="note"`)
		x.paras(4, d.Note)
		x.close(3, "container")
	}
	x.close(2, "preface")
}

// node is a point or section with the nodes inside it.
type node struct {
	p    *parley.Point
	kids []*node
}

// tree writes a draft's nodes as the hierarchy of mainBody.
func (x *writer) tree(depth int, points []parley.Point) {
	byID := map[int64]*node{}
	var roots []*node
	for i := range points {
		n := &node{p: &points[i]}
		byID[n.p.ID] = n
		if parent, ok := byID[n.p.Parent]; ok && n.p.Parent != 0 {
			parent.kids = append(parent.kids, n)
		} else {
			roots = append(roots, n)
		}
	}
	used := map[string]bool{}
	var walk func(depth int, ns []*node, prefix string, inSection, inPoint bool)
	walk = func(depth int, ns []*node, prefix string, inSection, inPoint bool) {
		sections := 0
		for _, n := range ns {
			var elem, eID string
			switch {
			case n.p.Kind == parley.KindSection && !inSection:
				sections++
				elem, eID = "section", prefix+"sec_"+strconv.Itoa(sections)
			case n.p.Kind == parley.KindSection:
				sections++
				elem, eID = "subsection", prefix+"subsec_"+strconv.Itoa(sections)
			case !inPoint:
				elem, eID = "article", "art_"+numPart(n.p.Number, "")
			default:
				elem, eID = "point", prefix+"point_"+numPart(n.p.Number, "")
			}
			base := eID
			for i := 2; used[eID]; i++ {
				eID = base + "-" + strconv.Itoa(i)
			}
			used[eID] = true

			x.open(depth, elem+` eId="`+esc(eID)+`"`)
			if n.p.Kind == parley.KindPoint && n.p.Number != "" {
				x.line(depth+1, "<num>"+esc(n.p.Number)+"</num>")
			}
			if t := strings.TrimSpace(n.p.Title); t != "" {
				x.line(depth+1, "<heading>"+esc(t)+"</heading>")
			}
			text := strings.TrimSpace(n.p.Text)
			if len(n.kids) == 0 {
				x.open(depth+1, "content")
				if text == "" {
					x.line(depth+2, "<p/>")
				} else {
					x.paras(depth+2, text)
				}
				x.close(depth+1, "content")
			} else {
				if text != "" {
					x.open(depth+1, "intro")
					x.paras(depth+2, text)
					x.close(depth+1, "intro")
				}
				isPoint := n.p.Kind == parley.KindPoint
				walk(depth+1, n.kids, eID+"__", inSection || !isPoint, inPoint || isPoint)
			}
			x.close(depth, elem)
		}
	}
	walk(depth, roots, "", false, false)
}

// numPart is the part of a point's number that names it under its parent
// ("b" of "3.b"), as an eId component: letters, digits and "-" only.
func numPart(number, fallback string) string {
	if i := strings.LastIndex(number, "."); i >= 0 {
		number = number[i+1:]
	}
	return token(number, fallback+"x")
}

// token keeps letters, digits, "-" and "_" of s, other characters
// becoming "-"; def when nothing is left.
func token(s, def string) string {
	s = strings.TrimSpace(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	if strings.Trim(b.String(), "-") == "" {
		return def
	}
	return b.String()
}

func day(t time.Time) string { return t.Format("2006-01-02") }

func titleOf(d *parley.Draft) string {
	if t := strings.TrimSpace(d.Title); t != "" {
		return t
	}
	return draftName(d.Number)
}

func draftName(n int) string {
	if n == 0 {
		return "Working draft"
	}
	return fmt.Sprintf("Draft %d", n)
}
