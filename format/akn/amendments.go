package akn

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/parley-talks/parley"
)

// WriteAmendments writes the amendments as to tabled draft d as an Akoma
// Ntoso <amendmentList>: a collection whose <collectionBody> holds one
// <component> per amendment, each an <amendment> document of its own.
//
// The list is a work of its own ("amendmentList/<work>-draft-N"), the
// amendments to one draft; each amendment is a work too
// ("amendment/<work>-amendment-<ID>"), whose FRBRauthor is the proposing
// party. An amendment's <preface> says who proposed it and where it
// stands (<docProponent>, <docStatus>); its <amendmentBody> has an
// <amendmentHeading>, the change in <amendmentContent> (a <mod> quoting
// the new wording in <quotedText>), and its <amendmentJustification>.
// The mediator's reason, for those who may read it, follows in the
// content as a paragraph of its own. eIds are unique in the file: the
// components are "cmp_<ID>", their mods "cmp_<ID>__mod_1" and their
// parties "cmp_<ID>__<party>".
func WriteAmendments(w io.Writer, d *parley.Draft, as []parley.Amendment, meta Meta) error {
	if d == nil {
		return errors.New("akn: no draft")
	}
	if len(as) == 0 {
		return errors.New("akn: an amendment list needs an amendment")
	}
	id := identify(d, meta)
	list := id
	list.workURI = fmt.Sprintf("/akn/%s/amendmentList/%s/%s-draft-%d", id.country, day(id.workDate), id.work, d.Number)
	list.exprURI = list.workURI + "/" + id.lang + "@" + day(id.generated)
	x := &writer{w: w}
	x.raw(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	x.open(0, `akomaNtoso xmlns="`+Namespace+`"`)
	x.open(1, `amendmentList name="amendments"`)
	x.frbr(2, list, "amendmentList", "#parley", strconv.Itoa(d.Number), nil)
	x.open(2, "preface")
	x.line(3, "<p><docTitle>"+esc(fmt.Sprintf("Amendments to %s", draftName(d.Number)))+"</docTitle></p>")
	x.close(2, "preface")
	x.open(2, "collectionBody")
	for i := range as {
		x.amendment(3, d, &as[i], id)
	}
	x.close(2, "collectionBody")
	x.close(1, "amendmentList")
	x.close(0, "akomaNtoso")
	if x.err != nil {
		return fmt.Errorf("akn: writing the amendment list: %w", x.err)
	}
	return nil
}

// amendment writes one amendment as a <component> holding an <amendment>.
func (x *writer) amendment(depth int, d *parley.Draft, a *parley.Amendment, draft identity) {
	cmp := "cmp_" + strconv.FormatInt(a.ID, 10)
	am := draft
	am.workURI = fmt.Sprintf("/akn/%s/amendment/%s/%s-amendment-%d", draft.country, day(a.ProposedAt.UTC()), draft.work, a.ID)
	am.exprURI = am.workURI + "/" + draft.lang + "@" + day(a.ProposedAt.UTC())
	party := "#" + cmp + "__" + strings.ToLower(token(a.PartyName, "party"))
	x.open(depth, `component eId="`+cmp+`"`)
	x.open(depth+1, `amendment name="`+esc(string(a.Kind))+`"`)
	x.frbr(depth+2, am, "amendment", party, "1", a)
	x.open(depth+2, "preface")
	x.line(depth+3, "<p><docNumber>"+esc(fmt.Sprintf("Amendment %d", a.ID))+"</docNumber>, proposed by <docProponent refersTo=\""+
		esc(party)+"\">"+esc(a.PartyName)+"</docProponent> on <docDate date=\""+day(a.ProposedAt.UTC())+"\">"+
		a.ProposedAt.UTC().Format("2 January 2006")+"</docDate>: <docStatus>"+esc(status(a))+"</docStatus></p>")
	x.close(depth+2, "preface")
	x.open(depth+2, "amendmentBody")
	x.open(depth+3, "amendmentHeading")
	heading := fmt.Sprintf("To point %s of %s: %s", a.PointNumber, draftName(d.Number), kindPhrase(a.Kind))
	if a.Correction() {
		heading = fmt.Sprintf("To the %s text of point %s of %s: %s", parley.LanguageName(a.Language), a.PointNumber, draftName(d.Number), kindPhrase(a.Kind))
	}
	x.line(depth+4, "<p>"+esc(heading)+"</p>")
	x.close(depth+3, "amendmentHeading")
	x.open(depth+3, "amendmentContent")
	mod := `<mod eId="` + cmp + `__mod_1">`
	switch a.Kind {
	case parley.AmendDelete:
		x.line(depth+4, "<p>"+mod+esc("Point "+a.PointNumber+" is deleted.")+"</mod></p>")
	case parley.AmendSplit:
		quoted := ""
		for _, part := range a.Parts() {
			quoted += " <quotedText>" + esc(part) + "</quotedText>"
		}
		x.line(depth+4, "<p>"+mod+esc("Point "+a.PointNumber+" is split into:")+quoted+"</mod></p>")
	default:
		x.line(depth+4, "<p>"+mod+esc(kindPhrase(a.Kind)+":")+" <quotedText>"+esc(a.Text)+"</quotedText></mod></p>")
	}
	if a.Reason != "" {
		x.line(depth+4, "<p>"+esc("The mediator's reason: "+a.Reason)+"</p>")
	}
	x.close(depth+3, "amendmentContent")
	x.open(depth+3, "amendmentJustification")
	if a.Justification == "" {
		x.line(depth+4, "<p/>")
	}
	x.paras(depth+4, a.Justification)
	x.close(depth+3, "amendmentJustification")
	x.close(depth+2, "amendmentBody")
	x.close(depth+1, "amendment")
	x.close(depth, "component")
}

// frbr writes a <meta> with the FRBR identification of a document of type
// kind (the list, or amendment a) and its references.
func (x *writer) frbr(depth int, id identity, kind, author, version string, a *parley.Amendment) {
	x.open(depth, "meta")
	x.open(depth+1, `identification source="#parley"`)
	x.open(depth+2, "FRBRWork")
	x.empty(depth+3, "FRBRthis", "value", id.workURI+"/!main")
	x.empty(depth+3, "FRBRuri", "value", id.workURI)
	x.empty(depth+3, "FRBRdate", "date", day(id.workDate), "name", "firstDraft")
	x.empty(depth+3, "FRBRauthor", "href", author)
	x.empty(depth+3, "FRBRcountry", "value", id.country)
	x.empty(depth+3, "FRBRsubtype", "value", kind)
	x.close(depth+2, "FRBRWork")
	x.open(depth+2, "FRBRExpression")
	x.empty(depth+3, "FRBRthis", "value", id.exprURI+"/!main")
	x.empty(depth+3, "FRBRuri", "value", id.exprURI)
	x.empty(depth+3, "FRBRdate", "date", day(id.generated), "name", "generation")
	x.empty(depth+3, "FRBRauthor", "href", author)
	x.empty(depth+3, "FRBRversionNumber", "value", version)
	x.empty(depth+3, "FRBRlanguage", "language", id.lang)
	x.close(depth+2, "FRBRExpression")
	x.open(depth+2, "FRBRManifestation")
	x.empty(depth+3, "FRBRthis", "value", id.exprURI+"/!main.xml")
	x.empty(depth+3, "FRBRuri", "value", id.exprURI+".akn")
	x.empty(depth+3, "FRBRdate", "date", day(id.generated), "name", "generation")
	x.empty(depth+3, "FRBRauthor", "href", "#parley")
	x.empty(depth+3, "FRBRformat", "value", "application/akn+xml")
	x.close(depth+2, "FRBRManifestation")
	x.close(depth+1, "identification")
	x.open(depth+1, `references source="#parley"`)
	if a == nil {
		x.empty(depth+2, "TLCOrganization", "eId", "parley", "href", "/ontology/organization/parley", "showAs", "Parley")
	} else {
		x.empty(depth+2, "TLCOrganization", "eId", author[1:], "href", "/ontology/organization/"+author[1:], "showAs", a.PartyName)
	}
	x.close(depth+1, "references")
	x.close(depth, "meta")
}

// status says where an amendment stands, in words.
func status(a *parley.Amendment) string {
	switch a.State {
	case parley.AmendmentTaken:
		s := "taken in " + string(a.Extent)
		if a.IntoDraft != 0 {
			s += " into " + draftName(a.IntoDraft)
		}
		return s
	case parley.AmendmentDeclined:
		return "declined"
	case parley.AmendmentWithdrawn:
		return "withdrawn"
	}
	return "proposed"
}

// kindPhrase says what an amendment of kind k does.
func kindPhrase(k parley.AmendmentKind) string {
	switch k {
	case parley.AmendInsertAfter:
		return "insert after it"
	case parley.AmendDelete:
		return "delete it"
	case parley.AmendSplit:
		return "split it"
	}
	return "replace its text with"
}
