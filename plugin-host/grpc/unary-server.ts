/**
 * The host's side of a brokered connection: a gRPC server for unary methods on node:http2 over a
 * unix socket, with mTLS (presents the host certificate, requires exactly the plugin's). Everything
 * a Go plugin calls back on it (Storage, SystemView, Events, Observations) is unary, and this path
 * answers in well under half the CPU of a grpc-js Server, which matters because a Vault read makes
 * several such calls.
 */
import { chmod } from 'node:fs/promises';
import http2 from 'node:http2';
import type { Socket } from 'node:net';
import { status } from '@grpc/grpc-js';
import type { HostCertificate } from '../launch/mtls';
import type { CallStatus } from './call-errors';
import type { MessageCodec } from './codec';
import { frame, unframe } from './framing';
import { MAX_MESSAGE_BYTES } from './limits';

/** Takes the request message bytes, returns the encoded reply, or throws/rejects with a CallStatus. */
export type UnaryHandler = (request: Buffer) => Uint8Array | Promise<Uint8Array>;
export type UnaryHandlers = Record<string, UnaryHandler>;

export function unaryHandler<Req, Res>(
  request: MessageCodec<Req>,
  response: MessageCodec<Res>,
  serve: (request: Req) => Res | Promise<Res>,
): UnaryHandler {
  return (bytes) => {
    const reply = serve(request.decode(bytes));
    return reply instanceof Promise ? reply.then((value) => response.encode(value).finish()) : response.encode(reply).finish();
  };
}

/** A reply that never changes, encoded once. */
export function constantHandler<Res>(response: MessageCodec<Res>, value: Res): UnaryHandler {
  const bytes = response.encode(value).finish();
  return () => bytes;
}

export function unimplementedHandler(what: string): UnaryHandler {
  return () => {
    throw { code: status.UNIMPLEMENTED, details: what } satisfies CallStatus;
  };
}

const RESPONSE_HEADERS = { ':status': 200, 'content-type': 'application/grpc' };
const OK_TRAILERS = { 'grpc-status': '0' };

function isCallStatus(value: unknown): value is CallStatus {
  return typeof value === 'object' && value !== null && typeof (value as CallStatus).code === 'number';
}

function sendStatus(stream: http2.ServerHttp2Stream, error: unknown): void {
  if (stream.destroyed || stream.closed) return;
  const failure = isCallStatus(error) ? error : { code: status.UNKNOWN, details: error instanceof Error ? error.message : String(error) };
  const headers = { ...RESPONSE_HEADERS, 'grpc-status': String(failure.code), 'grpc-message': encodeURIComponent(failure.details) };
  if (stream.headersSent) stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
  else stream.respond(headers, { endStream: true });
}

function sendReply(stream: http2.ServerHttp2Stream, reply: Uint8Array): void {
  if (stream.destroyed || stream.closed) return;
  stream.respond(RESPONSE_HEADERS, { waitForTrailers: true });
  stream.once('wantTrailers', () => stream.sendTrailers(OK_TRAILERS));
  stream.end(frame(reply));
}

function serveStream(handlers: UnaryHandlers, stream: http2.ServerHttp2Stream, path: string): void {
  const handler = handlers[path];
  stream.on('error', () => {}); // a plugin that goes away mid-call is the supervisor's business
  if (handler === undefined) {
    sendStatus(stream, { code: status.UNIMPLEMENTED, details: `unknown method ${path}` });
    stream.resume();
    return;
  }
  const chunks: Buffer[] = [];
  let received = 0;
  let refused = false;
  stream.on('data', (chunk: Buffer) => {
    if (refused) return;
    received += chunk.length;
    if (received > MAX_MESSAGE_BYTES + 5) {
      // Refused whole, without buffering the rest (a plugin's oversized Storage.Put, say).
      refused = true;
      chunks.length = 0;
      sendStatus(stream, { code: status.RESOURCE_EXHAUSTED, details: `message larger than ${MAX_MESSAGE_BYTES} bytes` });
      return;
    }
    chunks.push(chunk);
  });
  stream.on('end', () => {
    if (refused) return;
    const message = unframe(chunks);
    if (!Buffer.isBuffer(message)) return sendStatus(stream, message);
    let reply: Uint8Array | Promise<Uint8Array>;
    try {
      reply = handler(message);
    } catch (error) {
      return sendStatus(stream, error);
    }
    if (reply instanceof Promise) reply.then((bytes) => sendReply(stream, bytes), (error: unknown) => sendStatus(stream, error));
    else sendReply(stream, reply);
  });
}

export class UnaryServer {
  private readonly server: http2.Http2SecureServer;
  private readonly sockets = new Set<Socket>();

  constructor(handlers: UnaryHandlers, hostCertificate: Pick<HostCertificate, 'keyPem' | 'certPem'>, pluginCertPem: string) {
    this.server = http2.createSecureServer({
      key: hostCertificate.keyPem,
      cert: hostCertificate.certPem,
      ca: pluginCertPem,
      requestCert: true,
      rejectUnauthorized: true,
      ALPNProtocols: ['h2'],
      maxSessionMemory: 256,
    });
    this.server.on('stream', (stream, headers) => serveStream(handlers, stream, headers[':path'] ?? ''));
    // Raw sockets, tracked from before the TLS handshake, so close() can cut every one of them.
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('session', (session) => session.on('error', () => {}));
    this.server.on('tlsClientError', () => {}); // a client without the pinned certificate is refused; nothing to do
  }

  /** Listens on a unix socket made owner-only (its 0700 directory already keeps others out). */
  listen(path: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(path, () => {
        this.server.off('error', reject);
        chmod(path, 0o600).then(resolve, reject);
      });
    });
  }

  /** Stops listening and cuts open connections (the socket file is removed by the listener). */
  close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    return closed;
  }
}
