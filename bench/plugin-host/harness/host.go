package main

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
	"github.com/hashicorp/go-uuid"
	"github.com/hashicorp/vault/sdk/helper/consts"
	"github.com/hashicorp/vault/sdk/helper/pluginutil"
	"github.com/hashicorp/vault/sdk/logical"
	"github.com/hashicorp/vault/sdk/plugin"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
)

// vaultVersion is what the harness tells plugins it is (VAULT_VERSION, PluginEnv).
const vaultVersion = "1.21.0"

// host plays the part of Vault's plugin catalog for one plugin binary: it is
// the pluginutil.RunnerUtil the SDK's v5 client asks for a running plugin, and
// the static system view that mounted backends see.
type host struct {
	logical.StaticSystemView
	runner *pluginutil.PluginRunner
	logger hclog.Logger
}

func newHost(path string, args []string, logger hclog.Logger) (*host, error) {
	sum, err := fileSHA256(path)
	if err != nil {
		return nil, err
	}
	return &host{
		StaticSystemView: logical.StaticSystemView{
			VersionString: vaultVersion,
			PluginEnvironment: &logical.PluginEnvironment{
				VaultVersion: vaultVersion,
			},
		},
		runner: &pluginutil.PluginRunner{
			Name:    "harness-plugin",
			Type:    consts.PluginTypeSecrets,
			Command: path,
			Args:    args,
			Sha256:  sum,
		},
		logger: logger,
	}, nil
}

// NewPluginClient starts the plugin process the way Vault's catalog does for a
// non-multiplexed plugin: run it through the PluginRunner (sha256 check,
// AutoMTLS, handshake), ask whether it multiplexes, and tag every call on the
// connection with this instance's multiplex id.
func (h *host) NewPluginClient(ctx context.Context, config pluginutil.PluginClientConfig) (pluginutil.PluginClient, error) {
	client, err := h.runner.RunConfig(ctx,
		pluginutil.Runner(config.Wrapper),
		pluginutil.PluginSets(config.PluginSets),
		pluginutil.HandshakeConfig(config.HandshakeConfig),
		pluginutil.Logger(config.Logger),
		pluginutil.MetadataMode(config.IsMetadataMode),
		pluginutil.AutoMTLS(config.AutoMTLS),
	)
	if err != nil {
		return nil, err
	}
	rpc, err := client.Client()
	if err != nil {
		client.Kill()
		return nil, err
	}
	grpcClient, ok := rpc.(*goplugin.GRPCClient)
	if !ok {
		client.Kill()
		return nil, errors.New("plugin did not start a gRPC server")
	}
	if _, err := pluginutil.MultiplexingSupported(ctx, grpcClient.Conn, config.Name); err != nil {
		client.Kill()
		return nil, fmt.Errorf("asking the plugin about multiplexing: %w", err)
	}
	id, err := uuid.GenerateUUID()
	if err != nil {
		client.Kill()
		return nil, err
	}
	return &pluginClient{
		ClientProtocol: rpc,
		process:        client,
		conn:           &multiplexedConn{ClientConn: grpcClient.Conn, id: id},
	}, nil
}

// mount starts the plugin and sets up one backend instance over fresh storage,
// like `vault secrets enable` followed by the mount's first unseal.
func (h *host) mount(ctx context.Context, options map[string]string) (logical.Backend, logical.Storage, error) {
	backend, err := plugin.NewPluginClientV5(ctx, h, pluginutil.PluginClientConfig{
		Name:            h.runner.Name,
		PluginType:      h.runner.Type,
		PluginSets:      plugin.PluginSet,
		HandshakeConfig: plugin.HandshakeConfig,
		Logger:          h.logger,
		AutoMTLS:        true,
		Wrapper:         h,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("starting the plugin: %w", err)
	}
	backendUUID, err := uuid.GenerateUUID()
	if err != nil {
		backend.Cleanup(ctx)
		return nil, nil, err
	}
	config := map[string]string{"plugin_name": h.runner.Name, "plugin_type": h.runner.Type.String(), "plugin_version": ""}
	for k, v := range options {
		config[k] = v
	}
	storage := new(logical.InmemStorage)
	err = backend.Setup(ctx, &logical.BackendConfig{
		StorageView: storage,
		Logger:      h.logger,
		System:      h.StaticSystemView,
		Config:      config,
		BackendUUID: backendUUID,
	})
	if err == nil {
		err = backend.Initialize(ctx, &logical.InitializationRequest{Storage: storage})
	}
	if err != nil {
		backend.Cleanup(ctx)
		return nil, nil, fmt.Errorf("setting up the backend: %w", err)
	}
	return backend, storage, nil
}

// pluginClient is the pluginutil.PluginClient the SDK's v5 client wraps.
type pluginClient struct {
	goplugin.ClientProtocol
	process *goplugin.Client
	conn    grpc.ClientConnInterface
}

func (p *pluginClient) Conn() grpc.ClientConnInterface { return p.conn }

// Close stops the plugin process: Shutdown RPC, then SIGKILL after a grace period.
func (p *pluginClient) Close() error {
	p.process.Kill()
	return nil
}

func (p *pluginClient) Reload() error {
	return errors.New("the harness does not reload plugins")
}

// multiplexedConn adds the multiplex_id metadata a v5 plugin needs on every call.
type multiplexedConn struct {
	*grpc.ClientConn
	id string
}

func (c *multiplexedConn) Invoke(ctx context.Context, method string, args, reply any, opts ...grpc.CallOption) error {
	ctx = metadata.AppendToOutgoingContext(ctx, pluginutil.MultiplexingCtxKey, c.id)
	return c.ClientConn.Invoke(ctx, method, args, reply, opts...)
}

func (c *multiplexedConn) NewStream(ctx context.Context, desc *grpc.StreamDesc, method string, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	ctx = metadata.AppendToOutgoingContext(ctx, pluginutil.MultiplexingCtxKey, c.id)
	return c.ClientConn.NewStream(ctx, desc, method, opts...)
}

func fileSHA256(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening the plugin binary: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, fmt.Errorf("hashing the plugin binary: %w", err)
	}
	return h.Sum(nil), nil
}
