/**
 * go-plugin's small services on the plugin's main connection: health, controller, stdio, and
 * Vault's multiplexing query. Each is one call; all share the process's connection.
 */
import * as grpc from '@grpc/grpc-js';
import { HealthCheckRequest, HealthCheckResponse, HealthCheckResponse_ServingStatus } from '../gen/grpc/health/v1/health';
import { Empty as ControllerEmpty } from '../gen/plugin/grpc_controller';
import { StdioData, StdioData_Channel } from '../gen/plugin/grpc_stdio';
import { MultiplexingSupportResponse } from '../gen/pluginutil/multiplexing';
import { isHostError } from '../errors';
import { method, methodWithEmptyRequest } from './codec';
import type { PluginConnection } from './connection';

const HEALTH_CHECK = method('/grpc.health.v1.Health/Check', HealthCheckRequest, HealthCheckResponse);
const SHUTDOWN = methodWithEmptyRequest('/plugin.GRPCController/Shutdown', ControllerEmpty);
const MULTIPLEXING_SUPPORT = methodWithEmptyRequest(
  '/pluginutil.multiplexing.PluginMultiplexing/MultiplexingSupport',
  MultiplexingSupportResponse,
);
const NO_METADATA = new grpc.Metadata();

/** go-plugin's Ping: the standard health service, service name `plugin`. */
export async function isServing(connection: PluginConnection, timeoutMs: number): Promise<boolean> {
  const reply = await connection.unary(HEALTH_CHECK, { service: 'plugin' }, undefined, timeoutMs);
  return reply.status === HealthCheckResponse_ServingStatus.SERVING;
}

/**
 * Protocol 5 plugins answer true; older ones answer UNIMPLEMENTED, which means "one process per
 * mount". Asked without `multiplex_id`, as Vault does.
 */
export async function supportsMultiplexing(connection: PluginConnection, timeoutMs: number): Promise<boolean> {
  try {
    const reply = await connection.unary(MULTIPLEXING_SUPPORT, {}, undefined, timeoutMs);
    return reply.supported;
  } catch (error) {
    if (isHostError(error) && error.detail?.['grpcCode'] === grpc.status.UNIMPLEMENTED) return false;
    throw error;
  }
}

/** Asks the plugin to stop serving and exit. The reply may never come; the caller waits on the process. */
export async function requestShutdown(connection: PluginConnection, timeoutMs: number): Promise<void> {
  await connection.unary(SHUTDOWN, {}, undefined, timeoutMs).catch(() => undefined);
}

/**
 * Opens the stdio stream once; each chunk goes to `onChunk`. Plugins without the service answer
 * UNIMPLEMENTED or UNAVAILABLE, which is fine: their output also reaches us through stderr.
 */
export function streamStdio(
  connection: PluginConnection,
  onChunk: (channel: 'stdout' | 'stderr', text: string) => void,
): grpc.ClientReadableStream<StdioData> {
  const stream = connection.client.makeServerStreamRequest(
    '/plugin.GRPCStdio/StreamStdio',
    () => Buffer.alloc(0),
    (bytes: Buffer) => StdioData.decode(bytes),
    {},
    NO_METADATA,
    {},
  );
  stream.on('data', (chunk: StdioData) => {
    onChunk(chunk.channel === StdioData_Channel.STDOUT ? 'stdout' : 'stderr', chunk.data.toString('utf8'));
  });
  stream.on('error', () => {}); // UNIMPLEMENTED, UNAVAILABLE or CANCELLED at close: all expected
  return stream;
}
