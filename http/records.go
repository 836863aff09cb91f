package http

import (
	"strconv"
	"strings"

	"github.com/parley-talks/parley/http/internal/i18n"
	"github.com/parley-talks/parley/workspace"
)

// actionPhrases says in plain words what each action code of the audit
// log records, for the record pages; records_test.go checks that every
// code the workspace writes has its phrase.
var actionPhrases = map[string]string{
	"account.create":              "Created an account",
	"account.display-name":        "Changed their display name",
	"account.key":                 "Registered a message key",
	"account.passkey-add":         "Added a passkey",
	"account.passkey-remove":      "Removed a passkey",
	"account.passkey-sign-in":     "Signed in with a passkey",
	"account.password-change":     "Changed their password",
	"account.password-reset":      "Set a new password from a link",
	"account.preferences":         "Changed their preferences",
	"account.require-passkey":     "Changed whether their account requires passkeys",
	"account.sign-out-everywhere": "Signed out everywhere",
	"admin.account.create":        "Created an account (administrator)",
	"admin.account.disable":       "Disabled an account",
	"admin.account.enable":        "Enabled an account",
	"admin.account.grant-admin":   "Made an account an administrator",
	"admin.account.grant-talks":   "Allowed an account to open talks",
	"admin.account.reset-link":    "Issued a password link",
	"admin.account.revoke-admin":  "Took administration from an account",
	"admin.account.revoke-talks":  "Stopped an account from opening talks",
	"admin.account.unlock":        "Unlocked an account after failed sign-ins",
	"amendment.convert":           "Turned a stance's proposed wording into an amendment",
	"amendment.decline":           "Declined an amendment",
	"amendment.lineage":           "Linked amendments to the next draft",
	"amendment.propose":           "Proposed an amendment",
	"amendment.take":              "Took an amendment into the draft",
	"amendment.untake":            "Undid the take of an amendment",
	"amendment.withdraw":          "Withdrew an amendment",
	"analysis.improvements.share": "Shared packages that improve on an agreement",
	"analysis.profile":            "Set their party's preferences",
	"analysis.run":                "Ran the analysis",
	"analysis.share":              "Shared a package",
	"analysis.space":              "Set the issue space",
	"analysis.wordings":           "Proposed wordings for the issues",
	"comment.add":                 "Commented",
	"comment.reopen":              "Reopened a comment thread",
	"comment.resolve":             "Resolved a comment thread",
	"decision.answer":             "Answered a decision",
	"decision.close":              "Closed a decision",
	"decision.propose":            "Put a decision",
	"draft.table":                 "Tabled a draft",
	"draft.working.discard":       "Discarded the working draft",
	"draft.working.save":          "Saved the working draft",
	"invitation.accept":           "Accepted an invitation",
	"invitation.create":           "Made an invitation",
	"invitation.revoke":           "Revoked an invitation",
	"itinerary.leg":               "Recorded travel",
	"marking.finish":              "Finished marking a draft",
	"marking.reopen":              "Reopened marking a draft",
	"meeting.record":              "Recorded a meeting",
	"member.add":                  "Added a member",
	"member.remove":               "Removed a member",
	"member.role":                 "Changed a member's role",
	"message.deliver":             "Delivered a message",
	"message.read":                "Read a message",
	"message.send":                "Sent a message",
	"party.add":                   "Added a party",
	"setup.complete":              "Finished setting Parley up",
	"setup.link":                  "Issued the setup link",
	"stance.carry":                "Carried stances over to a new draft",
	"stance.confirm":              "Confirmed carried-over stances",
	"stance.set":                  "Marked a stance",
	"statement.record":            "Recorded a statement",
	"translation.put":             "Translated a point",
	"talks.create":                "Opened the talks",
	"talks.languages":             "Set the talks' languages",
	"talks.require-passkey":       "Changed whether the talks require passkeys",
	"talks.update":                "Changed the talks' settings",
}

// actionPhrase is the plain phrase for an audit action code, or the code
// itself for one without a phrase.
func actionPhrase(code string) string {
	if p, ok := actionPhrases[code]; ok {
		return p
	}
	return code
}

// objectLabel is what an audit record's object names, in words of pr's
// language: the talks' parties and members by name (t may be nil), the
// rest by kind and number; an object of no known form is returned as it
// is.
func objectLabel(pr *i18n.Printer, t *workspace.TalksView, object string) string {
	segs := strings.Split(object, "/")
	for _, f := range objectForms {
		if n, ok := matchObject(f.pattern, segs); ok {
			return f.label(pr, t, n)
		}
	}
	// A translation's object ends with its language's tag.
	if last := len(segs) - 1; last > 0 && segs[last-1] == "translations" {
		if n, ok := matchObject("talks/#/drafts/#/points/#", segs[:last-1]); ok {
			return pr.Sprintf("Draft %d, point {#%d}: its %s text", n[1], n[2], segs[last])
		}
	}
	if len(segs) == 2 && segs[0] == "accounts" {
		if _, err := strconv.ParseInt(segs[1], 10, 64); err != nil {
			return personName(t, segs[1])
		}
	}
	return object
}

