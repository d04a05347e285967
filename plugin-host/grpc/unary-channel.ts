/**
 * The hot path: unary gRPC calls over one node:http2 session to the plugin, with mTLS pinned to
 * the plugin's certificate. grpc-js's client stack (resolver, load balancer, retry and filter
 * layers, channelz) costs about 2× a raw HTTP/2 request per call on this machine — measured
 * 200–260 µs vs 105–115 µs for a health check — and a Vault read is several calls, so unary calls
 * take this path. Streams (broker, stdio) stay on grpc-js.
 *
 * Wire format (gRPC over HTTP/2): POST with `content-type: application/grpc`, `te: trailers`, the
 * deadline in `grpc-timeout`; each message is a 5-byte prefix (compressed flag, big-endian length)
 * and the bytes; the status arrives in trailers (`grpc-status`, percent-encoded `grpc-message`),
 * or in the response headers for a trailers-only answer.
 *
 * Per call this allocates the stream (node:http2's), one state object and the timer: the stream's
 * listeners are shared functions that find the call's state on the stream, not closures per call.
 */
import http2 from 'node:http2';
import tls from 'node:tls';
import type { HostCertificate } from '../launch/mtls';
import { status } from '@grpc/grpc-js';
import type { CallStatus } from './call-errors';
import { frame, unframe } from './framing';

export type GrpcStatusError = CallStatus;

export interface UnaryEndpoint {
  network: 'unix' | 'tcp';
  address: string;
  serverCertPem: string;
}

/** Where a call's outcome goes: the reply message (prefix removed), or the status that failed it. */
export interface CallSink {
  succeed(message: Buffer): void;
  fail(error: GrpcStatusError): void;
}

const { NGHTTP2_CANCEL } = http2.constants;

/** grpc-message is percent-encoded; a plugin sending a malformed escape must not throw in a listener. */
function decodeGrpcMessage(message: string): string {
  try {
    return decodeURIComponent(message);
  } catch {
    return message;
  }
}

class ChannelCall {
  readonly chunks: Buffer[] = [];
  received = 0;
  outcome: GrpcStatusError | undefined;
  timedOut = false;
  oversized = false;
  timer: NodeJS.Timeout | undefined;
  readonly deadline: number;

  constructor(
    readonly channel: UnaryChannel,
    readonly sink: CallSink,
    readonly timeoutMs: number,
    readonly maxResponseBytes: number,
  ) {
    this.deadline = performance.now() + timeoutMs;
  }

  takeStatus(headers: http2.IncomingHttpHeaders): void {
    const code = headers['grpc-status'];
    if (code === undefined) return;
    const message = headers['grpc-message'];
    this.outcome = { code: Number(code), details: typeof message === 'string' ? decodeGrpcMessage(message) : '' };
  }

  settle(rstCode: number): void {
    const { sink } = this;
    // The plugin learns the same deadline from grpc-timeout and may answer the moment it passes
    // ("context deadline exceeded" in-band, or CANCELLED) just before our timer gets its turn:
    // an answer that comes after the deadline is the deadline's expiry all the same.
    if (this.timedOut || performance.now() >= this.deadline) return sink.fail({ code: status.DEADLINE_EXCEEDED, details: `no answer within ${this.timeoutMs} ms` });
    if (this.oversized) return sink.fail({ code: status.RESOURCE_EXHAUSTED, details: `the answer exceeded ${this.maxResponseBytes} bytes` });
    if (this.outcome === undefined) {
      return sink.fail(this.channel.closedWith ?? { code: status.UNAVAILABLE, details: `stream closed without a status (code ${rstCode})` });
    }
    if (this.outcome.code !== status.OK) return sink.fail(this.outcome);
    const message = unframe(this.chunks);
    if (Buffer.isBuffer(message)) sink.succeed(message);
    else sink.fail(message);
  }
}

const CALL = Symbol('unaryCall');
type CallStream = http2.ClientHttp2Stream & { [CALL]: ChannelCall };

