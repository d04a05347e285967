/**
 * The audit log: a table `audit_log` in the same SQLite file as the barrier, appended to for every
 * request and every response. It holds only redacted bodies (see audit-hmac), with paths,
 * operations and error codes in clear, so it needs no barrier encryption and stays queryable by
 * path. Its table comes from the storage migrations (electron/storage/database.ts) and its
 * connection from storage (`openAuditConnection`): its own, beside the barrier's (WAL,
 * synchronous=NORMAL), so an entry is written before the request goes on and survives the app
 * being killed, as an entry of OpenBao's file audit device does (neither fsyncs each entry).
 * Entries appended in one turn of the event loop share one commit (`group-commit.ts`): `append`
 * settles when its entry is committed, and the caller awaits it before going on.
 */
import { prefixUpperBound, type AuditConnection, type AuditStatement } from '../../storage';
import type { AuditEntryView, AuditResults } from '../../common/contract/audit';
import { GroupCommit } from './group-commit';

export interface AuditRecord {
  kind: 'request' | 'response';
  requestId: string;
  operation: string;
  mountPath: string | null;
  mountType: string | null;
  path: string;
  /** The caller's token accessor; null or absent for the UI (no token) and the core's own changes. */
  accessor?: string | null;
  /** Already redacted. */
  body: unknown;
  error?: { code: string; message: string };
  durationMs?: number;
}

export interface AuditQuery {
  cursor?: number;
  limit: number;
  mount?: string;
  path?: string;
  requestId?: string;
}

interface Row {
  seq: number;
  time: string;
  kind: 'request' | 'response';
  request_id: string;
  operation: string;
  mount_path: string | null;
  mount_type: string | null;
  path: string;
  body: string;
  error_code: string | null;
  error_message: string | null;
  duration_ms: number | null;
  accessor: string | null;
}

/** The INSERT's parameters, built when the entry is appended (its time is the append's). */
type InsertParams = Record<string, string | number | null>;

export class AuditLog {
  private readonly insert: AuditStatement;
  private readonly commits: GroupCommit<InsertParams>;

  /** `db` is storage's audit connection (`Storage.openAuditConnection()`); the log closes it. */
  constructor(private readonly db: AuditConnection) {
    this.insert = this.db.prepare(
      `INSERT INTO audit_log (time, kind, request_id, operation, mount_path, mount_type, path, body, error_code, error_message, duration_ms, accessor)
       VALUES (@time, @kind, @requestId, @operation, @mountPath, @mountType, @path, @body, @errorCode, @errorMessage, @durationMs, @accessor)`,
    );
    const insertAll = this.db.transaction((group: readonly InsertParams[]) => {
      for (const params of group) this.insert.run(params);
    });
    this.commits = new GroupCommit<InsertParams>({ commitAll: (group) => insertAll(group), commitOne: (params) => this.insert.run(params) });
  }

  /** Settles once the entry is committed (with the other entries of this event-loop turn); rejects if it could not be written. */
  append(record: AuditRecord): Promise<void> {
    return this.commits.add({
      time: new Date().toISOString(),
      kind: record.kind,
      requestId: record.requestId,
      operation: record.operation,
      mountPath: record.mountPath,
      mountType: record.mountType,
      path: record.path,
      body: JSON.stringify(record.body ?? null),
      errorCode: record.error?.code ?? null,
      errorMessage: record.error?.message ?? null,
      durationMs: record.durationMs ?? null,
      accessor: record.accessor ?? null,
    });
  }

  /** Newest first; `mount` matches exactly (normalised with a trailing `/`), `path` by prefix. */
  list(query: AuditQuery): AuditResults['audit.list'] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.cursor !== undefined) {
      where.push('seq < ?');
      params.push(query.cursor);
    }
    if (query.mount !== undefined) {
      where.push('mount_path = ?');
      params.push(query.mount.replace(/^\/+/, '').replace(/\/*$/, '/'));
    }
    if (query.path !== undefined && query.path !== '') {
      const prefix = query.path.replace(/^\/+/, '');
      const upper = prefixUpperBound(prefix);
      where.push(upper === undefined ? 'path >= ?' : 'path >= ? AND path < ?');
      params.push(prefix, ...(upper === undefined ? [] : [upper]));
    }
    if (query.requestId !== undefined) {
      where.push('request_id = ?');
      params.push(query.requestId);
    }
    const sql = `SELECT * FROM audit_log ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
    const rows = this.db.prepare<unknown[], Row>(sql).all(...params, query.limit + 1);
    const page = rows.slice(0, query.limit);
    return {
      entries: page.map(toView),
      nextCursor: rows.length > query.limit ? (page.at(-1)?.seq ?? null) : null,
    };
  }

  /** Commits the entries still waiting for the end of this turn, then closes the connection. */
  close(): void {
    this.commits.flush();
    this.db.close();
  }
}

function toView(row: Row): AuditEntryView {
  return {
    seq: row.seq,
    time: row.time,
    kind: row.kind,
    requestId: row.request_id,
    operation: row.operation,
    mountPath: row.mount_path,
    mountType: row.mount_type,
    path: row.path,
    data: JSON.parse(row.body) as unknown,
    error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
    durationMs: row.duration_ms,
    accessor: row.accessor,
  };
}
