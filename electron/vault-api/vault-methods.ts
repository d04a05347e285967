/**
 * Vault's own methods `LIST` and `HELP`, which Node's HTTP parser (llhttp, a fixed method table)
 * refuses before any handler runs. hvac, node-vault and curl send them, so each connection's bytes
 * pass through a rewriter that follows HTTP/1.1 framing (request heads, Content-Length and chunked
 * bodies, so pipelined requests are found and a body is never touched) and turns the request line
 * `LIST /v1/p` into `GET /v1/p?list=true` and `HELP /v1/p` into `GET /v1/p?help=1`: what Vault's
 * HTTP layer and its Go client treat as the same request. Anything it cannot follow passes through
 * unchanged, for the parser to refuse.
 */
import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';

const REWRITES: Record<string, string> = { LIST: 'list=true', HELP: 'help=1' };
const HEAD_END = Buffer.from('\r\n\r\n');
const LINE_END = Buffer.from('\r\n');

type State = 'head' | 'body' | 'chunk-size' | 'chunk-data' | 'trailers' | 'passthrough';

export class VaultMethodRewriter {
  private state: State = 'head';
  private pending: Buffer = Buffer.alloc(0);
  private remaining = 0;

  constructor(private readonly maxHeadBytes: number) {}

  /** The bytes to hand to the HTTP parser for this chunk of the connection. */
  push(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let input = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    while (input.length > 0) {
      if (this.state === 'passthrough') {
        out.push(input);
        break;
      }
      if (this.state === 'body' || this.state === 'chunk-data') {
        const take = Math.min(this.remaining, input.length);
        out.push(input.subarray(0, take));
        input = input.subarray(take);
        this.remaining -= take;
        if (this.remaining === 0) this.state = this.state === 'body' ? 'head' : 'chunk-size';
        continue;
      }
      const end = this.state === 'chunk-size' ? input.indexOf(LINE_END) : this.state === 'trailers' && input.subarray(0, 2).equals(LINE_END) ? 0 : input.indexOf(HEAD_END);
      if (end === -1) {
        if (input.length > this.maxHeadBytes) this.state = 'passthrough';
        else this.pending = input;
        if (this.state === 'passthrough') out.push(input);
        break;
      }
      const length = this.state === 'chunk-size' || (this.state === 'trailers' && end === 0) ? end + 2 : end + 4;
      const piece = input.subarray(0, length);
      input = input.subarray(length);
      if (this.state === 'head') out.push(this.head(piece));
      else if (this.state === 'chunk-size') {
        out.push(piece);
        this.chunkSize(piece.subarray(0, piece.length - 2).toString('latin1'));
      } else {
        out.push(piece); // trailers done
        this.state = 'head';
      }
    }
    return out;
  }

  private head(head: Buffer): Buffer {
    const text = head.toString('latin1');
    const lines = text.split('\r\n');
    const lineIndex = lines.findIndex((line) => line !== '');
    const requestLine = lines[lineIndex] ?? '';
    let transferChunked = false;
    let contentLength: number | undefined;
    for (const line of lines.slice(lineIndex + 1)) {
      const colon = line.indexOf(':');
      if (colon === -1) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'transfer-encoding' && /chunked/i.test(value)) transferChunked = true;
      if (name === 'content-length') contentLength = /^\d+$/.test(value) ? Number(value) : NaN;
    }
    if (transferChunked) this.state = 'chunk-size';
    else if (contentLength !== undefined && Number.isNaN(contentLength)) this.state = 'passthrough';
    else if (contentLength !== undefined && contentLength > 0) {
      this.state = 'body';
      this.remaining = contentLength;
    } else this.state = 'head';
    if (/^(CONNECT|PRI) /.test(requestLine) || /^upgrade:/im.test(text)) this.state = 'passthrough';

    const match = /^(LIST|HELP) (\S+)( HTTP\/\d\.\d)$/.exec(requestLine);
    if (match === null) return head;
    const [, method, target, version] = match;
    const query = REWRITES[method!]!;
    lines[lineIndex] = `GET ${target}${target!.includes('?') ? '&' : '?'}${query}${version}`;
    return Buffer.from(lines.join('\r\n'), 'latin1');
  }

  private chunkSize(line: string): void {
    const size = Number.parseInt(line.split(';')[0]!.trim(), 16);
    if (!Number.isFinite(size) || size < 0 || !/^[0-9a-fA-F]+$/.test(line.split(';')[0]!.trim())) {
      this.state = 'passthrough';
      return;
    }
    if (size === 0) this.state = 'trailers';
    else {
      this.state = 'chunk-data';
      this.remaining = size + 2; // the data and its CRLF
    }
  }
}

/**
 * A TCP connection seen through the rewriter, shaped enough like a `net.Socket` for Node's HTTP
 * server (timeouts, addresses, no-delay) to serve it.
 */
export class RewritingConnection extends Duplex {
  constructor(
    private readonly socket: Socket,
    maxHeadBytes: number,
  ) {
    super({ allowHalfOpen: true });
    const rewriter = new VaultMethodRewriter(maxHeadBytes);
    socket.on('data', (chunk: Buffer) => {
      let flowing = true;
      for (const piece of rewriter.push(chunk)) flowing = this.push(piece) && flowing;
      if (!flowing) socket.pause();
    });
    socket.on('end', () => this.push(null));
    socket.on('timeout', () => this.emit('timeout'));
    socket.on('error', (error) => this.destroy(error));
    socket.on('close', () => this.destroy());
  }

  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }
  get remotePort(): number | undefined {
    return this.socket.remotePort;
  }
  get localAddress(): string | undefined {
    return this.socket.localAddress;
  }
  get localPort(): number | undefined {
    return this.socket.localPort;
  }

  setTimeout(ms: number, callback?: () => void): this {
    this.socket.setTimeout(ms);
    if (callback !== undefined) this.once('timeout', callback);
    return this;
  }
  setNoDelay(noDelay?: boolean): this {
    this.socket.setNoDelay(noDelay);
    return this;
  }
  setKeepAlive(enable?: boolean, delay?: number): this {
    this.socket.setKeepAlive(enable, delay);
    return this;
  }

  override _read(): void {
    this.socket.resume();
  }
  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.socket.write(chunk, encoding, callback);
  }
  override _final(callback: (error?: Error | null) => void): void {
    this.socket.end(() => callback());
  }
  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.socket.destroy();
    callback(error);
  }
}
