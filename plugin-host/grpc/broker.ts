/**
 * go-plugin's broker, host side (non-multiplexed, as Vault uses it). The `StartStream` bidi stream
 * is opened once right after connecting and kept open; for every backend instance the host picks
 * an id, serves Storage/SystemView/Events on a fresh unix socket in the plugin's private socket
 * directory, and announces `ConnInfo{service_id, network:'unix', address}` on the stream. The
 * plugin dials that socket from its Setup handler (it waits up to 5 s for the announcement).
 *
 * The brokered server (`UnaryServer`) uses the same two certificates with roles swapped: it
 * presents the host certificate and requires the client to present exactly the plugin's.
 */
import * as grpc from '@grpc/grpc-js';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { HostCertificate } from '../launch/mtls';
import { ConnInfo } from '../gen/plugin/grpc_broker';
import { HostError, pluginStoppedError } from '../errors';
import { asBuffer } from './codec';
import type { PluginConnection } from './connection';
import { UnaryServer, type UnaryHandlers } from './unary-server';

export interface BrokeredServer {
  readonly id: number;
  readonly address: string;
  /** Stops serving (in-flight calls are cut) and removes the socket file. */
  close(): Promise<void>;
}

export class HostBroker {
  private lastId = 0;
  private readonly stream: grpc.ClientDuplexStream<ConnInfo, ConnInfo>;
  private readonly servers = new Set<BrokeredServer>();
  private closed = false;

  constructor(
    connection: PluginConnection,
    private readonly socketDir: string,
    private readonly hostCertificate: HostCertificate,
    private readonly pluginCertPem: string,
  ) {
    this.stream = connection.client.makeBidiStreamRequest(
      '/plugin.GRPCBroker/StartStream',
      (info: ConnInfo) => asBuffer(ConnInfo.encode(info).finish()),
      (bytes: Buffer) => ConnInfo.decode(bytes),
      new grpc.Metadata(),
      {},
    );
    // Plugin-initiated listeners are not used by Vault backends; the stream ends when the
    // plugin goes away, which the supervisor learns from the process itself.
    this.stream.on('data', () => {});
    this.stream.on('error', () => {});
  }

  /** Ids count from 1 like go-plugin's; only the host allocates them. */
  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  /** Listens, serves `handlers` (keyed by full method path), then announces the address for `id`. */
  acceptAndServe(id: number, handlers: UnaryHandlers): Promise<BrokeredServer> {
    return this.acceptAndServeWith(id, async (address) => {
      const server = new UnaryServer(handlers, this.hostCertificate, this.pluginCertPem);
      await server.listen(address).catch(async (error: Error) => {
        await server.close();
        throw error;
      });
      return server;
    });
  }

  /**
   * The same, with the server started by `listen` (the callback thread's, say), which must present
   * `certificates.host` and require exactly `certificates.pluginPem`, as `UnaryServer` does.
   */
  async acceptAndServeWith(
    id: number,
    listen: (address: string, certificates: { host: HostCertificate; pluginPem: string }) => Promise<{ close(): Promise<void> }>,
  ): Promise<BrokeredServer> {
    if (this.closed) throw pluginStoppedError('The plugin connection');
    const address = join(this.socketDir, `broker-${id}.sock`);
    const server = await listen(address, { host: this.hostCertificate, pluginPem: this.pluginCertPem }).catch((error: Error) => {
      throw new HostError('transport_error', `Could not listen on ${address} for plugin storage: ${error.message}`);
    });
    this.stream.write({ service_id: id, network: 'unix', address, knock: undefined });
    const brokered: BrokeredServer = {
      id,
      address,
      close: async () => {
        this.servers.delete(brokered);
        await server.close();
        await rm(address, { force: true });
      },
    };
    this.servers.add(brokered);
    return brokered;
  }

  /** Ends the broker stream and every brokered server. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stream.end();
    this.stream.cancel();
    await Promise.all([...this.servers].map((server) => server.close()));
  }
}
