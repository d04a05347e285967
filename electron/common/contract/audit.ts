import { z } from 'zod';

/** The audit log: every request and response, values replaced by `hmac-sha256:<hex>`. */
export const auditMethods = {
  /** Newest first. `cursor` is the `nextCursor` of the previous page; `mount`/`path` filter by prefix. */
  'audit.list': z
    .object({
      cursor: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(500).default(50),
      mount: z.string().max(1024).optional(),
      path: z.string().max(4096).optional(),
      requestId: z.string().max(64).optional(),
    })
    .strict(),
  /** The HMAC the audit log would show for `value` (Vault's sys/audit-hash): to find where a value was used. */
  'audit.hash': z.object({ value: z.string().max(1 << 20) }).strict(),
} as const;

export interface AuditEntryView {
  seq: number;
  time: string;
  kind: 'request' | 'response';
  requestId: string;
  operation: string;
  mountPath: string | null;
  mountType: string | null;
  /** Full path, mount included. */
  path: string;
  /** Request data or response body with every value HMAC'd; keys kept. */
  data: unknown;
  /** As recorded: a code from the registry when written (an old row may hold one since retired). */
  error: { code: string; message: string } | null;
  durationMs: number | null;
  /** The accessor of the token that sent the request (Vault API); null for the UI and older rows. */
  accessor: string | null;
}

export interface AuditResults {
  'audit.list': { entries: AuditEntryView[]; nextCursor: number | null };
  'audit.hash': { hash: string };
}
