package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/parley-talks/parley/analysis"
	"github.com/parley-talks/parley/format/genius"
	"github.com/parley-talks/parley/format/geniusweb"
	"github.com/parley-talks/parley/format/scenario"
)

// analyzeLoadModel reads the scenario files and compiles the model, with
// the readers' and the model's warnings. It returns as soon as ctx is
// done (Ctrl-C or SIGTERM: see main), with an error saying so: the readers
// take no context and a file can take long to read (a large profile, or a
// pipe whose writer has not finished), so they run in a goroutine of their
// own, which the command leaves behind when it exits.
func analyzeLoadModel(ctx context.Context, files []string) (analysis.Scenario, *analysis.Model, []string, error) {
	type loaded struct {
		sc       analysis.Scenario
		m        *analysis.Model
		warnings []string
		err      error
	}
	done := make(chan loaded, 1)
	go func() {
		var l loaded
		l.sc, l.warnings, l.err = analyzeLoad(files)
		if l.err == nil {
			var w []string
			if l.m, w, l.err = analysis.NewModel(l.sc); l.err != nil {
				l.err = fmt.Errorf("analyze: %w", l.err)
			}
			l.warnings = append(l.warnings, w...)
		}
		done <- l
	}()
	select {
	case l := <-done:
		return l.sc, l.m, l.warnings, l.err
	case <-ctx.Done():
		return analysis.Scenario{}, nil, nil, fmt.Errorf("analyze: stopped while reading %s: %w", strings.Join(files, ", "), context.Cause(ctx))
	}
}

// analyzeLoad reads the files in the format their extension names.
func analyzeLoad(files []string) (analysis.Scenario, []string, error) {
	ext := strings.ToLower(filepath.Ext(files[0]))
	for _, f := range files[1:] {
		if e := strings.ToLower(filepath.Ext(f)); e != ext {
			return analysis.Scenario{}, nil, fmt.Errorf("analyze: %s and %s: mixed file kinds", files[0], f)
		}
	}
	switch ext {
	case ".yaml", ".yml":
		if len(files) != 1 {
			return analysis.Scenario{}, nil, errors.New("analyze: a Parley scenario is one file")
		}
		sc, err := scenario.Load(files[0])
		return sc, nil, err
	case ".xml":
		if len(files) < 2 {
			return analysis.Scenario{}, nil, fmt.Errorf("analyze: %s: a GENIUS domain file needs its profile files after it", files[0])
		}
		return genius.Load(files[0], files[1:]...)
	case ".json":
		sc, err := geniusweb.Load(files...)
		return sc, nil, err
	}
	return analysis.Scenario{}, nil, fmt.Errorf("analyze: %s: unknown file kind; want .yaml, .xml or .json", files[0])
}
