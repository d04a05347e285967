/**
 * The plugin's gRPC server on node:http2, serving the generated service definitions with the
 * handler shapes grpc-js uses (unary `(call, callback)`, the broker's bidirectional stream and the
 * stdio server stream), so the services are written once against grpc-js's types. grpc-js's
 * server (intercepting calls, metadata objects, per-call filter stacks) was about a quarter of a
 * TS plugin's CPU per request; a plugin needs only framing, status trailers and mTLS.
 *
 * Wire format (gRPC over HTTP/2): POST, `content-type: application/grpc`; each message a 5-byte
 * prefix (compressed flag, big-endian length) and the bytes; the answer is headers, the message,
 * then trailers with `grpc-status` (0) — or, for a failure, one trailers-only HEADERS frame with
 * `grpc-status` and the percent-encoded `grpc-message`.
 */
import { EventEmitter } from 'node:events';
import http2 from 'node:http2';
import type tls from 'node:tls';
import type * as grpc from '@grpc/grpc-js';

interface MethodDefinition {
  path: string;
  requestStream: boolean;
  responseStream: boolean;
  requestDeserialize(bytes: Buffer): unknown;
  responseSerialize(value: never): Buffer;
}

/** A grpc-js handler: unary `(call, callback)` or streaming `(call)`; checked by the service's own types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (call: any, callback: any) => void;

interface Route {
  method: MethodDefinition;
  handler: Handler;
}

export interface ServerCertificates {
  hostCertPem: string;
  pluginCertPem: string;
  pluginKeyPem: string;
}

const UNKNOWN = 2;
const UNIMPLEMENTED = 12;
const INTERNAL = 13;
const RESPONSE_HEADERS = { ':status': 200, 'content-type': 'application/grpc' };
const OK_TRAILERS = { 'grpc-status': '0' };
const SEND_TRAILERS = { waitForTrailers: true };

/** `metadata.get(key)` over the request headers, as grpc-js's Metadata answers it. */
class HeaderMetadata {
  constructor(private readonly headers: http2.IncomingHttpHeaders) {}
  get(key: string): string[] {
    const value = this.headers[key];
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
  }
}

function frame(bytes: Buffer): Buffer {
  const framed = Buffer.allocUnsafe(bytes.length + 5);
  framed[0] = 0;
  framed.writeUInt32BE(bytes.length, 1);
  bytes.copy(framed, 5);
  return framed;
}

const PRINTABLE_WITHOUT_PERCENT = /^[\x20-\x24\x26-\x7e]*$/;

/** gRPC's percent-encoding: only '%' and bytes outside printable ASCII (grpc-go and grpc-js decode it). */
function encodeGrpcMessage(details: string): string {
  if (PRINTABLE_WITHOUT_PERCENT.test(details)) return details;
  let encoded = '';
  for (const byte of Buffer.from(details, 'utf8')) {
    encoded += byte >= 0x20 && byte <= 0x7e && byte !== 0x25 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}

function fail(stream: http2.ServerHttp2Stream, code: number, details: string): void {
  if (stream.destroyed || stream.closed) return;
  if (stream.headersSent) {
    stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
    return;
  }
  stream.respond({ ...RESPONSE_HEADERS, 'grpc-status': String(code), 'grpc-message': encodeGrpcMessage(details) }, { endStream: true });
}

function onWantTrailers(this: http2.ServerHttp2Stream): void {
  this.sendTrailers(OK_TRAILERS);
}

function reply(stream: http2.ServerHttp2Stream, method: MethodDefinition, error: Partial<grpc.StatusObject> | null, value: unknown): void {
  if (stream.destroyed || stream.closed) return;
  if (error !== null && error !== undefined) return fail(stream, error.code ?? UNKNOWN, error.details ?? '');
  let bytes: Buffer;
  try {
    bytes = frame(method.responseSerialize(value as never));
  } catch (serializeError) {
    return fail(stream, INTERNAL, `the reply could not be encoded: ${(serializeError as Error).message}`);
  }
  stream.respond(RESPONSE_HEADERS, SEND_TRAILERS);
  stream.on('wantTrailers', onWantTrailers);
  stream.end(bytes);
}

/** Messages out of a stream's DATA chunks, as they complete. */
class MessageReader {
  private pending: Buffer = Buffer.alloc(0);
  push(chunk: Buffer, each: (message: Buffer) => void): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 5) {
      const length = this.pending.readUInt32BE(1);
      if (this.pending.length < 5 + length) return;
      each(this.pending.subarray(5, 5 + length));
      this.pending = this.pending.subarray(5 + length);
    }
  }
}