// matchObject matches an object's segments against a pattern, in which
// "#" stands for a number, and returns the numbers.
func matchObject(pattern string, segs []string) ([]int64, bool) {
	ps := strings.Split(pattern, "/")
	if len(ps) != len(segs) {
		return nil, false
	}
	var n []int64
	for i, p := range ps {
		if p != "#" {
			if p != segs[i] {
				return nil, false
			}
			continue
		}
		v, err := strconv.ParseInt(segs[i], 10, 64)
		if err != nil {
			return nil, false
		}
		n = append(n, v)
	}
	return n, true
}

// numbered labels an object by a format ("Draft %d") of its last number.
func numbered(format string) objectForm {
	return func(pr *i18n.Printer, _ *workspace.TalksView, n []int64) string {
		return pr.Sprintf(format, n[len(n)-1])
	}
}

// fixed labels an object by a phrase.
func fixed(phrase string) objectForm {
	return func(pr *i18n.Printer, _ *workspace.TalksView, _ []int64) string { return pr.T(phrase) }
}

// objectForm labels an object of a pattern from the numbers in its path.
type objectForm func(pr *i18n.Printer, t *workspace.TalksView, n []int64) string

var objectForms = []struct {
	pattern string
	label   objectForm
}{
	{"talks/#", fixed("The talks")},
	{"talks/#/drafts/working", fixed("The working draft")},
	{"talks/#/languages", fixed("The talks' languages")},
	{"talks/#/drafts/#", numbered("Draft %d")},
	{"talks/#/drafts/#/stances/#", func(pr *i18n.Printer, t *workspace.TalksView, n []int64) string {
		return pr.Sprintf("Draft %d: %s's stances", n[1], partyName(pr, t, n[2]))
	}},
	{"talks/#/drafts/#/points/#/stances/#", func(pr *i18n.Printer, t *workspace.TalksView, n []int64) string {
		return pr.Sprintf("Draft %d, point {#%d}: %s's stance", n[1], n[2], partyName(pr, t, n[3]))
	}},
	{"talks/#/drafts/#/marking/#", func(pr *i18n.Printer, t *workspace.TalksView, n []int64) string {
		return pr.Sprintf("Draft %d: %s's marking", n[1], partyName(pr, t, n[2]))
	}},
	{"talks/#/parties/#", func(pr *i18n.Printer, t *workspace.TalksView, n []int64) string { return partyName(pr, t, n[1]) }},
	{"talks/#/members/#", func(pr *i18n.Printer, t *workspace.TalksView, n []int64) string { return memberName(pr, t, n[1]) }},
	{"talks/#/decisions/#", numbered("Decision %d")},
	{"talks/#/decisions/#/answers/#", func(pr *i18n.Printer, t *workspace.TalksView, n []int64) string {
		return pr.Sprintf("Decision %d: %s's answer", n[1], partyName(pr, t, n[2]))
	}},
	{"talks/#/amendments/#", numbered("Amendment %d")},
	{"talks/#/comments/#", numbered("Comment thread %d")},
	{"talks/#/invitations/#", numbered("Invitation %d")},
	{"talks/#/legs/#", numbered("Travel leg %d")},
	{"talks/#/meetings/#", numbered("Meeting %d")},
	{"talks/#/statements/#", numbered("Statement %d")},
	{"talks/#/messages/#", numbered("Message %d")},
	{"talks/#/analysis/space", fixed("The issue space")},
	{"talks/#/analysis/wordings", fixed("The issues' wordings")},
	{"talks/#/analysis/improvements", fixed("Improvements on an agreement")},
	{"talks/#/analysis/profiles/#", func(pr *i18n.Printer, t *workspace.TalksView, n []int64) string {
		return pr.Sprintf("%s's preferences", partyName(pr, t, n[1]))
	}},
	{"talks/#/analysis/shares/#", numbered("Shared package %d")},
	{"talks/#/analysis/runs/#", numbered("Analysis run %d")},
	{"accounts/#", fixed("An account")},
	{"accounts/#/key", fixed("An account's message key")},
	{"accounts/#/passkeys/#", fixed("A passkey")},
	{"setup", fixed("Parley's setup")},
}

// partyName is the name of the talks' party with the ID, or "party N".
func partyName(pr *i18n.Printer, t *workspace.TalksView, id int64) string {
	if t != nil {
		for _, p := range t.Parties {
			if p.ID == id {
				return p.Name
			}
		}
	}
	return pr.Sprintf("party %d", id)
}

// memberName is the display name of the talks' member with the ID, or
// "a former member" for one who left.
func memberName(pr *i18n.Printer, t *workspace.TalksView, id int64) string {
	if t != nil {
		for _, m := range t.Members {
			if m.ID == id {
				return displayName(m)
			}
		}
	}
	return pr.Sprintf("A former member")
}
