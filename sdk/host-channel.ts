/**
 * Unary gRPC calls from the plugin to the host's brokered server (Storage, SystemView) over one
 * node:http2 session, mTLS as go-plugin's broker sets it up (the plugin's certificate, trusting
 * only the host's). grpc-js's client stack (interceptors, resolver, load balancer, retry layer, a
 * `new Error()` per call for its stack) cost a TS plugin about a quarter of its CPU per request,
 * which made a TS plugin's latency depend on whether a spare core hid it; a storage call needs
 * none of that.
 *
 * Wire format (gRPC over HTTP/2): POST with `content-type: application/grpc` and `te: trailers`;
 * the message has a 5-byte prefix (compressed flag, big-endian length); the status comes in
 * trailers (`grpc-status`, percent-encoded `grpc-message`), or in the headers of a trailers-only
 * answer. Calls carry no deadline, as the grpc-js calls they replace did not.
 */
import http2 from 'node:http2';
import tls from 'node:tls';
import { BinaryWriter, type BinaryReader } from '@bufbuild/protobuf/wire';

export interface MessageCodec<T> {
  encode(message: T, writer?: BinaryWriter): BinaryWriter;
  decode(input: BinaryReader | Uint8Array, length?: number): T;
}

export interface HostMethod<Req, Res> {
  readonly path: string;
  readonly request: MessageCodec<Req>;
  readonly response: MessageCodec<Res>;
}

export interface HostTarget {
  network: 'unix' | 'tcp';
  address: string;
}

export interface ChannelCertificates {
  hostCertPem: string;
  pluginCertPem: string;
  pluginKeyPem: string;
}

const STATUS_NAMES = ['OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED'];
const UNAVAILABLE = 14;
const INTERNAL = 13;
const UNIMPLEMENTED = 12;

/** A failed call, shaped like grpc-js's ServiceError (`code`, `details`, "14 UNAVAILABLE: …"). */
export class HostCallError extends Error {
  constructor(
    readonly code: number,
    readonly details: string,
  ) {
    super(`${code} ${STATUS_NAMES[code] ?? 'UNKNOWN'}: ${details}`);
  }
}

/** The 5 prefix bytes are reserved in the writer, so the encoded message is framed without a copy. */
const PREFIX = new Uint8Array(5);
/** Kept between calls (encoding is synchronous) so its buffer is not regrown per call. */
let writer = new BinaryWriter();

function framed<T>(codec: MessageCodec<T>, message: T): Uint8Array {
  codec.encode(message, writer.raw(PREFIX));
  const bytes = writer.finish();
  if (bytes.length > 64 * 1024) writer = new BinaryWriter(); // do not hold on to a large buffer
  new DataView(bytes.buffer, bytes.byteOffset, 5).setUint32(1, bytes.length - 5);
  return bytes;
}

/** One call in flight; the stream's listeners are shared functions that find it on the stream. */
class PendingCall {
  readonly chunks: Buffer[] = [];
  code: number | undefined;
  details = '';

  constructor(
    readonly decode: (bytes: Uint8Array) => unknown,
    readonly resolve: (value: unknown) => void,
    readonly reject: (error: HostCallError) => void,
    readonly channel: HostChannel,
  ) {}

  takeStatus(headers: http2.IncomingHttpHeaders): void {
    const code = headers['grpc-status'];
    if (code === undefined) return;
    this.code = Number(code);
    const message = headers['grpc-message'];
    this.details = typeof message === 'string' ? decodeMessage(message) : '';
  }

  settle(rstCode: number): void {
    if (this.code === undefined) return this.reject(new HostCallError(UNAVAILABLE, this.channel.lostReason ?? `stream closed without a status (code ${rstCode})`));
    if (this.code !== 0) return this.reject(new HostCallError(this.code, this.details));
    const bytes = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
    if (bytes.length < 5 || bytes.length < bytes.readUInt32BE(1) + 5) return this.reject(new HostCallError(INTERNAL, 'the reply carried no whole message'));
    if (bytes[0] !== 0) return this.reject(new HostCallError(UNIMPLEMENTED, 'compressed messages are not supported'));
    let reply: unknown;
    try {
      reply = this.decode(bytes.subarray(5, 5 + bytes.readUInt32BE(1)));
    } catch (error) {
      return this.reject(new HostCallError(INTERNAL, `undecodable reply: ${(error as Error).message}`));
    }
    this.resolve(reply);
  }
}