/** A streaming call as grpc-js hands it to a handler: 'data', 'end', 'cancelled', `end()`. */
class StreamCall extends EventEmitter {
  constructor(private readonly stream: http2.ServerHttp2Stream) {
    super();
  }
  end(): void {
    if (this.stream.destroyed || this.stream.closed) return;
    if (!this.stream.headersSent) this.stream.respond(RESPONSE_HEADERS, SEND_TRAILERS);
    this.stream.end();
  }
}

export class PluginGrpcServer {
  private readonly routes = new Map<string, Route>();
  private readonly server: http2.Http2SecureServer;
  private readonly sessions = new Set<http2.ServerHttp2Session>();
  /** The TLS sockets under the sessions (a session's own `socket` refuses to be destroyed). */
  private readonly sockets = new Set<tls.TLSSocket>();

  constructor(certificates: ServerCertificates) {
    this.server = http2.createSecureServer({
      key: certificates.pluginKeyPem,
      cert: certificates.pluginCertPem,
      ca: certificates.hostCertPem,
      requestCert: true,
      rejectUnauthorized: true,
      // Megabytes of unacknowledged data: a host may send large requests.
      maxSessionMemory: 256,
    });
    this.server.on('session', (session) => {
      this.sessions.add(session);
      session.on('close', () => this.sessions.delete(session));
      session.on('error', () => {});
    });
    this.server.on('secureConnection', (socket: tls.TLSSocket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('stream', (stream, headers) => this.serve(stream, headers));
  }

  addService(service: Record<string, MethodDefinition>, implementation: Record<string, Handler>): void {
    for (const [name, method] of Object.entries(service)) {
      const handler = implementation[name];
      if (handler !== undefined) this.routes.set(method.path, { method, handler });
    }
  }

  listen(socketPath: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(socketPath, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  /**
   * Drops every connection at once. The socket goes first: a session closed the HTTP/2 way would
   * reset the host's stdio stream with NO_ERROR, which go-plugin logs as an error; a dropped
   * connection reads as UNAVAILABLE, which it ignores (grpc-js's shutdown looked the same to it).
   */
  forceShutdown(): void {
    for (const socket of this.sockets) socket.destroy();
    for (const session of this.sessions) session.destroy();
    this.server.close();
  }

  private serve(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): void {
    stream.on('error', () => {});
    const route = this.routes.get(headers[':path'] ?? '');
    if (route === undefined) return fail(stream, UNIMPLEMENTED, `unknown method ${headers[':path'] ?? ''}`);
    if (route.method.requestStream || route.method.responseStream) return this.serveStream(stream, route);
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      if (bytes.length < 5 || bytes.length < 5 + bytes.readUInt32BE(1)) return fail(stream, INTERNAL, 'the call carried no whole message');
      if (bytes[0] !== 0) return fail(stream, UNIMPLEMENTED, 'compressed messages are not supported');
      let request: unknown;
      try {
        request = route.method.requestDeserialize(bytes.subarray(5, 5 + bytes.readUInt32BE(1)));
      } catch (error) {
        return fail(stream, INTERNAL, `the request could not be decoded: ${(error as Error).message}`);
      }
      const call = { request, metadata: new HeaderMetadata(headers) };
      const callback = (error: Partial<grpc.StatusObject> | null, value?: unknown) => reply(stream, route.method, error, value);
      (route.handler as (call: unknown, callback: unknown) => void)(call, callback);
    });
  }

  private serveStream(stream: http2.ServerHttp2Stream, route: Route): void {
    const call = new StreamCall(stream);
    const reader = new MessageReader();
    stream.respond(RESPONSE_HEADERS, SEND_TRAILERS);
    stream.on('wantTrailers', onWantTrailers);
    stream.on('data', (chunk: Buffer) => reader.push(chunk, (message) => call.emit('data', route.method.requestDeserialize(message))));
    stream.on('end', () => call.emit('end'));
    stream.on('close', () => call.emit('cancelled'));
    (route.handler as (call: unknown) => void)(call);
  }
}
