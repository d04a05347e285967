/**
 * The host's gRPC connection to one plugin process over its unix socket, mTLS pinned to the
 * certificate the plugin printed in its handshake, shared by every service and every mount the
 * process serves. Unary calls go through the lean `UnaryChannel` (one HTTP/2 session); the two
 * long-lived streams (broker, stdio) use a grpc-js client on a second connection.
 *
 * Every unary call is registered while in flight, so when the process dies `failAll` rejects them
 * at once with `plugin_exited` instead of leaving them to a deadline. A call that loses its
 * connection waits briefly for the process exit to be reported before it decides which error to
 * give (the socket usually closes a moment before the exit status is reaped).
 */
import * as grpc from '@grpc/grpc-js';
import type { HostCertificate } from '../launch/mtls';
import { HostError } from '../errors';
import { MAX_MESSAGE_BYTES } from './limits';
import type { MethodDescriptor } from './codec';
import { hostErrorFromStatus, isConnectionLoss } from './call-errors';
import { UnaryChannel, type GrpcStatusError } from './unary-channel';

export interface PluginEndpoint {
  /** Name used in error messages. */
  plugin: string;
  network: 'unix' | 'tcp';
  address: string;
  serverCertPem: string;
}

/** Go plugins allow 2^31−1 bytes; grpc-js caps receives at 4 MiB unless told otherwise. */
const UNLIMITED = -1;
/**
 * How long a call that lost its connection waits for the exit to be reported, so it fails with
 * the exit's reason (panic line, signal) rather than a bare "connection lost". The wait ends as
 * soon as the exit is seen, so it only costs time when the process lives on; 250 ms was too
 * short on a loaded 2-core machine (the exit was reported after the call had failed).
 */
const EXIT_GRACE_MS = 1500;

export const CHANNEL_OPTIONS: grpc.ChannelOptions = {
  'grpc.ssl_target_name_override': 'localhost',
  'grpc.default_authority': 'localhost',
  'grpc.max_receive_message_length': UNLIMITED,
  'grpc.max_send_message_length': UNLIMITED,
  // No keepalive pings: grpc-go answers frequent pings with GOAWAY "too_many_pings".
  'grpc.keepalive_time_ms': -1,
  // Our calls are never retried transparently: a retry buffer per call is wasted work.
  'grpc.enable_retries': 0,
  // A plugin's channel is its own: never share a subchannel with another process's socket.
  'grpc.use_local_subchannel_pool': 1,
  // Channelz bookkeeping costs on every call and nothing here reads it.
  'grpc.enable_channelz': 0,
};

type PendingCall = (error: HostError) => void;

export class PluginConnection {
  /** For streams only (broker, stdio). */
  readonly client: grpc.Client;
  private readonly channel: UnaryChannel;
  private readonly inFlight = new Set<PendingCall>();
  private failure: HostError | undefined;

  constructor(
    private readonly endpoint: PluginEndpoint,
    hostCertificate: HostCertificate,
    /** Resolves when the process has exited; lets a dropped call report `plugin_exited`. */
    private readonly processExited: Promise<unknown>,
  ) {
    const credentials = grpc.credentials.createSsl(
      Buffer.from(endpoint.serverCertPem),
      Buffer.from(hostCertificate.keyPem),
      Buffer.from(hostCertificate.certPem),
    );
    const target = endpoint.network === 'unix' ? `unix:${endpoint.address}` : endpoint.address;
    this.client = new grpc.Client(target, credentials, CHANNEL_OPTIONS);
    this.channel = new UnaryChannel(endpoint, hostCertificate);
  }

  get plugin(): string {
    return this.endpoint.plugin;
  }

  /**
   * One unary call with a deadline; `multiplexId` goes out as `multiplex_id` metadata. Rejects with
   * a HostError, never with a raw gRPC status.
   */
  unary<Req, Res>(
    method: MethodDescriptor<Req, Res>,
    request: Req,
    multiplexId: string | undefined,
    timeoutMs: number,
  ): Promise<Res> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const bytes = method.serialize(request);
    if (bytes.length > MAX_MESSAGE_BYTES) {
      return Promise.reject(
        new HostError(
          'request_too_large',
          `The request to plugin "${this.endpoint.plugin}" is ${bytes.length} bytes, over the ${MAX_MESSAGE_BYTES}-byte limit. Send less data per request.`,
          { method: method.path, bytes: bytes.length, limit: MAX_MESSAGE_BYTES },
        ),
      );
    }
    return new Promise<Res>((resolve, reject) => {
      this.inFlight.add(reject);
      this.channel.call(method.path, bytes, multiplexId, timeoutMs, MAX_MESSAGE_BYTES).then(
        (reply) => {
          if (!this.inFlight.delete(reject)) return; // already failed by failAll
          let response: Res;
          try {
            response = method.deserialize(reply);
          } catch (error) {
            return reject(hostErrorFromStatus({ code: grpc.status.INTERNAL, details: `undecodable reply: ${(error as Error).message}` }, { plugin: this.endpoint.plugin, method: method.path, timeoutMs }));
          }
          resolve(response);
        },
        (error: GrpcStatusError) => {
          if (!this.inFlight.delete(reject)) return;
          this.settleFailure(error, method.path, timeoutMs, reject);
        },
      );
    });
  }

  /** Fails every call in flight and every later call with `error`; closes the channel. */
  failAll(error: HostError): void {
    if (this.failure === undefined) this.failure = error;
    for (const reject of this.inFlight) reject(error);
    this.inFlight.clear();
    this.channel.close();
    this.client.close();
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  close(): void {
    this.channel.close();
    this.client.close();
  }

  private settleFailure(
    error: GrpcStatusError,
    method: string,
    timeoutMs: number,
    reject: (error: HostError) => void,
  ): void {
    const translated = hostErrorFromStatus(error, { plugin: this.endpoint.plugin, method, timeoutMs });
    if (this.failure !== undefined) return reject(this.failure);
    if (!isConnectionLoss(error)) return reject(translated);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, EXIT_GRACE_MS);
    });
    void Promise.race([this.processExited, grace]).then(() => {
      clearTimeout(timer);
      reject(this.failure ?? translated);
    });
  }
}
