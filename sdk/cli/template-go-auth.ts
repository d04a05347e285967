/**
 * What `plugin:new --lang go --kind auth` puts in a Go project instead of the secrets engine: the
 * auth method of `template-ts-auth.ts` (shared secret in `config`, `login` without a token,
 * renewal refused once `config` is deleted) with HashiCorp's framework: `BackendType:
 * TypeCredential`, `PathsSpecial.Unauthenticated`, `AuthRenew`.
 */
import { developmentModeSection } from './template-dev-mode';

export function goAuthFiles(ctx: { name: string }): Record<string, string> {
  return {
    'backend.go': `package main

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"

	"github.com/hashicorp/vault/sdk/framework"
	"github.com/hashicorp/vault/sdk/logical"
)

// config is stored as JSON under "config"; only a hash of the secret is kept.
type config struct {
	SecretSHA256  string   \`json:"secret_sha256"\`
	TokenPolicies []string \`json:"token_policies"\`
}

// factory builds the auth method for one mount: config, and login (no token needed).
func factory(ctx context.Context, conf *logical.BackendConfig) (logical.Backend, error) {
	b := &framework.Backend{
		Help:           "The ${ctx.name} auth method. Write secret and token_policies to config, then log in at login with the secret.",
		BackendType:    logical.TypeCredential,
		RunningVersion: "v0.1.0",
		PathsSpecial:   &logical.Paths{Unauthenticated: []string{"login"}},
		AuthRenew:      renew,
		Paths: []*framework.Path{
			{
				Pattern: "config",
				Fields: map[string]*framework.FieldSchema{
					"secret":         {Type: framework.TypeString, Required: true, Description: "The shared secret a login must present.", DisplayAttrs: &framework.DisplayAttributes{Sensitive: true}},
					"token_policies": {Type: framework.TypeCommaStringSlice, Description: "Policies of the tokens a login gets."},
				},
				Operations: map[logical.Operation]framework.OperationHandler{
					logical.ReadOperation:   &framework.PathOperation{Callback: readConfig, Summary: "Read the configuration (never the secret)."},
					logical.UpdateOperation: &framework.PathOperation{Callback: writeConfig, Summary: "Set the shared secret and the policies of the tokens."},
					logical.DeleteOperation: &framework.PathOperation{Callback: deleteConfig, Summary: "Remove the configuration: no more logins or renewals."},
				},
				HelpSynopsis: "Configure the auth method.",
			},
			{
				Pattern: "login",
				Fields: map[string]*framework.FieldSchema{
					"secret": {Type: framework.TypeString, Description: "The shared secret.", DisplayAttrs: &framework.DisplayAttributes{Sensitive: true}},
				},
				Operations: map[logical.Operation]framework.OperationHandler{
					logical.UpdateOperation: &framework.PathOperation{Callback: login, Summary: "Log in with the shared secret."},
				},
				HelpSynopsis: "Log in with the shared secret; answers a token.",
			},
		},
	}
	if err := b.Setup(ctx, conf); err != nil {
		return nil, err
	}
	return b, nil
}

func hash(secret string) []byte {
	sum := sha256.Sum256([]byte(secret))
	return sum[:]
}

func loadConfig(ctx context.Context, s logical.Storage) (*config, error) {
	entry, err := s.Get(ctx, "config")
	if err != nil || entry == nil {
		return nil, err
	}
	c := &config{}
	return c, entry.DecodeJSON(c)
}

func readConfig(ctx context.Context, req *logical.Request, _ *framework.FieldData) (*logical.Response, error) {
	c, err := loadConfig(ctx, req.Storage)
	if err != nil || c == nil {
		return nil, err
	}
	return &logical.Response{Data: map[string]interface{}{"token_policies": c.TokenPolicies}}, nil
}

func writeConfig(ctx context.Context, req *logical.Request, d *framework.FieldData) (*logical.Response, error) {
	secret := d.Get("secret").(string)
	if secret == "" {
		return logical.ErrorResponse("missing secret: write secret=<shared secret> to config"), nil
	}
	entry, err := logical.StorageEntryJSON("config", config{SecretSHA256: hex.EncodeToString(hash(secret)), TokenPolicies: d.Get("token_policies").([]string)})
	if err != nil {
		return nil, err
	}
	return nil, req.Storage.Put(ctx, entry)
}

func deleteConfig(ctx context.Context, req *logical.Request, _ *framework.FieldData) (*logical.Response, error) {
	return nil, req.Storage.Delete(ctx, "config")
}

func login(ctx context.Context, req *logical.Request, d *framework.FieldData) (*logical.Response, error) {
	c, err := loadConfig(ctx, req.Storage)
	if err != nil {
		return nil, err
	}
	if c == nil {
		return logical.ErrorResponse("the auth method is not configured yet: write secret to config first"), nil
	}
	stored, err := hex.DecodeString(c.SecretSHA256)
	if err != nil || subtle.ConstantTimeCompare(hash(d.Get("secret").(string)), stored) != 1 {
		return logical.ErrorResponse("invalid secret"), nil
	}
	auth := &logical.Auth{
		Policies:      c.TokenPolicies,
		TokenPolicies: c.TokenPolicies,
		DisplayName:   "shared-secret",
		Metadata:      map[string]string{"method": "shared-secret"},
		Alias:         &logical.Alias{Name: "shared-secret"},
	}
	auth.Renewable = true
	return &logical.Response{Auth: auth}, nil
}

// renew is asked each time a token from login is renewed: refuse once the
// method is unconfigured.
func renew(ctx context.Context, req *logical.Request, _ *framework.FieldData) (*logical.Response, error) {
	c, err := loadConfig(ctx, req.Storage)
	if err != nil {
		return nil, err
	}
	if c == nil {
		return logical.ErrorResponse("the auth method is no longer configured: log in again once it is"), nil
	}
	return &logical.Response{Auth: req.Auth}, nil
}
`,
    'backend_test.go': `package main

import (
	"context"
	"testing"

	"github.com/hashicorp/vault/sdk/logical"
)

func TestLoginAndRenew(t *testing.T) {
	ctx := context.Background()
	config := logical.TestBackendConfig()
	config.StorageView = new(logical.InmemStorage)
	b, err := factory(ctx, config)
	if err != nil {
		t.Fatal(err)
	}
	call := func(op logical.Operation, path string, data map[string]interface{}, auth *logical.Auth) *logical.Response {
		resp, err := b.HandleRequest(ctx, &logical.Request{Operation: op, Path: path, Data: data, Auth: auth, Storage: config.StorageView})
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	call(logical.UpdateOperation, "config", map[string]interface{}{"secret": "let me in", "token_policies": "reader"}, nil)
	if resp := call(logical.UpdateOperation, "login", map[string]interface{}{"secret": "wrong"}, nil); !resp.IsError() {
		t.Fatalf("a wrong secret logged in: %#v", resp)
	}
	resp := call(logical.UpdateOperation, "login", map[string]interface{}{"secret": "let me in"}, nil)
	if resp.Auth == nil || len(resp.Auth.Policies) != 1 || resp.Auth.Policies[0] != "reader" {
		t.Fatalf("login answered %#v", resp)
	}
	if renewed := call(logical.RenewOperation, "login", nil, resp.Auth); renewed.Auth == nil {
		t.Fatalf("renew answered %#v", renewed)
	}
	call(logical.DeleteOperation, "config", nil, nil)
	if refused := call(logical.RenewOperation, "login", nil, resp.Auth); !refused.IsError() {
		t.Fatalf("renewed without config: %#v", refused)
	}
}
`,
    'README.md': `# ${ctx.name}

A Vault auth method plugin written in Go with HashiCorp's Vault SDK.

- \`backend.go\`: the auth method: \`config\` (a shared secret and the policies of the tokens),
  \`login\` (no token needed: \`PathsSpecial.Unauthenticated\`), and the \`AuthRenew\` callback asked
  whenever a token it issued is renewed; \`main.go\`: serves it.
- \`sh build.sh [<folder>]\`: builds \`bin/${ctx.name}\` (or \`<folder>/${ctx.name}\`, e.g. a plugin
  directory) and prints its sha256. Needs Go 1.25+.
- \`go test ./...\`: unit tests.

Register it as an **auth** plugin with Strongroom, or with Vault/OpenBao:

    cp bin/${ctx.name} <plugin directory>/
    vault plugin register -sha256=<sha256> auth ${ctx.name}
    vault auth enable ${ctx.name}
    vault write auth/${ctx.name}/config secret='let me in' token_policies=default
    vault write auth/${ctx.name}/login secret='let me in'     # no token needed

${developmentModeSection({ name: ctx.name, lang: 'go', kind: 'auth' })}`,
  };
}
