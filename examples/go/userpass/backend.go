package main

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/vault/sdk/framework"
	"github.com/hashicorp/vault/sdk/logical"
)

const invalidCredentials = "invalid username or password"

// factory builds the auth method for one mount (users.go holds the user paths).
func factory(ctx context.Context, conf *logical.BackendConfig) (logical.Backend, error) {
	b := &framework.Backend{
		Help:           "The userpass auth method logs users in with a username and a password.\n\nWrite a user to \"users/<username>\", then log in at \"login/<username>\" with its password.",
		BackendType:    logical.TypeCredential,
		RunningVersion: "v0.1.0",
		PathsSpecial:   &logical.Paths{Unauthenticated: []string{"login/*"}},
		Paths:          append(pathUsers(), pathLogin()),
		AuthRenew:      renewLogin,
	}
	if err := b.Setup(ctx, conf); err != nil {
		return nil, err
	}
	return b, nil
}

func pathLogin() *framework.Path {
	return &framework.Path{
		Pattern: "login/" + framework.GenericNameRegex("username"),
		Fields: map[string]*framework.FieldSchema{
			"username": {Type: framework.TypeString, Description: "The name the user logs in with."},
			"password": {Type: framework.TypeString, Description: "The user's password.", DisplayAttrs: &framework.DisplayAttributes{Sensitive: true}},
		},
		Operations: map[logical.Operation]framework.OperationHandler{
			logical.UpdateOperation: &framework.PathOperation{Callback: login, Summary: "Log in with a username and password."},
		},
		HelpSynopsis:    "Log in with a username and password.",
		HelpDescription: "Answers a token with the user's policies; no token is needed to call it.",
	}
}

func login(ctx context.Context, req *logical.Request, d *framework.FieldData) (*logical.Response, error) {
	username := d.Get("username").(string)
	u, err := loadUser(ctx, req.Storage, username)
	if err != nil {
		return nil, err
	}
	if u == nil || !verifyPassword(d.Get("password").(string), u.PasswordHash) {
		return logical.ErrorResponse(invalidCredentials), nil
	}
	auth := &logical.Auth{
		Policies:      u.TokenPolicies,
		TokenPolicies: u.TokenPolicies,
		Metadata:      map[string]string{"username": username},
		DisplayName:   username,
		InternalData:  map[string]interface{}{"username": username},
		Alias:         &logical.Alias{Name: username},
	}
	auth.TTL = seconds(u.TokenTTL)
	auth.MaxTTL = seconds(u.TokenMaxTTL)
	auth.Renewable = true
	return &logical.Response{Auth: auth}, nil
}

// renewLogin refuses once the user is gone or its policies changed, as Vault's
// own userpass does, and renews with the user's current TTLs otherwise.
func renewLogin(ctx context.Context, req *logical.Request, _ *framework.FieldData) (*logical.Response, error) {
	username := fmt.Sprint(req.Auth.InternalData["username"])
	u, err := loadUser(ctx, req.Storage, username)
	if err != nil {
		return nil, err
	}
	if u == nil {
		return logical.ErrorResponse(fmt.Sprintf("user %q no longer exists, so its tokens cannot be renewed", username)), nil
	}
	if !samePolicies(u.TokenPolicies, req.Auth.TokenPolicies) {
		return logical.ErrorResponse("the user's token_policies changed since this token was issued: log in again for a token with the new policies"), nil
	}
	resp := &logical.Response{Auth: req.Auth}
	resp.Auth.TTL = seconds(u.TokenTTL)
	resp.Auth.MaxTTL = seconds(u.TokenMaxTTL)
	return resp, nil
}

// samePolicies ignores "default", which the host adds to the policies it
// stores with the token (as Vault's policyutil.EquivalentPolicies does).
func samePolicies(a, b []string) bool { return policyKey(a) == policyKey(b) }

func policyKey(policies []string) string {
	set := map[string]bool{}
	for _, p := range policies {
		if p != "default" {
			set[p] = true
		}
	}
	keys := make([]string, 0, len(set))
	for p := range set {
		keys = append(keys, p)
	}
	sort.Strings(keys)
	return strings.Join(keys, ",")
}
