package parley

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes. Each maps to one HTTP status in package http and to one exit
// message in the command; nothing else decides how an error is shown.
const (
	ECONFLICT     = "conflict"     // the request clashes with the current state
	EINTERNAL     = "internal"     // a fault of Parley's, never shown in detail
	EINVALID      = "invalid"      // the input is wrong; Field says where
	ENOTFOUND     = "not_found"    // no such object, or one the caller may not see
	EUNAUTHORIZED = "unauthorized" // no valid credentials
	EFORBIDDEN    = "forbidden"    // the caller may see the object but not do this
	ETOOMANY      = "too_many"     // too many attempts; try again later
)

// Error is Parley's one error type. Code is one of the E constants; Message
// is written for the person who made the request; Field names the input
// field at fault, where there is one. An Error made by Errorf, Invalid or
// NotFound keeps its format and arguments, so that the message can be
// shown in the reader's language (Translate): the English format is the
// key of the message catalogues.
type Error struct {
	Code    string
	Message string
	Field   string

	format string
	args   []any
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("parley: %s: %s (%s)", e.Code, e.Message, e.Field)
	}
	return fmt.Sprintf("parley: %s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code string, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), format: format, args: args}
}

// Invalid returns an EINVALID error about the named input field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...), format: format, args: args}
}

// NotFound returns an ENOTFOUND error for a kind of object ("talks", "draft" …).
func NotFound(what string) *Error {
	return &Error{Code: ENOTFOUND, Message: what + " not found", format: strings.ReplaceAll(what, "%", "%%") + " not found"}
}

// Translate is the message of err in the reader's language: sprintf is a
// translating Sprintf (its format the English key), applied to the
// error's format and arguments. An error made
// otherwise keeps its Message; one not a Parley error is "internal
// error", translated.
func Translate(err error, sprintf func(format string, args ...any) string) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case !errors.As(err, &e):
		return sprintf("internal error")
	case e.format == "":
		return e.Message
	}
	return sprintf(e.format, e.args...)
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EINTERNAL
	}
}

// ErrorMessage returns the message of the first *Error in err's chain and
// "internal error" for any other error, so that no raw error reaches a user.
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Message
	default:
		return "internal error"
	}
}

// ErrorField returns the input field an EINVALID error names, if any.
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}
