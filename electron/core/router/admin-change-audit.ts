/**
 * An administrative change made through the contract (mounts, catalog, settings, seal) is audited
 * as the `sys/` request that makes the same change, so the log reads the same whichever client
 * made it (`mounts.enable` → `update sys/mounts/<path>`).
 */
import { randomUUID } from 'node:crypto';
import { SYSTEM_MOUNT_PATH } from '../mounts/mount-path';
import type { RequestAudit } from './request-audit';

export class AdminChangeAudit {
  constructor(private readonly audit: RequestAudit) {}

  /**
   * Runs `change` audited as `operation sys/<sysPath>`. `data` is what the audit shows of the
   * request (HMAC'd like every request body); the response shows the result unless `showResult`
   * is false (sealing: the audit key is gone by then).
   */
  around<T>(operation: 'update' | 'delete', sysPath: string, data: unknown, change: () => T | Promise<T>, showResult = true): Promise<T> {
    const audited = { requestId: randomUUID(), operation, mountPath: SYSTEM_MOUNT_PATH, mountType: 'system', path: SYSTEM_MOUNT_PATH + sysPath };
    return this.audit.around(audited, data, change, (result) => ({ data: showResult ? (result ?? null) : null }));
  }

  /**
   * Runs `read` audited as `operation sys/<sysPath>` with what it answers (HMAC'd): the storage
   * inspector's reads of a mount's raw storage, logged as Vault's `sys/raw` reads of the same keys.
   */
  aroundRead<T>(operation: 'read' | 'list', sysPath: string, data: unknown, read: () => T | Promise<T>, responseOf: (result: T) => unknown): Promise<T> {
    const audited = { requestId: randomUUID(), operation, mountPath: SYSTEM_MOUNT_PATH, mountType: 'system', path: SYSTEM_MOUNT_PATH + sysPath };
    return this.audit.around(audited, data, read, (result) => ({ data: responseOf(result) }));
  }

  /** Runs `change` audited as `update auth/token/<tokenPath>` (the Access page's revocations, by accessor). */
  aroundTokenPath<T>(tokenPath: string, data: unknown, change: () => T | Promise<T>): Promise<T> {
    const audited = { requestId: randomUUID(), operation: 'update', mountPath: 'auth/token/', mountType: 'token', path: `auth/token/${tokenPath}` };
    return this.audit.around(audited, data, change, () => ({ data: null }));
  }
}
