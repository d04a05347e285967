package main

import (
	"context"

	"github.com/hashicorp/vault/sdk/framework"
	"github.com/hashicorp/vault/sdk/logical"
)

const (
	configKey     = "config"
	notConfigured = "plugin is not configured yet"
)

type config struct {
	CustomPrefix string `json:"custom_prefix"`
}

// factory builds the backend for one mount (tickets.go adds the leased ticket paths).
func factory(ctx context.Context, conf *logical.BackendConfig) (logical.Backend, error) {
	b := &framework.Backend{
		Help:           "The hello engine greets names with a configurable prefix.\n\nWrite custom_prefix to \"config\", then read \"hello/<name>\". Read \"ticket/<name>\" for a ticket leased for a minute.",
		BackendType:    logical.TypeLogical,
		RunningVersion: "v0.1.0",
		Secrets:        []*framework.Secret{ticketSecret()},
	}
	b.Paths = []*framework.Path{pathConfig(), pathHello(), pathTicket(b), pathTickets()}
	if err := b.Setup(ctx, conf); err != nil {
		return nil, err
	}
	return b, nil
}

func pathConfig() *framework.Path {
	return &framework.Path{
		Pattern:      "config",
		DisplayAttrs: &framework.DisplayAttributes{OperationPrefix: "hello", Navigation: true, ItemType: "Configuration"},
		Fields: map[string]*framework.FieldSchema{
			"custom_prefix": {
				Type:         framework.TypeString,
				Required:     true,
				Description:  "Text put in front of every name that hello/<name> greets.",
				DisplayAttrs: &framework.DisplayAttributes{Name: "Custom prefix", Value: "Hello, "},
			},
		},
		Operations: map[logical.Operation]framework.OperationHandler{
			logical.ReadOperation:   &framework.PathOperation{Callback: readConfig, Summary: "Read the engine configuration."},
			logical.UpdateOperation: &framework.PathOperation{Callback: writeConfig, Summary: "Configure the prefix used by hello."},
		},
		HelpSynopsis:    "Configure the hello engine.",
		HelpDescription: "The engine answers nothing useful until custom_prefix is written here.",
	}
}

func pathHello() *framework.Path {
	return &framework.Path{
		Pattern:      "hello/" + framework.GenericNameRegex("name"),
		DisplayAttrs: &framework.DisplayAttributes{OperationPrefix: "hello", OperationVerb: "greet"},
		Fields: map[string]*framework.FieldSchema{
			"name": {Type: framework.TypeNameString, Description: "Who to greet."},
		},
		Operations: map[logical.Operation]framework.OperationHandler{
			logical.ReadOperation: &framework.PathOperation{
				Callback: readHello,
				Summary:  "Greet a name with the configured prefix.",
				Responses: map[int][]framework.Response{200: {{
					Description: "OK",
					Fields:      map[string]*framework.FieldSchema{"message": {Type: framework.TypeString, Description: "The prefix followed by the name."}},
				}}},
			},
		},
		HelpSynopsis:    "Greet a name.",
		HelpDescription: "Returns custom_prefix from config followed by the name in the path.",
	}
}

func loadConfig(ctx context.Context, s logical.Storage) (*config, error) {
	entry, err := s.Get(ctx, configKey)
	if err != nil || entry == nil {
		return nil, err
	}
	var c config
	return &c, entry.DecodeJSON(&c)
}

func readConfig(ctx context.Context, req *logical.Request, _ *framework.FieldData) (*logical.Response, error) {
	c, err := loadConfig(ctx, req.Storage)
	if err != nil || c == nil {
		return logical.ErrorResponse(notConfigured), err
	}
	return &logical.Response{Data: map[string]interface{}{"custom_prefix": c.CustomPrefix}}, nil
}

func writeConfig(ctx context.Context, req *logical.Request, d *framework.FieldData) (*logical.Response, error) {
	prefix, ok := d.GetOk("custom_prefix")
	if !ok {
		return logical.ErrorResponse("Field validation failed: missing required field(s): custom_prefix"), nil
	}
	entry, err := logical.StorageEntryJSON(configKey, config{CustomPrefix: prefix.(string)})
	if err != nil {
		return nil, err
	}
	return nil, req.Storage.Put(ctx, entry)
}

func readHello(ctx context.Context, req *logical.Request, d *framework.FieldData) (*logical.Response, error) {
	c, err := loadConfig(ctx, req.Storage)
	if err != nil || c == nil {
		return logical.ErrorResponse(notConfigured), err
	}
	return &logical.Response{Data: map[string]interface{}{"message": c.CustomPrefix + d.Get("name").(string)}}, nil
}
