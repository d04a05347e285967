/**
 * Vault's own methods `LIST` and `HELP`, which Node's HTTP parser (llhttp, a fixed method table)
 * refuses before any handler runs. hvac, node-vault and curl send them, so each connection's bytes
 * pass through a rewriter that follows HTTP/1.1 framing (request heads, Content-Length and chunked
 * bodies, so pipelined requests are found and a body is never touched) and turns `LIST /v1/p` into
 * `GET /~list/v1/p` and `HELP /v1/p` into `GET /~help/v1/p`; `request-parse.ts` reads the marker
 * back as the method (a LIST is what Vault's Go client sends as `GET ?list=true`). Anything it
 * cannot follow passes through unchanged, for the parser to refuse.
 */
import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';

/** What the first five bytes of a request become: the method's marker goes in front of the target. */
const REWRITES: Record<string, Buffer> = { 'LIST ': Buffer.from('GET /~list'), 'HELP ': Buffer.from('GET /~help') };
/** The path prefixes the rewriter adds, read back by `request-parse.ts`. */
export const METHOD_MARKERS = { '/~list/': 'LIST', '/~help/': 'HELP' } as const;
const HEAD_END = Buffer.from('\r\n\r\n');
const LINE_END = Buffer.from('\r\n');

type State = 'method' | 'head' | 'body' | 'chunk-size' | 'chunk-data' | 'trailers' | 'passthrough';

/**
 * Follows the framing and forwards every byte at once (so the parser's own timeouts see a slow
 * client), except the first bytes of a request, held until they show whether the method is one to
 * rewrite (at most five).
 */
export class VaultMethodRewriter {
  private state: State = 'method';
  /** The bytes of the current method prefix, head, chunk-size line or trailers seen so far. */
  private seen: Buffer = Buffer.alloc(0);
  private remaining = 0;

  constructor(private readonly maxHeadBytes: number) {}

  /** The bytes to hand to the HTTP parser for this chunk of the connection. */
  push(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let input = chunk;
    while (input.length > 0) {
      switch (this.state) {
        case 'passthrough':
          out.push(input);
          return out;
        case 'body':
        case 'chunk-data': {
          const take = Math.min(this.remaining, input.length);
          out.push(input.subarray(0, take));
          input = input.subarray(take);
          this.remaining -= take;
          if (this.remaining === 0) this.state = this.state === 'body' ? 'method' : 'chunk-size';
          break;
        }
        case 'method': {
          // Empty lines before a request line are allowed (and passed on).
          if (this.seen.length === 0 && (input[0] === 0x0d || input[0] === 0x0a)) {
            out.push(input.subarray(0, 1));
            input = input.subarray(1);
            break;
          }
          const take = Math.min(5 - this.seen.length, input.length);
          this.seen = Buffer.concat([this.seen, input.subarray(0, take)]);
          input = input.subarray(take);
          const text = this.seen.toString('latin1');
          const candidate = Object.keys(REWRITES).some((method) => method.startsWith(text));
          if (candidate && this.seen.length < 5) break;
          out.push(REWRITES[text] ?? this.seen);
          this.seen = REWRITES[text] ?? this.seen; // the head copy starts with what the parser got
          this.state = 'head';
          break;
        }
        default: {
          // head, chunk-size or trailers: forward, and keep a copy until the end marker shows.
          const before = this.seen.length;
          this.seen = Buffer.concat([this.seen, input]);
          const marker = this.state === 'chunk-size' ? LINE_END : HEAD_END;
          const from = Math.max(0, before - marker.length + 1);
          let end = this.state === 'trailers' && this.seen.subarray(0, 2).equals(LINE_END) ? 0 : this.seen.indexOf(marker, from);
          if (end === -1) {
            out.push(input);
            input = Buffer.alloc(0);
            if (this.seen.length > this.maxHeadBytes) this.state = 'passthrough';
            break;
          }
          end += this.state === 'trailers' && end === 0 ? 2 : marker.length;
          const used = end - before; // bytes of this input up to the marker's end
          out.push(input.subarray(0, used));
          input = input.subarray(used);
          const piece = this.seen.subarray(0, end).toString('latin1');
          this.seen = Buffer.alloc(0);
          if (this.state === 'head') this.afterHead(piece);
          else if (this.state === 'chunk-size') this.afterChunkSize(piece.slice(0, -2));
          else this.state = 'method';
        }
      }
    }
    return out;
  }

  private afterHead(head: string): void {
    const lines = head.split('\r\n');
    let chunked = false;
    let contentLength: number | undefined;
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon === -1) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'transfer-encoding' && /chunked/i.test(value)) chunked = true;
      if (name === 'content-length') contentLength = /^\d+$/.test(value) ? Number(value) : NaN;
      if (name === 'upgrade') this.state = 'passthrough';
    }
    if (this.state === 'passthrough' || /^(CONNECT|PRI) /.test(lines[0] ?? '')) this.state = 'passthrough';
    else if (chunked) this.state = 'chunk-size';
    else if (contentLength !== undefined && Number.isNaN(contentLength)) this.state = 'passthrough';
    else if (contentLength !== undefined && contentLength > 0) {
      this.state = 'body';
      this.remaining = contentLength;
    } else this.state = 'method';
  }

  private afterChunkSize(line: string): void {
    const digits = line.split(';')[0]!.trim();
    if (!/^[0-9a-fA-F]{1,15}$/.test(digits)) {
      this.state = 'passthrough';
      return;
    }
    const size = Number.parseInt(digits, 16);
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
  // An empty chunk (Node's HTTP server ends a response with one) is not passed on: it would be an
  // empty write(2). Chunks written while corked (a response's head and body) go to the socket
  // corked too, so they leave in one write(2).
  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (chunk.length === 0) callback();
    else this.socket.write(chunk, encoding, callback);
  }
  override _writev(chunks: { chunk: Buffer; encoding: BufferEncoding }[], callback: (error?: Error | null) => void): void {
    const pieces = chunks.filter(({ chunk }) => chunk.length > 0);
    const last = pieces.length - 1;
    if (last < 0) {
      callback();
      return;
    }
    this.socket.cork();
    pieces.forEach(({ chunk }, i) => this.socket.write(chunk, i === last ? callback : undefined));
    this.socket.uncork();
  }
  override _final(callback: (error?: Error | null) => void): void {
    this.socket.end(() => callback());
  }
  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.socket.destroy();
    callback(error);
  }
}
