package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/gap"
	"github.com/parley-talks/parley/workspace"
)

// This file holds the commands on stances: recording one, the gap map of a
// draft and the convergence across drafts.

// cmdStance records the acting account's party's stance on a point, or
// confirms its stances carried over from an earlier draft.
func cmdStance(ctx context.Context, e *env, args []string) error {
	sub, args, err := subcommand(args, "set", "confirm")
	if err != nil {
		return err
	}
	if sub == "confirm" {
		return cmdStanceConfirm(ctx, e, args)
	}
	fs := flags(e, "stance set")
	var f dbFlags
	f.register(fs, true)
	number := fs.Int("draft", 0, "the tabled draft's number")
	point := fs.Int64("point", 0, "the point's id")
	value := fs.String("stance", "", "acceptable, needs_discussion or unsuitable")
	rationale := fs.String("rationale", "", "why")
	share := fs.String("share", "", "share with the mediator: yes or no (default: your party's default)")
	release := fs.Bool("release-to-all", false, "let every party see this stance")
	if err := parse(fs, args); err != nil {
		return err
	}
	in := parley.StanceInput{Value: parley.StanceValue(*value), Rationale: *rationale, ReleasedToAll: *release}
	switch *share {
	case "":
	case "yes", "true":
		in.ShareWithMediator = new(bool)
		*in.ShareWithMediator = true
	case "no", "false":
		in.ShareWithMediator = new(bool)
	default:
		return usageError("--share must be yes or no")
	}
	return act(ctx, e, &f, func(ctx context.Context, ws *workspace.Service) (*parley.Stance, error) {
		return ws.SetStance(ctx, f.talks, *number, *point, in)
	}, func(w io.Writer, s *parley.Stance) error {
		shared := "kept from the mediator"
		if s.ShareWithMediator {
			shared = "shared with the mediator"
		}
		return printf(w, "%s marks point %d of draft %d %s (version %d, %s).\n", s.PartyName, s.PointID, s.Draft, s.Value, s.Version, shared)
	})
}

// cmdStanceConfirm confirms the acting account's party's stances carried
// over to a draft: on one point, or on all.
func cmdStanceConfirm(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "stance confirm")
	var f dbFlags
	f.register(fs, true)
	number := fs.Int("draft", 0, "the tabled draft's number (the latest)")
	point := fs.Int64("point", 0, "the point's id (default: every point with a carried-over stance)")
	if err := parse(fs, args); err != nil {
		return err
	}
	var points []int64
	if *point != 0 {
		points = []int64{*point}
	}
	return act(ctx, e, &f, func(ctx context.Context, ws *workspace.Service) ([]parley.Stance, error) {
		return ws.ConfirmStances(ctx, f.talks, *number, points)
	}, func(w io.Writer, ss []parley.Stance) error {
		return printf(w, "Confirmed %d carried-over stance(s) on draft %d.\n", len(ss), *number)
	})
}

// cmdGap shows the gap map of a draft: each party's stance on each point,
// as far as the acting account may see them, and the most contested points.
func cmdGap(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "gap")
	var f dbFlags
	f.register(fs, true)
	number := fs.Int("draft", 0, "the tabled draft's number (default: the latest)")
	if err := parse(fs, args); err != nil {
		return err
	}
	return act(ctx, e, &f, func(ctx context.Context, ws *workspace.Service) (*gap.Map, error) {
		if *number == 0 {
			ds, err := ws.ListDrafts(ctx, f.talks)
			if err != nil {
				return nil, err
			}
			if len(ds) == 0 {
				return nil, parley.Errorf(parley.ENOTFOUND, "no draft has been tabled yet")
			}
			*number = ds[len(ds)-1].Number
		}
		return ws.GapMap(ctx, f.talks, *number)
	}, func(w io.Writer, m *gap.Map) error {
		printGap(w, m)
		return nil
	})
}

// cellMark is how the gap map shows a stance in a terminal.
var cellMark = map[string]string{
	string(parley.Acceptable): "ok", string(parley.NeedsDiscussion): "discuss", string(parley.Unsuitable): "UNSUITABLE",
	gap.Unmarked: "-", gap.Withheld: "(withheld)",
}

// printGap prints a gap map as a table of points by parties, then the most
// contested points.
func printGap(w io.Writer, m *gap.Map) {
	fmt.Fprintf(w, "Gap map of draft %d\n\n", m.Draft)
	var head strings.Builder
	head.WriteString("POINT")
	for _, p := range m.Parties {
		fmt.Fprintf(&head, "\t%s", strings.ToUpper(p.Name))
	}
	printTable(w, head.String(), func(tw io.Writer) {
		for _, r := range m.Rows {
			label := (&parley.Point{Number: r.Number, Title: r.Title, Text: r.Text}).Label()
			fmt.Fprint(tw, label)
			for _, c := range r.Cells {
				fmt.Fprintf(tw, "\t%s", cellMark[c.Stance])
			}
			fmt.Fprintln(tw)
		}
	})
	fmt.Fprintln(w, "\nMost contested:")
	for i, c := range m.Ranking {
		if i == 5 || c.Score == 0 {
			break
		}
		fmt.Fprintf(w, "  %d. %s (score %d: %d unsuitable, %d needs discussion)\n", i+1, c.Label, c.Score, c.Unsuitable, c.NeedsDiscussion)
	}
	if m.Main != nil {
		fmt.Fprintf(w, "\nMain point of contention: %s\n", m.Main.Label)
	}
}

// cmdConvergence shows, draft by draft, how many points every party finds
// acceptable, and a verdict on the trend.
func cmdConvergence(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "convergence")
	var f dbFlags
	f.register(fs, true)
	if err := parse(fs, args); err != nil {
		return err
	}
	return act(ctx, e, &f, func(ctx context.Context, ws *workspace.Service) (*gap.Convergence, error) {
		return ws.Convergence(ctx, f.talks)
	}, printConvergence)
}

// printConvergence prints the convergence table with a bar per draft and
// the verdict.
func printConvergence(w io.Writer, c *gap.Convergence) error {
	printTable(w, "DRAFT\tPOINTS\tACCEPTABLE TO ALL\tUNSUITABLE TO ANY\tIN DISCUSSION\tUNMARKED\t", func(tw io.Writer) {
		for _, s := range c.Drafts {
			fmt.Fprintf(tw, "%d\t%d\t%d (%.0f%%)\t%d\t%d\t%d\t%s\n", s.Draft, s.Points, s.AcceptableToAll, 100*s.ShareAcceptable,
				s.UnsuitableToAny, s.InDiscussion, s.Unmarked, strings.Repeat("#", int(20*s.ShareAcceptable+0.5)))
		}
	})
	return printf(w, "\n%s\n", c.Verdict)
}
