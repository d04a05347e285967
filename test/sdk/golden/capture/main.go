// Command capture prints the help responses of the strongroom-custom fixture
// engine, straight from Vault's sdk/framework, as one JSON object. Its output is
// the golden file the TypeScript SDK's help and OpenAPI are compared against.
//
// Usage (from this folder): go run . > ../custom-help.json
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/hashicorp/vault/sdk/logical"
	"strongroom.local/test/fixtures/plugins/go/custom"
)

// requests are the help requests captured, keyed by the name the test uses.
var requests = map[string]*logical.Request{
	"root":   {Operation: logical.HelpOperation, Path: "", Data: map[string]any{"requestResponsePrefix": "strongroom-custom"}},
	"config": {Operation: logical.HelpOperation, Path: "config"},
	"hello":  {Operation: logical.HelpOperation, Path: "hello/world"},
}

func main() {
	ctx := context.Background()
	system := &logical.StaticSystemView{
		VersionString:     "1.21.0",
		PluginEnvironment: &logical.PluginEnvironment{VaultVersion: "1.21.0"},
	}
	storage := new(logical.InmemStorage)
	b, err := custom.Factory(ctx, &logical.BackendConfig{StorageView: storage, System: system, Config: map[string]string{}})
	if err != nil {
		fail(err)
	}
	out := map[string]any{}
	for name, req := range requests {
		req.Storage = storage
		resp, err := b.HandleRequest(ctx, req)
		if err != nil {
			fail(fmt.Errorf("%s: %w", name, err))
		}
		out[name] = resp.Data
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "capture:", err)
	os.Exit(1)
}
