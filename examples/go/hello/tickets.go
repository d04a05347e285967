package main

// Tickets: a leased secret. Reading ticket/<name> issues one (kept under tickets/<id> until its
// lease is revoked); the host renews and revokes it through the ticket secret's callbacks.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/hashicorp/vault/sdk/framework"
	"github.com/hashicorp/vault/sdk/logical"
)

const ticketType = "ticket"

func ticketSecret() *framework.Secret {
	return &framework.Secret{
		Type: ticketType,
		Fields: map[string]*framework.FieldSchema{
			"ticket": {Type: framework.TypeString, Description: "The ticket id."},
		},
		DefaultDuration: 60 * time.Second,
		Renew:           renewTicket,
		Revoke:          revokeTicket,
	}
}

func pathTicket(b *framework.Backend) *framework.Path {
	return &framework.Path{
		Pattern:      "ticket/" + framework.GenericNameRegex("name"),
		DisplayAttrs: &framework.DisplayAttributes{OperationPrefix: "hello", OperationVerb: "issue", OperationSuffix: "ticket"},
		Fields: map[string]*framework.FieldSchema{
			"name": {Type: framework.TypeNameString, Description: "Who the ticket is for."},
		},
		Operations: map[logical.Operation]framework.OperationHandler{
			logical.ReadOperation: &framework.PathOperation{
				Callback: func(ctx context.Context, req *logical.Request, d *framework.FieldData) (*logical.Response, error) {
					return issueTicket(ctx, b, req, d)
				},
				Summary: "Issue a ticket leased for 60 seconds.",
			},
		},
		HelpSynopsis:    "Issue a leased ticket.",
		HelpDescription: "Each read issues a new ticket; it lives until its lease is revoked or runs out.",
	}
}

func pathTickets() *framework.Path {
	return &framework.Path{
		Pattern:      "tickets/?$",
		DisplayAttrs: &framework.DisplayAttributes{OperationPrefix: "hello", OperationSuffix: "tickets"},
		Operations: map[logical.Operation]framework.OperationHandler{
			logical.ListOperation: &framework.PathOperation{Callback: listTickets, Summary: "List the tickets whose lease is live."},
		},
		HelpSynopsis:    "List live tickets.",
		HelpDescription: "The ids of the tickets issued and not yet revoked.",
	}
}

func issueTicket(ctx context.Context, b *framework.Backend, req *logical.Request, d *framework.FieldData) (*logical.Response, error) {
	raw := make([]byte, 16)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	id := hex.EncodeToString(raw)
	name := d.Get("name").(string)
	entry, err := logical.StorageEntryJSON("tickets/"+id, map[string]string{"name": name})
	if err != nil {
		return nil, err
	}
	if err := req.Storage.Put(ctx, entry); err != nil {
		return nil, err
	}
	return b.Secret(ticketType).Response(map[string]interface{}{"ticket": id, "name": name}, map[string]interface{}{"ticket": id}), nil
}

func renewTicket(_ context.Context, req *logical.Request, _ *framework.FieldData) (*logical.Response, error) {
	resp := &logical.Response{Secret: req.Secret}
	if req.Secret.Increment > 0 {
		resp.Secret.TTL = req.Secret.Increment
	}
	return resp, nil
}

func revokeTicket(ctx context.Context, req *logical.Request, _ *framework.FieldData) (*logical.Response, error) {
	id, _ := req.Secret.InternalData["ticket"].(string)
	return nil, req.Storage.Delete(ctx, "tickets/"+id)
}

func listTickets(ctx context.Context, req *logical.Request, _ *framework.FieldData) (*logical.Response, error) {
	ids, err := req.Storage.List(ctx, "tickets/")
	if err != nil {
		return nil, err
	}
	return logical.ListResponse(ids), nil
}
