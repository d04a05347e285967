/**
 * The Vault HTTP API's listener: loopback only, the Host header checked (a web page must not reach
 * the API by DNS rebinding: only `127.0.0.1:PORT`, `localhost:PORT` and `[::1]:PORT` are served),
 * no CORS headers, server timeouts so a slow or flooding client never holds others up, and every
 * answer (the HTTP parser's own refusals included) a Vault-style JSON body.
 */
import http from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';
import { CoreError } from '../core/core-errors';
import type { ApiCaller, VaultApiPort } from '../core/vault-api-port';
import { sendErrors } from './envelope';
import { ApiFailure, errorAnswer, RefusedToken } from './error-reply';
import { API_ADDR_SETTING, apiListenAddress, apiUrl, DEFAULT_PORT_ATTEMPTS, type ListenAddress } from './listen-address';
import { serveLogical } from './logical';
import { ALLOW_HEADER, parseRequest, queryBool, type ParsedRequest } from './request-parse';
import { SYS_HTTP_HANDLERS, type SysHttpContext } from './sys-http-handlers';
import { RewritingConnection } from './vault-methods';

export interface ApiTimeouts {
  /** The whole header block must arrive within this (Vault: http_read_header_timeout, 10 s). */
  headersMs: number;
  /** The whole request, body included. */
  requestMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveMs: number;
  /** How often the timeouts above are checked. */
  checkIntervalMs: number;
}

export const DEFAULT_TIMEOUTS: ApiTimeouts = { headersMs: 10_000, requestMs: 120_000, keepAliveMs: 65_000, checkIntervalMs: 1_000 };
/** Request line plus headers; more is a 431. */
export const MAX_HEADER_BYTES = 32 * 1024;

export interface VaultApiOptions {
  api: VaultApiPort;
  /** Default: from STRONGROOM_API_ADDR (`apiListenAddress`). */
  address?: ListenAddress;
  timeouts?: Partial<ApiTimeouts>;
}

export interface VaultApi {
  /** `http://127.0.0.1:PORT`: what VAULT_ADDR should be. */
  url: string;
  port: number;
  /** Set when the default port was taken and the API moved on to `port`. */
  portTaken?: number;
  close(): Promise<void>;
}

export async function startVaultApi(options: VaultApiOptions): Promise<VaultApi> {
  const address = options.address ?? apiListenAddress();
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  let allowedHosts = new Set<string>();
  const server = http.createServer(
    {
      maxHeaderSize: MAX_HEADER_BYTES,
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      connectionsCheckingInterval: timeouts.checkIntervalMs,
    },
    (req, res) => void serve(options.api, allowedHosts, req, res),
  );
  server.on('clientError', answerClientError);
  // The HTTP server never listens itself: each connection reaches it through the rewriter of
  // Vault's LIST and HELP methods, which Node's parser would refuse.
  const listener = net.createServer({ noDelay: true }, (socket) => {
    server.emit('connection', new RewritingConnection(socket, MAX_HEADER_BYTES));
  });

  const { port, portTaken } = await listen(listener, address);
  // Node starts checking headersTimeout/requestTimeout when its server emits 'listening'.
  server.emit('listening');
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  const url = apiUrl(address.host, port);
  options.api.announce(url);
  return {
    url,
    port,
    ...(portTaken === undefined ? {} : { portTaken }),
    async close() {
      const closed = new Promise<void>((resolve) => listener.close(() => resolve()));
      server.closeAllConnections();
      server.close(() => undefined); // stops the timeout checks (the server itself never listened)
      await closed;
    },
  };
}

/** The one line `npm start`, `npm run serve` and the desktop app print. */
export function vaultApiLine(api: VaultApi): string {
  return `Vault API: ${api.url}${api.portTaken === undefined ? '' : ` (port ${api.portTaken} was taken)`}`;
}

