package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/diff"
	"github.com/parley-talks/parley/format/markdown"
	"github.com/parley-talks/parley/workspace"
)

// This file holds the commands on drafts: listing, showing and tabling
// them, and comparing two.

// cmdDraft lists the drafts of talks, shows or exports one as Markdown, or
// tables a new one from a file.
func cmdDraft(ctx context.Context, e *env, args []string) error {
	sub, args, err := subcommand(args, "list", "show", "table", "export")
	if err != nil {
		return err
	}
	fs := flags(e, "draft "+sub)
	var f dbFlags
	f.register(fs, true)
	number := fs.Int("draft", 0, "show, export: the draft's number (0: the working draft)")
	file := fs.String("file", "", "table: a Markdown (or .json) file with the draft; - for standard input")
	markers := fs.Bool("markers", true, "export: keep point identity markers ({#12}) so the text can be tabled again")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch sub {
	case "list":
		return act(ctx, e, &f, func(ctx context.Context, ws *workspace.Service) ([]parley.Draft, error) {
			return ws.ListDrafts(ctx, f.talks)
		}, printDraftList)
	case "table":
		return act(ctx, e, &f, func(ctx context.Context, ws *workspace.Service) (*parley.Draft, error) {
			in, err := readDraftFile(e, *file)
			if err != nil {
				return nil, err
			}
			return ws.TableDraft(ctx, f.talks, in)
		}, printTabled)
	default: // show, export
		return act(ctx, e, &f, func(ctx context.Context, ws *workspace.Service) (*parley.Draft, error) {
			return ws.GetDraft(ctx, f.talks, *number)
		}, func(w io.Writer, d *parley.Draft) error {
			_, err := io.WriteString(w, markdown.Write(d, sub == "export" && *markers))
			return err
		})
	}
}

// printDraftList prints drafts one a line.
func printDraftList(w io.Writer, ds []parley.Draft) error {
	return printTable(w, "DRAFT\tTABLED\tBY\tTITLE", func(tw io.Writer) {
		for _, d := range ds {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", d.Number, d.TabledAt.Format("2006-01-02 15:04"), d.TabledBy, d.Title)
		}
	})
}

// printTabled says what a newly tabled draft holds and, after the first,
// how its points changed.
func printTabled(w io.Writer, d *parley.Draft) error {
	counts := map[parley.Change]int{}
	for _, p := range d.Points {
		counts[p.Change]++
	}
	fmt.Fprintf(w, "Draft %d tabled: %d points and sections", d.Number, len(d.Points))
	for _, c := range []parley.Change{parley.ChangeNew, parley.ChangeAmended, parley.ChangeMoved, parley.ChangeSplit, parley.ChangeMerged} {
		if counts[c] > 0 && d.Number > 1 {
			fmt.Fprintf(w, "; %d %s", counts[c], c)
		}
	}
	if len(d.Removed) > 0 {
		fmt.Fprintf(w, "; %d removed", len(d.Removed))
	}
	_, err := fmt.Fprintln(w, ".")
	return err
}

// readDraftFile reads a draft from a Markdown or JSON file, or standard
// input for "-".
func readDraftFile(e *env, file string) (*parley.DraftInput, error) {
	if file == "" {
		return nil, usageError("--file is required: a Markdown file with the draft, or - for standard input")
	}
	var src []byte
	var err error
	if file == "-" {
		src, err = io.ReadAll(io.LimitReader(e.stdin, markdown.MaxSize+1))
	} else {
		src, err = os.ReadFile(file)
	}
	if err != nil {
		return nil, usageError(fmt.Sprintf("reading %s: %v", file, err))
	}
	var in *parley.DraftInput
	if strings.HasSuffix(file, ".json") {
		in = new(parley.DraftInput)
		dec := json.NewDecoder(strings.NewReader(string(src)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(in); err != nil {
			return nil, usageError(fmt.Sprintf("%s: %v", file, err))
		}
	} else if in, err = markdown.Read(string(src)); err != nil {
		return nil, usageError(fmt.Sprintf("%s: %s", file, message(err)))
	}
	return in, nil
}

// cmdDiff compares two drafts point by point and word by word.
func cmdDiff(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "diff")
	var f dbFlags
	f.register(fs, true)
	from := fs.Int("from", 0, "the older draft's number")
	to := fs.Int("to", 0, "the newer draft's number")
	all := fs.Bool("all", false, "list unchanged points too")
	if err := parse(fs, args); err != nil {
		return err
	}
	return act(ctx, e, &f, func(ctx context.Context, ws *workspace.Service) (*diff.Result, error) {
		return ws.Diff(ctx, f.talks, *from, *to)
	}, func(w io.Writer, res *diff.Result) error {
		printDiff(w, res, *all)
		return nil
	})
}

// printDiff shows a diff for a terminal: deleted words [-like this-],
// inserted words {+like this+}.
func printDiff(w io.Writer, res *diff.Result, all bool) {
	fmt.Fprintf(w, "Draft %d → draft %d:", res.From, res.To)
	for _, c := range []parley.Change{parley.ChangeAmended, parley.ChangeMoved, parley.ChangeNew, parley.ChangeRemoved, parley.ChangeSplit, parley.ChangeMerged, parley.ChangeUnchanged} {
		if n := res.Counts[c]; n > 0 {
			fmt.Fprintf(w, " %d %s", n, c)
		}
	}
	fmt.Fprintln(w)
	for _, c := range res.Changes {
		if c.Change == parley.ChangeUnchanged && !all {
			continue
		}
		name := (&parley.Point{Number: c.Number, Title: c.Title, Text: c.Text}).Label()
		switch c.Change {
		case parley.ChangeRemoved:
			fmt.Fprintf(w, "\n- removed %s: %s\n", name, c.Text)
		case parley.ChangeNew:
			fmt.Fprintf(w, "\n+ new %s: %s\n", name, c.Text)
		case parley.ChangeSplit, parley.ChangeMerged:
			fmt.Fprintf(w, "\n* %s %s, from %s: %s\n", c.Change, name, c.OldNumber, diffWords(diff.Words(c.OldText, c.Text)))
		default:
			extra := ""
			if c.Moved {
				extra = fmt.Sprintf(" (moved from %s)", c.OldNumber)
			}
			fmt.Fprintf(w, "\n~ %s %s%s", c.Change, name, extra)
			if c.Amended {
				if len(c.TitleWords) > 0 {
					fmt.Fprintf(w, "\n  title: %s", diffWords(c.TitleWords))
				}
				fmt.Fprintf(w, "\n  %s", diffWords(c.Words))
			}
			fmt.Fprintln(w)
		}
	}
}

// diffWords writes a word diff in one line: deleted words [-like this-],
// inserted words {+like this+}.
func diffWords(ops []diff.Op) string {
	var b strings.Builder
	for _, op := range ops {
		switch op.Kind {
		case diff.Delete:
			b.WriteString("[-" + op.Text + "-]")
		case diff.Insert:
			b.WriteString("{+" + op.Text + "+}")
		default:
			b.WriteString(op.Text)
		}
	}
	return b.String()
}
