package main

import (
	"context"
	"io"
	"os"
	"strings"
	"testing"
)

func TestZZProf(t *testing.T) {
	f := os.Getenv("ZZ_FILE")
	if f == "" {
		t.Skip()
	}
	args := strings.Fields(f)
	if os.Getenv("ZZ_JSON") != "" {
		args = append(args, "--json")
	}
	if err := runAnalyze(context.Background(), args, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
}
