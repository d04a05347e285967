/**
 * go-plugin's own services on the plugin's main connection (health, controller, stdio) and
 * Vault's two small ones (plugin version, multiplexing support).
 */
import type * as grpc from '@grpc/grpc-js';
import { HealthCheckResponse_ServingStatus, HealthService } from './gen/grpc/health/v1/health';
import type { HealthCheckRequest, HealthCheckResponse } from './gen/grpc/health/v1/health';
import { GRPCControllerService } from './gen/plugin/grpc_controller';
import { GRPCStdioService } from './gen/plugin/grpc_stdio';
import { PluginMultiplexingService } from './gen/pluginutil/multiplexing';
import { PluginVersionService } from './gen/logical/version';
import type { PluginGrpcServer } from './grpc-server';

export interface GoPluginServiceOptions {
  /** Semver reported by `logical.PluginVersion` (empty = unversioned). */
  version: string;
  /** Protocol 5 registers `PluginMultiplexing` (answering true); 4 does not. */
  multiplexing: boolean;
  /** Controller Shutdown: the reply is sent first, then this runs. */
  onShutdown: () => void;
}

export function registerGoPluginServices(server: PluginGrpcServer, options: GoPluginServiceOptions): void {
  server.addService(HealthService, {
    // go-plugin's standard health server reports every service, `plugin` included, as SERVING.
    check: (_call: grpc.ServerUnaryCall<HealthCheckRequest, HealthCheckResponse>, callback: grpc.sendUnaryData<HealthCheckResponse>) =>
      callback(null, { status: HealthCheckResponse_ServingStatus.SERVING }),
  });
  server.addService(GRPCControllerService, {
    shutdown: (_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<object>) => {
      callback(null, {});
      setImmediate(options.onShutdown);
    },
  });
  // Output reaches the host through stderr (hclog lines), so the stdio stream stays open and empty.
  server.addService(GRPCStdioService, {
    streamStdio: (call: grpc.ServerWritableStream<unknown, unknown>) => {
      call.on('cancelled', () => call.end());
    },
  });
  server.addService(PluginVersionService, {
    version: (_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<{ plugin_version: string }>) =>
      callback(null, { plugin_version: options.version }),
  });
  if (options.multiplexing) {
    server.addService(PluginMultiplexingService, {
      multiplexingSupport: (_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<{ supported: boolean }>) =>
        callback(null, { supported: true }),
    });
  }
}
