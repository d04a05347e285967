/**
 * A real core (`createAppServices` on a temp data directory, cheap scrypt, the real KV plugin in
 * its plugin directory) behind the real Vault HTTP API on a free loopback port, and small helpers
 * to call it over real HTTP: `fetch` for ordinary requests, `node:http` / `node:net` for the raw
 * ones (bad bytes, Host headers, slow clients).
 */
import http from 'node:http';
import type { AppServices } from '../../../electron/core/app-services';
import { startVaultApi, type ApiTimeouts, type VaultApi } from '../../../electron/vault-api';
import { installPlugins, openServices, PASSPHRASE, removeDir, tempDataDir } from '../core/core-helpers';

export interface ApiHarness {
  services: AppServices;
  api: VaultApi;
  dataDir: string;
  /** The root token, once `init()` (or a test's own sys/init) has issued one. */
  token: string;
  /** PUT sys/init with the test passphrase over the API; keeps the root token. */
  init(): Promise<void>;
  close(): Promise<void>;
}

export async function startApiHarness(options: { timeouts?: Partial<ApiTimeouts> } = {}): Promise<ApiHarness> {
  const dataDir = tempDataDir();
  await installPlugins(dataDir, ['vault-plugin-secrets-kv', 'strongroom-custom']);
  const services = await openServices(dataDir);
  const api = await startVaultApi({ api: services.vaultApi, address: { host: '127.0.0.1', port: 0, fallBack: false }, ...(options.timeouts ? { timeouts: options.timeouts } : {}) });
  const harness: ApiHarness = {
    services,
    api,
    dataDir,
    token: '',
    async init() {
      const reply = await apiRequest(api.url, 'PUT', 'sys/init', { body: { passphrase: PASSPHRASE } });
      if (reply.status !== 200) throw new Error(`sys/init answered ${reply.status}: ${reply.text}`);
      harness.token = String(reply.body?.['root_token']);
    },
    async close() {
      await api.close();
      await services.close();
      removeDir(dataDir);
    },
  };
  return harness;
}

export interface ApiReply {
  status: number;
  headers: Headers;
  text: string;
  /** The JSON body, or undefined when there is none or it is not JSON. */
  body: Record<string, unknown> | undefined;
}

export async function apiRequest(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiReply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers['X-Vault-Token'] = options.token;
  const init: RequestInit = { method, headers };
  if (options.body !== undefined) init.body = typeof options.body === 'string' || options.body instanceof Uint8Array ? (options.body as string) : JSON.stringify(options.body);
  const response = await fetch(`${baseUrl}/v1/${path}`, init);
  const text = await response.text();
  let body: Record<string, unknown> | undefined;
  try {
    body = text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

export interface RawReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** A request sent with node:http, for what fetch will not send (a chosen Host header, raw bytes, a path as is). */
export function rawRequest(port: number, options: { method: string; path: string; headers?: Record<string, string>; body?: Buffer }): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: options.method, path: options.path, headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export { removeDir };
