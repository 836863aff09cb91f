package main

import (
	"errors"
	"fmt"
	"testing"

	"github.com/parley-talks/parley"
)

// TestMessage checks what the command says of an error: a Parley error's
// message without its code, the field it names, and the operation that
// wrapped it.
func TestMessage(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"parley error", parley.NotFound("talks"), "talks not found"},
		{"field named", parley.Invalid("mediator_party", "too long"), "too long (mediator_party)"},
		{"field in the message", parley.Invalid("title", "the title is too long"), "the title is too long"},
		{"wrapped parley error", fmt.Errorf("verifying the audit log: %w", parley.NotFound("checkpoint")), "verifying the audit log: checkpoint not found"},
		{"wrapped twice", fmt.Errorf("restoring: %w", fmt.Errorf("opening: %w", parley.Errorf(parley.EINTERNAL, "internal error"))), "restoring: opening: internal error"},
		{"usage error", usageError("--as USER is required"), "--as USER is required"},
		{"wrapped usage error", fmt.Errorf("identity register: %w", usageError("--identity FILE is required")), "identity register: --identity FILE is required"},
		{"other error", errors.New("disk full"), "disk full"},
		{"wrapped other error", fmt.Errorf("writing the checkpoint: %w", errors.New("disk full")), "writing the checkpoint: disk full"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := message(tt.err); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
