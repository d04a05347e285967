/**
 * The two hosts of the conformance suite, each running the same plugin binary registered by
 * sha256: a Strongroom core (real services, real SQLite, requests through the contract's
 * `requests.handle`) and an OpenBao dev server (its HTTP API). Both answers are brought to one
 * shape, `HostReply`, so a step can compare them field by field.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppServices } from '../../../electron/core/app-services';
import { ensureFixtures, fixturePath, type FixtureName } from '../../fixtures/plugins/fixtures';
import { startOpenBao, type BaoReply, type OpenBaoServer } from '../../support/openbao';
import { call, installPlugins, openServices, PASSPHRASE, removeDir, tempDataDir } from '../../electron/core/core-helpers';

export type HostName = 'strongroom' | 'openbao';
export type StepOperation = 'read' | 'write' | 'delete' | 'list';

/** One answer, as Vault's HTTP layer would send it. */
export interface HostReply {
  status: number;
  /** The error messages (Vault's `errors`), null on success. */
  errors: string[] | null;
  data: Record<string, unknown> | null;
  warnings: string[];
  /** A lease came with the answer (its id, the host's own, and TTL in seconds). */
  lease: { id: string; ttl: number; renewable: boolean } | null;
  /** A body the plugin sent as its own (`http_raw_body`): content type and text. */
  raw: { contentType: string | null; text: string } | null;
}

export interface Hosts {
  /** `path` is the full path, mount included (`sys/…` reaches each host's system backend). */
  send(host: HostName, operation: StepOperation, path: string, body?: Record<string, unknown>): Promise<HostReply>;
  /** OpenBao's log (plugin logs included), for failure messages. */
  baoLog(): string;
  close(): Promise<void>;
}

export interface EngineSetup {
  fixture: FixtureName;
  /** Mount paths (no slashes) on both hosts, each a mount of the fixture. */
  mounts: readonly string[];
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function fromOpenBao(reply: BaoReply): HostReply {
  const body = reply.body;
  const empty = { errors: null, data: null, warnings: [], lease: null, raw: null };
  if (reply.status >= 400) {
    const errors = Array.isArray(body?.['errors']) ? (body['errors'] as string[]) : [reply.text];
    return { ...empty, status: reply.status, errors };
  }
  if (body === null || !('request_id' in body)) {
    return { ...empty, status: reply.status, raw: reply.status === 204 ? null : { contentType: reply.contentType, text: reply.text } };
  }
  const leaseId = typeof body['lease_id'] === 'string' ? body['lease_id'] : '';
  return {
    ...empty,
    status: reply.status,
    data: (body['data'] as Record<string, unknown> | null) ?? null,
    warnings: (body['warnings'] as string[] | null) ?? [],
    lease: leaseId === '' ? null : { id: leaseId, ttl: Number(body['lease_duration']), renewable: body['renewable'] === true },
  };
}

/** Strongroom's result; `status` and `raw` are read loosely so the suite runs before and after they exist. */
interface LooseResult {
  status?: number;
  data: Record<string, unknown> | null;
  warnings: string[];
  secret: { leaseId: string | null; ttlSeconds: number; renewable: boolean } | null;
  raw?: { status: number; contentType: string | null; body: { text: string } | { base64: string } | null } | null;
}

async function fromStrongroom(services: AppServices, operation: StepOperation, fullPath: string, body?: Record<string, unknown>): Promise<HostReply> {
  const reply = await services.dispatch('requests.handle', { path: fullPath, operation, ...(body === undefined ? {} : { data: body }) });
  const empty = { errors: null, data: null, warnings: [], lease: null, raw: null };
  if (!reply.ok) {
    const status = reply.error.detail?.['httpStatus'];
    return { ...empty, status: typeof status === 'number' ? status : 500, errors: [`${reply.error.code}: ${reply.error.message}`] };
  }
  const result = reply.result as LooseResult;
  const hasBody = result.data !== null || result.warnings.length > 0 || result.secret !== null;
  const raw = result.raw ?? null;
  const rawText = raw?.body == null ? '' : 'text' in raw.body ? raw.body.text : Buffer.from(raw.body.base64, 'base64').toString('latin1');
  return {
    status: result.status ?? raw?.status ?? (hasBody ? 200 : 204),
    errors: null,
    data: result.data,
    warnings: result.warnings,
    lease: result.secret === null ? null : { id: result.secret.leaseId ?? '', ttl: result.secret.ttlSeconds, renewable: result.secret.renewable },
    raw: raw === null || raw.status === 204 ? null : { contentType: raw.contentType, text: rawText },
  };
}

const baoMethod = { read: 'GET', write: 'POST', delete: 'DELETE', list: 'LIST' } as const;

/** Builds the fixture, registers it by sha256 on both hosts and mounts it at each of `setup.mounts`. */
export async function startHosts(setup: EngineSetup): Promise<Hosts> {
  await ensureFixtures({ names: [setup.fixture] });
  const binary = fixturePath(setup.fixture);
  const digest = sha256(binary);

  const dataDir = tempDataDir();
  await installPlugins(dataDir, [setup.fixture]);
  const services = await openServices(dataDir);
  await call(services, 'seal.init', { passphrase: PASSPHRASE });
  await call(services, 'plugins.register', { type: 'secret', name: setup.fixture, command: setup.fixture, sha256: digest });
  for (const mount of setup.mounts) await call(services, 'mounts.enable', { path: mount, type: setup.fixture });

  const baoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-bao-plugins-'));
  const bao: OpenBaoServer = await startOpenBao(baoDir);
  fs.copyFileSync(binary, path.join(baoDir, setup.fixture));
  fs.chmodSync(path.join(baoDir, setup.fixture), 0o755);
  const registered = await bao.request('PUT', `sys/plugins/catalog/secret/${setup.fixture}`, { sha256: digest, command: setup.fixture });
  if (registered.status !== 204) throw new Error(`OpenBao refused to register ${setup.fixture}: ${registered.text}\n${bao.log()}`);
  for (const mount of setup.mounts) {
    const mounted = await bao.request('POST', `sys/mounts/${mount}`, { type: setup.fixture });
    if (mounted.status !== 204) throw new Error(`OpenBao refused to mount ${setup.fixture} at ${mount}: ${mounted.text}\n${bao.log()}`);
  }

  return {
    send: async (host, operation, apiPath, body) =>
      host === 'strongroom'
        ? fromStrongroom(services, operation, apiPath, body)
        : fromOpenBao(await bao.request(baoMethod[operation], apiPath, body)),
    baoLog: () => bao.log(),
    close: async () => {
      await services.close();
      await bao.stop();
      removeDir(dataDir);
      fs.rmSync(baoDir, { recursive: true, force: true });
    },
  };
}