async function serve(api: VaultApiPort, allowedHosts: Set<string>, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  res.setHeader('Cache-Control', 'no-store');
  try {
    const host = req.headers.host ?? '';
    if (!allowedHosts.has(host.toLowerCase())) {
      throw new ApiFailure(421, `The Host header "${host}" is not this API's loopback address: connect to ${[...allowedHosts].join(', ')} (other names are refused as DNS rebinding).`);
    }
    const request = parseRequest(req);
    const context: SysHttpContext = {
      api,
      req,
      res,
      request,
      caller: () => authenticated(api, request),
    };
    const sys = SYS_HTTP_HANDLERS[request.path];
    if (sys === undefined) {
      await serveLogical(context);
      return;
    }
    if (!sys.methods.includes(request.method)) {
      const allow = sys.methods.join(', ');
      throw new ApiFailure(405, `${request.path} takes ${allow}, not ${request.method}.`, { Allow: allow });
    }
    await sys.handle(context);
  } catch (thrown) {
    // A refused token is answered once its audit entry is committed (or with the audit's failure).
    const error = thrown instanceof RefusedToken ? await thrown.audited.then(() => thrown, (auditError: unknown) => auditError) : thrown;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const answer = errorAnswer(error);
    sendErrors(res, answer.status, answer.errors, answer.headers);
  }
}

function authenticated(api: VaultApiPort, request: ParsedRequest): ApiCaller {
  const caller = request.token === undefined ? undefined : api.authenticate(request.token);
  if (caller !== undefined) return caller;
  throw new RefusedToken(api.auditRefusedToken(request.path, auditedOperation(request)));
}

/** The Vault operation a refused request would have been, for its audit entry. */
function auditedOperation({ method, query }: ParsedRequest): string {
  if (method === 'GET' || method === 'HEAD') return queryBool(query, 'list') === true ? 'list' : 'read';
  if (method === 'POST' || method === 'PUT') return 'update';
  return method.toLowerCase();
}

/** What the HTTP parser refuses before a request exists (header flood, timeouts, garbage), as Vault-style JSON. */
function answerClientError(error: Error & { code?: string; rawPacket?: Buffer }, socket: Socket): void {
  if (!socket.writable || error.code === 'ECONNRESET' || error.code === 'ERR_STREAM_PREMATURE_CLOSE') {
    socket.destroy();
    return;
  }
  const unknownMethod = error.code === 'HPE_INVALID_METHOD' ? wellFormedMethod(error.rawPacket) : undefined;
  const [status, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, `The request headers exceed ${MAX_HEADER_BYTES} bytes: send fewer or shorter headers.`]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'The request did not arrive in time: send the headers and body without pausing.']
        : unknownMethod !== undefined
          ? [405, `The method ${unknownMethod} is not supported: use one of ${ALLOW_HEADER}.`]
          : [400, 'The request is not well-formed HTTP/1.1: check the client.'];
  const body = JSON.stringify({ errors: [message] });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json\r\nCache-Control: no-store\r\n` +
      (status === 405 ? `Allow: ${ALLOW_HEADER}\r\n` : '') +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** A method in RFC 9110's token characters and the space after it: what Go's server (so OpenBao) reads as a method it then answers 405. */
const METHOD_TOKEN = /^([!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}) /;

/**
 * The method of a request Node's parser refused only because it does not know the method (its
 * table is fixed); undefined for garbage, which stays a 400. The parser stops at the method, so
 * `raw` may hold no more than the method and its space (the LIST rewriter forwards those first).
 */
function wellFormedMethod(raw: Buffer | undefined): string | undefined {
  return raw === undefined ? undefined : METHOD_TOKEN.exec(raw.subarray(0, 64).toString('latin1'))?.[1];
}

async function listen(server: net.Server, address: ListenAddress): Promise<{ port: number; portTaken?: number }> {
  const attempts = address.fallBack && address.port !== 0 ? DEFAULT_PORT_ATTEMPTS : 1;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = address.port + attempt;
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, address.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const bound = (server.address() as AddressInfo).port;
      return attempt === 0 ? { port: bound } : { port: bound, portTaken: address.port };
    } catch (error) {
      if ((error as { code?: string }).code !== 'EADDRINUSE') throw error;
    }
  }
  const last = address.port + attempts - 1;
  throw new CoreError(
    'api_address_in_use',
    address.fallBack
      ? `Ports ${address.port}–${last} are all taken, so the Vault API cannot listen: free one, or set ${API_ADDR_SETTING}=127.0.0.1:0 for any free port.`
      : `${apiUrl(address.host, address.port)} (${API_ADDR_SETTING}) is taken by another program: stop it, or choose another port (127.0.0.1:0 picks any free one).`,
    { host: address.host, port: address.port },
  );
}