function onHeaders(this: CallStream, headers: http2.IncomingHttpHeaders): void {
  this[CALL].takeStatus(headers);
}
function onData(this: CallStream, chunk: Buffer): void {
  const call = this[CALL];
  call.received += chunk.length;
  if (call.received > call.maxResponseBytes) {
    // Stop reading at once: the answer is refused whole, without buffering the rest.
    call.oversized = true;
    call.chunks.length = 0;
    this.close(NGHTTP2_CANCEL);
    return;
  }
  call.chunks.push(chunk);
}
function onError(): void {} // the outcome is decided on close
function onClose(this: CallStream): void {
  const call = this[CALL];
  clearTimeout(call.timer);
  call.channel.callEnded();
  call.settle(this.rstCode);
}
function onDeadline(stream: CallStream): void {
  stream[CALL].timedOut = true;
  stream.close(NGHTTP2_CANCEL);
}

/** Turns a sink call into a promise, for callers that want one (tests, one-off calls). */
class PromiseSink implements CallSink {
  constructor(
    readonly succeed: (message: Buffer) => void,
    readonly fail: (error: GrpcStatusError) => void,
  ) {}
}

export class UnaryChannel {
  private readonly session: http2.ClientHttp2Session;
  closedWith: GrpcStatusError | undefined;
  /** The session keeps the event loop alive only while a call is in flight, like grpc-js. */
  private active = 0;

  constructor(endpoint: UnaryEndpoint, hostCertificate: HostCertificate) {
    const connectOptions: tls.ConnectionOptions = {
      ca: endpoint.serverCertPem,
      cert: hostCertificate.certPem,
      key: hostCertificate.keyPem,
      servername: 'localhost',
      ALPNProtocols: ['h2'],
    };
    if (endpoint.network === 'unix') connectOptions.path = endpoint.address;
    else {
      const [host, port] = endpoint.address.split(':');
      connectOptions.host = host;
      connectOptions.port = Number(port);
    }
    this.session = http2.connect('https://localhost', {
      createConnection: () => tls.connect(connectOptions),
      // Megabytes of unacknowledged data; Go plugins may send help documents of several MB.
      maxSessionMemory: 256,
    });
    this.session.on('error', (error: Error) => {
      this.closedWith ??= { code: status.UNAVAILABLE, details: error.message };
    });
    this.session.on('close', () => {
      this.closedWith ??= { code: status.UNAVAILABLE, details: 'connection to the plugin closed' };
    });
    this.session.unref();
  }

  /** One call. Resolves with the response message bytes; rejects with a GrpcStatusError. */
  call(path: string, request: Uint8Array, multiplexId: string | undefined, timeoutMs: number, maxResponseBytes = Number.POSITIVE_INFINITY): Promise<Buffer> {
    return new Promise<Buffer>((resolve, reject) => this.start(path, frame(request), multiplexId, timeoutMs, maxResponseBytes, new PromiseSink(resolve, reject)));
  }

  /** One call whose request is already framed (`framing.ts`); its outcome goes to `sink`. */
  start(path: string, framed: Uint8Array, multiplexId: string | undefined, timeoutMs: number, maxResponseBytes: number, sink: CallSink): void {
    if (this.closedWith !== undefined) return sink.fail(this.closedWith);
    const headers: http2.OutgoingHttpHeaders = {
      ':method': 'POST',
      ':path': path,
      'content-type': 'application/grpc',
      te: 'trailers',
      'grpc-timeout': `${timeoutMs}m`,
    };
    if (multiplexId !== undefined) headers['multiplex_id'] = multiplexId;
    let stream: CallStream;
    try {
      stream = this.session.request(headers) as CallStream;
    } catch (error) {
      return sink.fail({ code: status.UNAVAILABLE, details: (error as Error).message });
    }
    if (this.active++ === 0) this.session.ref();
    const call = new ChannelCall(this, sink, timeoutMs, maxResponseBytes);
    stream[CALL] = call;
    call.timer = setTimeout(onDeadline, timeoutMs, stream);
    stream.on('response', onHeaders);
    stream.on('data', onData);
    stream.on('trailers', onHeaders);
    stream.on('error', onError);
    stream.on('close', onClose);
    stream.end(framed);
  }

  /** Called by each call's stream as it closes. */
  callEnded(): void {
    if (--this.active === 0) this.session.unref();
  }

  close(): void {
    this.closedWith ??= { code: status.CANCELLED, details: 'channel closed' };
    this.session.destroy();
  }
}
