package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Configuration: every flag of `parley serve` may also come from the
// environment, as PARLEY_ and its name in capitals with '-' as '_'
// (--key-file is PARLEY_KEY_FILE; an empty variable counts as unset), or from a configuration file named by
// --config (or PARLEY_CONFIG). A flag given on the command line wins over
// the environment, which wins over the file, which wins over the default.
//
// The file holds one `key = value` a line, the key a flag's name; blank
// lines and lines starting with '#' are skipped; a value may be quoted
// ("…", with Go's escapes). A key that is no flag is an error naming the
// file, the line and the key.

// configFlag names the flag that names the configuration file.
const configFlag = "config"

// lookupEnv reads the environment; tests replace it.
type lookupEnv func(name string) (string, bool)

// envName is the environment variable of a flag: PARLEY_KEY_FILE for
// key-file.
func envName(flagName string) string {
	return "PARLEY_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// configEntry is one key = value of a configuration file.
type configEntry struct {
	value string
	line  int
}

// parseConfigured parses args into fs, then gives each flag the command
// line did not set its value from the environment (env) or else from the
// configuration file that fs's --config flag or the environment names.
func parseConfigured(fs *flag.FlagSet, args []string, env lookupEnv) error {
	if err := parse(fs, args); err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	path := ""
	if f := fs.Lookup(configFlag); f != nil {
		path = f.Value.String()
		if v, ok := env(envName(configFlag)); ok && v != "" && !given[configFlag] {
			path = v
		}
	}
	file := map[string]configEntry{}
	if path != "" {
		var err error
		if file, err = readConfig(path, fs); err != nil {
			return err
		}
	}
	var errs []string
	fs.VisitAll(func(f *flag.Flag) {
		if given[f.Name] || f.Name == configFlag {
			return
		}
		if v, ok := env(envName(f.Name)); ok && v != "" {
			if err := fs.Set(f.Name, v); err != nil {
				errs = append(errs, fmt.Sprintf("%s: %v", envName(f.Name), err))
			}
		} else if e, ok := file[f.Name]; ok {
			if err := fs.Set(f.Name, e.value); err != nil {
				errs = append(errs, fmt.Sprintf("%s:%d: %s: %v", path, e.line, f.Name, err))
			}
		}
	})
	if len(errs) > 0 {
		return usageError(strings.Join(errs, "; "))
	}
	return nil
}

// readConfig reads the configuration file at path: its keys must be flags
// of fs, each given once.
func readConfig(path string, fs *flag.FlagSet) (map[string]configEntry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usageError(fmt.Sprintf("reading the configuration file (--%s): %v", configFlag, err))
	}
	defer f.Close()
	entries := map[string]configEntry{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, value, err := configLine(line)
		if err != nil {
			return nil, usageError(fmt.Sprintf("%s:%d: %v", path, n, err))
		}
		switch {
		case key == configFlag || fs.Lookup(key) == nil:
			return nil, usageError(fmt.Sprintf("%s:%d: unknown key %q: %s has no such setting", path, n, key, fs.Name()))
		case entries[key] != (configEntry{}):
			return nil, usageError(fmt.Sprintf("%s:%d: %q is set twice (first on line %d)", path, n, key, entries[key].line))
		}
		entries[key] = configEntry{value: value, line: n}
	}
	if err := sc.Err(); err != nil {
		return nil, usageError(fmt.Sprintf("reading %s: %v", path, err))
	}
	return entries, nil
}

// configLine splits `key = value`, unquoting a quoted value.
func configLine(line string) (key, value string, err error) {
	key, value, ok := strings.Cut(line, "=")
	if !ok {
		return "", "", fmt.Errorf("want key = value, got %q", line)
	}
	key, value = strings.TrimSpace(key), strings.TrimSpace(value)
	if key == "" {
		return "", "", fmt.Errorf("no key before '='")
	}
	if strings.HasPrefix(value, `"`) {
		if value, err = strconv.Unquote(value); err != nil {
			return "", "", fmt.Errorf("%s: a quoted value must end with a quote, with Go's escapes inside", key)
		}
	}
	return key, value, nil
}
