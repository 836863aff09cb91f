package http

import "fmt"

// terms holds the plain words pages show for the codes of the domain
// (roles, kinds of party, states), by "kind:code". A code without a
// term is shown as it is; labels_test.go checks that every code the
// domain names has one.
var terms = map[string]string{
	"role:principal":  "Principal",
	"role:negotiator": "Negotiator (envoy)",
	"role:adviser":    "Adviser",
	"role:observer":   "Observer",
	"role:mediator":   "Mediator",

	"kind:party":    "Negotiating party",
	"kind:mediator": "Mediator's team",
	"kind:observer": "Observers",

	"state:open":      "Open",
	"state:suspended": "Suspended",
	"state:concluded": "Concluded",

	"decision:open":      "Open",
	"decision:approved":  "Approved",
	"decision:rejected":  "Rejected",
	"decision:withdrawn": "Withdrawn",

	"confidentiality:strict":     "Strict",
	"confidentiality:by_consent": "By consent",

	"timeline:draft":     "Draft",
	"timeline:meeting":   "Meeting",
	"timeline:message":   "Message",
	"timeline:statement": "Statement",
	"timeline:decision":  "Decision",
	"timeline:travel":    "Travel",

	"status:current": "current",
	"status:stale":   "stale",
	"status:missing": "missing",

	"amendment:replace":      "Replace the text",
	"amendment:insert_after": "Insert a point after it",
	"amendment:delete":       "Delete the point",
	"amendment:split":        "Split it into several points",

	"amendstate:proposed":  "Proposed",
	"amendstate:withdrawn": "Withdrawn",
	"amendstate:taken":     "Taken",
	"amendstate:declined":  "Declined",

	"extent:full": "in full",
	"extent:part": "in part",
}

// term is the plain word for a code of the given kind ("role", "kind",
// "state", "decision", "confidentiality"), or the code itself.
func term(kind string, code any) string {
	c := fmt.Sprint(code)
	if t, ok := terms[kind+":"+c]; ok {
		return t
	}
	return c
}
