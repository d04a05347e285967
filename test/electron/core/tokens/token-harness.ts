/**
 * A real core (lifecycle, storage, audit log on a temp directory) for the token tests, and a
 * `request` that sends what a Vault HTTP client would (method, path, body, X-Vault-Token) through
 * `TokenStore.authenticate` and `RequestRouter.handle`, answering status + Vault-shaped body, so
 * the same calls can be compared with an OpenBao dev server.
 */
import { AuditLog } from '../../../../electron/core/audit/audit-log';
import { CoreLifecycle } from '../../../../electron/core/core-lifecycle';
import type { RequestOperation } from '../../../../electron/common/contract/requests';
import { toContractError } from '../../../../electron/common/errors';
import { EventBus } from '../../../../electron/core/event-bus';
import { Storage } from '../../../../electron/storage/storage';
import { PASSPHRASE, removeDir, tempDataDir, TEST_KDF } from '../core-helpers';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'LIST';

export interface VaultLikeReply {
  status: number;
  body: Record<string, unknown> | null;
}

const OPERATIONS: Record<Method, RequestOperation> = { GET: 'read', POST: 'write', PUT: 'write', DELETE: 'delete', LIST: 'list' };

export interface TokenCore {
  lifecycle: CoreLifecycle;
  storage: Storage;
  auditLog: AuditLog;
  rootToken: string;
  /** `token` undefined: no token at all (as the UI sends); a wrong token answers 403 as Vault does. `wrapTtl` in seconds. */
  request(method: Method, path: string, body?: Record<string, unknown>, token?: string, wrapTtl?: number): Promise<VaultLikeReply>;
  close(): Promise<void>;
}

export async function openTokenCore(): Promise<TokenCore> {
  const dir = tempDataDir();
  const storage = Storage.open({ dataDir: dir, kdf: TEST_KDF });
  const auditLog = new AuditLog(storage.openAuditConnection());
  const lifecycle = new CoreLifecycle({ storage, dataDir: dir, events: new EventBus(), auditLog });
  const { rootToken } = await lifecycle.init(PASSPHRASE);
  const request: TokenCore['request'] = async (method, path, body, token, wrapTtl) => {
    const core = lifecycle.core();
    const caller = token === undefined ? undefined : core.tokens.authenticate(token);
    if (token !== undefined && caller === undefined) return { status: 403, body: { errors: ['permission denied'] } };
    try {
      const result = await core.router.handle({ path, operation: OPERATIONS[method], data: body ?? {}, ...(caller === undefined ? {} : { token: caller }), ...(wrapTtl === undefined ? {} : { wrapTtl }) });
      if (result.status === 204) return { status: 204, body: null };
      const wrapped = result.wrapInfo === undefined || result.wrapInfo === null ? {} : { wrap_info: result.wrapInfo };
      return { status: result.status, body: { data: result.data, warnings: result.warnings.length === 0 ? null : result.warnings, auth: result.auth, ...wrapped } };
    } catch (error) {
      const shape = toContractError(error);
      const status = typeof shape.detail?.['httpStatus'] === 'number' ? shape.detail['httpStatus'] : 500;
      return { status, body: { errors: [shape.message], code: shape.code } };
    }
  };
  return {
    lifecycle,
    storage,
    auditLog,
    rootToken,
    request,
    async close() {
      await lifecycle.close();
      auditLog.close();
      storage.close();
      removeDir(dir);
    },
  };
}

/** Keys and value types of an object, one level down (`{a: 'string', b: 'null', c: 'array'}`). */
export function shapeOf(value: unknown): Record<string, string> | string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return kind(value);
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, kind(item)]).sort(([a], [b]) => (a as string).localeCompare(b as string)));
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
