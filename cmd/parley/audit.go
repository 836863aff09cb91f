package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/auditlog"
	"github.com/parley-talks/parley/sqlstore"
	"github.com/parley-talks/parley/workspace"
)

// multiFlag collects a repeated flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// cmdAudit verifies, shows and checkpoints the tamper-evident audit log.
func cmdAudit(ctx context.Context, e *env, args []string) error {
	sub, args, err := subcommand(args, "verify", "checkpoint", "log")
	if err != nil {
		return err
	}
	fs := flags(e, "audit "+sub)
	var f dbFlags
	if sub == "log" {
		f.register(fs, true)
	} else {
		f.registerDB(fs, "database file", "master key file (default: the database file's name + .key)")
	}
	var checkpoints multiFlag
	fs.Var(&checkpoints, "checkpoint", "verify: a checkpoint file kept earlier: the signed note, the API's JSON, or the one a member's browser kept (repeatable, any order)")
	verifier := fs.String("verifier", "", "verify: the log's public verifier key as you noted it (default: the one the database holds)")
	out := fs.String("out", "", "checkpoint: write the signed checkpoint to this file")
	if err := parse(fs, args); err != nil {
		return err
	}
	if sub == "log" {
		return auditLog(ctx, e, &f)
	}
	db, err := openDB(ctx, f.db, f.keyFile, false, e.stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	ws := workspace.New(db)
	if sub == "checkpoint" {
		return auditCheckpoint(ctx, e, ws, *out)
	}
	return auditVerify(ctx, e, ws, checkpoints, *verifier)
}

// auditLog prints the records of the audit log that the acting account may
// see in one talks, or them and the checkpoint as JSON.
func auditLog(ctx context.Context, e *env, f *dbFlags) error {
	type view struct { // the fields in the order a map would print them
		Checkpoint *parley.Checkpoint  `json:"checkpoint"`
		Entries    []parley.AuditEntry `json:"entries"`
	}
	return act(ctx, e, f, func(ctx context.Context, ws *workspace.Service) (view, error) {
		entries, cp, err := ws.AuditLog(ctx, f.talks)
		return view{cp, entries}, err
	}, func(w io.Writer, v view) error {
		return printTable(w, "#\tTIME\tACTOR\tACTION\tOBJECT", func(tw io.Writer) {
			for _, en := range v.Entries {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", en.Index, en.Record.Time.Format("2006-01-02 15:04:05"), en.Record.Actor, en.Record.Action, en.Record.Object)
			}
		})
	})
}

// auditCheckpoint signs a checkpoint of the log as the operator and writes
// it to out, or to standard output when out is empty, with the verifier
// key that checks it.
func auditCheckpoint(ctx context.Context, e *env, ws *workspace.Service, out string) error {
	cp, err := ws.Checkpoint(workspace.AsOperator(ctx))
	if err != nil {
		return err
	}
	if out != "" {
		if err := os.WriteFile(out, []byte(cp.Note), 0o644); err != nil {
			return fmt.Errorf("writing the checkpoint: %w", err)
		}
		fmt.Fprintf(e.stdout, "Checkpoint of %d records written to %s.\n", cp.Size, out)
	} else {
		fmt.Fprint(e.stdout, cp.Note)
	}
	fmt.Fprintf(e.stdout, "Verifier key: %s\n", cp.Verifier)
	return nil
}

// auditVerify checks the whole log, and every stored row against it, with
// the checkpoint files kept earlier and the verifier key given (or the one
// the database holds). The files are checked in the order of the sizes
// they vouch for, so that members' files can be given as they come.
func auditVerify(ctx context.Context, e *env, ws *workspace.Service, checkpointFiles []string, verifier string) error {
	var cps [][]byte
	for _, file := range checkpointFiles {
		b, err := readCheckpoint(file)
		if err != nil {
			return err
		}
		cps = append(cps, b)
	}
	slices.SortStableFunc(cps, func(a, b []byte) int { return cmp.Compare(checkpointSize(a), checkpointSize(b)) })
	rep, err := ws.VerifyAudit(ctx, cps, verifier)
	var fault *auditlog.Fault
	var row *sqlstore.RowFault
	switch {
	case errors.As(err, &fault):
		return fmt.Errorf("the audit log has been altered: %v", fault)
	case errors.As(err, &row):
		return fmt.Errorf("the record has been altered: %v", row)
	case err != nil:
		return fmt.Errorf("verifying the audit log: %w", err)
	}
	trust := "the verifier key stored in the database"
	if verifier != "" {
		trust = "the verifier key you gave"
	}
	fmt.Fprintf(e.stdout, "Audit log intact: %d records, %d checkpoints (checked with %s); all %d stored rows match their records.\n",
		rep.Records, rep.Checkpoints, trust, rep.Rows)
	if len(cps) == 0 {
		fmt.Fprint(e.stdout, noCheckpointWarning)
	}
	return nil
}

// noCheckpointWarning is printed after a verification that had no
// checkpoint kept outside the database to check against.
const noCheckpointWarning = `WARNING: no checkpoint kept outside the database was given, so records cut
from the end of the log (with their hashes and the stored checkpoint), or a
history rewritten and re-signed with the stored key, cannot be seen. Verify
against checkpoints members or you kept: --checkpoint FILE (repeatable).
`

// checkpointSize is the size a checkpoint's text names, unchecked (-1 if
// it names none; verification then reports it).
func checkpointSize(note []byte) int64 {
	text, _, _ := bytes.Cut(note, []byte("\n\n"))
	tree, err := tlog.ParseTree(append(text, '\n'))
	if err != nil {
		return -1
	}
	return tree.N
}

// readCheckpoint reads a checkpoint kept outside Parley: the signed note
// (parley audit checkpoint, the audit page's download, format=note), the
// JSON GET /api/v1/audit/checkpoint answers, or the JSON file a member's
// browser kept (static/witness.js: "Download the checkpoint this browser
// kept"), whose note it takes.
func readCheckpoint(file string) ([]byte, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, usageError(fmt.Sprintf("reading checkpoint %s: %v", file, err))
	}
	if !bytes.HasPrefix(bytes.TrimSpace(b), []byte("{")) {
		return b, nil
	}
	var cp struct {
		Note string `json:"note"`
	}
	if err := json.Unmarshal(b, &cp); err != nil || cp.Note == "" {
		return nil, usageError(fmt.Sprintf("checkpoint %s is JSON without a note: give the file GET /api/v1/audit/checkpoint answered, the one a member's browser kept, or the signed note", file))
	}
	return []byte(cp.Note), nil
}