/** grpc-message is percent-encoded; a malformed escape must not throw in a listener. */
function decodeMessage(message: string): string {
  try {
    return decodeURIComponent(message);
  } catch {
    return message;
  }
}

const CALL = Symbol('hostCall');
type CallStream = http2.ClientHttp2Stream & { [CALL]: PendingCall };

function onHeaders(this: CallStream, headers: http2.IncomingHttpHeaders): void {
  this[CALL].takeStatus(headers);
}
function onData(this: CallStream, chunk: Buffer): void {
  this[CALL].chunks.push(chunk);
}
function onError(): void {} // the outcome is decided on close
function onClose(this: CallStream): void {
  this[CALL].settle(this.rstCode);
}

export class HostChannel {
  private session: http2.ClientHttp2Session | undefined;
  private closed = false;
  /** Why the last session ended, for calls that lost it. */
  lostReason: string | undefined;
  /** Header objects per method path: node:http2 copies them, so one object serves every call. */
  private readonly headers = new Map<string, http2.OutgoingHttpHeaders>();

  constructor(
    private readonly target: HostTarget,
    private readonly certificates: ChannelCertificates,
  ) {}

  call<Req, Res>(method: HostMethod<Req, Res>, request: Req): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      let stream: CallStream;
      try {
        stream = this.connected().request(this.headersFor(method.path)) as CallStream;
      } catch (error) {
        reject(new HostCallError(UNAVAILABLE, (error as Error).message));
        return;
      }
      stream[CALL] = new PendingCall(method.response.decode as (bytes: Uint8Array) => unknown, resolve as (value: unknown) => void, reject, this);
      stream.on('response', onHeaders);
      stream.on('trailers', onHeaders);
      stream.on('data', onData);
      stream.on('error', onError);
      stream.on('close', onClose);
      stream.end(framed(method.request, request));
    });
  }

  close(): void {
    this.closed = true;
    this.session?.destroy();
    this.session = undefined;
  }

  private headersFor(path: string): http2.OutgoingHttpHeaders {
    let headers = this.headers.get(path);
    if (headers === undefined) {
      headers = { ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers' };
      this.headers.set(path, headers);
    }
    return headers;
  }

  /** The open session, or a new one after the last was lost (like grpc-js, which reconnects). */
  private connected(): http2.ClientHttp2Session {
    if (this.closed) throw new Error('the connection to the host was closed');
    if (this.session !== undefined && !this.session.closed && !this.session.destroyed) return this.session;
    const options: tls.ConnectionOptions = {
      ca: this.certificates.hostCertPem,
      cert: this.certificates.pluginCertPem,
      key: this.certificates.pluginKeyPem,
      servername: 'localhost',
      ALPNProtocols: ['h2'],
    };
    if (this.target.network === 'unix') options.path = this.target.address;
    else {
      const colon = this.target.address.lastIndexOf(':');
      options.host = this.target.address.slice(0, colon);
      options.port = Number(this.target.address.slice(colon + 1));
    }
    this.lostReason = undefined;
    // Megabytes of unacknowledged data: a storage value may be large.
    const session = http2.connect('https://localhost', { createConnection: () => tls.connect(options), maxSessionMemory: 256 });
    session.on('error', (error: Error) => {
      this.lostReason = `connection to the host failed: ${error.message}`;
    });
    session.on('close', () => {
      if (this.session === session) this.session = undefined;
    });
    // The gRPC server keeps the plugin alive; this connection must not.
    session.unref();
    this.session = session;
    return session;
  }
}
