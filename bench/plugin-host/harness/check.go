package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/hashicorp/vault/sdk/logical"
)

// checkOutcome is one named assertion of a suite.
type checkOutcome struct {
	Name   string `json:"name"`
	Passed bool   `json:"passed"`
	Detail string `json:"detail,omitempty"`
}

type checkReport struct {
	Suite  string         `json:"suite"`
	Plugin string         `json:"plugin"`
	Passed bool           `json:"passed"`
	Checks []checkOutcome `json:"checks"`
}

// suite runs its checks against a freshly mounted backend, in order.
type suite func(ctx context.Context, b logical.Backend, s logical.Storage) []checkOutcome

var suites = map[string]suite{"hello": helloSuite}

func runCheck(argv []string) error {
	var p pluginFlags
	var name string
	fs := flag.NewFlagSet("check", flag.ExitOnError)
	p.register(fs)
	fs.StringVar(&name, "suite", "hello", "which checks to run: hello")
	fs.Parse(argv)
	run, ok := suites[name]
	if !ok {
		return fmt.Errorf("unknown suite %q; known: hello", name)
	}
	h, err := p.newHost()
	if err != nil {
		return err
	}
	ctx := context.Background()
	report := checkReport{Suite: name, Plugin: p.path}
	backend, storage, err := h.mount(ctx, p.options)
	if err != nil {
		report.Checks = []checkOutcome{{Name: "mount", Detail: err.Error()}}
	} else {
		report.Checks = append([]checkOutcome{{Name: "mount", Passed: true}}, run(ctx, backend, storage)...)
		backend.Cleanup(ctx)
	}
	report.Passed = true
	for _, c := range report.Checks {
		report.Passed = report.Passed && c.Passed
	}
	if err := printJSON(report); err != nil {
		return err
	}
	if !report.Passed {
		os.Exit(1)
	}
	return nil
}
