/**
 * Files of a new Go plugin project, built with HashiCorp's Vault SDK (the same versions as
 * examples/go/hello, whose go.mod and go.sum are copied so the build is reproducible).
 */
import { developmentModeSection } from './template-dev-mode';

export interface GoTemplateContext {
  name: string;
  /** examples/go/hello/go.mod and go.sum of this checkout. */
  goMod: string;
  goSum: string;
}

/** Builds into bin/, or into the folder given (resolved from where it ran, before the cd). */
export function goBuildScript(name: string): string {
  return `#!/bin/sh
set -e
# Into bin/, or into the folder given (e.g. Strongroom's plugin directory, for development mode).
if [ -n "$1" ]; then mkdir -p "$1" && out="$(cd "$1" && pwd)"; else out=bin; fi
cd "$(dirname "$0")"
go build -buildvcs=false -trimpath -o "$out/${name}" .
sha256sum "$out/${name}"
`;
}

export function goProjectFiles(ctx: GoTemplateContext): Record<string, string> {
  return {
    'go.mod': ctx.goMod.replace(/^module .*$/m, `module ${ctx.name}`),
    'go.sum': ctx.goSum,
    '.gitignore': 'bin/\n',
    'main.go': `// Command ${ctx.name} serves the ${ctx.name} engine as a Vault backend plugin.
package main

import (
	"fmt"
	"os"

	"github.com/hashicorp/vault/sdk/plugin"
)

func main() {
	if err := plugin.ServeMultiplex(&plugin.ServeOpts{BackendFactoryFunc: factory}); err != nil {
		fmt.Fprintln(os.Stderr, "${ctx.name}:", err)
		os.Exit(1)
	}
}
`,
    'backend.go': `package main

import (
	"context"

	"github.com/hashicorp/vault/sdk/framework"
	"github.com/hashicorp/vault/sdk/logical"
)

// factory builds the backend for one mount: one path, greet/<name>.
func factory(ctx context.Context, conf *logical.BackendConfig) (logical.Backend, error) {
	b := &framework.Backend{
		Help:           "The ${ctx.name} engine. Read greet/<name> to be greeted.",
		BackendType:    logical.TypeLogical,
		RunningVersion: "v0.1.0",
		Paths: []*framework.Path{{
			Pattern: "greet/" + framework.GenericNameRegex("name"),
			Fields: map[string]*framework.FieldSchema{
				"name":        {Type: framework.TypeNameString, Description: "Who to greet."},
				"punctuation": {Type: framework.TypeString, Default: "!", Description: "What ends the greeting."},
			},
			Operations: map[logical.Operation]framework.OperationHandler{
				logical.ReadOperation: &framework.PathOperation{Callback: greet, Summary: "Greet a name."},
			},
			HelpSynopsis:    "Greet a name.",
			HelpDescription: "Answers {\\"message\\": \\"Hello, <name>!\\"}.",
		}},
	}
	if err := b.Setup(ctx, conf); err != nil {
		return nil, err
	}
	return b, nil
}

func greet(_ context.Context, _ *logical.Request, d *framework.FieldData) (*logical.Response, error) {
	message := "Hello, " + d.Get("name").(string) + d.Get("punctuation").(string)
	return &logical.Response{Data: map[string]interface{}{"message": message}}, nil
}
`,
    'backend_test.go': `package main

import (
	"context"
	"testing"

	"github.com/hashicorp/vault/sdk/logical"
)

func TestGreet(t *testing.T) {
	ctx := context.Background()
	config := logical.TestBackendConfig()
	config.StorageView = new(logical.InmemStorage)
	b, err := factory(ctx, config)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := b.HandleRequest(ctx, &logical.Request{Operation: logical.ReadOperation, Path: "greet/world", Storage: config.StorageView})
	if err != nil {
		t.Fatal(err)
	}
	if got := resp.Data["message"]; got != "Hello, world!" {
		t.Fatalf("message = %v, want Hello, world!", got)
	}
}
`,
    'build.sh': goBuildScript(ctx.name),
    'README.md': `# ${ctx.name}

A Vault secrets engine plugin written in Go with HashiCorp's Vault SDK.

- \`backend.go\`: the engine (one path, \`greet/<name>\`); \`main.go\`: serves it.
- \`sh build.sh [<folder>]\`: builds \`bin/${ctx.name}\` (or \`<folder>/${ctx.name}\`, e.g. a plugin
  directory) and prints its sha256. Needs Go 1.25+.
- \`go test ./...\`: unit tests.

Register it with Strongroom, or with Vault/OpenBao:

    cp bin/${ctx.name} <plugin directory>/
    vault plugin register -sha256=<sha256> secret ${ctx.name}
    vault secrets enable ${ctx.name}
    vault read ${ctx.name}/greet/world

${developmentModeSection({ name: ctx.name, lang: 'go', kind: 'secrets' })}`,
  };
}
