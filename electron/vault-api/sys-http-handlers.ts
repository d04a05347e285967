/**
 * The `sys/` paths Vault serves in its HTTP layer rather than in the system backend, because they
 * must answer while sealed or before a token exists: `health`, `seal-status`, `leader`, `init`,
 * `unseal` (no token), and `seal` (a token). Shapes and statuses are OpenBao 2.7's.
 */
import { statSync } from 'node:fs';
import type http from 'node:http';
import { toContractError } from '../common/errors';
import { appVersion } from '../core/version';
import { PERMISSION_DENIED_TEXT, type ApiCaller, type VaultApiPort } from '../core/vault-api-port';
import { sendJson, sendNoContent } from './envelope';
import { ApiFailure } from './error-reply';
import { initAnswer, planInit, unsealPassphrases } from './init-unseal';
import { parseJsonObject, readBody } from './request-body';
import { queryBool, type ApiMethod, type ParsedRequest } from './request-parse';

export interface SysHttpContext {
  api: VaultApiPort;
  req: http.IncomingMessage;
  res: http.ServerResponse;
  request: ParsedRequest;
  /** The caller of the request's token; throws 403 without a valid one. */
  caller(): ApiCaller;
}

interface SysHttpHandler {
  methods: readonly ApiMethod[];
  handle(context: SysHttpContext): Promise<void>;
}

export const SYS_HTTP_HANDLERS: Readonly<Record<string, SysHttpHandler>> = {
  'sys/health': { methods: ['GET', 'HEAD'], handle: async ({ api, res, request }) => health(api, res, request.query) },
  'sys/seal-status': { methods: ['GET'], handle: async ({ api, res }) => sendJson(res, 200, sealStatus(api)) },
  'sys/leader': { methods: ['GET'], handle: async ({ res }) => sendJson(res, 200, { ha_enabled: false }) },
  'sys/init': {
    methods: ['GET', 'PUT', 'POST'],
    handle: async ({ api, req, res, request }) => {
      if (request.method === 'GET') return sendJson(res, 200, { initialized: api.sealStatus().initialized });
      const plan = planInit(parseJsonObject(await readBody(req)));
      if (api.sealStatus().initialized) throw new ApiFailure(400, 'Vault is already initialized: unseal it with its passphrase or unseal key instead.');
      const { rootToken } = await api.init(plan.passphrase);
      sendJson(res, 200, initAnswer(plan, rootToken));
    },
  },
  'sys/unseal': {
    methods: ['PUT', 'POST'],
    handle: async ({ api, req, res }) => {
      const body = parseJsonObject(await readBody(req));
      if (body['reset'] === true && body['key'] === undefined) return sendJson(res, 200, sealStatus(api));
      const key = body['key'];
      if (typeof key !== 'string' || key === '') {
        throw new ApiFailure(400, "'key' must be specified in request body as JSON, or 'reset' set to true: send {\"key\": \"<passphrase or unseal key>\"}.");
      }
      if (!api.sealStatus().initialized) throw new ApiFailure(400, 'Vault is not initialized: initialise it first (PUT /v1/sys/init).');
      await unsealWithAny(api, unsealPassphrases(key));
      sendJson(res, 200, sealStatus(api));
    },
  },
  'sys/seal': {
    methods: ['PUT', 'POST'],
    handle: async ({ api, res, caller }) => {
      if (api.sealStatus().sealed) throw new ApiFailure(503, 'Vault is sealed already: nothing to do.');
      // Vault seals only for a token with update and sudo on sys/seal (root has both).
      const decision = api.access(caller(), 'update', 'sys/seal');
      if (!decision.allowed || !decision.sudo) throw new ApiFailure(403, PERMISSION_DENIED_TEXT);
      await api.seal();
      sendNoContent(res);
    },
  },
};

/** Paths served by the router without a token (Vault's unauthenticated sys paths). */
export function isUnauthenticatedSysPath(path: string): boolean {
  return path === 'sys/internal/ui/mounts' || path.startsWith('sys/internal/ui/mounts/');
}

async function unsealWithAny(api: VaultApiPort, passphrases: string[]): Promise<void> {
  for (const passphrase of passphrases) {
    try {
      await api.unseal(passphrase);
      return;
    } catch (error) {
      if (toContractError(error).code !== 'wrong_passphrase') throw error;
    }
  }
  throw new ApiFailure(400, 'The key is neither the passphrase nor the unseal key: nothing was changed; check it and try again.');
}

/** The `*code` parameters of sys/health and the status each defaults to (Vault's http/sys_health.go). */
const HEALTH_CODES = {
  activecode: 200,
  standbycode: 429,
  drsecondarycode: 472,
  performancestandbycode: 473,
  sealedcode: 503,
  uninitcode: 501,
} as const;

function health(api: VaultApiPort, res: http.ServerResponse, query: URLSearchParams): void {
  const codes: Record<keyof typeof HEALTH_CODES, number> = { ...HEALTH_CODES };
  for (const name of Object.keys(HEALTH_CODES) as Array<keyof typeof HEALTH_CODES>) {
    const value = query.get(name);
    if (value === null) continue;
    const code = Number(value);
    if (!/^\d+$/.test(value) || code < 100 || code > 599) throw new ApiFailure(400, `${name}="${value}" is not an HTTP status: give a number from 100 to 599.`);
    codes[name] = code;
  }
  // Strongroom is never a standby, so these only need to be well-formed.
  queryBool(query, 'standbyok');
  queryBool(query, 'perfstandbyok');
  const { initialized, sealed } = api.sealStatus();
  const status = !initialized ? codes.uninitcode : sealed ? codes.sealedcode : codes.activecode;
  const body: Record<string, unknown> = {
    initialized,
    sealed,
    standby: sealed, // what OpenBao reports while sealed
    replication_performance_mode: sealed ? 'unknown' : 'disabled',
    replication_dr_mode: sealed ? 'unknown' : 'disabled',
    server_time_utc: Math.floor(Date.now() / 1000),
    version: appVersion(),
  };
  if (!sealed) Object.assign(body, clusterFields(api));
  sendJson(res, status, body);
}

/** sys/seal-status, also the answer of sys/unseal. */
export function sealStatus(api: VaultApiPort): Record<string, unknown> {
  const { initialized, sealed } = api.sealStatus();
  const shares = initialized ? 1 : 0;
  return {
    type: 'shamir',
    initialized,
    sealed,
    t: shares,
    n: shares,
    progress: 0,
    nonce: '',
    recovery_seal: false,
    version: appVersion(),
    commit_date: commitDate(),
    migration: false,
    ...(sealed ? {} : clusterFields(api)),
    storage_type: 'sqlite',
  };
}

function clusterFields(api: VaultApiPort): Record<string, string> {
  const { name, id } = api.cluster();
  return { cluster_name: name, cluster_id: id };
}

let cachedCommitDate: string | undefined;

/** When this build's package.json was written, as OpenBao's `commit_date` (RFC 3339, seconds). */
function commitDate(): string {
  if (cachedCommitDate === undefined) {
    let date: Date;
    try {
      date = statSync(new URL('../../package.json', import.meta.url)).mtime;
    } catch {
      date = new Date(0);
    }
    cachedCommitDate = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  return cachedCommitDate;
}
