package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/parley-talks/parley/workspace"
)

// cmdExport writes a draft, or a redline of two, to a file.
func cmdExport(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "export")
	var f dbFlags
	f.register(fs, true)
	number := fs.Int("draft", 0, "the draft's number (0: the working draft)")
	format := fs.String("format", "docx", "md, docx, pdf or akn")
	redline := fs.Int("redline-from", 0, "write a Word redline from this draft to --draft instead")
	out := fs.String("o", "", "the file to write (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usageError("-o FILE is required")
	}
	ws, ctx, closer, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer closer.Close()
	var x *workspace.Export
	if *redline > 0 {
		x, err = ws.ExportRedline(ctx, f.talks, *redline, *number)
	} else {
		x, err = ws.ExportDraft(ctx, f.talks, *number, strings.ToLower(*format))
	}
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, x.Body, 0o600); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Wrote %s (%d bytes).\n", *out, len(x.Body))
	return nil
}
