/**
 * Headless mode: the same renderer and the same typed contract, served on 127.0.0.1 only.
 * Every URL lives under a random token prefix (`/<token>/…`), so a request without the token finds
 * nothing; the Host header must name the loopback address (a DNS-rebinding guard). Calls arrive as
 * `POST /<token>/api/invoke` and push events leave over the WebSocket `/<token>/api/events`, each
 * socket through its own bounded channel: frames with an `ack` number are acknowledged by the page
 * sending `{"ack": n}` back.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AppServices } from '../core/app-services';
import { BoundedPushChannel } from '../core/push-channel';
import { serveStatic } from './static-files';
import { readJsonBody } from './json-body';
import { securityHeaders } from './security-headers';

export interface HeadlessServerOptions {
  services: AppServices;
  rendererDir: string;
  port?: number;
  token?: string;
}

export interface HeadlessServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 32 * 1024 * 1024;

export async function startHeadlessServer(options: HeadlessServerOptions): Promise<HeadlessServer> {
  const token = options.token ?? crypto.randomBytes(24).toString('base64url');
  const prefix = `/${token}/`;
  const sockets = new Map<WebSocket, BoundedPushChannel>();
  let allowedHosts: Set<string> = new Set();

  const server = http.createServer((req, res) => {
    for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
    const url = req.url ?? '/';
    if (!allowedHosts.has(req.headers.host ?? '') || !hasTokenPrefix(url, prefix, token)) {
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Strongroom: this address needs the token printed at start-up. Open the full URL shown in the terminal.\n');
      return;
    }
    const rest = url.slice(prefix.length - 1);
    if (rest === '/api/invoke' && req.method === 'POST') {
      void handleInvoke(req, res, options.services);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    serveStatic(options.rendererDir, rest, res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = req.url ?? '';
    if (!allowedHosts.has(req.headers.host ?? '') || url !== `${prefix}api/events`) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const channel = new BoundedPushChannel((event, payload, ack) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(ack === undefined ? { event, payload } : { event, payload, ack }));
      });
      sockets.set(ws, channel);
      ws.on('message', (data) => {
        const ack = parseAck(String(data));
        if (ack !== undefined) channel.ack(ack);
      });
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
      ws.send(JSON.stringify({ event: 'app.ready', payload: { at: new Date().toISOString() } }));
    });
  });

  const unsubscribe = options.services.events.subscribe((event, payload) => {
    for (const channel of sockets.values()) channel.publish(event, payload);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    port,
    token,
    async close() {
      unsubscribe();
      for (const ws of sockets.keys()) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** `{"ack": n}` from the page; anything else is ignored (the socket carries nothing else inbound). */
function parseAck(text: string): number | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && typeof (value as { ack?: unknown }).ack === 'number') return (value as { ack: number }).ack;
  } catch {
    // Not JSON: ignored.
  }
  return undefined;
}

/** Constant-time check that the URL starts with `/<token>/`. */
function hasTokenPrefix(url: string, prefix: string, token: string): boolean {
  const candidate = url.slice(1, 1 + token.length);
  if (url[0] !== '/' || url[token.length + 1] !== '/' || candidate.length !== token.length) return false;
  return crypto.timingSafeEqual(Buffer.from(candidate), Buffer.from(token)) && url.startsWith(prefix);
}

async function handleInvoke(req: http.IncomingMessage, res: http.ServerResponse, services: AppServices): Promise<void> {
  const body = await readJsonBody(req, MAX_BODY_BYTES);
  if (!body.ok) {
    // Oversized: the rest of the body is being discarded; close the connection once answered.
    const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json' };
    if (body.status === 413) headers.connection = 'close';
    res.writeHead(body.status, headers);
    res.end(JSON.stringify({ ok: false, error: body.error }));
    return;
  }
  const { method, args } = (body.value ?? {}) as { method?: unknown; args?: unknown };
  const result = await services.dispatch(method, args);
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(result, bigintReplacer));
}

function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
