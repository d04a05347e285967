// Command strongroom-go-harness drives a Vault backend plugin binary with the
// Vault SDK's own plugin client (sdk/plugin v5 over go-plugin, AutoMTLS on),
// in-memory storage and a static system view. It gives the Go baseline that
// Strongroom's TypeScript plugin host is benchmarked against, and checks that a
// plugin behaves like a reference engine when Vault's own client talks to it.
//
// Usage:
//
//	strongroom-go-harness bench --plugin PATH [--args A ...] [--requests N] [--concurrency C]
//	strongroom-go-harness check --plugin PATH [--args A ...] --suite hello
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/go-hclog"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "bench":
		err = runBench(os.Args[2:])
	case "check":
		err = runCheck(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "strongroom-go-harness:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: strongroom-go-harness bench|check --plugin PATH [flags]; run a mode with -h for its flags")
	os.Exit(2)
}

// pluginFlags are the flags both modes share: which binary, with which args.
type pluginFlags struct {
	path    string
	args    stringList
	options keyValues
	verbose bool
}

func (p *pluginFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&p.path, "plugin", "", "path to the plugin binary (required)")
	fs.Var(&p.args, "args", "an argument passed to the plugin; repeat for more")
	p.options = keyValues{}
	fs.Var(p.options, "option", "a mount option KEY=VALUE (e.g. version=1); repeat for more")
	fs.BoolVar(&p.verbose, "verbose", false, "relay the plugin's debug logs to stderr")
}

func (p *pluginFlags) newHost() (*host, error) {
	if p.path == "" {
		return nil, fmt.Errorf("--plugin is required")
	}
	level := hclog.Warn
	if p.verbose {
		level = hclog.Debug
	}
	logger := hclog.New(&hclog.LoggerOptions{Name: "harness", Level: level, Output: os.Stderr})
	return newHost(p.path, p.args, logger)
}

type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, " ") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

type keyValues map[string]string

func (kv keyValues) String() string { return fmt.Sprint(map[string]string(kv)) }
func (kv keyValues) Set(v string) error {
	key, value, ok := strings.Cut(v, "=")
	if !ok {
		return fmt.Errorf("want KEY=VALUE, got %q", v)
	}
	kv[key] = value
	return nil
}

func printJSON(v any) error {
	return json.NewEncoder(os.Stdout).Encode(v)
}
