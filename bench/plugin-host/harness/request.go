package main

import (
	"context"
	"errors"

	"github.com/hashicorp/go-uuid"
	"github.com/hashicorp/vault/sdk/logical"
	"github.com/hashicorp/vault/sdk/plugin"
	"google.golang.org/grpc/status"
)

// mountPoint is the path the harness pretends the plugin is mounted at.
const mountPoint = "harness/"

// request sends one operation to the backend. A response that carries an
// error (logical.ErrorResponse) is returned as an error too, as Vault's HTTP
// layer would turn it into one.
func request(ctx context.Context, b logical.Backend, storage logical.Storage, op logical.Operation, path string, data map[string]any) (*logical.Response, error) {
	id, err := uuid.GenerateUUID()
	if err != nil {
		return nil, err
	}
	req := &logical.Request{
		ID:         id,
		Operation:  op,
		Path:       path,
		Data:       data,
		Storage:    storage,
		MountPoint: mountPoint,
	}
	resp, err := b.HandleRequest(ctx, req)
	if err == nil && resp != nil && resp.IsError() {
		err = resp.Error()
	}
	return resp, err
}

// write asks the existence check first, like Vault's router, so the plugin
// sees create for a new entry and update for an existing one.
func write(ctx context.Context, b logical.Backend, storage logical.Storage, path string, data map[string]any) (*logical.Response, error) {
	var op logical.Operation = logical.UpdateOperation
	req := &logical.Request{Operation: op, Path: path, Data: data, Storage: storage, MountPoint: mountPoint}
	checkFound, exists, err := b.HandleExistenceCheck(ctx, req)
	if err != nil {
		return nil, err
	}
	if checkFound && !exists {
		op = logical.CreateOperation
	}
	return request(ctx, b, storage, op, path, data)
}

// isTransportError tells a failure to get any answer (a gRPC status, the plugin
// gone) from an error the plugin answered with.
func isTransportError(err error) bool {
	_, isStatus := status.FromError(err)
	return isStatus || errors.Is(err, plugin.ErrPluginShutdown)
}
