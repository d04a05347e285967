/**
 * A raw HTTP/1.1 client for the Vault API tests: the request line, headers and body bytes go out
 * as given (no URL normalisation, so `..` and `%2e%2e` reach the server; any body bytes, invalid
 * UTF-8 included), one connection per request, and the answer comes back as status, headers and
 * body bytes. `fetch` would clean the path and refuse some methods and header values.
 */
import net from 'node:net';

export interface WireRequest {
  method: string;
  /** The request target exactly as sent, e.g. `/v1/secret/data/x?list=true`. */
  target: string;
  /** Header lines in order; a `Host` is added unless one is given. */
  headers: ReadonlyArray<readonly [string, string]>;
  body?: Buffer;
}

export interface WireReply {
  status: number;
  /** Lower-cased names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: Buffer;
}

/** Parses one HTTP/1.1 answer from the bytes of a connection the server closed (or Content-Length ended). */
export function parseReply(bytes: Buffer, method: string): WireReply | undefined {
  const headEnd = bytes.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const [statusLine = '', ...lines] = bytes.subarray(0, headEnd).toString('latin1').split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (match === null) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const status = Number(match[1]);
  let body = bytes.subarray(headEnd + 4);
  if (method === 'HEAD' || status === 204 || status === 304) body = Buffer.alloc(0);
  else if (headers['transfer-encoding']?.toLowerCase().includes('chunked') === true) body = dechunk(body) ?? body;
  else if (headers['content-length'] !== undefined) body = body.subarray(0, Number(headers['content-length']));
  return { status, headers, body };
}

function dechunk(bytes: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16);
    if (Number.isNaN(size)) return undefined;
    if (size === 0) return Buffer.concat(parts);
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** Whether `bytes` already hold a whole answer (so a keep-alive server need not close first). */
function complete(bytes: Buffer, method: string): boolean {
  const reply = parseReply(bytes, method);
  if (reply === undefined) return false;
  const headEnd = bytes.indexOf('\r\n\r\n') + 4;
  if (method === 'HEAD' || reply.status === 204 || reply.status === 304) return true;
  if (reply.headers['content-length'] !== undefined) return bytes.length - headEnd >= Number(reply.headers['content-length']);
  if (reply.headers['transfer-encoding'] !== undefined) return bytes.subarray(headEnd).includes('0\r\n\r\n');
  return false;
}

/** Sends one request on a fresh connection and reads its answer (`Connection: close`). */
export function sendRaw(baseUrl: string, request: WireRequest, timeoutMs = 30_000): Promise<WireReply> {
  const { hostname, port, host } = new URL(baseUrl);
  const headerLines = [...request.headers];
  if (!headerLines.some(([name]) => name.toLowerCase() === 'host')) headerLines.unshift(['Host', host]);
  if (request.body !== undefined && !headerLines.some(([name]) => name.toLowerCase() === 'content-length')) {
    headerLines.push(['Content-Length', String(request.body.length)]);
  }
  headerLines.push(['Connection', 'close']);
  const head = `${request.method} ${request.target} HTTP/1.1\r\n${headerLines.map(([n, v]) => `${n}: ${v}`).join('\r\n')}\r\n\r\n`;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const reply = parseReply(Buffer.concat(chunks), request.method);
      if (reply !== undefined) resolve(reply);
      else reject(error ?? new Error(`${request.method} ${request.target}: the connection closed without an HTTP answer`));
    };
    const timer = setTimeout(() => finish(new Error(`${request.method} ${request.target}: no answer within ${timeoutMs} ms`)), timeoutMs);
    socket.on('connect', () => {
      socket.write(Buffer.from(head, 'latin1'));
      // The server may answer (413, 400) and close before it has read a large body: that is fine.
      if (request.body !== undefined) socket.write(request.body, () => undefined);
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (complete(Buffer.concat(chunks), request.method)) finish();
    });
    socket.on('error', (error) => finish(error));
    socket.on('close', () => finish());
  });
}
