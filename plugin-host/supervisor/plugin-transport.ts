/**
 * The transport to a spawned plugin, kept apart from the runner as go-plugin keeps its client's
 * connection apart from `runner`: the mTLS connection pinned to the certificate of the handshake,
 * and the broker stream over it that offers each mount its Storage/SystemView/Events server.
 * go-plugin's stdio stream rides the same connection (`stdio-log.ts`).
 */
import { HostBroker } from '../grpc/broker';
import { PluginConnection } from '../grpc/connection';
import type { SpawnedPlugin } from './plugin-runner';

export interface PluginTransport {
  connection: PluginConnection;
  broker: HostBroker;
}

export function connectTransport(pluginName: string, spawned: SpawnedPlugin): PluginTransport {
  const { launched, socketDir, hostCertificate } = spawned;
  const { handshake } = launched;
  const connection = new PluginConnection(
    { plugin: pluginName, network: handshake.network, address: handshake.address, serverCertPem: handshake.serverCertPem },
    hostCertificate,
    launched.exited,
  );
  const broker = new HostBroker(connection, socketDir, hostCertificate, handshake.serverCertPem);
  return { connection, broker };
}
