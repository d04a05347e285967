/**
 * What a KV v2 mount holds, read back over the Vault API with a valid token, as one string:
 * the listings of its root and of every folder the fuzz keys use, and each fuzz key's metadata:
 * every version with its created, deleted and destroyed state, the current version, custom
 * metadata and settings. Every KV v2 write, delete, undelete, destroy and metadata change shows
 * there (a new version has a new created_time), so two equal fingerprints around a refused request
 * mean it wrote nothing the generators can reach.
 */
import { KV_KEYS } from './vault-api-arbitraries';

async function read(url: string, token: string, method: 'GET' | 'LIST', apiPath: string): Promise<unknown> {
  const response = await fetch(`${url}/v1/${apiPath}`, { method: method === 'LIST' ? 'GET' : method, headers: { 'X-Vault-Token': token } });
  const text = await response.text();
  if (response.status === 404) return null;
  if (response.status !== 200) throw new Error(`fingerprint: ${method} ${apiPath} answered ${response.status}: ${text.slice(0, 200)}`);
  return (JSON.parse(text) as { data?: unknown }).data ?? null;
}

const folders = ['', ...new Set(KV_KEYS.flatMap((k) => k.split('/').slice(0, -1).map((_, i, parts) => `${parts.slice(0, i + 1).join('/')}/`)))];

export async function kvFingerprint(url: string, token: string, mount: string): Promise<string> {
  const parts: Record<string, unknown> = {};
  for (const folder of folders) parts[`list:${folder}`] = await read(url, token, 'LIST', `${mount}/metadata/${folder}?list=true`);
  for (const key of KV_KEYS) {
    parts[`metadata:${key}`] = await read(url, token, 'GET', `${mount}/metadata/${key}`);
  }
  return JSON.stringify(parts);
}
