package main

import (
	"context"
	"fmt"

	"github.com/hashicorp/vault/sdk/logical"
)

// helloPrefix is what the hello suite configures as custom_prefix.
const helloPrefix = "strongroom says hi to "

// helloSuite checks the reference "hello" engine semantics: config is required
// before use, hello/<name> greets with the configured prefix, and the root help
// publishes an OpenAPI document with both paths.
func helloSuite(ctx context.Context, b logical.Backend, s logical.Storage) []checkOutcome {
	return []checkOutcome{
		expectError("read config before configuring", "plugin is not configured yet",
			func() (*logical.Response, error) { return request(ctx, b, s, logical.ReadOperation, "config", nil) }),
		outcome("write config", func() error {
			_, err := write(ctx, b, s, "config", map[string]any{"custom_prefix": helloPrefix})
			return err
		}),
		outcome("read hello/world", func() error {
			resp, err := request(ctx, b, s, logical.ReadOperation, "hello/world", nil)
			if err != nil {
				return err
			}
			if got, want := dataField(resp, "message"), helloPrefix+"world"; got != want {
				return fmt.Errorf("message = %q, want %q", got, want)
			}
			return nil
		}),
		outcome("root help has an OpenAPI document with config and hello/{name}", func() error {
			resp, err := request(ctx, b, s, logical.HelpOperation, "", map[string]any{"requestResponsePrefix": "hello"})
			if err != nil {
				return err
			}
			doc, _ := dataValue(resp, "openapi").(map[string]any)
			paths, _ := doc["paths"].(map[string]any)
			for _, p := range []string{"/config", "/hello/{name}"} {
				if _, ok := paths[p]; !ok {
					return fmt.Errorf("openapi.paths has no %q (paths: %v)", p, keys(paths))
				}
			}
			return nil
		}),
	}
}

func outcome(name string, check func() error) checkOutcome {
	if err := check(); err != nil {
		return checkOutcome{Name: name, Detail: err.Error()}
	}
	return checkOutcome{Name: name, Passed: true}
}

func expectError(name, want string, do func() (*logical.Response, error)) checkOutcome {
	return outcome(name, func() error {
		_, err := do()
		switch {
		case err == nil:
			return fmt.Errorf("succeeded, want the error %q", want)
		case isTransportError(err):
			return fmt.Errorf("no answer from the plugin: %w", err)
		case err.Error() != want:
			return fmt.Errorf("error %q, want %q", err.Error(), want)
		}
		return nil
	})
}

func dataValue(resp *logical.Response, key string) any {
	if resp == nil {
		return nil
	}
	return resp.Data[key]
}

func dataField(resp *logical.Response, key string) string {
	v, _ := dataValue(resp, key).(string)
	return v
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
