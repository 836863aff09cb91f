package main

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestConfigPrecedence checks where each setting comes from: the command
// line over the environment over the configuration file over the default,
// and the errors that name the key, the variable, the file and the line.
func TestConfigPrecedence(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, body string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	file := write("parley.conf", "# a comment\n\ndb = file.db\ndemo = true\nshutdown-timeout = \"3s\"\n")
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		db      string
		demo    bool
		timeout time.Duration
		err     string // in the error, if one is wanted
	}{
		{name: "defaults", db: "parley.db", timeout: 10 * time.Second},
		{name: "file", args: []string{"--config", file}, db: "file.db", demo: true, timeout: 3 * time.Second},
		{name: "file named by the environment", env: map[string]string{"PARLEY_CONFIG": file}, db: "file.db", demo: true, timeout: 3 * time.Second},
		{name: "environment over file", args: []string{"--config", file}, env: map[string]string{"PARLEY_DB": "env.db", "PARLEY_DEMO": "false"}, db: "env.db", timeout: 3 * time.Second},
		{name: "flag over environment and file", args: []string{"--config", file, "--db", "flag.db", "--shutdown-timeout", "1m"},
			env: map[string]string{"PARLEY_DB": "env.db", "PARLEY_SHUTDOWN_TIMEOUT": "2s"}, db: "flag.db", demo: true, timeout: time.Minute},
		{name: "empty variable is unset", args: []string{"--config", file}, env: map[string]string{"PARLEY_DB": ""}, db: "file.db", demo: true, timeout: 3 * time.Second},
		{name: "environment without file", env: map[string]string{"PARLEY_DB": "env.db"}, db: "env.db", timeout: 10 * time.Second},
		{name: "quoted value", args: []string{"--config", write("quoted.conf", `db = "a # b.db"`)}, db: "a # b.db", timeout: 10 * time.Second},
		{name: "unknown key", args: []string{"--config", write("unknown.conf", "db = x.db\nlisten = :80\n")}, err: `unknown.conf:2: unknown key "listen"`},
		{name: "config in the file", args: []string{"--config", write("nested.conf", "config = other.conf\n")}, err: `nested.conf:1: unknown key "config"`},
		{name: "not key = value", args: []string{"--config", write("bad.conf", "db\n")}, err: "bad.conf:1: want key = value"},
		{name: "set twice", args: []string{"--config", write("twice.conf", "db = a\ndb = b\n")}, err: `twice.conf:2: "db" is set twice (first on line 1)`},
		{name: "bad value in the file", args: []string{"--config", write("value.conf", "demo = perhaps\n")}, err: "value.conf:1: demo:"},
		{name: "bad value in the environment", env: map[string]string{"PARLEY_SHUTDOWN_TIMEOUT": "soon"}, err: "PARLEY_SHUTDOWN_TIMEOUT:"},
		{name: "missing file", args: []string{"--config", filepath.Join(dir, "none.conf")}, err: "none.conf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("parley serve", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			db := fs.String("db", "parley.db", "")
			demo := fs.Bool("demo", false, "")
			ops := registerOps(fs)
			err := parseConfigured(fs, tt.args, func(name string) (string, bool) {
				v, ok := tt.env[name]
				return v, ok
			})
			if tt.err != "" {
				if err == nil || !strings.Contains(message(err), tt.err) {
					t.Errorf("got error %v, want one saying %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if *db != tt.db || *demo != tt.demo || ops.shutdownTimeout != tt.timeout {
				t.Errorf("got db %q, demo %v, shutdown-timeout %v; want %q, %v, %v", *db, *demo, ops.shutdownTimeout, tt.db, tt.demo, tt.timeout)
			}
		})
	}
}

// TestConfigServe runs `parley serve` as a process of its own with the
// database and demo from a configuration file, the metrics address from
// the environment and the address from the command line.
func TestConfigServe(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server")
	}
	t.Parallel()
	dir := t.TempDir()
	db := demoDB(t, dir)
	conf := filepath.Join(dir, "parley.conf")
	os.WriteFile(conf, []byte("db = "+db+"\ndemo = true\naddr = 192.0.2.1:1\n"), 0o600)
	p := startProcessEnv(t, []string{"PARLEY_METRICS_ADDR=127.0.0.1:0", "PARLEY_KEY_FILE=" + db + ".key"}, "--config", conf)
	token(t, p.base, "russia")
	if !strings.Contains(p.output.String(), "metrics at http://127.0.0.1:") {
		t.Errorf("PARLEY_METRICS_ADDR: serve printed no metrics address:\n%s", p.output)
	}
	p.stop(t)
}
