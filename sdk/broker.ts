/**
 * go-plugin's broker, plugin side (non-multiplexed, as Vault uses it). The host opens
 * `StartStream` once and announces, per backend instance, `ConnInfo{service_id, network,
 * address}` of a listener serving Storage/SystemView. Setup names that id; `dial` waits up to
 * 5 s for the announcement (it may arrive before or after Setup), then connects with the
 * plugin's certificate, trusting only the host's.
 */
import type * as grpc from '@grpc/grpc-js';
import type { ConnInfo } from './gen/plugin/grpc_broker';
import { HostChannel, type ChannelCertificates } from './host-channel';

const DIAL_TIMEOUT_MS = 5_000;

export class BrokerError extends Error {}

export class PluginBroker {
  private readonly announced = new Map<number, ConnInfo>();
  private readonly waiting = new Map<number, (info: ConnInfo) => void>();
  private readonly certificates: ChannelCertificates;

  constructor(hostCertPem: string, pluginKeyPem: string, pluginCertPem: string) {
    this.certificates = { hostCertPem, pluginKeyPem, pluginCertPem };
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

  /** A channel to the host's brokered server `id`; the connection itself opens on the first call. */
  async dial(id: number): Promise<HostChannel> {
    const info = await this.connInfo(id);
    if (info.network !== 'unix' && info.network !== 'tcp') {
      throw new BrokerError(`the host announced broker id ${id} on network "${info.network}"; only unix and tcp are supported`);
    }
    return new HostChannel({ network: info.network, address: info.address }, this.certificates);
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
