/**
 * Writes one request's audit pair: the request before it runs, the response (or error) after.
 * Each write settles once its entry is committed: the caller awaits it before going on (calling
 * the backend, answering), and a write that fails fails the request.
 */
import { toContractError } from '../../common/errors';
import type { AuditHasher } from '../audit/audit-hmac';
import type { AuditLog } from '../audit/audit-log';

export interface AuditedRequest {
  requestId: string;
  operation: string;
  mountPath: string | null;
  mountType: string | null;
  /** Full path, mount included. */
  path: string;
  /** The caller's token accessor (never its id); null or absent for the UI, which has no token. */
  accessor?: string | null;
}

export class RequestAudit {
  constructor(
    private readonly log: AuditLog,
    private readonly hasher: AuditHasher,
  ) {}

  request(request: AuditedRequest, data: unknown): Promise<void> {
    return this.log.append({ ...request, kind: 'request', body: { data: this.hasher.redact(data) } });
  }

  /** `error`: the reply came but was refused after the plugin answered (a bad raw reply). */
  response(request: AuditedRequest, body: { data: unknown; warnings?: string[]; leaseId?: string | null; auth?: unknown; wrapInfo?: unknown; error?: unknown }, durationMs: number): Promise<void> {
    const refused = body.error === undefined ? {} : { error: pick(toContractError(body.error)) };
    // An issued token's auth block is HMAC'd like data (the client token included), as Vault's audit does.
    const auth = body.auth === undefined || body.auth === null ? {} : { auth: this.hasher.redact(body.auth) };
    // A wrapped reply's wrap_info too (its token HMAC'd), so the log shows the wrapping and who unwrapped it can be matched.
    const wrapped = body.wrapInfo === undefined || body.wrapInfo === null ? {} : { wrap_info: this.hasher.redact(body.wrapInfo) };
    return this.log.append({
      ...request,
      kind: 'response',
      durationMs,
      body: { data: this.hasher.redact(body.data), warnings: body.warnings ?? [], leaseId: body.leaseId ?? null, ...auth, ...wrapped },
      ...refused,
    });
  }

  /** Audits `run` as one request: the request entry, then its response or its failure. */
  async around<T>(
    request: AuditedRequest,
    data: unknown,
    run: () => T | Promise<T>,
    responseOf: (result: T) => { data: unknown; leaseId?: string | null },
  ): Promise<T> {
    const started = performance.now();
    await this.request(request, data);
    try {
      const result = await run();
      await this.response(request, responseOf(result), performance.now() - started);
      return result;
    } catch (error) {
      await this.failure(request, error, performance.now() - started);
      throw error;
    }
  }

  failure(request: AuditedRequest, error: unknown, durationMs: number): Promise<void> {
    return this.log.append({ ...request, kind: 'response', durationMs, body: null, error: pick(toContractError(error)) });
  }
}

function pick({ code, message }: { code: string; message: string }): { code: string; message: string } {
  return { code, message };
}
