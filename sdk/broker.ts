/**
 * go-plugin's broker, plugin side (non-multiplexed, as Vault uses it). The host opens
 * `StartStream` once and announces, per backend instance, `ConnInfo{service_id, network,
 * address}` of a listener serving Storage/SystemView. Setup names that id; `dial` waits up to
 * 5 s for the announcement (it may arrive before or after Setup), then connects with the
 * plugin's certificate, trusting only the host's.
 */
import * as grpc from '@grpc/grpc-js';
import type { ConnInfo } from './gen/plugin/grpc_broker';

const DIAL_TIMEOUT_MS = 5_000;
const CLIENT_OPTIONS: grpc.ClientOptions = {
  'grpc.ssl_target_name_override': 'localhost',
  'grpc.default_authority': 'localhost',
  'grpc.max_receive_message_length': -1,
  'grpc.max_send_message_length': -1,
  // Channelz bookkeeping costs time on every call and nobody reads it in a plugin.
  'grpc.enable_channelz': 0,
};

export class BrokerError extends Error {}

export class PluginBroker {
  private readonly announced = new Map<number, ConnInfo>();
  private readonly waiting = new Map<number, (info: ConnInfo) => void>();
  private readonly credentials: grpc.ChannelCredentials;

  constructor(hostCertPem: string, pluginKeyPem: string, pluginCertPem: string) {
    this.credentials = grpc.credentials.createSsl(Buffer.from(hostCertPem), Buffer.from(pluginKeyPem), Buffer.from(pluginCertPem));
  }

  /** The `StartStream` handler: files every announcement by id. The stream stays open until the host ends it. */
  readonly startStream = (call: grpc.ServerDuplexStream<ConnInfo, ConnInfo>): void => {
    call.on('data', (info: ConnInfo) => this.receive(info));
    call.on('end', () => call.end());
    call.on('error', () => {});
  };

  receive(info: ConnInfo): void {
    if (info.knock !== undefined && (info.knock.knock || info.knock.ack)) return; // broker multiplexing is not offered
    const waiter = this.waiting.get(info.service_id);
    if (waiter !== undefined) waiter(info);
    else this.announced.set(info.service_id, info);
  }

  /** A client for the host's brokered server `id`; the connection itself opens on the first call. */
  async dial(id: number): Promise<grpc.Client> {
    const info = await this.connInfo(id);
    if (info.network !== 'unix' && info.network !== 'tcp') {
      throw new BrokerError(`the host announced broker id ${id} on network "${info.network}"; only unix and tcp are supported`);
    }
    const target = info.network === 'unix' ? `unix:${info.address}` : info.address;
    return new grpc.Client(target, this.credentials, CLIENT_OPTIONS);
  }

  private connInfo(id: number): Promise<ConnInfo> {
    const known = this.announced.get(id);
    if (known !== undefined) {
      this.announced.delete(id);
      return Promise.resolve(known);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new BrokerError(`timeout waiting for connection info for broker id ${id}`));
      }, DIAL_TIMEOUT_MS);
      this.waiting.set(id, (info) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(info);
      });
    });
  }
}
