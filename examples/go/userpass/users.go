package main

import (
	"context"
	"time"

	"github.com/hashicorp/vault/sdk/framework"
	"github.com/hashicorp/vault/sdk/logical"
)

const newUserNeedsPassword = "a new user needs a password: write password=<password> with the user"

// user is stored as JSON under users/<username>, as the TypeScript twin stores it.
type user struct {
	PasswordHash  string   `json:"password_hash"`
	TokenPolicies []string `json:"token_policies"`
	TokenTTL      int64    `json:"token_ttl"`
	TokenMaxTTL   int64    `json:"token_max_ttl"`
}

func loadUser(ctx context.Context, s logical.Storage, username string) (*user, error) {
	entry, err := s.Get(ctx, "users/"+username)
	if err != nil || entry == nil {
		return nil, err
	}
	u := &user{}
	if err := entry.DecodeJSON(u); err != nil {
		return nil, err
	}
	return u, nil
}

func userFields() map[string]*framework.FieldSchema {
	return map[string]*framework.FieldSchema{
		"username":       {Type: framework.TypeString, Description: "The name the user logs in with."},
		"password":       {Type: framework.TypeString, Description: "The password; stored only as a scrypt hash.", DisplayAttrs: &framework.DisplayAttributes{Sensitive: true}},
		"token_policies": {Type: framework.TypeCommaStringSlice, Description: "Policies of the tokens a login gives this user."},
		"token_ttl":      {Type: framework.TypeDurationSecond, Description: "Lifetime of the user's tokens (0: the mount's default)."},
		"token_max_ttl":  {Type: framework.TypeDurationSecond, Description: "How long the user's tokens may be renewed for (0: the mount's maximum)."},
	}
}

func pathUsers() []*framework.Path {
	return []*framework.Path{
		{
			Pattern: "users/?$",
			Operations: map[logical.Operation]framework.OperationHandler{
				logical.ListOperation: &framework.PathOperation{Callback: listUsers, Summary: "List the users."},
			},
			HelpSynopsis: "List the users.",
		},
		{
			Pattern: "users/" + framework.GenericNameRegex("username"),
			Fields:  userFields(),
			Operations: map[logical.Operation]framework.OperationHandler{
				logical.ReadOperation:   &framework.PathOperation{Callback: readUser, Summary: "Read a user (never its password)."},
				logical.UpdateOperation: &framework.PathOperation{Callback: writeUser, Summary: "Create a user or change its password, policies or TTLs."},
				logical.DeleteOperation: &framework.PathOperation{Callback: deleteUser, Summary: "Delete a user; its tokens can no longer be renewed."},
			},
			HelpSynopsis:    "Manage the users who may log in.",
			HelpDescription: "A user has a password (stored as a scrypt hash) and the policies, TTL and max TTL of the tokens its logins get.",
		},
	}
}

func listUsers(ctx context.Context, req *logical.Request, _ *framework.FieldData) (*logical.Response, error) {
	keys, err := req.Storage.List(ctx, "users/")
	if err != nil {
		return nil, err
	}
	return logical.ListResponse(keys), nil
}

func readUser(ctx context.Context, req *logical.Request, d *framework.FieldData) (*logical.Response, error) {
	u, err := loadUser(ctx, req.Storage, d.Get("username").(string))
	if err != nil || u == nil {
		return nil, err
	}
	return &logical.Response{Data: map[string]interface{}{"token_policies": u.TokenPolicies, "token_ttl": u.TokenTTL, "token_max_ttl": u.TokenMaxTTL}}, nil
}

func writeUser(ctx context.Context, req *logical.Request, d *framework.FieldData) (*logical.Response, error) {
	username := d.Get("username").(string)
	existing, err := loadUser(ctx, req.Storage, username)
	if err != nil {
		return nil, err
	}
	password, hasPassword := d.GetOk("password")
	hasPassword = hasPassword && password.(string) != ""
	if existing == nil && !hasPassword {
		return logical.ErrorResponse(newUserNeedsPassword), nil
	}
	u := existing
	if u == nil {
		u = &user{TokenPolicies: []string{}}
	}
	if hasPassword {
		if u.PasswordHash, err = hashPassword(password.(string)); err != nil {
			return nil, err
		}
	}
	if policies, ok := d.GetOk("token_policies"); ok {
		u.TokenPolicies = policies.([]string)
	}
	if ttl, ok := d.GetOk("token_ttl"); ok {
		u.TokenTTL = int64(ttl.(int))
	}
	if ttl, ok := d.GetOk("token_max_ttl"); ok {
		u.TokenMaxTTL = int64(ttl.(int))
	}
	entry, err := logical.StorageEntryJSON("users/"+username, u)
	if err != nil {
		return nil, err
	}
	return nil, req.Storage.Put(ctx, entry)
}

func deleteUser(ctx context.Context, req *logical.Request, d *framework.FieldData) (*logical.Response, error) {
	return nil, req.Storage.Delete(ctx, "users/"+d.Get("username").(string))
}

func seconds(s int64) time.Duration { return time.Duration(s) * time.Second }
